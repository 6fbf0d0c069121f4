"""A JSON list page links its neighbours in a `Link` header (RFC 8288).

`first` and `prev` when there is a page before, `next` and `last` when there
is one after, each URL keeping the list's other parameters; a list that fits
on one page sends no `Link` header.
"""

import re

import pytest

from tests import factories

LIST = "/api/v1/agreements/"


def links(response) -> dict[str, str]:
    assert response.status_code == 200, response.content
    return {
        rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response["Link"])
    }


@pytest.fixture
def five(db):
    factories.AgreementFactory.create_batch(5, kind="investment")


def test_the_first_page_links_the_next_and_the_last(client, five):
    response = client.get(LIST, {"page_size": 2, "kind": "investment"})

    assert links(response) == {
        "next": "http://testserver/api/v1/agreements/?kind=investment&page=2&page_size=2",
        "last": "http://testserver/api/v1/agreements/?kind=investment&page=3&page_size=2",
    }
    assert links(response)["next"] == response.json()["next"]


def test_a_middle_page_links_all_four(client, five):
    response = client.get(LIST, {"page_size": 2, "page": 2})

    assert links(response) == {
        "first": "http://testserver/api/v1/agreements/?page_size=2",
        "prev": "http://testserver/api/v1/agreements/?page_size=2",
        "next": "http://testserver/api/v1/agreements/?page=3&page_size=2",
        "last": "http://testserver/api/v1/agreements/?page=3&page_size=2",
    }


def test_the_last_page_links_back(client, five):
    response = client.get(LIST, {"page_size": 2, "page": 3})

    assert set(links(response)) == {"first", "prev"}
    assert links(response)["prev"].endswith("?page=2&page_size=2")


def test_a_list_on_one_page_sends_no_link_header(client, five):
    response = client.get(LIST)

    assert response.status_code == 200
    assert "Link" not in response
