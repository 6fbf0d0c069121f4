"""Search across every kind of record, from the box in every page's header."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partnerships.models import CompanyAlias
from partnerships.views import SEARCH_LIMIT
from tests import factories
from tests.browse_records import assert_no_drafts, build_world


def found(response) -> dict[str, list[str]]:
    return {
        group["label"]: [str(record) for record in group["records"]]
        for group in response.context["groups"]
        if group["records"]
    }


@pytest.mark.parametrize("size", [3, 15])
def test_it_runs_the_same_queries_whatever_the_number_of_matches(
    client, db, django_assert_max_num_queries, size
):
    build_world(size)
    # 7 queries: agreements, their parties with companies (for the snippet),
    # companies, their aliases, statements with speakers and sources, people,
    # sources with the first cited excerpt holding the words; for each kind,
    # how many entries hold the words (kept until the next write where counts
    # are kept: not here); and one more for each kind of which fewer than
    # SEARCH_LIMIT + 1 records are called so (those called so are read first,
    # then the rest)
    with django_assert_max_num_queries(7 + 5 + 5):
        response = client.get("/search/?q=0")
    assert response.status_code == 200


def test_records_called_by_the_words_come_first_even_when_they_fill_the_page(
    client, db
):
    """Sources titled "Report" rank before those that only cite it, whatever
    their order otherwise (by title, "A ..." first)."""
    for n in range(SEARCH_LIMIT + 1):
        factories.SourceFactory(title=f"Report {n}")
    cited = factories.SourceFactory(title="A source that cites it")
    factories.AgreementCitationFactory(source=cited, excerpt="the report says")

    with CaptureQueriesContext(connection) as queries:
        shown = found(client.get("/search/?q=report"))["Sources"]

    assert shown == [f"Report {n}" for n in range(SEARCH_LIMIT)]
    # The page was full of sources called so: no cited words were looked up.
    assert not [q for q in queries if "partnerships.agreementcitation" in q["sql"]]


def test_with_few_records_called_so_the_rest_of_the_matches_follow(client, db):
    factories.SourceFactory(title="Report on capacity")
    cited = factories.SourceFactory(title="A source that cites it")
    factories.AgreementCitationFactory(source=cited, excerpt="the report says")

    shown = found(client.get("/search/?q=report"))["Sources"]

    assert shown == ["Report on capacity", "A source that cites it"]


def test_the_search_box_is_in_every_page_header_with_a_label(client, db):
    for path in ("/", "/agreements/", "/timeline/"):
        content = client.get(path).content.decode()
        assert '<form class="site-search" role="search" action="/search/"' in content
        assert '<label for="site-search-q">Search all records</label>' in content


def test_it_finds_records_of_every_kind(client, db):
    build_world(2)
    response = client.get("/search/?q=01")
    assert found(response) == {
        "Agreements": ["Deal 01"],
        "Companies": ["Cloud 01", "Lab 01"],
        "Statements": ["Chief 01: That's not the case."],
        "People": ["Chief 01"],
    }


def test_it_finds_a_company_by_another_name(client, db):
    build_world(2)
    response = client.get("/search/?q=c01")
    assert found(response)["Companies"] == ["Cloud 01"]


def test_it_never_finds_drafts(client, db):
    build_world(2)
    response = client.get("/search/?q=secret")
    assert found(response) == {}
    assert_no_drafts(response.content)
    assert "Nothing published matches “secret”" in response.content.decode()


def test_it_caps_each_kind_and_links_to_the_full_list(client, db):
    for n in range(SEARCH_LIMIT + 1):
        factories.SourceFactory(title=f"Report {n}")
    response = client.get("/search/?q=report")
    assert len(found(response)["Sources"]) == SEARCH_LIMIT
    assert 'href="/sources/?q=report"' in response.content.decode()


def test_an_empty_search_shows_the_form(client, db):
    response = client.get("/search/")
    assert response.status_code == 200
    assert '<label for="search-q">' in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("q=" + "x" * 201, "give at most 200"),
        ("q=%00", "NUL character"),
        ("type=company", "Unknown parameter"),
    ],
)
def test_a_bad_query_string_is_answered_with_400(client, db, query, message):
    response = client.get(f"/search/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_each_result_shows_the_words_around_its_match_with_the_match_marked(client, db):
    factories.AgreementFactory(
        title="Cloud deal",
        summary="A long preamble that says nothing at all about the matter at hand, "
        "then the words that matter: the parties agreed on Trainium capacity for "
        "years, and many more words follow that the snippet leaves out, as it "
        "keeps only a line or two around the match, cut between words.",
    )
    content = client.get("/search/?q=trainium").content.decode()
    assert (
        '<span class="snippet-field">Summary:</span> …at hand, then the words that '
        "matter: the parties agreed on <mark>Trainium</mark> capacity for years, and "
        "many more words follow that the snippet leaves out, as it keeps only a line "
        "or two…</p>"
    ) in content


def test_a_snippet_escapes_the_editors_text_before_marking_the_match(client, db):
    factories.PersonFactory(name="Ada", description="Said <b>Azure</b> & <i>more</i>")
    content = client.get("/search/?q=azure").content.decode()
    assert (
        "Said &lt;b&gt;<mark>Azure</mark>&lt;/b&gt; &amp; &lt;i&gt;more&lt;/i&gt;"
        in content
    )
    assert "<b>Azure" not in content


def test_it_finds_statements_by_their_english_rendering_and_says_so(client, db):
    factories.StatementFactory(text="算力是瓶頸", text_en="Compute is the bottleneck")
    response = client.get("/search/?q=bottleneck")
    [result] = response.context["groups"][2]["results"]
    assert result.snippet.field == "English rendering"
    assert result.snippet.html == "Compute is the <mark>bottleneck</mark>"


def test_it_finds_a_company_by_an_alias_and_shows_the_alias(client, db):
    company = factories.CompanyFactory(name="Amazon Web Services")
    CompanyAlias.objects.create(company=company, name="亞馬遜雲端", language="zh")
    response = client.get("/search/?q=亞馬遜")
    [result] = response.context["groups"][1]["results"]
    assert result.snippet.field == "Also known as"
    assert result.snippet.html == "<mark>亞馬遜</mark>雲端"


def test_it_finds_a_source_by_the_words_cited_from_it(client, db):
    citation = factories.AgreementCitationFactory(
        excerpt="OpenAI will get full access to AWS compute"
    )
    response = client.get("/search/?q=full access")
    [result] = response.context["groups"][4]["results"]
    assert result.record == citation.source
    assert result.snippet.field == "Words cited from it"
    assert "<mark>full access</mark>" in result.snippet.html
    # The list the "more" link opens finds it by the same words.
    listed = client.get("/sources/?q=full access").context["records"]
    assert citation.source in listed


def test_a_searchs_cited_words_are_its_own_and_as_the_records_stand_now(
    client, db, settings
):
    settings.READER_CACHE_SECONDS = 0
    source = factories.SourceFactory(title="Filing")
    first = factories.AgreementCitationFactory(
        source=source, excerpt="gigawatts of power"
    )
    factories.AgreementCitationFactory(source=source, excerpt="chips for training")

    def cited(q: str) -> str:
        [result] = client.get(f"/search/?q={q}").context["groups"][4]["results"]
        return result.snippet.html

    assert cited("power") == "gigawatts of <mark>power</mark>"
    assert cited("chips") == "<mark>chips</mark> for training"
    first.record.publication_status = "draft"
    first.record.save()
    assert "gigawatts" not in client.get("/search/?q=power").content.decode()


def test_words_cited_for_a_draft_do_not_find_the_source(client, db):
    citation = factories.AgreementCitationFactory(
        excerpt="secret words", record__publication_status="draft"
    )
    response = client.get("/search/?q=secret words")
    assert found(response) == {}
    assert citation.source.title not in response.content.decode()


def test_it_finds_a_statement_by_its_headline_and_titles_it_so(client, db):
    factories.StatementFactory(
        headline="Altman says a compute glut will come", text="算力過剩一定會出現"
    )

    response = client.get("/search/?q=glut")
    [result] = [r for group in response.context["groups"] for r in group["results"]]
    assert result.title == "Altman says a compute <mark>glut</mark> will come"
    assert client.get("/statements/?q=glut").context["page_obj"].paginator.count == 1
    assert client.get("/api/v1/statements/?search=glut").json()["count"] == 1
