"""A numbered page past the middle of a list is read from its other end, and a
deep one by its ids first (`partnerships.deep_pages.TwoEndedPaginator`):
every page still holds exactly the rows that page holds in the list's order,
ties and missing values included."""

import pytest

from partnerships.deep_pages import TwoEndedPaginator
from tests import factories

LIST = "/api/v1/agreements/"


@pytest.fixture
def eleven(db):
    # Ties broken by the primary key, and missing values last both ways.
    factories.agreements_with_ties(11)


def slugs(client, **params) -> list[str]:
    response = client.get(LIST, {"page_size": 100, **params})
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def every_page(client, **params) -> list[str]:
    rows = []
    for number in range(1, 5):
        rows += slugs(client, page_size=3, page=number, **params)
    return rows


@pytest.mark.parametrize("ordering", [None, "-announced_on", "announced_on,title"])
@pytest.mark.parametrize("skipped_by_index", [1, 5_000])
def test_every_page_holds_the_rows_of_the_list_in_order(
    client, eleven, monkeypatch, ordering, skipped_by_index
):
    monkeypatch.setattr(TwoEndedPaginator, "SKIPPED_BY_INDEX", skipped_by_index)
    params = {"ordering": ordering} if ordering else {}

    assert every_page(client, **params) == slugs(client, **params)
