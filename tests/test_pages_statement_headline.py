"""A statement is titled by the editors' short English headline, on its page,
in the browser's title, in the feed and in links; and a Chinese translation of
English speech is labelled as the source's translation, never as a quote."""

import html

from partnerships.models import Statement, StatementCitation, StatementForm
from tests import factories


def test_the_headline_is_the_pages_heading_and_title(client, db):
    statement = factories.StatementFactory(
        headline="Altman denies ChatGPT will stay off other clouds",
        speaker__name="Sam Altman",
    )
    content = client.get(statement.get_absolute_url()).content.decode()
    assert "<h1>Altman denies ChatGPT will stay off other clouds</h1>" in content
    assert (
        "<title>Altman denies ChatGPT will stay off other clouds · "
        "Partnership tracker</title>"
    ) in content
    assert "Said by <a" in content
    assert "Sam Altman</a>" in content
    assert "headline by the editors" in content


def test_without_a_headline_the_title_is_the_speaker_and_the_words(client, db):
    statement = factories.StatementFactory(
        headline="", speaker__name="Sam", text="不是這樣的。", spoken_language=""
    )
    content = client.get(statement.get_absolute_url()).content.decode()
    assert "<h1>Sam: “不是這樣的。”</h1>" in content
    assert "headline by the editors" not in content


def test_a_translation_without_a_headline_is_never_titled_as_a_quote(db):
    statement = factories.StatementFactory(
        headline="", speaker__name="Sam", text="不是這樣的。", spoken_language="en"
    )
    assert statement.title == "Sam (in translation): 不是這樣的。"


def test_a_paraphrase_without_a_headline_is_never_titled_as_a_quote(db):
    statement = factories.StatementFactory(
        headline="", speaker__name="Sam", text="算力稀缺", form=StatementForm.PARAPHRASE
    )
    assert statement.title == "Sam (paraphrased): 算力稀缺"


def test_the_feed_entry_is_titled_by_the_headline(client, db):
    factories.StatementFactory(headline="Nadella: compute will be in surplus")
    content = client.get("/feed/").content.decode()
    assert "<title>Statement: Nadella: compute will be in surplus</title>" in content


def test_links_to_a_statement_use_its_headline(client, db):
    statement = factories.StatementFactory(headline="Altman: through 2030")
    StatementCitation.objects.create(
        record=statement, source=statement.source, excerpt="x"
    )
    content = client.get(statement.source.get_absolute_url()).content.decode()
    assert f'<a href="{statement.get_absolute_url()}">Altman: through 2030</a>' in (
        content
    )


def test_lists_show_the_headline_above_the_words(client, db):
    factories.StatementFactory(headline="Altman: through 2030", text="至2030年")
    content = client.get("/statements/").content.decode()
    assert content.index("Altman: through 2030") < content.index("至2030年")


def test_chinese_for_english_speech_is_the_sources_translation_not_a_quote(client, db):
    article = factories.SourceFactory(
        title="OpenAI的動作",
        title_en="OpenAI is moving fast",
        publisher="NetEase Hao",
        language="zh-Hant",
    )
    podcast = factories.SourceFactory(title="The podcast", reported_in=article)
    statement = factories.StatementFactory(
        text="不是這樣的。", language="zh-Hant", spoken_language="en", source=podcast
    )
    content = client.get(statement.get_absolute_url()).content.decode()
    main = content.split('<main id="main"')[1]
    assert (
        "Traditional Chinese translation as reported by “OpenAI is moving fast”, "
        "NetEase Hao; the speaker spoke English, so these are not the speaker’s "
        "own words:"
    ) in main
    assert '<p class="reported-translation" lang="zh-Hant">不是這樣的。</p>' in main
    assert "“不是這樣的。”" not in main
    assert '<blockquote class="quote"' not in main
    assert "not the speaker’s original words" in main
    assert "Quote known only in translation" in main


def test_the_link_preview_of_a_translated_quote_has_no_quotation_marks(client, db):
    statement = factories.StatementFactory(
        speaker__name="Sam", text="不是這樣的。", spoken_language="en"
    )
    content = client.get(statement.get_absolute_url()).content.decode()
    expected = "Sam, in Traditional Chinese translation as reported: 不是這樣的。"
    assert f'<meta name="description" content="{expected}' in content


def test_the_six_altman_statements_have_six_different_headings(client, article):
    headings = set()
    for statement in Statement.objects.filter(speaker__slug="sam-altman"):
        content = client.get(statement.get_absolute_url()).content.decode()
        heading = html.unescape(content.split("<h1>")[1].split("</h1>")[0])
        assert heading == statement.headline
        headings.add(heading)
    assert len(headings) == 6
