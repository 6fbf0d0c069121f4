"""A list's facet counts and its length are counted once per version of what
readers see (readercache.counts): the next request with the same search and
filters reads them from the cache, and any write makes them stale, so a reader never sees a
count, or a company's name, that a publish, an edit or a withdrawal changed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.deep_pages import TwoEndedPaginator
from partnerships.models import Agreement
from tests import factories


@pytest.fixture(autouse=True)
def counts_kept(settings):
    settings.COUNTS_CACHE_SECONDS = 60
    settings.READER_CACHE_SECONDS = 0  # each page is made afresh: only counts kept


@pytest.fixture
def parties(db):
    """Company n is party to n agreements, for n from 1 to 3."""
    companies = {}
    for n in range(1, 4):
        company = factories.CompanyFactory(name=f"Party {n}", slug=f"party-{n}")
        for _ in range(n):
            factories.AgreementPartyFactory(company=company)
        companies[n] = company
    return companies


def facet_counts(response, param: str) -> list[tuple[str, int]]:
    [facet] = [g for g in response.context["facets"] if g["facet"].param == param]
    return [(choice.label, choice.count) for choice in facet["choices"]]


def party_counts(response) -> list[tuple[str, int]]:
    return facet_counts(response, "company")


def agreements_counted(response) -> int:
    return sum(count for _, count in facet_counts(response, "kind"))


def counting_queries(client, path: str) -> tuple[object, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, [q["sql"] for q in queries if "GROUP BY" in q["sql"]]


def test_the_second_request_reads_the_counts_it_does_not_count_them(client, parties):
    first, counted = counting_queries(client, "/agreements/")
    again, recounted = counting_queries(client, "/agreements/")

    assert counted, "the first request counts its facets"
    assert recounted == []
    assert (
        party_counts(again)
        == party_counts(first)
        == [
            ("Party 3", 3),
            ("Party 2", 2),
            ("Party 1", 1),
        ]
    )


def test_other_filters_are_counted_apart(client, parties):
    unfiltered = client.get("/agreements/")
    response, counted = counting_queries(client, "/agreements/?company=party-2")

    assert counted
    assert (agreements_counted(unfiltered), agreements_counted(response)) == (6, 2)


def test_a_new_agreement_is_counted_on_the_next_request(client, parties):
    client.get("/agreements/")
    factories.AgreementPartyFactory(company=parties[1])

    response, counted = counting_queries(client, "/agreements/")

    assert counted
    assert ("Party 1", 2) in party_counts(response)


def test_a_withdrawn_company_leaves_the_facet_on_the_next_request(client, parties):
    client.get("/agreements/")
    parties[3].publication_status = "draft"
    parties[3].save()

    response = client.get("/agreements/")

    assert party_counts(response) == [("Party 2", 2), ("Party 1", 1)]
    assert b"Party 3" not in response.content


def test_without_a_shared_cache_every_request_counts(client, parties, settings):
    settings.COUNTS_CACHE_SECONDS = 0
    client.get("/agreements/")

    _, counted = counting_queries(client, "/agreements/")

    assert counted


def count_queries(client, path: str) -> tuple[object, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, [q["sql"] for q in queries if "COUNT(" in q["sql"]]


@pytest.mark.parametrize("path", ["/statements/", "/api/v1/statements/"])
def test_a_lists_length_is_counted_once_until_the_next_write(client, db, path):
    for _ in range(3):
        factories.StatementFactory()
    first, counted = count_queries(client, path)
    again, recounted = count_queries(client, path)

    factories.StatementFactory()
    after_a_write, counted_after = count_queries(client, path)

    assert counted and counted_after
    assert recounted == []
    if path.startswith("/api/"):
        assert [r.json()["count"] for r in (first, again, after_a_write)] == [3, 3, 4]
    else:
        assert [
            r.context["page_obj"].paginator.count for r in (first, again, after_a_write)
        ] == [3, 3, 4]


def test_a_withdrawn_statement_leaves_the_lists_length_on_the_next_request(client, db):
    statements = [factories.StatementFactory() for _ in range(3)]
    assert client.get("/api/v1/statements/").json()["count"] == 3

    statements[0].publication_status = "draft"
    statements[0].save()

    assert client.get("/api/v1/statements/").json()["count"] == 2


def test_a_list_that_nothing_can_match_counts_none_without_a_query(
    db, django_assert_num_queries
):
    nothing = Agreement.objects.filter(pk__in=[]).order_by("title")

    with django_assert_num_queries(0):
        assert TwoEndedPaginator(nothing, 20).count == 0


@pytest.mark.parametrize(
    "path", ["/companies/", "/agreements/?company=party-2", "/statements/"]
)
def test_while_counts_are_kept_a_list_builds_its_records_query_once(
    client, parties, monkeypatch, path
):
    """Building a list's query (the companies' group counts, say) is a cost
    a request would pay: the records query is built once a process, each
    page filters it once, and a facet whose counts are kept never builds its
    own."""
    from partnerships.browse import BrowseList

    client.get(path)
    built = []
    for name in ("base_queryset", "filtered"):
        for browse in BrowseList.__subclasses__():
            original = getattr(browse, name)
            monkeypatch.setattr(
                browse,
                name,
                lambda self, *args, _original=original, _name=name, **kwargs: (
                    built.append(_name) or _original(self, *args, **kwargs)
                ),
            )

    assert client.get(path).status_code == 200
    assert built == ["filtered"]
