"""Web addresses (a company's website, a source's URL) are RFC 3986 URIs, as the
API schema's `format: uri` says: a character RFC 3986 does not allow (`"`,
`<`, `>`, a space, a non-ASCII letter ...) is refused with a message naming it
and its percent-encoding, by the API, the admin and imports alike; never
silently encoded or dropped."""

import pytest
from django.urls import reverse

from partnerships import models
from partnerships.imports import records_import
from tests import factories
from tests.admin_forms import admin_form_data
from tests.api_records import token_client

pytestmark = pytest.mark.django_db

REFUSED = [
    ('https://example.com/a"b', "'\"'", "%22"),
    ("https://example.com/<script>", "'<'", "%3C"),
    ("https://example.com/a>b", "'>'", "%3E"),
    ("https://example.com/a{b}", "'{'", "%7B"),
    ("https://example.com/a|b", "'|'", "%7C"),
    ("https://example.com/a\\b", "'\\\\'", "%5C"),
    ("https://example.com/a^b", "'^'", "%5E"),
    ("https://example.com/a`b", "'`'", "%60"),
    ("https://example.com/café", "'é'", "%C3%A9"),
    ("https://example.com/100%", "'%'", "%25"),
    ("https://example.com/a[1]", "'['", "%5B"),
]
ACCEPTED = [
    "https://example.com/",
    "https://example.com/a%22b?q=1&r=(2)#top",
    "https://example.com/caf%C3%A9;v=1,2*~!$'+@:",
    "http://[2001:db8::1]:8080/path",
]


@pytest.fixture
def api(editor):
    return token_client(editor)


@pytest.mark.parametrize(("url", "shown", "encoded"), REFUSED)
def test_the_api_refuses_a_website_that_is_not_a_uri(api, url, shown, encoded):
    response = api.post(
        "/api/v1/companies/", {"name": "Example", "slug": "example", "website": url}
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["website"]
    assert "RFC 3986" in errors["website"][0]
    assert shown in errors["website"][0] or "'%'" in errors["website"][0]
    assert encoded in errors["website"][0]
    assert not models.Company.objects.filter(slug="example").exists()


@pytest.mark.parametrize(("url", "shown", "encoded"), REFUSED[:3])
def test_the_api_refuses_a_source_url_that_is_not_a_uri(api, url, shown, encoded):
    source = factories.SourceFactory(slug="the-source")
    response = api.patch("/api/v1/sources/the-source/", {"original_url": url})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["original_url"]
    assert encoded in errors["original_url"][0]
    source.refresh_from_db()
    assert source.url != url


@pytest.mark.parametrize("url", ACCEPTED)
def test_the_api_keeps_a_uri_as_given(api, url):
    response = api.post(
        "/api/v1/companies/", {"name": "Example", "slug": "example", "website": url}
    )
    assert response.status_code == 201, response.json()
    assert response.json()["website"] == url
    factories.SourceFactory(slug="the-source")
    response = api.patch("/api/v1/sources/the-source/", {"original_url": url})
    assert response.status_code == 200, response.json()
    assert response.json()["original_url"] == url


def test_the_admin_refuses_a_website_that_is_not_a_uri(editor_client):
    company = factories.CompanyFactory(slug="example", website="https://example.com/")
    url = reverse("admin:partnerships_company_change", args=[company.pk])
    data = admin_form_data(editor_client.get(url))
    data["website"] = "https://example.com/<b>"
    response = editor_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["website"]
    assert "%3C" in errors["website"][0]
    company.refresh_from_db()
    assert company.website == "https://example.com/"


def test_an_import_refuses_a_website_that_is_not_a_uri(db):
    content = 'slug,name,website\nexample,Example,"https://example.com/a""b"\n'
    report = records_import(
        record_type="companies", content=content.encode(), filename="c.csv"
    )
    assert not report.ok
    details = report.rows[0].details
    assert len(details) == 1 and "column website" in details[0], details
    assert "%22" in details[0]
    assert not models.Company.objects.filter(slug="example").exists()
