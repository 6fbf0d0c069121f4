"""The admin index is the editors' desk: drafts ready for review, oldest request
first, grouped by type; other drafts; recent changes by other editors, with
links; links to Import. Every list is bounded and the page's queries do not
grow with the records."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from editorial.desk import DESK_SIZE
from editorial.models import Review
from editorial.review import review_request
from partnerships.models import Agreement, Company
from tests import factories

pytestmark = pytest.mark.django_db


def draft_company(name: str, author=None) -> Company:
    company = Company(name=name, slug=name.lower().replace(" ", "-"))
    company._history_user = author
    company.save()
    return company


def desk(response) -> dict:
    return response.context["desk"]


def test_drafts_ready_for_review_are_listed_oldest_request_first_by_type(
    editor_client, editor, reviewer
):
    newer = draft_company("Newer", reviewer)
    older = draft_company("Older", reviewer)
    deal = factories.AgreementFactory(title="A deal", publication_status="draft")
    review_request(record=newer, editor=reviewer)
    review_request(record=older, editor=reviewer)
    Review.objects.filter(object_id=older.pk, content_type__model="company").update(
        ready_at=timezone.now() - datetime.timedelta(days=2)
    )
    review_request(record=deal, editor=reviewer)

    response = editor_client.get("/admin/")

    ready = desk(response)["ready"]
    assert [(pile.model, [r.draft for r in pile.rows]) for pile in ready] == [
        (Agreement, [deal]),
        (Company, [older, newer]),
    ]
    page = response.content.decode()
    assert "Ready for review" in page
    assert f'href="/admin/partnerships/company/{older.pk}/change/"' in page
    assert "Older" in page and "reviewer" in page


def test_other_drafts_leave_out_those_ready_for_review(editor_client, editor):
    waiting = draft_company("Waiting", editor)
    idle = draft_company("Idle", editor)
    factories.CompanyFactory(name="Published Co")
    review_request(record=waiting, editor=editor)

    drafts = desk(editor_client.get("/admin/"))["drafts"]

    assert [(pile.model, pile.rows, pile.total) for pile in drafts] == [
        (Company, [idle], 1)
    ]


def test_long_lists_stop_at_the_desk_size_and_link_to_all(editor_client, editor):
    for number in range(DESK_SIZE + 2):
        review_request(record=draft_company(f"Co {number}", editor), editor=editor)
    for number in range(DESK_SIZE + 3):
        draft_company(f"Idle {number}", editor)

    response = editor_client.get("/admin/")

    (ready,) = desk(response)["ready"]
    (drafts,) = desk(response)["drafts"]
    assert (len(ready.rows), ready.total) == (DESK_SIZE, DESK_SIZE + 2)
    assert (len(drafts.rows), drafts.total) == (DESK_SIZE, DESK_SIZE + 3)
    page = response.content.decode()
    assert f"See all {DESK_SIZE + 2} companies ready for review" in page
    assert "/admin/editorial/review/?content_type__id__exact=" in page
    assert f"See all {DESK_SIZE + 3} draft companies" in page
    assert "/admin/partnerships/company/?publication_status__exact=draft" in page
    assert editor_client.get(ready.see_all).status_code == 200
    assert editor_client.get(drafts.see_all).status_code == 200


def test_recent_changes_are_those_of_other_editors_with_links(
    editor_client, editor, reviewer
):
    draft_company("Mine", editor)
    theirs = draft_company("Theirs", reviewer)

    response = editor_client.get("/admin/")

    changes = desk(response)["changes"]
    assert [version.instance.name for version in changes] == ["Theirs"]
    assert changes[0].history_user == reviewer
    page = response.content.decode()
    assert f'href="/admin/partnerships/company/{theirs.pk}/history/"' in page


def test_the_desk_links_to_the_import_pages(editor_client):
    page = editor_client.get("/admin/").content.decode()

    assert 'href="/admin/import/"' in page
    for record_type in ("agreements", "companies", "statements"):
        assert f'href="/admin/import/{record_type}/"' in page


def test_staff_outside_the_editors_group_see_no_desk(client, editor):
    draft_company("Secret draft", editor)
    staff = get_user_model().objects.create_user(
        username="staff", password="x", is_staff=True
    )
    client.force_login(staff)

    response = client.get("/admin/")

    assert response.status_code == 200
    assert response.context["desk"] is None
    assert "Secret draft" not in response.content.decode()


def fill(editor, reviewer, count: int) -> None:
    for number in range(count):
        company = draft_company(f"Company {count}-{number}", reviewer)
        review_request(record=company, editor=reviewer)
        draft_company(f"Idle {count}-{number}", reviewer)
        deal = factories.AgreementFactory(publication_status="draft")
        review_request(record=deal, editor=reviewer)


def test_the_desk_costs_the_same_queries_however_many_drafts(
    editor_client, editor, reviewer, django_assert_num_queries, settings
):
    fill(editor, reviewer, 1)
    editor_client.get("/admin/")  # content types cached, as in a running site
    # 17 queries, 18 when sessions are read from the database rather than from
    # Redis (CACHE_URL): the session (0 or 1), the user (1), the user's and the
    # group's permissions (2, then cached for the request), the open reviews with
    # each type's total (1), their records per type with open reviews (2 here),
    # other drafts per type (5), other editors' latest versions per type (5),
    # and the admin log of the sidebar (1).
    budget = 17 if settings.SESSION_ENGINE.endswith("cached_db") else 18
    with django_assert_num_queries(budget):
        editor_client.get("/admin/")
    fill(editor, reviewer, 3 * DESK_SIZE)
    with django_assert_num_queries(budget):
        editor_client.get("/admin/")
