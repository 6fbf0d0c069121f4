"""Editors see who changed what and why, and can restore an earlier version."""

import pytest
from django.urls import reverse

from partnerships.models import PartyRole
from tests.admin_forms import admin_form_data
from tests.api_records import report_every_term
from tests.factories import AgreementCitationFactory, AgreementPartyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement():
    agreement = AgreementCitationFactory(record__summary="As first reported").record
    report_every_term(agreement)
    return agreement


def edit(client, agreement, **changes) -> None:
    url = reverse("admin:partnerships_agreement_change", args=[agreement.pk])
    data = admin_form_data(client.get(url))
    data.update(changes)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_history_page_shows_each_change_with_author_and_reason(
    editor_client, agreement
):
    edit(editor_client, agreement, summary="Corrected", change_reason="typo in figure")
    page = editor_client.get(
        reverse("admin:partnerships_agreement_history", args=[agreement.pk])
    ).content.decode()
    assert "typo in figure" in page
    assert "editor" in page
    assert "As first reported" in page and "Corrected" in page


def test_editor_can_revert_to_an_earlier_version(editor_client, agreement):
    first_version = agreement.history.earliest()
    edit(editor_client, agreement, summary="A later, wrong summary")
    revert_url = reverse(
        "admin:partnerships_agreement_simple_history",
        args=[agreement.pk, first_version.history_id],
    )
    data = admin_form_data(editor_client.get(revert_url))
    data["change_reason"] = "revert to the article's wording"
    response = editor_client.post(revert_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    agreement.refresh_from_db()
    assert agreement.summary == "As first reported"
    latest = agreement.history.first()
    assert latest.history_change_reason == "revert to the article's wording"
    assert agreement.history.count() == 3


def test_history_page_shows_changes_to_parties_and_citations(editor_client, agreement):
    party = AgreementPartyFactory(agreement=agreement, role=PartyRole.CUSTOMER)
    url = reverse("admin:partnerships_agreement_change", args=[agreement.pk])
    data = admin_form_data(editor_client.get(url))
    role_field = next(
        name for name, value in data.items() if name.endswith("-role") and value
    )
    data[role_field] = PartyRole.PROVIDER
    data["change_reason"] = "the article names AWS the provider"
    assert editor_client.post(url, data).status_code == 302
    party.refresh_from_db()
    assert party.role == PartyRole.PROVIDER

    page = editor_client.get(
        reverse("admin:partnerships_agreement_history", args=[agreement.pk])
    ).content.decode()
    section = page[page.index('id="part-changes"') :]
    assert "Changes to its parties, commitments, citations" in section
    assert f"party #{party.pk}" in section
    assert "<strong>role:</strong> customer" in section
    assert "provider" in section
    assert f"citation #{agreement.citations.get().pk}" in section
