"""Absolute URLs name the host the site was asked on, unless SITE_URL fixes one.

`make run HOST=127.0.0.1:18731` must link to itself: canonical links, og:url,
the API's `url` and `site_url`, its paging links, the feed, the sitemap and
robots.txt. A host ALLOWED_HOSTS does not accept is refused before any of
them is written.
"""

import pytest

from partnerships.site_address import absolute
from tests import factories

HOSTS = ["127.0.0.1:18731", "localhost:8000"]


@pytest.fixture(autouse=True)
def no_site_url(settings):
    settings.SITE_URL = ""


@pytest.fixture
def deal(db):
    return factories.AgreementFactory(slug="the-deal", title="The deal")


@pytest.mark.parametrize("host", HOSTS)
def test_a_page_names_its_own_host(client, deal, host):
    content = client.get("/agreements/the-deal/", HTTP_HOST=host).content.decode()

    url = f"http://{host}/agreements/the-deal/"
    assert f'<link rel="canonical" href="{url}">' in content
    assert f'<meta property="og:url" content="{url}">' in content


@pytest.mark.parametrize("host", HOSTS)
def test_the_api_names_its_own_host(client, deal, host):
    factories.AgreementFactory.create_batch(2)

    response = client.get("/api/v1/agreements/", {"page_size": 1}, HTTP_HOST=host)

    record = response.json()["results"][0]
    assert record["url"].startswith(f"http://{host}/api/v1/agreements/")
    assert record["site_url"].startswith(f"http://{host}/agreements/")
    assert response.json()["next"].startswith(f"http://{host}/api/v1/agreements/")
    assert (
        f"<http://{host}/api/v1/agreements/?page=2&page_size=1>" in (response["Link"])
    )


@pytest.mark.parametrize("host", HOSTS)
def test_the_feed_sitemap_and_robots_name_their_own_host(client, deal, host):
    feed = client.get("/feed/", HTTP_HOST=host).content.decode()
    index = client.get("/sitemap.xml", HTTP_HOST=host).content.decode()
    sitemap = client.get("/sitemap-agreements.xml", HTTP_HOST=host).content.decode()
    robots = client.get("/robots.txt", HTTP_HOST=host).content.decode()

    assert f'href="http://{host}/agreements/the-deal/"' in feed
    assert f"<loc>http://{host}/sitemap-agreements.xml</loc>" in index
    assert f"<loc>http://{host}/agreements/the-deal/</loc>" in sitemap
    assert f"Sitemap: http://{host}/sitemap.xml" in robots


@pytest.mark.parametrize("host", HOSTS)
def test_site_url_fixes_every_absolute_url_whatever_the_host(
    client, deal, settings, host
):
    settings.SITE_URL = "https://tracker.example/"

    page = client.get("/agreements/the-deal/", HTTP_HOST=host).content.decode()
    api = client.get("/api/v1/agreements/the-deal/", HTTP_HOST=host).json()
    feed = client.get("/feed/", HTTP_HOST=host).content.decode()
    index = client.get("/sitemap.xml", HTTP_HOST=host).content.decode()
    sitemap = client.get("/sitemap-agreements.xml", HTTP_HOST=host).content.decode()
    robots = client.get("/robots.txt", HTTP_HOST=host).content.decode()

    site = "https://tracker.example"
    assert f"<loc>{site}/sitemap-agreements.xml</loc>" in index
    assert f'<link rel="canonical" href="{site}/agreements/the-deal/">' in page
    assert api["url"] == f"{site}/api/v1/agreements/the-deal/"
    assert api["site_url"] == f"{site}/agreements/the-deal/"
    assert f'href="{site}/agreements/the-deal/"' in feed
    assert f"<loc>{site}/agreements/the-deal/</loc>" in sitemap
    assert f"Sitemap: {site}/sitemap.xml" in robots
    assert host not in page + str(api) + feed + index + sitemap + robots


def test_a_host_the_site_does_not_serve_is_refused(client, deal):
    response = client.get("/agreements/the-deal/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert b"evil.example" not in response.content


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/agreements/the-deal/",
        "/api/v1/agreements/the-deal/",
        "/sitemap.xml",
        "/agreements/v1.2/",
        "//elsewhere.example/x",
        "/a/./b/",
        "/a/../b/",
        "/a/..",
        "/公司/阿里巴巴/",
        "/a b/",
        "/a?b=c",
        "/a%2Fb/",
    ],
)
@pytest.mark.parametrize("secure", [False, True])
def test_an_absolute_url_is_what_django_builds(rf, path, secure):
    # Plain paths are put after the request's origin without Django's parsing
    # and quoting (an API page names some 14 per record): the same address.
    request = rf.get("/", HTTP_HOST="127.0.0.1:18731", secure=secure)
    for _ in range(2):  # the origin, worked out once, serves the second too
        assert absolute(path, request) == request.build_absolute_uri(path)
