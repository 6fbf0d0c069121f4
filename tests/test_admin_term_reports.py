"""Editors say, next to each term, which citation reports it, who asserts it and
how firmly; an agreement stating an unsupported term is not published."""

import pytest
from django.urls import reverse

from editorial.review import review_request
from partnerships.models import TermReport
from tests import factories
from tests.admin_forms import admin_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    agreement = factories.AgreementFactory(
        slug="the-deal",
        publication_status="draft",
        value_amount=5 * 10**9,
        value_currency="USD",
        value_qualifier="about",
    )
    factories.AgreementCitationFactory(record=agreement, excerpt="約50億美元")
    return agreement


def change_url(agreement) -> str:
    return reverse("admin:partnerships_agreement_change", args=[agreement.pk])


def add_report(data: dict, index: int, **fields) -> None:
    prefix = f"term_reports-{index}"
    data[f"{prefix}-id"] = ""
    data[f"{prefix}-agreement"] = data.get("term_reports-0-agreement", "")
    for name, value in fields.items():
        data[f"{prefix}-{name}"] = value
    data["term_reports-TOTAL_FORMS"] = str(index + 1)


def test_the_change_page_offers_reports_from_this_agreements_citations(
    editor_client, draft
):
    other = factories.AgreementCitationFactory(excerpt="another deal's words")
    response = editor_client.get(change_url(draft))
    content = response.content.decode()

    assert "reports of terms" in content.lower()
    assert "Reported from unnamed sources" in content
    assert "Possible (“may”)" in content
    citations = response.context["inline_admin_formsets"][-1].formset.empty_form
    offered = list(citations.fields["citation"].queryset)
    assert offered == list(draft.citations.all()) and other not in offered


def test_publishing_with_an_unsupported_term_is_refused(
    editor, reviewer, client, draft
):
    review_request(record=draft, editor=editor)
    client.force_login(reviewer)

    response = client.post(
        reverse("admin:partnerships_agreement_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk]},
        follow=True,
    )

    assert "Unsupported: Value, Status." in response.content.decode()
    draft.refresh_from_db()
    assert draft.publication_status == "draft"


def test_an_editor_adds_the_reports_and_another_publishes_them(
    editor_client, editor, reviewer, client, draft
):
    data = admin_form_data(editor_client.get(change_url(draft)))
    citation = str(draft.citations.get().pk)
    for index, (term, says, basis, modality) in enumerate(
        [
            ("value", "約50億美元", "unnamed_sources", "possible"),
            ("status", "已宣布", "announced", "fact"),
        ]
    ):
        add_report(
            data,
            index,
            term=term,
            citation=citation,
            says=says,
            basis=basis,
            modality=modality,
            is_current="on",
        )

    response = editor_client.post(change_url(draft), data)
    assert response.status_code == 302, response.context["errors"]
    review_request(record=draft, editor=editor)
    client.force_login(reviewer)
    client.post(
        reverse("admin:partnerships_agreement_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk]},
    )

    draft.refresh_from_db()
    assert draft.publication_status == "published"
    assert (
        draft.value_shown == "possibly about USD 5 billion (reported, unnamed sources)"
    )
    assert TermReport.history.count() == 2
