"""GET /api/v1/statements/: who said what, where, in which language, about what."""

import datetime

import pytest

from partnerships import models
from tests import factories
from tests.api_records import full_agreement, token_client


@pytest.fixture(autouse=True)
def site_url(settings):
    """Canonical URLs are built on SITE_URL, whatever host the API was asked on."""
    settings.SITE_URL = "https://tracker.example"


LIST = "/api/v1/statements/"


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [record["slug"] for record in response.json()["results"]]


@pytest.fixture
def statement(db):
    openai = factories.CompanyFactory(name="OpenAI", slug="openai")
    altman = factories.PersonFactory(
        name="Sam Altman", slug="sam-altman", affiliation=openai
    )
    question = factories.StatementFactory(slug="question", text="Is it exclusive?")
    said = factories.StatementFactory(
        slug="not-the-case",
        speaker=altman,
        in_reply_to=question,
        said_on=datetime.date(2025, 10, 1),
        said_precision="month",
        source=factories.SourceFactory(slug="podcast", title="The podcast"),
    )
    said.companies.add(openai)
    said.agreements.add(full_agreement("azure"))
    said.topics.add(models.Topic.objects.create(slug="exclusivity", name="Exclusivity"))
    return said


def test_detail_carries_speaker_text_translation_and_context(client, statement):
    body = client.get(f"{LIST}not-the-case/").json()

    assert body["speaker"]["name"] == "Sam Altman"
    assert body["speaker"]["role"] == "Chief executive"
    assert body["speaker"]["affiliation"]["slug"] == "openai"
    assert body["speaker"]["url"] == "https://tracker.example/api/v1/people/sam-altman/"
    assert (body["text"], body["language"]) == ("不是這樣的。", "zh-Hant")
    assert body["text_en"] == "That's not the case."
    assert body["text_en_is_translation"] is True
    assert body["form"] == "quote"
    assert body["said"]["value"] == "2025-10"
    assert body["said"]["display"] == "October 2025"
    assert body["in_reply_to"]["slug"] == "question"
    assert body["in_reply_to"]["text"] == "Is it exclusive?"
    assert body["source"]["title"] == "The podcast"
    assert [c["slug"] for c in body["companies"]] == ["openai"]
    assert [a["slug"] for a in body["agreements"]] == ["azure"]
    assert body["topics"] == [{"slug": "exclusivity", "name": "Exclusivity"}]
    assert body["site_url"] == "https://tracker.example/statements/not-the-case/"


def test_filters_by_speaker_company_agreement_topic(client, statement):
    assert slugs(client.get(LIST, {"speaker": "sam-altman"})) == ["not-the-case"]
    assert slugs(client.get(LIST, {"speaker_company": "openai"})) == ["not-the-case"]
    assert slugs(client.get(LIST, {"agreement": "azure"})) == ["not-the-case"]
    assert slugs(client.get(LIST, {"topic": "exclusivity"})) == ["not-the-case"]
    assert slugs(client.get(LIST, {"topic": "agi"})) == []


def test_filters_by_date_range_and_language(client, statement):
    factories.StatementFactory(slug="english", language="en", text="Hello")

    assert slugs(
        client.get(LIST, {"said_after": "2025-09-01", "said_before": "2025-10-31"})
    ) == ["not-the-case"]
    assert slugs(client.get(LIST, {"said_after": "2025-10-02"})) == []
    assert slugs(client.get(LIST, {"language": "en"})) == ["english"]


def test_search_covers_quote_text_and_translation(client, statement):
    assert slugs(client.get(LIST, {"search": "這樣"})) == ["not-the-case"]
    assert slugs(client.get(LIST, {"search": "exclusive?"})) == ["question"]


def test_default_order_is_newest_first(client, statement):
    factories.StatementFactory(
        slug="newer", said_on=datetime.date(2026, 1, 5), said_precision="day"
    )

    assert slugs(client.get(LIST, {"ordering": "-said_on"}))[:2] == [
        "newer",
        "not-the-case",
    ]
    assert slugs(client.get(LIST, {"ordering": "slug"})) == [
        "newer",
        "not-the-case",
        "question",
    ]


def test_draft_statement_is_404_for_anonymous_and_visible_to_editor(client, editor, db):
    factories.StatementFactory(slug="draft", publication_status="draft")

    assert client.get(f"{LIST}draft/").status_code == 404
    assert slugs(client.get(LIST)) == []
    assert token_client(editor).get(f"{LIST}draft/").status_code == 200


def test_statement_of_a_draft_speaker_is_404_for_readers_as_on_the_site(
    client, editor, db
):
    hidden = factories.PersonFactory(slug="hidden", publication_status="draft")
    factories.StatementFactory(slug="answer", speaker=hidden)

    assert client.get(f"{LIST}answer/").status_code == 404
    assert client.get("/statements/answer/").status_code == 404
    assert slugs(client.get(LIST)) == []
    assert token_client(editor).get(f"{LIST}answer/").json()["speaker"]["slug"] == (
        "hidden"
    )


def test_draft_question_is_null_for_readers(client, db):
    question = factories.StatementFactory(slug="q", publication_status="draft")
    factories.StatementFactory(slug="answer", in_reply_to=question)

    assert client.get(f"{LIST}answer/").json()["in_reply_to"] is None
