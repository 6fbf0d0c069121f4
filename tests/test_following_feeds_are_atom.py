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


# Per feed: 1 query for the record, then per kind of record followed (the
# record itself, its group's agreements, the statements) one for when each
# was last saved (its versions and its parts', `latest_versions`) and one for
# the records changed last; per model, one for its versions, one per part (and
# per many-to-many of a statement), and one per kind of record those versions
# name that the reader sees. (Before the feed read only the records changed
# last, it read every one, with 4, 3, 3 and 1 fewer queries: a company of
# 15,000 agreements then took minutes.)
BUDGETS = {
    "/companies/owner-holdings/feed/": 31,
    "/agreements/deal-00/feed/": 26,
    "/people/chief-00/feed/": 21,
    "/topics/compute-test/feed/": 14,
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


def test_a_company_feed_reads_the_records_changed_last_and_no_more(
    client, django_assert_max_num_queries
):
    # 120 agreements, each "created": the 50 newest entries are among the 50
    # agreements saved last, so one batch of histories is read, whatever the
    # company's number of agreements. The oldest agreement, edited last, leads.
    company = factories.CompanyFactory(slug="busy", name="Busy")
    deals = []
    for n in range(120):
        deal = factories.AgreementFactory(title=f"Deal {n:03}", slug=f"deal-{n:03}")
        factories.AgreementPartyFactory(agreement=deal, company=company)
        deals.append(deal)
    deals[0].summary = "Edited last"
    deals[0].save()

    with django_assert_max_num_queries(BUDGETS["/companies/owner-holdings/feed/"]):
        feed = parsed(client.get("/companies/busy/feed/"))

    assert len(feed.entries) == 50
    assert feed.entries[0].title == "Deal 000: Summary: “Edited last”"
    assert feed.entries[0].link.endswith("/agreements/deal-000/")
    # Then the newest agreements' publication and new party, newest first.
    assert feed.entries[1].link.endswith("/agreements/deal-119/")
    newest = {entry.link.rsplit("/", 2)[1] for entry in feed.entries[1:]}
    assert newest == {f"deal-{n:03}" for n in range(95, 120)}
