"""Per-record feeds are Atom that a maintained parser (feedparser) reads, linked
from each record's page, bounded in entries and in queries."""

import re

import pytest

from tests import factories
from tests.browse_records import build_world
from tests.following_records import parsed, reported_deal

pytestmark = pytest.mark.django_db

FEEDS = {
    "/companies/owner-holdings/feed/": "Owner Holdings",
    "/companies/lab-00/feed/": "Lab 00",
    "/agreements/deal-00/feed/": "Deal 00",
    "/people/chief-00/feed/": "Chief 00",
    "/topics/compute-test/feed/": "statements on Compute test",
}


@pytest.mark.parametrize("url", FEEDS)
def test_each_feed_parses_as_atom_with_its_record_links(client, url):
    build_world(1)

    feed = parsed(client.get(url))

    assert feed.feed.title == f"Partnership tracker: {FEEDS[url]}"
    assert feed.feed.links[1] == {
        "href": f"http://testserver{url}",
        "rel": "self",
        "type": "application/atom+xml",
    }
    assert feed.entries
    for entry in feed.entries:
        assert entry.link.startswith("http://testserver/")
        assert entry.id and entry.updated
        assert entry.summary_detail.type == "text/plain"


def test_entries_are_plain_text_so_markup_shows_as_typed(client):
    reported_deal(summary="<b>bold</b> & <script>x</script>")

    response = client.get("/agreements/the-deal/feed/")

    assert b"<b>" not in response.content and b"<script>" not in response.content
    assert "<b>bold</b> & <script>x</script>" in parsed(response).entries[-1].summary


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("/agreements/the-deal/", "/agreements/the-deal/feed/"),
        ("/companies/microsoft/", "/companies/microsoft/feed/"),
        ("/people/satya/", "/people/satya/feed/"),
    ],
)
def test_a_records_page_links_its_feed(client, page, feed):
    reported_deal()
    factories.PersonFactory(slug="satya", name="Satya Nadella")

    content = client.get(page).content.decode()

    alternate = r'<link rel="alternate" type="application/atom\+xml" title="[^"]+"'
    assert re.search(f'{alternate} href="{re.escape(feed)}">', content)
    assert f'<a href="{feed}">' in content  # visible, not only in the head


def test_a_feed_keeps_the_latest_fifty_entries(client):
    deal = reported_deal()
    for n in range(60):
        deal.summary = f"Summary {n}"
        deal.save()

    feed = parsed(client.get("/agreements/the-deal/feed/"))

    assert len(feed.entries) == 50
    assert feed.entries[0].title.endswith("to “Summary 59”")


# Per feed: 1 or 2 queries for the record and what it follows (its group's
# agreements, the statements), then per model followed one for its versions,
# one per part (and per many-to-many of a statement), and one per kind of
# record those versions name that the reader sees.
BUDGETS = {
    "/companies/owner-holdings/feed/": 27,
    "/agreements/deal-00/feed/": 23,
    "/people/chief-00/feed/": 18,
    "/topics/compute-test/feed/": 13,
}


@pytest.mark.parametrize("size", [3, 15])
@pytest.mark.parametrize("url", BUDGETS)
def test_a_feed_runs_the_same_queries_whatever_the_number_of_records(
    client, django_assert_num_queries, size, url
):
    build_world(size)
    with django_assert_num_queries(BUDGETS[url]):
        response = client.get(url)
    assert response.status_code == 200
