"""The sources list."""

import datetime

import pytest

from partnerships.models import SourceKind
from tests import factories
from tests.browse_records import assert_no_drafts, build_world


@pytest.mark.parametrize("size", [3, 15])
def test_it_runs_the_same_queries_whatever_the_number_of_sources(
    client, db, django_assert_num_queries, size
):
    build_world(size)
    for n in range(size):
        factories.SourceFactory(title=f"Extra {n}")
    # 5 queries: the kind, language and publisher facets, the count for the
    # pager, the page of sources
    with django_assert_num_queries(5):
        response = client.get("/sources/")
    assert response.status_code == 200


def test_it_lists_sources_with_kind_publisher_and_date_at_its_precision(client, db):
    factories.SourceFactory(
        title="The podcast",
        kind=SourceKind.PODCAST,
        publisher="Gerstner",
        published_on=datetime.date(2025, 11, 1),
        published_precision="month",
    )
    content = client.get("/sources/").content.decode()
    assert "The podcast" in content
    assert '<time datetime="2025-11">November 2025</time>' in content


def test_facets_count_and_filter_by_kind(client, db):
    factories.SourceFactory(kind=SourceKind.PODCAST, title="Pod")
    factories.SourceFactory(kind=SourceKind.ARTICLE, title="Art 1")
    factories.SourceFactory(kind=SourceKind.ARTICLE, title="Art 2")
    response = client.get("/sources/")
    kinds = {c.label: c.count for c in response.context["facets"][0]["choices"]}
    assert kinds == {"Article": 2, "Podcast": 1}
    filtered = client.get("/sources/?kind=podcast")
    assert [s.title for s in filtered.context["records"]] == ["Pod"]


def test_drafts_are_not_listed(client, db):
    build_world(1)
    assert_no_drafts(client.get("/sources/").content)


@pytest.mark.parametrize(
    "query", ["page=abc", "sort=bogus", "kind=tweet", "language=xx", "publisher=Nobody"]
)
def test_a_bad_query_string_is_answered_with_400(client, db, query):
    response = client.get(f"/sources/?{query}")
    assert response.status_code == 400
