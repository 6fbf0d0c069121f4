"""The Atom feed of newly published records and sitemap.xml."""

from xml.etree import ElementTree

import pytest

from tests import factories
from tests.browse_records import assert_no_drafts, build_world

ATOM = "{http://www.w3.org/2005/Atom}"


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
def test_the_sitemap_runs_the_same_queries_whatever_the_number_of_records(
    client, db, django_assert_num_queries, size
):
    build_world(size)
    # 10 queries: a count and a page for each of agreements, companies,
    # statements, people and sources
    with django_assert_num_queries(10):
        response = client.get("/sitemap.xml")
    assert response.status_code == 200


def test_the_sitemap_lists_pages_and_published_records_only(client, db):
    build_world(1)
    content = client.get("/sitemap.xml").content.decode()
    for path in ("/", "/agreements/", "/timeline/", "/agreements/deal-00/"):
        assert f"<loc>http://testserver{path}</loc>" in content
    assert "/sources/the-article/" in content
    assert_no_drafts(content)


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
