"""A statement's page: the words as published, the English labelled as the editors'
translation, speaker, date, occasion, the question it answers and its source."""

import datetime

import pytest

from partnerships.models import StatementForm
from tests import factories
from tests.browse_records import assert_no_drafts, build_world


@pytest.mark.parametrize("size", [3, 15])
def test_it_runs_the_same_queries_whatever_the_number_of_records(
    client, db, django_assert_num_queries, size
):
    build_world(size)
    # 6 queries: the statement with speaker, affiliation, source and the question
    # it answers, its replies, the companies and agreements it is about, its
    # topics, its citations with sources
    with django_assert_num_queries(6):
        response = client.get("/statements/said-01/")
    assert response.status_code == 200


def test_a_quote_shows_the_words_as_published_and_labels_the_translation(client, db):
    statement = factories.StatementFactory(
        text="不是這樣的。",
        language="zh-Hant",
        spoken_language="",
        text_en="That's not the case.",
        said_on=datetime.date(2025, 11, 1),
        said_precision="month",
        occasion="a video podcast",
    )
    page = client.get(statement.get_absolute_url()).content.decode()
    content = page.split('<main id="main"')[1]
    assert '<blockquote class="quote" lang="zh-Hant"><p>“不是這樣的。”</p>' in content
    assert "As published in Traditional Chinese." in content
    label = content.index("Editors’ translation:")
    english = content.index("That&#x27;s not the case.")
    assert label < english
    # The translation is not presented as the speaker's words.
    assert "“That&#x27;s not the case.”" not in content
    assert '<time datetime="2025-11">November 2025</time>' in content
    assert "a video podcast" in content


def test_english_that_is_the_speakers_own_words_is_quoted_as_such(client, db):
    statement = factories.StatementFactory(
        text="不是這樣的。",
        text_en="That's not the case.",
        text_en_is_translation=False,
    )
    content = client.get(statement.get_absolute_url()).content.decode()
    assert "In English, the speaker’s own words:" in content
    assert "“That&#x27;s not the case.”" in content
    assert "Editors’ translation" not in content


def test_a_paraphrase_is_labelled_and_never_in_quotation_marks(client, db):
    statement = factories.StatementFactory(
        form=StatementForm.PARAPHRASE,
        text="他認為算力會過剩",
        text_en="He thinks compute will be in surplus",
    )
    content = client.get(statement.get_absolute_url()).content.decode()
    assert "Paraphrase by the source (not the speaker’s words)" in content
    assert "“他認為算力會過剩" not in content
    assert "“He thinks" not in content
    assert "Editors’ translation of the paraphrase:" in content


def test_it_shows_the_question_it_answers_and_its_replies(client, db):
    question = factories.StatementFactory(slug="q", text="Will it stay on Azure?")
    answer = factories.StatementFactory(slug="a", in_reply_to=question)
    answer_page = client.get(answer.get_absolute_url()).content.decode()
    assert "In answer to" in answer_page
    assert "Will it stay on Azure?" in answer_page
    question_page = client.get(question.get_absolute_url())
    assert [s.slug for s in question_page.context["statement"].public_replies] == ["a"]


def test_it_shows_what_it_is_about_and_its_source(client, db):
    build_world(2)
    content = client.get("/statements/said-01/").content.decode()
    assert '<a href="/companies/lab-01/">Lab 01</a>' in content
    assert '<a href="/agreements/deal-01/">Deal 01</a>' in content
    assert '<a href="/sources/the-article/"><span lang="zh-Hant">The Article' in content
    assert "Compute test" in content


def test_a_draft_question_is_not_shown(client, db):
    question = factories.StatementFactory(
        text="Secret draft question", publication_status="draft"
    )
    answer = factories.StatementFactory(in_reply_to=question)
    content = client.get(answer.get_absolute_url()).content.decode()
    assert_no_drafts(content)
    assert "In answer to" not in content


def test_drafts_it_is_about_are_not_shown(client, db):
    statement = factories.StatementFactory()
    statement.companies.add(
        factories.CompanyFactory(name="Secret Draftco", publication_status="draft")
    )
    assert_no_drafts(client.get(statement.get_absolute_url()).content)


def test_a_draft_statement_or_one_by_a_draft_speaker_is_404(client, db):
    draft = factories.StatementFactory(publication_status="draft")
    hidden = factories.StatementFactory(speaker__publication_status="draft")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_the_article_statement_labels_the_translation(client, article):
    content = client.get("/statements/altman-not-the-case/").content.decode()
    assert "“不是這樣的。”" in content
    assert "Editors’ translation:" in content
    assert "In answer to" in content


def test_the_link_preview_labels_the_translation_too(client, db):
    statement = factories.StatementFactory(
        speaker__name="Sam",
        text="不是這樣的。",
        spoken_language="",
        text_en="That's not the case.",
    )
    content = client.get(statement.get_absolute_url()).content.decode()
    expected = "Sam: “不是這樣的。” (Editors’ translation: That&#x27;s not the case.)"
    assert f'<meta name="description" content="{expected}">' in content
