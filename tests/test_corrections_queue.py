"""Readers' corrections wait in an admin queue, each linked to its record in the
admin and on the site; an editor resolves or dismisses each with a reason, and
the queue records who answered and when."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from corrections.models import Correction
from corrections.services import correction_create
from tests import factories
from tests.admin_forms import admin_form_data
from tests.api_records import full_agreement

pytestmark = pytest.mark.django_db

QUEUE = "/admin/corrections/correction/"


@pytest.fixture
def deal():
    return full_agreement("coreweave-deal", title="CoreWeave deal")


@pytest.fixture
def correction(deal):
    return correction_create(
        record=deal,
        text="The deal runs through 2029.",
        source_url="https://example.com/filing",
        address="203.0.113.7",
    )


def change_url(correction) -> str:
    return reverse("admin:corrections_correction_change", args=[correction.pk])


def test_the_queue_lists_corrections_with_their_records(
    editor_client, correction, deal
):
    page = editor_client.get(QUEUE).content.decode()

    assert "The deal runs through 2029." in page
    assert f'href="/admin/partnerships/agreement/{deal.pk}/change/"' in page
    assert "Agreement: CoreWeave deal" in page


def test_the_queue_filters_by_status_and_record_type(editor_client, correction):
    company = factories.CompanyFactory(name="CoreWeave")
    correction_create(
        record=company, text="Founded in 2017.", source_url="", address="x"
    )

    open_agreements = editor_client.get(
        QUEUE,
        {
            "status__exact": "open",
            "content_type__id__exact": correction.content_type_id,
        },
    )
    resolved = editor_client.get(QUEUE, {"status__exact": "resolved"})

    assert list(open_agreements.context["cl"].result_list) == [correction]
    assert list(resolved.context["cl"].result_list) == []


def test_the_change_page_links_the_record_in_the_admin_and_on_the_site(
    editor_client, correction, deal
):
    page = editor_client.get(change_url(correction)).content.decode()

    assert f'href="/admin/partnerships/agreement/{deal.pk}/change/"' in page
    assert 'href="/agreements/coreweave-deal/"' in page
    assert 'href="https://example.com/filing"' in page


@pytest.mark.parametrize("answer", ["resolved", "dismissed"])
def test_an_editor_answers_with_a_reason_and_is_recorded(
    editor_client, editor, correction, answer
):
    data = admin_form_data(editor_client.get(change_url(correction)))
    data.update(status=answer, reason="Checked against the filing.")

    response = editor_client.post(change_url(correction), data)

    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.status == answer
    assert correction.reason == "Checked against the filing."
    assert correction.resolved_by == editor
    assert correction.resolved_at is not None


def test_an_answer_without_a_reason_is_refused_naming_the_field(
    editor_client, correction
):
    data = admin_form_data(editor_client.get(change_url(correction)))
    data.update(status="dismissed", reason="")

    response = editor_client.post(change_url(correction), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "reason": ["Say why: what was corrected, or why it is dismissed."]
    }
    # Shown next to the field, which stays open for the answer.
    assert 'id="id_reason"' in response.content.decode()
    assert "Say why: what was corrected" in response.content.decode()
    correction.refresh_from_db()
    assert correction.status == "open"


def test_open_is_not_an_answer(editor_client, correction):
    data = admin_form_data(editor_client.get(change_url(correction)))
    data.update(status="open", reason="Still looking.")

    response = editor_client.post(change_url(correction), data)

    assert "status" in response.context["adminform"].form.errors
    correction.refresh_from_db()
    assert correction.status == "open"


def test_an_answered_correction_stays_answered(editor_client, editor, correction):
    data = admin_form_data(editor_client.get(change_url(correction)))
    data.update(status="resolved", reason="Corrected the expiry.")
    editor_client.post(change_url(correction), data)

    page = editor_client.get(change_url(correction))

    assert "status" not in page.context["adminform"].form.fields
    assert "By editor on" in page.content.decode()


def test_the_database_refuses_an_answer_without_reason_or_editor(correction):
    correction.status = "dismissed"

    with pytest.raises(IntegrityError), transaction.atomic():
        correction.save()


def test_corrections_come_only_from_readers(editor_client):
    assert editor_client.get(QUEUE + "add/").status_code == 403
    assert Correction.objects.count() == 0
