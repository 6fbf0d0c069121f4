"""A draft reaches readers only after a second editor: one editor marks it ready
for review, another publishes it, and the publication records who reviewed.
The editor who marked it ready, or who last changed it, cannot publish it, in
the admin's action, the admin's form and the API alike (editorial.review)."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from editorial.models import Review
from editorial.review import record_publish, review_request
from partnerships.models import Company, CompanyCitation
from tests import factories
from tests.admin_forms import admin_form_data
from tests.api_records import token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(editor):
    company = Company(name="CoreWeave", slug="coreweave")
    company._history_user = editor  # as the admin records its author
    company.save()
    CompanyCitation.objects.create(
        record=company, source=factories.SourceFactory(), excerpt="CoreWeave"
    )
    return company


def publish_action(client, record):
    return client.post(
        reverse("admin:partnerships_company_changelist"),
        {"action": "publish_selected", "_selected_action": [record.pk]},
        follow=True,
    )


def test_another_editor_publishes_a_draft_marked_ready_and_is_recorded(
    draft, editor, reviewer
):
    review_request(record=draft, editor=editor)

    review = record_publish(record=draft, reviewer=reviewer)

    draft.refresh_from_db()
    assert draft.publication_status == "published"
    assert (review.ready_by, review.reviewed_by) == (editor, reviewer)
    assert review.reviewed_at is not None
    assert draft.history.first().history_user == reviewer


def test_a_draft_not_marked_ready_is_not_published(draft, reviewer):
    with pytest.raises(ValidationError, match="not ready for review"):
        record_publish(record=draft, reviewer=reviewer)

    draft.refresh_from_db()
    assert draft.publication_status == "draft"


def test_who_marked_a_draft_ready_cannot_publish_it(draft, reviewer):
    review_request(record=draft, editor=reviewer)

    with pytest.raises(ValidationError, match="You marked this draft ready"):
        record_publish(record=draft, reviewer=reviewer)


def test_who_last_changed_a_draft_cannot_publish_it(draft, editor, reviewer):
    review_request(record=draft, editor=editor)
    draft.description = "A cloud provider."
    draft._history_user = reviewer
    draft.save()

    with pytest.raises(ValidationError, match="You made the last change"):
        record_publish(record=draft, reviewer=reviewer)
    assert record_publish(record=draft, reviewer=get_superuser()).reviewed_by


def get_superuser():
    return get_user_model().objects.create_superuser("chief", password="x")


def test_superusers_follow_the_same_rule(draft):
    chief = get_superuser()
    review_request(record=draft, editor=chief)

    with pytest.raises(ValidationError, match="You marked this draft ready"):
        record_publish(record=draft, reviewer=chief)


def test_the_database_refuses_a_review_by_who_asked_for_it(draft, editor):
    review = review_request(record=draft, editor=editor)
    review.reviewed_by = editor
    review.reviewed_at = review.ready_at

    with pytest.raises(IntegrityError), transaction.atomic():
        review.save()


def test_a_draft_is_marked_ready_once(draft, editor, reviewer):
    review_request(record=draft, editor=editor)

    with pytest.raises(ValidationError, match="already marked ready"):
        review_request(record=draft, editor=reviewer)


def test_the_admin_actions_mark_ready_then_another_editor_publishes(
    client, draft, editor, reviewer
):
    client.force_login(editor)
    marked = client.post(
        reverse("admin:partnerships_company_changelist"),
        {"action": "mark_ready_for_review", "_selected_action": [draft.pk]},
        follow=True,
    )
    own = publish_action(client, draft)
    client.force_login(reviewer)
    published = publish_action(client, draft)

    assert "Marked 1 draft(s) ready for review" in marked.content.decode()
    assert "You marked this draft ready for review" in own.content.decode()
    assert "Published 1 record(s), reviewed by reviewer." in published.content.decode()
    draft.refresh_from_db()
    assert draft.publication_status == "published"
    assert Review.objects.get().reviewed_by == reviewer


def test_the_change_form_shows_the_review_and_never_publishes(
    editor_client, draft, editor
):
    review_request(record=draft, editor=editor)
    url = reverse("admin:partnerships_company_change", args=[draft.pk])
    page = editor_client.get(url)
    data = admin_form_data(page)
    data["publication_status"] = "published"

    response = editor_client.post(url, data)

    assert "Ready for review since" in page.content.decode()
    assert "marked by editor" in page.content.decode()
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.publication_status == "draft"


def test_reverting_to_a_published_version_keeps_the_draft_a_draft(
    editor_client, draft, editor, reviewer
):
    review_request(record=draft, editor=editor)
    record_publish(record=draft, reviewer=reviewer)
    draft.publication_status = "draft"
    draft._change_reason = "returned to draft"
    draft.save()
    published = draft.history.filter(publication_status="published").get()
    url = reverse(
        "admin:partnerships_company_simple_history",
        args=[draft.pk, published.history_id],
    )

    response = editor_client.post(url, admin_form_data(editor_client.get(url)))

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.publication_status == "draft"


def test_the_api_publishes_only_for_a_reviewer(draft, editor, reviewer):
    review_request(record=draft, editor=editor)
    url = "/api/v1/companies/coreweave/"
    status_only = {"publication_status": "published"}

    own = token_client(editor).patch(url, status_only, format="json")
    with_an_edit = token_client(reviewer).patch(
        url, {**status_only, "description": "Changed."}, format="json"
    )
    reviewed = token_client(reviewer).patch(url, status_only, format="json")

    assert own.status_code == 400
    assert own.json()["errors"] == {
        "publication_status": [
            "You marked this draft ready for review: another editor reviews and "
            "publishes it."
        ]
    }
    assert with_an_edit.status_code == 400
    assert "changes only publication_status" in str(with_an_edit.json()["errors"])
    assert reviewed.status_code == 200, reviewed.content
    assert reviewed.json()["publication_status"] == "published"
    assert Review.objects.get().reviewed_by == reviewer


def test_the_api_cannot_create_a_published_record(editor):
    factories.SourceFactory(slug="article")

    response = token_client(editor).post(
        "/api/v1/companies/",
        {
            "name": "Lambda",
            "slug": "lambda",
            "citations": [{"source": "article", "excerpt": "Lambda"}],
            "publication_status": "published",
        },
        format="json",
    )

    assert response.status_code == 400
    assert "saved as a draft first" in str(response.json()["errors"])
    assert not Company.objects.filter(slug="lambda").exists()
