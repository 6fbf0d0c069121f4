"""In a browser: the downloads page lists the exported files, and another
site's page shows an embedded card in an iframe, while an ordinary page of the
tracker refuses to be framed. Screenshots go to artifacts/screenshots/."""

import html
import http.server
import threading
import urllib.parse

import pytest

from following.downloads import files
from tests.browser import SCREENSHOTS

pytestmark = pytest.mark.browser

AGREEMENT = "openai-nvidia-10gw-partnership"


@pytest.fixture
def exported(site, settings, tmp_path):
    settings.DOWNLOADS_ROOT = tmp_path
    files.export_dataset()
    return site


@pytest.fixture
def other_site():
    """Another site (its own server on 127.0.0.1, where the tracker is on
    localhost: another origin) whose article frames the URL it is given as
    ?frame=. A loopback server: Chromium refuses a public site's frame of
    localhost whatever the frame's policy says."""

    class Article(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            query = urllib.parse.urlsplit(self.path).query
            url = html.escape(urllib.parse.parse_qs(query)["frame"][0])
            body = (
                "<!doctype html><html lang=en><title>A news site</title>"
                "<h1>A news site's article</h1><p>The deal, as the tracker "
                f'records it:</p><iframe src="{url}" width="460" height="300" '
                'title="card"></iframe>'
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Article)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/article"
    server.shutdown()


def open_other_site(page, other_site: str, url: str) -> None:
    page.goto(f"{other_site}?{urllib.parse.urlencode({'frame': url})}")


def test_the_downloads_page_lists_each_file_with_its_checksum(exported, page):
    page.goto(f"{exported}/downloads/")

    rows = page.locator("table.downloads tbody tr")
    assert rows.count() == len(files.FILES)
    manifest = files.read_manifest()
    for entry in manifest["files"].values():
        assert page.get_by_text(entry["sha256"]).is_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "downloads.png", full_page=True)
    assert not page.problems, page.problems


def test_another_site_shows_an_agreement_card_in_an_iframe(site, page, other_site):
    open_other_site(page, other_site, f"{site}/embed/agreements/{AGREEMENT}/")
    frame = page.frame_locator("iframe")

    card = frame.locator(".card")
    card.wait_for()
    assert "NVIDIA" in card.inner_text()
    assert frame.locator('a[target="_top"]').count() >= 2
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "embed-agreement.png", full_page=True)
    assert not page.problems, page.problems


def test_another_site_shows_a_company_card_in_an_iframe(site, page, other_site):
    open_other_site(page, other_site, f"{site}/embed/companies/openai/")

    page.frame_locator("iframe").locator(".card").wait_for()
    page.screenshot(path=SCREENSHOTS / "embed-company.png", full_page=True)


def test_an_ordinary_page_refuses_to_be_framed(site, page, other_site):
    blocked = []
    page.on("console", lambda message: blocked.append(message.text))
    open_other_site(page, other_site, f"{site}/agreements/{AGREEMENT}/")
    page.wait_for_timeout(1500)

    (framed,) = [frame for frame in page.frames if frame != page.main_frame]
    assert framed.url.startswith("chrome-error://")
    assert any(
        "frame-ancestors" in text or "X-Frame-Options" in text for text in blocked
    )
