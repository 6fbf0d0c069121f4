"""What every page shares: titles, descriptions, canonical URLs, link previews,
the skip link, and the 404 and 500 pages in the site's style."""

import pytest
from django.template.loader import render_to_string
from django.test import override_settings

from tests.browse_records import build_world

PAGES = [
    "/",
    "/agreements/",
    "/agreements/deal-00/",
    "/companies/",
    "/companies/lab-00/",
    "/statements/",
    "/statements/said-00/",
    "/people/",
    "/people/chief-00/",
    "/sources/",
    "/sources/the-article/",
    "/search/?q=deal",
    "/timeline/",
    "/network/",
]


@pytest.fixture
def world(db):
    return build_world(1)


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_title_description_canonical_url_and_preview(
    client, world, path
):
    content = client.get(path).content.decode()
    assert "<title>" in content and "Partnership tracker</title>" in content
    assert '<meta name="description" content="' in content
    canonical = "http://testserver" + path.split("?")[0]  # the host asked
    assert f'<link rel="canonical" href="{canonical}">' in content
    assert f'<meta property="og:url" content="{canonical}">' in content
    assert '<meta property="og:title"' in content
    assert '<a class="skip-link" href="#main">Skip to content</a>' in content
    assert '<main id="main"' in content


@override_settings(SITE_URL="https://tracker.example/")
def test_the_canonical_url_uses_the_sites_address(client, world):
    content = client.get("/agreements/deal-00/").content.decode()
    expected = "https://tracker.example/agreements/deal-00/"
    assert f'<link rel="canonical" href="{expected}">' in content


def test_a_page_title_names_the_record(client, world):
    content = client.get("/agreements/deal-00/").content.decode()
    assert "<title>Deal 00 · Partnership tracker</title>" in content


def test_an_unknown_address_gets_the_sites_404_page(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "<h1>Page not found</h1>" in content
    assert 'class="site-search"' in content


def test_the_500_page_renders_without_a_request_or_the_database():
    # Django's server_error renders 500.html with an empty context.
    content = render_to_string("500.html")
    assert "Something went wrong on our side" in content
    assert "partnerships/site.css" in content


def test_every_page_links_to_the_api_and_its_documentation(client, world):
    page = client.get("/").content.decode()
    assert 'href="/api/v1/"' in page
    assert 'href="/api/v1/docs/"' in page
