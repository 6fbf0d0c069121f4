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
