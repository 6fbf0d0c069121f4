"""Counts a reader sees are written as people write them: 1,140, not 1140."""

import re

import pytest

from partnerships.models import Agreement, PublicationStatus
from partnerships.synthetic import Generator, Scale

pytestmark = pytest.mark.django_db

# Enough agreements for the counts to pass a thousand; drafts mixed in.
OVER_A_THOUSAND = Scale(
    companies=30, people=5, sources=5, agreements=1_200, statements=5
)


@pytest.fixture
def published(settings):
    settings.READER_CACHE_SECONDS = 0
    Generator(OVER_A_THOUSAND, seed=5, report=lambda line: None).run()
    count = Agreement.objects.filter(
        publication_status=PublicationStatus.PUBLISHED
    ).count()
    assert count > 1_000
    return count


def test_the_agreements_list_says_how_many_with_a_separator(client, published):
    page = client.get("/agreements/").content.decode()
    assert f"{published:,} results" in page
    assert f"{published} results" not in page


def test_facet_counts_have_separators(client, published):
    page = client.get("/agreements/").content.decode()
    counts = re.findall(r'<span class="count">([^<]+)</span>', page)
    assert counts, "the list shows no facet counts"
    assert any("," in count for count in counts), counts
    assert all(re.fullmatch(r"\d{1,3}(,\d{3})*", count) for count in counts), counts


def test_the_home_page_counts_agreements_with_a_separator(client, published):
    page = client.get("/").content.decode()
    assert f">{published:,}</a>" in page


def test_the_value_totals_count_their_agreements_with_separators(client, settings):
    # Enough for one currency's values, all tiers together, to pass a thousand.
    settings.READER_CACHE_SECONDS = 0
    Generator(
        Scale(companies=30, people=5, sources=5, agreements=2_500, statements=5),
        seed=5,
        report=lambda line: None,
    ).run()
    page = client.get("/").content.decode()
    tiers = re.findall(r'<table class="tiers">.*?</table>', page, re.DOTALL)
    assert tiers, "the home page shows no value totals"
    counts = [
        cell for table in tiers for cell in re.findall(r"<td>([\d,]+)</td>", table)
    ]
    assert any("," in count for count in counts), counts
    assert all(re.fullmatch(r"\d{1,3}(,\d{3})*", count) for count in counts), counts
