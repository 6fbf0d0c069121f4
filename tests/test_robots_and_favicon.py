"""/robots.txt and /favicon.ico, which browsers and crawlers ask every site for."""

from tests import factories


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, db):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /*format=csv" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert client.get("/sitemap.xml").status_code == 200


def test_robots_txt_names_no_record(client, db):
    factories.AgreementFactory(slug="a-published-deal")

    assert b"a-published-deal" not in client.get("/robots.txt").content


def test_favicon_ico_leads_to_the_sites_svg_icon(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"].endswith(".svg")
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert icon["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in b"".join(icon.streaming_content)


def test_both_take_only_get_and_head(client, db):
    assert client.post("/robots.txt").status_code == 405
    assert client.head("/favicon.ico").status_code == 302
