"""The Atom feed of newly published records and sitemap.xml."""

import datetime
from xml.etree import ElementTree

import pytest
from django.utils.http import http_date

from tests import factories
from tests.browse_records import assert_no_drafts, build_world

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.mark.parametrize("size", [3, 15])
def test_the_feed_runs_the_same_queries_whatever_the_number_of_records(
    client, db, django_assert_num_queries, size
):
    build_world(size)
    # 6 queries: the newest agreements, the current reports of their terms,
    # statements with speakers, companies, people and sources
    with django_assert_num_queries(6):
        response = client.get("/feed/")
    assert response.status_code == 200


def test_the_feed_is_atom_with_published_records_of_every_kind(client, db):
    build_world(1)
    response = client.get("/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    content = response.content.decode()
    for title in ("Agreement: Deal 00", "Company: Lab 00", "Person: Chief 00"):
        assert f"<title>{title}</title>" in content
    assert 'href="http://testserver/agreements/deal-00/"' in content
    assert "Editors’ translation" in content
    assert_no_drafts(content)


@pytest.mark.parametrize("size", [3, 15])
def test_the_sitemap_index_runs_the_same_queries_whatever_the_number_of_records(
    client, db, django_assert_num_queries, size
):
    build_world(size)
    # 5 queries: the count and the latest change, together, of each of
    # agreements, companies, statements, people and sources
    with django_assert_num_queries(5):
        response = client.get("/sitemap.xml")
    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 15])
def test_a_sitemap_file_runs_the_same_queries_whatever_the_number_of_records(
    client, db, django_assert_num_queries, size
):
    build_world(size)
    # 2 queries: the count of published agreements and the page of them
    with django_assert_num_queries(2):
        response = client.get("/sitemap-agreements.xml")
    assert response.status_code == 200


def sitemap_locations(client, path: str) -> list[str]:
    tree = ElementTree.fromstring(client.get(path).content)
    return [loc.text for loc in tree.iter(f"{SITEMAP}loc")]


def test_the_sitemap_is_an_index_of_one_file_per_section(client, db):
    build_world(1)
    index = sitemap_locations(client, "/sitemap.xml")
    assert index == [
        f"http://testserver/sitemap-{section}.xml"
        for section in ("pages", "agreements", "companies", "statements")
        + ("people", "sources")
    ]


def test_the_sitemap_lists_pages_and_published_records_only(client, db):
    build_world(1)
    files = sitemap_locations(client, "/sitemap.xml")
    content = "".join(
        client.get(url.removeprefix("http://testserver")).content.decode()
        for url in files
    )
    for path in ("/", "/agreements/", "/timeline/", "/agreements/deal-00/"):
        assert f"<loc>http://testserver{path}</loc>" in content
    assert "/sources/the-article/" in content
    assert_no_drafts(content)


def test_a_section_longer_than_the_limit_is_split_into_pages(client, db, settings):
    settings.SITEMAP_LIMIT = 2
    for number in range(5):
        factories.CompanyFactory(name=f"Firm {number}", slug=f"firm-{number}")

    index = sitemap_locations(client, "/sitemap.xml")
    pages = [url for url in index if "/sitemap-companies.xml" in url]
    assert pages == [
        "http://testserver/sitemap-companies.xml",
        "http://testserver/sitemap-companies.xml?p=2",
        "http://testserver/sitemap-companies.xml?p=3",
    ]
    listed = [
        location
        for page in ("", "?p=2", "?p=3")
        for location in sitemap_locations(client, f"/sitemap-companies.xml{page}")
    ]
    assert listed == [f"http://testserver/companies/firm-{n}/" for n in range(5)]
    assert client.get("/sitemap-companies.xml?p=4").status_code == 404
    assert client.get("/sitemap-companies.xml?p=x").status_code == 404
    assert client.get("/sitemap-unknown.xml").status_code == 404


def test_a_feed_entry_says_how_sure_each_term_is(client, db):
    agreement = factories.AgreementFactory(
        title="Big deal",
        value_amount=10**11,
        value_currency="USD",
        value_qualifier="over",
    )
    factories.TermReportFactory(
        citation=factories.AgreementCitationFactory(record=agreement),
        basis="unnamed_sources",
        modality="possible",
    )
    content = client.get("/feed/").content.decode()
    assert "Value: may exceed USD 100 billion (reported, unnamed sources)" in content
    assert "Status: active (certainty not recorded)" in content


def test_feed_entries_are_plain_text_so_editor_markup_shows_as_typed(client, db):
    factories.AgreementFactory(
        title="<b>Bold</b> deal",
        summary="<script>alert('x')</script> and <b>more</b> & less",
    )

    response = client.get("/feed/")

    entry = ElementTree.fromstring(response.content).find(f"{ATOM}entry")
    title, summary = entry.find(f"{ATOM}title"), entry.find(f"{ATOM}summary")
    assert title.get("type", "text") == "text"
    assert title.text == "Agreement: <b>Bold</b> deal"
    assert summary.get("type") == "text"
    assert summary.text.startswith("<script>alert('x')</script> and <b>more</b> & less")
    assert b'type="html"' not in response.content


def test_each_file_in_the_index_says_when_its_section_last_changed(
    client, db, settings
):
    settings.SITEMAP_LIMIT = 2
    settings.READER_CACHE_SECONDS = settings.COUNTS_CACHE_SECONDS = 0
    for number in range(3):
        factories.CompanyFactory(name=f"Firm {number}", slug=f"firm-{number}")
    latest = factories.CompanyFactory(name="Firm 3", slug="firm-3").updated_at

    response = client.get("/sitemap.xml")
    tree = ElementTree.fromstring(response.content)
    changed = {
        entry.find(f"{SITEMAP}loc").text: entry.find(f"{SITEMAP}lastmod")
        for entry in tree.iter(f"{SITEMAP}sitemap")
    }
    written = latest.astimezone(datetime.UTC).isoformat()
    assert [lastmod.text for loc, lastmod in changed.items() if "companies" in loc] == [
        written,
        written,
    ]
    assert changed["http://testserver/sitemap-pages.xml"] is None
    assert response["Last-Modified"] == http_date(latest.timestamp())
