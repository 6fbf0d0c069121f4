"""API lists page by cursor: stable under inserts, never counted, equally fast deep.

Every JSON list page gives `next_cursor`; passed as `cursor` it gives the rows
after the last one that page showed, in the same ordering (missing values
last, the primary key breaking ties), however many records were added or
withdrawn meanwhile.
"""

import datetime
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.models import PublicationStatus
from tests import factories

pytestmark = pytest.mark.django_db

ORDERINGS = [
    "announced_on",
    "-announced_on",
    "title",
    "-title",  # ties broken by the key descending
    "-expires_on,title",
    "-updated_at",
]


def agreements(count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        factories.AgreementFactory(
            title=f"Deal {n % 4}",  # ties, which the primary key breaks
            slug=f"deal-{n}",
            # every third one undated: missing values sort last both ways
            announced_on=None if n % 3 == 0 else datetime.date(2020, 1 + n % 12, 1),
            announced_precision="" if n % 3 == 0 else "month",
        )


def walk(client, url: str, between_pages=lambda page: None) -> list[str]:
    """Every slug reached by following `next` from `url`."""
    slugs, page = [], 0
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        slugs += [record["slug"] for record in body["results"]]
        url = body["next"] and urlsplit(body["next"])._replace(scheme="", netloc="")
        url = url and url.geturl()
        page += 1
        between_pages(page)
    return slugs


def by_cursor(client, ordering: str, **more):
    first = client.get("/api/v1/agreements/", {"ordering": ordering, "page_size": 4})
    cursor = first.json()["next_cursor"]
    head = [record["slug"] for record in first.json()["results"]]
    url = f"/api/v1/agreements/?ordering={ordering}&page_size=4&cursor={cursor}"
    return head, url


@pytest.mark.parametrize("ordering", ORDERINGS)
def test_paging_by_cursor_reads_the_same_rows_as_paging_by_number(client, ordering):
    agreements(19)

    by_number = walk(client, f"/api/v1/agreements/?ordering={ordering}&page_size=4")
    head, url = by_cursor(client, ordering)

    assert head + walk(client, url) == by_number
    assert sorted(by_number) == sorted(f"deal-{n}" for n in range(19))


@pytest.mark.parametrize("ordering", ORDERINGS)
def test_records_added_while_paging_neither_repeat_nor_hide_others(client, ordering):
    agreements(19)
    head, url = by_cursor(client, ordering)
    added = iter(range(100, 200))

    def add_before_and_after(page: int) -> None:
        # Between two page requests, as another client's publish would land:
        # new rows sorting first (before where the reader is) and last.
        agreements(1, start=next(added))
        factories.AgreementFactory(title="AAA first", slug=f"first-{page}")
        factories.AgreementFactory(title="zzz last", slug=f"last-{page}")

    seen = head + walk(client, url, add_before_and_after)

    assert len(seen) == len(set(seen)), "a record was read twice"
    assert {f"deal-{n}" for n in range(19)} <= set(seen), "a record was skipped"


def test_paging_by_number_would_have_read_a_record_twice(client):
    """Why cursors: the same inserts shift page-number pages."""
    agreements(8)
    first = client.get("/api/v1/agreements/", {"ordering": "title", "page_size": 4})
    factories.AgreementFactory(title="AAA first", slug="first")
    second = client.get(
        "/api/v1/agreements/", {"ordering": "title", "page_size": 4, "page": 2}
    )

    slugs = [r["slug"] for page in (first, second) for r in page.json()["results"]]
    assert len(slugs) != len(set(slugs))


def test_a_withdrawn_record_leaves_the_next_cursor_page_intact(client):
    agreements(12)
    head, url = by_cursor(client, "title")
    withdrawn = factories.AgreementFactory._meta.model.objects.get(slug=head[-1])
    withdrawn.publication_status = PublicationStatus.DRAFT
    withdrawn.save()

    rest = walk(client, url)

    assert sorted(head + rest) == sorted(f"deal-{n}" for n in range(12))


def test_a_cursor_page_is_not_counted(client):
    agreements(9)
    head, url = by_cursor(client, "title")

    with CaptureQueriesContext(connection) as queries:
        body = client.get(url).json()

    assert body["count"] is None
    assert body["previous"] is None
    assert len(body["results"]) == 4
    assert not [q for q in queries if "COUNT(" in q["sql"].upper()]


def test_the_last_page_has_no_next_cursor(client):
    agreements(3)

    body = client.get("/api/v1/agreements/").json()

    assert body["next_cursor"] is None
    assert body["next"] is None


def test_a_cursor_page_links_only_the_next(client):
    agreements(9)
    head, url = by_cursor(client, "title")

    response = client.get(url)

    assert response["Link"] == f'<{response.json()["next"]}>; rel="next"'
    assert "cursor=" in response.json()["next"]


def test_a_cursor_page_as_csv_is_that_page(client):
    agreements(9)
    head, url = by_cursor(client, "title")

    response = client.get(url + "&format=csv")

    assert response.status_code == 200
    rows = response.getvalue().decode("utf-8-sig").strip().splitlines()
    assert len(rows) == 1 + 4  # the header and the page


@pytest.mark.parametrize(
    "query, problem",
    [
        ("cursor=made-up:value", "not a cursor this API gave"),
        ("cursor=", "Give a value"),
    ],
)
def test_a_cursor_the_api_did_not_give_is_refused_by_name(client, query, problem):
    response = client.get(f"/api/v1/agreements/?{query}")

    assert response.status_code == 400
    assert problem in response.json()["errors"]["cursor"][0]


def test_a_cursor_for_another_ordering_is_refused_by_name(client):
    agreements(9)
    head, url = by_cursor(client, "title")

    response = client.get(url.replace("ordering=title", "ordering=-title"))

    assert response.status_code == 400
    assert "made for ordering 'title,pk'" in response.json()["errors"]["cursor"][0]


def test_a_cursor_and_a_page_number_together_are_refused(client):
    agreements(9)
    head, url = by_cursor(client, "title")

    response = client.get(url + "&page=2")

    assert response.status_code == 400
    assert "not both" in response.json()["errors"]["cursor"][0]


def test_the_schema_offers_cursors_on_lists_only(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()

    def parameters(path: str) -> set[str]:
        return {p["name"] for p in schema["paths"][path]["get"]["parameters"]}

    assert "cursor" in parameters("/api/v1/agreements/")
    assert "cursor" in parameters("/api/v1/statements/")
    assert "cursor" not in parameters("/api/v1/agreements/{slug}/history/")
