"""The agreements table at a glance: exclusivity and expiry columns, no column
that is empty on every row, headings that sort, every symbol explained in text,
and filters a phone reader can reach from the top; home cards show exclusivity
and expiry too."""

import datetime
import re

from tests import factories


def header(content: str) -> str:
    return content[content.index("<thead>") : content.index("</thead>")]


def test_exclusivity_and_expiry_have_columns_with_their_certainty(client, db):
    agreement = factories.AgreementFactory(
        exclusivity="partly_exclusive",
        exclusivity_scope="stateless APIs",
        expires_on=datetime.date(2030, 1, 1),
        expires_precision="year",
    )
    citation = factories.AgreementCitationFactory(record=agreement)
    factories.TermReportFactory(
        citation=citation, term="exclusivity", basis="executive"
    )
    content = client.get("/agreements/").content.decode()
    assert '<th scope="col">Exclusivity</th>' in header(content)
    assert (
        '<td data-label="Exclusivity">partly exclusive: stateless APIs '
        '<small class="certainty">(stated by an executive)</small></td>'
    ) in content
    assert 'through <time datetime="2030">2030 (certainty not recorded)</time>' in (
        content
    )


def test_a_column_empty_on_every_row_is_left_out_and_said_so(client, db):
    factories.AgreementFactory(announced_on=None, announced_precision="")
    content = client.get("/agreements/").content.decode()
    assert "Announced" not in header(content)
    assert 'data-label="Announced"' not in content
    assert "Left out because no agreement listed here reports it:" in content
    assert "announcement date" in content


def test_a_column_some_row_fills_stays(client, db):
    factories.AgreementFactory(
        announced_on=datetime.date(2025, 11, 3), announced_precision="day"
    )
    factories.AgreementFactory(announced_on=None, announced_precision="")
    content = client.get("/agreements/").content.decode()
    assert "Announced" in header(content)
    assert content.count('data-label="Announced"') == 2


def test_the_column_headings_sort_with_the_sort_parameter(client, db):
    factories.AgreementFactory(
        title="Late",
        expires_on=datetime.date(2031, 1, 1),
        expires_precision="year",
    )
    factories.AgreementFactory(
        title="Early",
        expires_on=datetime.date(2027, 1, 1),
        expires_precision="year",
    )
    content = client.get("/agreements/").content.decode()
    assert '<th scope="col" aria-sort="ascending"><a href="?sort=title">' in content
    assert '<a href="?sort=expires">Expires' in content
    by_expiry = client.get("/agreements/?sort=expires")
    assert [a.title for a in by_expiry.context["records"]] == ["Early", "Late"]
    sorted_page = by_expiry.content.decode()
    # Chosen once, the heading reverses the order the second time.
    assert '<th scope="col" aria-sort="ascending"><a href="?sort=-expires">' in (
        sorted_page
    )
    latest = client.get("/agreements/?sort=-expires")
    assert [a.title for a in latest.context["records"]] == ["Late", "Early"]


def test_a_heading_keeps_the_filters_chosen(client, db):
    factories.AgreementFactory(
        status="active", expires_on=datetime.date(2030, 1, 1), expires_precision="year"
    )
    content = client.get("/agreements/?status=active").content.decode()
    assert 'href="?status=active&amp;sort=expires"' in content


def test_value_symbols_are_explained_in_text_not_on_hover(client, db):
    factories.AgreementFactory(
        value_amount=10**10, value_currency="USD", value_qualifier="over"
    )
    content = client.get("/agreements/").content.decode()
    assert "&gt; USD 10 bn" in content
    assert "<abbr" not in content
    legend = re.search(r'<p class="legend-note" id="short-forms">(.*?)</p>', content)
    for explained in ("<strong>&gt;</strong> over", "<strong>~</strong> about"):
        assert explained in legend.group(1)
    assert "<strong>bn</strong> billion" in legend.group(1)


def test_a_phone_reader_reaches_the_filters_from_the_top(client, db):
    factories.AgreementFactory()
    content = client.get("/agreements/").content.decode()
    link = content.index('<p class="to-filters"><a href="#filters">Filters</a>')
    assert link < content.index("<table")
    assert '<aside class="facets" id="filters"' in content


def test_home_cards_show_exclusivity_and_expiry(client, article):
    content = client.get("/").content.decode()
    latest = content[content.index('id="latest-heading"') :]
    assert "Exclusivity: " in latest
    assert "Expires: " in latest
    assert (
        "Exclusivity: partly exclusive: stateless APIs "
        '<small class="certainty">(stated by an executive)</small>'
    ) in content
