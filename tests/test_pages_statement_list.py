"""The statements list: quotes as published, translations labelled, facets."""

import pytest

from partnerships.models import StatementForm
from tests import factories
from tests.browse_records import assert_no_drafts, build_world


def facet(response, param: str) -> dict[str, int]:
    for group in response.context["facets"]:
        if group["facet"].param == param:
            return {choice.label: choice.count for choice in group["choices"]}
    raise AssertionError(f"no facet {param}")


@pytest.mark.parametrize("size", [3, 15])
def test_it_runs_the_same_queries_whatever_the_number_of_statements(
    client, db, django_assert_num_queries, size
):
    build_world(size)
    # 7 queries: the speaker, company, topic, form and language facets, the count
    # for the pager, the page of statements with speakers, affiliations and sources
    with django_assert_num_queries(7):
        response = client.get("/statements/")
    assert response.status_code == 200


def test_a_quote_is_shown_as_published_and_its_translation_labelled(client, db):
    factories.StatementFactory(
        text="不是這樣的。", spoken_language="", text_en="That's not the case."
    )
    content = client.get("/statements/").content.decode()
    assert "“不是這樣的。”" in content
    assert "Editors’ translation:" in content
    assert "“That&#x27;s not the case.”" not in content


def test_a_paraphrase_is_never_in_quotation_marks(client, db):
    factories.StatementFactory(
        form=StatementForm.PARAPHRASE,
        text="He said compute would be scarce",
        text_en="He said compute would be scarce",
        language="en",
        spoken_language="",
        text_en_is_translation=False,
    )
    content = client.get("/statements/").content.decode()
    assert "Paraphrase by the source" in content
    assert "“He said compute would be scarce" not in content


def test_facets_count_speakers_companies_and_topics(client, db):
    build_world(3)
    response = client.get("/statements/")
    assert facet(response, "speaker") == {"Chief 00": 1, "Chief 01": 1, "Chief 02": 1}
    assert facet(response, "topic") == {"Compute test": 3}
    assert facet(response, "company")["Lab 01"] == 1
    assert "Secret Draftco" not in facet(response, "company")
    assert facet(response, "form") == {"Direct quote": 3}
    assert facet(response, "language") == {"Traditional Chinese": 3}


def test_filters_by_speaker_and_by_company_it_is_about(client, db):
    build_world(3)
    by_speaker = client.get("/statements/?speaker=chief-02")
    assert [s.slug for s in by_speaker.context["records"]] == ["said-02"]
    by_company = client.get("/statements/?company=cloud-01")
    assert [s.slug for s in by_company.context["records"]] == ["said-01"]


def test_newest_first_by_default(client, db):
    build_world(3)
    response = client.get("/statements/")
    assert [s.slug for s in response.context["records"]] == [
        "said-02",
        "said-01",
        "said-00",
    ]


def test_search_finds_the_english_rendering(client, db):
    factories.StatementFactory(slug="gpu", text_en="We need more GPUs.")
    factories.StatementFactory(slug="other", text_en="Something else.")
    response = client.get("/statements/?q=gpus")
    assert [s.slug for s in response.context["records"]] == ["gpu"]


def test_drafts_and_statements_by_unpublished_speakers_are_left_out(client, db):
    build_world(2)
    hidden = factories.PersonFactory(
        name="Secret Draft Speaker", publication_status="draft"
    )
    factories.StatementFactory(speaker=hidden, text="Secret draft words 2")
    response = client.get("/statements/")
    assert_no_drafts(response.content)
    assert response.context["page_obj"].paginator.count == 2


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page=abc", "“abc” is not a page number (page)"),
        ("form=rumour", "“rumour” is not a valid form"),
        ("topic=nothing", "There is no topic “nothing”"),
        ("speaker=secret-draft-person", "There is no person “secret-draft-person”"),
    ],
)
def test_a_bad_query_string_is_answered_with_400_naming_it(client, db, query, message):
    build_world(1)
    response = client.get(f"/statements/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()
