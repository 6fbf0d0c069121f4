"""Every response carries a strict Content-Security-Policy and a
Permissions-Policy; inline scripts and styles run only with the response's nonce."""

import re

import pytest

from tests import factories

NONCE_IN_HEADER = re.compile(r"'nonce-([^']+)'")
NONCE_IN_PAGE = re.compile(r'<(script|style|link)\b[^>]*\bnonce="([^"]+)"')


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = (directive.split() for directive in header.split(";"))
    return {name: values for name, *values in directives}


def header_nonce(response) -> str:
    [nonce] = set(NONCE_IN_HEADER.findall(response["Content-Security-Policy"]))
    return nonce


def page_nonces(response) -> set[str]:
    return {nonce for _, nonce in NONCE_IN_PAGE.findall(response.content.decode())}


def assert_strict(response) -> None:
    directives = policy(response)
    assert directives["default-src"] == ["'none'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]


@pytest.fixture
def records(db):
    factories.AgreementPartyFactory(agreement=factories.AgreementFactory(slug="deal"))


@pytest.mark.parametrize("path", ["/", "/agreements/", "/agreements/deal/"])
def test_a_page_has_a_strict_policy_whose_nonce_its_stylesheet_carries(
    client, records, path
):
    response = client.get(path)

    assert response.status_code == 200
    assert_strict(response)
    assert "'unsafe-inline'" not in policy(response)["style-src"]
    assert page_nonces(response) == {header_nonce(response)}
    assert response["X-Frame-Options"] == "DENY"


def test_each_response_has_its_own_nonce(client, records):
    first, second = client.get("/"), client.get("/")

    assert header_nonce(first) != header_nonce(second)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/partnerships/agreement/",
        "/admin/partnerships/agreement/add/",
    ],
)
def test_the_admin_scripts_carry_the_nonce_of_the_policy(editor_client, records, path):
    response = editor_client.get(path)

    assert response.status_code == 200
    assert_strict(response)
    assert "<script" in response.content.decode()
    assert page_nonces(response) == {header_nonce(response)}


def test_the_swagger_ui_init_script_carries_the_nonce_of_the_policy(client, db):
    response = client.get("/api/v1/docs/")

    content = response.content.decode()
    assert response.status_code == 200
    assert_strict(response)
    assert page_nonces(response) == {header_nonce(response)}
    # The inline script that starts Swagger UI, and no script without the nonce.
    assert f'<script nonce="{header_nonce(response)}">' in content
    assert len(re.findall(r"<script\b", content)) == len(
        re.findall(r"<script\b[^>]*\bnonce=", content)
    )


def test_redoc_may_inline_styles_but_not_scripts_nor_load_fonts_from_google(client, db):
    response = client.get("/api/v1/redoc/")

    content = response.content.decode()
    assert response.status_code == 200
    assert_strict(response)
    assert policy(response)["style-src"] == ["'self'", "'unsafe-inline'"]
    assert (
        re.findall(r'<script\b[^>]*\bnonce="([^"]+)"', content)
        == [header_nonce(response)] * 2
    )
    assert "fonts.googleapis.com" not in content


def test_the_browsable_api_highlighting_style_carries_the_nonce(client, db):
    response = client.get("/api/v1/", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert_strict(response)
    assert f'<style nonce="{header_nonce(response)}">' in response.content.decode()


@pytest.mark.parametrize(
    "path, accept",
    [
        ("/api/v1/agreements/", "application/json"),
        ("/api/v1/no-such-thing/", "application/json"),
        ("/feed/", "*/*"),
        ("/agreements/deal/feed/", "*/*"),
        ("/calendar.ics", "*/*"),
        ("/companies/no-such-company/calendar.ics", "*/*"),
        ("/static/partnerships/site.css", "*/*"),
        ("/agreements/no-such-agreement/", "text/html"),
    ],
)
def test_every_response_carries_both_policies(client, records, path, accept):
    response = client.get(path, HTTP_ACCEPT=accept)

    assert_strict(response)
    assert response["Permissions-Policy"]


def test_the_permissions_policy_denies_camera_microphone_and_geolocation(client, db):
    response = client.get("/")

    features = dict(
        item.strip().split("=") for item in response["Permissions-Policy"].split(",")
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()"


@pytest.mark.parametrize("path", ["/timeline/", "/network/"])
def test_chart_legends_need_no_style_attribute(client, records, path):
    response = client.get(path)

    assert response.status_code == 200
    assert "style=" not in response.content.decode()
