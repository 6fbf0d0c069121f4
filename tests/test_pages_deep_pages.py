"""A list page past the middle of a list is read from its other end, and a deep
one by its ids first, as the API's are (`partnerships.deep_pages`): every page
holds exactly the rows it holds in the list's order, whatever the sort, with
shared titles, dates and missing dates among them."""

import pytest

from partnerships import browse
from partnerships.deep_pages import TwoEndedPaginator
from tests import factories

PAGE_SIZE = 3


@pytest.fixture
def eleven_of_each(db):
    factories.agreements_with_ties(11)
    for number in range(11):
        said = {} if number % 3 == 0 else {"said": f"2025-01-0{1 + number % 2}"}
        factories.StatementFactory(**factories.dated(**said))


def shown(client, url: str, sort: str, page: int = 1) -> list[int]:
    response = client.get(url, {"sort": sort, "page": page})
    assert response.status_code == 200, response.content
    return [record.pk for record in response.context["records"]]


@pytest.mark.parametrize(
    ("url", "sort"),
    [
        ("/agreements/", "title"),
        ("/agreements/", "-announced"),
        ("/agreements/", "announced"),
        ("/agreements/", "expires"),
        ("/statements/", "-said"),
        ("/statements/", "said"),
        ("/statements/", "speaker"),
    ],
)
@pytest.mark.parametrize("skipped_by_index", [1, 5_000])
def test_every_page_holds_the_rows_of_the_list_in_order(
    client, settings, eleven_of_each, monkeypatch, url, sort, skipped_by_index
):
    # Page 1 is asked for at two page sizes: each is made afresh, not cached.
    settings.READER_CACHE_SECONDS = 0
    whole_list = shown(client, url, sort)
    assert len(whole_list) == 11
    monkeypatch.setattr(browse, "PAGE_SIZE", PAGE_SIZE)
    monkeypatch.setattr(TwoEndedPaginator, "SKIPPED_BY_INDEX", skipped_by_index)

    pages = [shown(client, url, sort, number) for number in range(1, 5)]

    assert [len(page) for page in pages] == [3, 3, 3, 2]
    assert sum(pages, []) == whole_list
