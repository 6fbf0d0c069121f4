"""The leak crawler: nothing a reader may not see ever reaches a reader.

Around a few published records, `build_boundary_world` puts a draft of every
publishable model in every relation (a draft party, a draft cited source, a
draft speaker, a draft owner, a draft alias, a record withdrawn and edited with
parts added and removed, change reasons, internal notes), each free-text field
holding a marker of its own. Then, for each reader who may not see drafts (an
anonymous visitor, a signed-in account without permissions, staff outside the
Editors group), the crawler:

- follows every link from `/`, (pages link each record's Atom feed and the
  milestone calendars, whose events link their agreements), `/sitemap.xml`, `/feed/`, `/robots.txt`, `/api/v1/` (which links
  the change feed, `/api/v1/changes/`, logged first as the task worker would), the
  health checks (`/healthz`, `/readyz`) and the OpenAPI schema's list operations (pages, `next`, record URLs), each list also
  as CSV, each API record's history and its `as_of` at several instants;
- reads the full downloads, exported from this world (`/downloads/`: the JSON
  file, each CSV inside the ZIP, every row of the SQLite file), and each
  published agreement's and company's embeddable card (`/embed/`), a draft's
  card answering 404 as an unknown slug's does;
- asks every list filter with each draft's slug and every search with each
  marker, and checks that the answer is the one for a slug or a word that does
  not exist, byte for byte (pages that repeat what was asked are compared with
  that value blanked out in both);
- sends the "Suggest a correction" form (`/corrections/new/`, on every record
  page) naming each draft as each record type, and checks that it answers as
  for a record that does not exist and stores nothing;

and asserts that no marker appears in any body or header, that nothing answers
500, and that it visited at least every URL it expects.

Alert mails are a channel too (`alerts/`): every published company, agreement
and person of the world is watched through its page's form, each confirmation
and unsubscribe page is checked as a crawled page is, and a digest of the whole
public history is mailed; no marker may appear in any mail's subject, body or
headers.
"""

import html
import io
import json
import re
import sqlite3
import zipfile
from collections import Counter
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from icalendar import Calendar

from alerts.models import Watch
from corrections.models import Correction
from following.changefeed import changes_record
from following.downloads import files
from partnerships import views
from partnerships.api.schema import NO_NUL
from partnerships.models import AgreementParty
from partnerships.sitemaps import SITEMAPS
from partnerships.visibility import PUBLIC
from tests.alerts_records import digest, everything_in, links
from tests.api_records import token_client
from tests.boundary_world import build_boundary_world
from tests.browse_records import without_nonce

# Thousands of requests as one client: no rate limit may answer in their place.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("generous_rate_limits")]

SKIPPED_PREFIXES = ("/admin/", "/static/")
HOSTS = {"", "testserver", urlsplit(settings.SITE_URL).netloc}
UNKNOWN = "lk999q"  # shaped like a marker, names nothing
LINK = re.compile(r"""(?:href|src)=["']([^"']+)["']|<loc>([^<]+)</loc>""")
SITE_LISTS = {
    "/agreements/": views.agreement_list,
    "/companies/": views.company_list,
    "/statements/": views.statement_list,
    "/people/": views.person_list,
    "/sources/": views.source_list,
}
# The charts that take a company (`?company=`): its agreements, its neighbourhood.
CHARTS = ("/timeline/", "/network/")
# The "Suggest a correction" form of every record page: a POST naming a record.
CORRECTION_FORM = "/corrections/new/"
CORRECTION_KINDS = ("agreements", "companies", "statements", "people", "sources")
# Query parameters that never name a record or a word.
NOT_NAMING = {"page", "page_size", "ordering", "format", "sort", "as_of"}


def canonical(url: str, base: str = "/") -> str | None:
    """The path and sorted query of a link on this site, or None for elsewhere."""
    parts = urlsplit(urljoin(base, html.unescape(url.strip())))
    if parts.scheme not in ("", "http", "https") or parts.netloc not in HOSTS:
        return None
    if parts.path.startswith(SKIPPED_PREFIXES):
        return None
    query = sorted(parse_qsl(parts.query, keep_blank_values=True))
    return parts.path + (f"?{urlencode(query)}" if query else "")


def body_text(response) -> str:
    """What a reader gets, as text: each CSV inside a ZIP, every statement and
    row of a SQLite file, or the body itself."""
    kind = response.get("Content-Type", "")
    content = response.getvalue()
    if kind == "application/zip":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(
                archive.read(name).decode("utf-8") for name in archive.namelist()
            )
    if kind == "application/vnd.sqlite3":
        connection = sqlite3.connect(":memory:")
        connection.deserialize(content)
        try:
            return "\n".join(connection.iterdump())
        finally:
            connection.close()
    return content.decode("utf-8", "replace")


def json_links(data) -> list[str]:
    if isinstance(data, dict):
        return [link for value in data.values() for link in json_links(value)]
    if isinstance(data, list):
        return [link for value in data for link in json_links(value)]
    if isinstance(data, str) and (data.startswith("/") or "://" in data):
        return [data]
    return []


class Crawler:
    def __init__(self, client, world) -> None:
        self.client = client
        self.markers = [marker.lower() for marker in world.markers]
        self.visited: dict[str, int] = {}
        self.filters_tried = 0
        self.filters_by_channel: Counter = Counter()
        self.unknown_answers: dict[tuple, object] = {}
        self.corrections_tried = 0

    def get(self, url: str, *, echoed: str | None = None):
        """GET `url` and check its answer; `echoed` is a value the request itself
        carries, blanked out before looking for markers."""
        response = self.client.get(url)
        assert response.status_code < 500, (url, response.status_code)
        text = without_nonce(body_text(response))
        if response.get("Content-Type", "").startswith("text/calendar"):
            # Unfolded (RFC 5545, 3.1): a marker may not hide across a fold.
            text = re.sub(r"\r\n[ \t]", "", text)
        headers = json.dumps(dict(response.items()), ensure_ascii=False)
        if echoed:
            text = blank(text, echoed)
            headers = blank(headers, echoed)
        found = [m for m in self.markers if m in text.lower() or m in headers.lower()]
        assert not found, f"{url} shows {found}"
        response.checked_text = text
        return response

    def crawl(self, starts: list[str]) -> None:
        queue = list(starts)
        while queue:
            url = queue.pop(0)
            if url in self.visited:
                continue
            response = self.get(url)
            self.visited[url] = response.status_code
            for link in self.links(url, response):
                if link not in self.visited:
                    queue.append(link)

    def links(self, url: str, response) -> list[str]:
        kind = response.get("Content-Type", "")
        found = []
        if "json" in kind:
            # A download is streamed: its text was read once, by `get`.
            streamed = response.streaming
            data = json.loads(response.checked_text) if streamed else response.json()
            found = json_links(data)
            path = urlsplit(url).path
            if re.fullmatch(r"/api/v1/\w+/", path) and "format=" not in url:
                found.append(f"{path}?format=csv")
            if re.fullmatch(r"/api/v1/\w+/[^/]+/", path) and "?" not in url:
                found.append(f"{path}history/")
        elif "html" in kind or "xml" in kind:
            found = [a or b for a, b in LINK.findall(response.checked_text)]
            path = urlsplit(url).path
            if path in SITE_LISTS and "format=" not in url:
                found.append(f"{path}?format=csv")
        elif "calendar" in kind:
            calendar = Calendar.from_ical(response.content)
            found = [str(event["url"]) for event in calendar.walk("VEVENT")]
        links = (canonical(link, url) for link in found)
        return [link for link in links if link]

    def post(self, url: str, data: dict, *, echoed: str):
        """POST `data` to `url` and check its answer as `get` does."""
        response = self.client.post(url, data)
        assert response.status_code < 500, (url, data, response.status_code)
        text = blank(
            without_nonce(response.getvalue().decode("utf-8", "replace")), echoed
        )
        headers = blank(json.dumps(dict(response.items()), ensure_ascii=False), echoed)
        found = [m for m in self.markers if m in text.lower() or m in headers.lower()]
        assert not found, f"POST {url} {data} shows {found}"
        response.checked_text = text
        return response

    def correction_same_as_unknown(self, kind: str, slug: str, unknown: str) -> None:
        """The correction form naming `slug` answers as naming `unknown` does."""
        form = {"kind": kind, "text": "Wrong.", "source_url": "", "website": ""}
        named = self.post(CORRECTION_FORM, {**form, "slug": slug}, echoed=slug)
        nothing = self.post(CORRECTION_FORM, {**form, "slug": unknown}, echoed=unknown)
        self.corrections_tried += 1
        assert named.status_code == nothing.status_code == 404, (kind, slug)
        assert named.checked_text == nothing.checked_text, (kind, slug)

    def same_as_unknown(self, path: str, name: str, value: str, unknown: str) -> None:
        """`?name=value` answers as `?name=unknown` does, byte for byte once each
        request's own value is blanked out."""
        named = self.get(f"{path}?{urlencode({name: value})}", echoed=value)
        key = (path, name, unknown)
        if key not in self.unknown_answers:
            url = f"{path}?{urlencode({name: unknown})}"
            self.unknown_answers[key] = self.get(url, echoed=unknown)
        nothing = self.unknown_answers[key]
        self.filters_tried += 1
        where = "API" if path.startswith("/api/") else "site"
        what = "search" if name in ("search", "q") else "filter"
        self.filters_by_channel[f"{where} {what}"] += 1
        assert named.status_code == nothing.status_code, (path, name, value)
        assert named.checked_text == nothing.checked_text, (path, name, value)


def blank(text: str, value: str) -> str:
    """`text` with `value` blanked out, however a page or URL spelled it."""
    for spelling in {value, html.escape(value), urlencode({"": value})[1:]}:
        text = re.sub(re.escape(spelling), "«asked»", text, flags=re.IGNORECASE)
    return text


def list_operations(crawler) -> dict[str, list[str]]:
    """The schema's list paths with the query parameters that name something."""
    schema = crawler.get("/api/v1/schema/?format=json").json()
    operations = {}
    for path, item in schema["paths"].items():
        get = item.get("get")
        names = {parameter["name"] for parameter in (get or {}).get("parameters", [])}
        if "{" in path or "page" not in names:
            continue
        operations[path] = [
            parameter["name"]
            for parameter in get.get("parameters", [])
            if parameter["in"] == "query"
            and parameter["name"] not in NOT_NAMING
            and parameter["schema"].get("type") == "string"
            and "enum" not in parameter["schema"]
            and "format" not in parameter["schema"]
            # Free text refuses only a NUL character: it still names something.
            and parameter["schema"].get("pattern", NO_NUL) == NO_NUL
        ]
    return operations


# Signed in without the Editors group, a reader is shown what the anonymous one
# is, through the same queries: on PostgreSQL, CI crawls as the anonymous
# reader alone (a crawl takes 90 s there).
READERS = [
    "anonymous",
    pytest.param("signed-in account", marks=pytest.mark.one_database_enough),
    pytest.param(
        "staff without the Editors group", marks=pytest.mark.one_database_enough
    ),
]


def sign_in(client, who: str) -> None:
    users = get_user_model().objects
    if who == "signed-in account":
        client.force_login(users.create_user(username="reader", password="x"))
    elif who == "staff without the Editors group":
        client.force_login(
            users.create_user(username="staff", password="x", is_staff=True)
        )


def channel(url: str) -> str:
    """The channel a visited URL belongs to, for the crawler's report."""
    path, _, query = url.partition("?")
    if "as_of=" in query:
        return "API as_of"
    if "format=csv" in query:
        return "API CSV" if path.startswith("/api/") else "site CSV"
    if path.endswith("/history/"):
        return "API history"
    if path.startswith("/api/v1/schema"):
        return "API schema"
    if path == "/api/v1/changes/":
        return "change feed"
    if path.startswith("/api/"):
        return "API lists and records"
    if re.fullmatch(r"/(companies|agreements|people|topics)/[^/]+/feed/", path):
        return "feeds per record"
    if path.endswith("calendar.ics"):
        return "calendar"
    if path.startswith("/sitemap"):
        return "sitemap"
    if path in ("/feed/", "/healthz", "/readyz"):
        return path.strip("/")
    if path.startswith("/downloads/"):
        return "downloads"
    if path.startswith("/embed/"):
        return "embeds"
    return "site pages"


def expected_urls(world) -> set[str]:
    # A company party to a published agreement links its timeline and network.
    parties = set(PUBLIC.links(AgreementParty).values_list("company__slug", flat=True))
    expected = {
        "/",
        "/sitemap.xml",
        *(f"/sitemap-{section}.xml" for section in SITEMAPS),
        "/feed/",
        "/robots.txt",
        "/api/v1/",
        "/api/v1/changes/",
        "/timeline/",
        "/network/",
        "/network/?groups=1",
        "/healthz",
        "/readyz",
        "/calendar.ics",
        "/topics/compute/feed/",
        "/downloads/",
        "/downloads/partnership-tracker.schema.json",
        *(f"/downloads/{file.filename}" for file in files.FILES),
        "/corrections/thanks/",
        *SITE_LISTS,
        *(f"{path}?format=csv" for path in SITE_LISTS),
    }
    for kind, slugs in world.published.items():
        expected.add(f"/api/v1/{kind}/")
        expected.add(f"/api/v1/{kind}/?format=csv")
        for slug in slugs:
            expected |= {
                f"/{kind}/{slug}/",
                f"/api/v1/{kind}/{slug}/",
                f"/api/v1/{kind}/{slug}/history/",
            }
            if kind in ("companies", "agreements", "people"):
                expected.add(f"/{kind}/{slug}/feed/")
            if kind == "companies":
                expected.add(f"/companies/{slug}/calendar.ics")
                if slug in parties:
                    expected.add(f"/timeline/?company={slug}")
                    expected.add(f"/network/?company={slug}")
            if kind in ("companies", "agreements"):
                expected.add(f"/embed/{kind}/{slug}/")
    return expected


@pytest.mark.parametrize("who", READERS)
def test_no_marker_reaches_any_reader(client, who, capsys, settings, tmp_path):
    world = build_boundary_world()
    # The change feed as the task worker would have logged it by now.
    logged = {(change.slug, change.type) for change in changes_record()}
    assert {("lifecycle", "withdrawn"), ("lifecycle", "created")} <= logged
    settings.DOWNLOADS_ROOT = tmp_path
    files.export_dataset()
    sign_in(client, who)
    crawler = Crawler(client, world)

    operations = list_operations(crawler)
    assert len(operations) == 5, operations
    assert sum(len(names) for names in operations.values()) >= 9, operations
    starts = [
        *["/", "/sitemap.xml", "/feed/", "/robots.txt", "/api/v1/"],
        *["/healthz", "/readyz", "/corrections/thanks/"],
        *(
            f"/embed/{kind}/{slug}/"
            for kind in ("agreements", "companies")
            for slug in world.published[kind]
        ),
    ]
    crawler.crawl([*starts, *operations, *world.merged_addresses])
    assert {crawler.visited[url] for url in world.merged_addresses} == {404}

    missing = expected_urls(world) - set(crawler.visited)
    assert not missing, f"the crawler never reached {sorted(missing)}"
    statuses = Counter(crawler.visited.values())
    assert statuses[200] >= len(expected_urls(world))

    as_of_urls = [
        url
        for url in crawler.visited
        if re.fullmatch(r"/api/v1/\w+/[^/]+/", url) and crawler.visited[url] == 200
    ]
    for url in as_of_urls:
        for instant in world.instants.values():
            response = crawler.get(f"{url}?{urlencode({'as_of': instant})}")
            assert response.status_code in (200, 404), (url, instant)
            crawler.visited[f"{url}?as_of={instant}"] = response.status_code

    for path, parameters in operations.items():
        for name in parameters:
            for slug in world.draft_slugs:
                crawler.same_as_unknown(path, name, slug, UNKNOWN)
        for marker in world.markers:
            crawler.same_as_unknown(path, "search", marker, UNKNOWN)
    for path, browse in SITE_LISTS.items():
        for facet in browse.facets:
            for slug in world.draft_slugs:
                crawler.same_as_unknown(path, facet.param, slug, UNKNOWN)
        for marker in world.markers:
            crawler.same_as_unknown(path, "q", marker, UNKNOWN)
    for marker in world.markers:
        crawler.same_as_unknown("/search/", "q", marker, UNKNOWN)
    for path in CHARTS:
        for slug in world.draft_slugs:
            crawler.same_as_unknown(path, "company", slug, UNKNOWN)
    for kind in ("agreements", "companies"):
        unknown = crawler.get(f"/embed/{kind}/{UNKNOWN}/")
        assert unknown.status_code == 404
        for slug in world.draft_slugs:
            card = crawler.get(f"/embed/{kind}/{slug}/", echoed=slug)
            assert card.status_code == 404, (kind, slug)
            assert card.checked_text == blank(unknown.checked_text, UNKNOWN)
    for kind in CORRECTION_KINDS:
        for slug in world.draft_slugs:
            crawler.correction_same_as_unknown(kind, slug, UNKNOWN)
    assert crawler.corrections_tried == len(CORRECTION_KINDS) * len(world.draft_slugs)
    assert not Correction.objects.exists()
    named_filters = (
        sum(len(names) for names in operations.values())
        + sum(len(browse.facets) for browse in SITE_LISTS.values())
        + len(CHARTS)
    )
    searches = len(operations) + len(SITE_LISTS) + 1
    assert crawler.filters_tried == (
        named_filters * len(world.draft_slugs) + searches * len(world.markers)
    )

    with capsys.disabled():
        print(
            f"\nleak crawler, {who}: {len(crawler.visited)} URLs visited "
            f"({len(as_of_urls)} records × {len(world.instants)} as_of instants "
            f"among them), {len(world.markers)} markers, "
            f"{crawler.filters_tried} filters and searches compared, "
            f"{crawler.corrections_tried} correction forms naming drafts"
        )
        by_channel = Counter(channel(url) for url in crawler.visited)
        print(
            "  URLs per channel: "
            + ", ".join(sorted(f"{k} {v}" for k, v in by_channel.items()))
        )
        filters = crawler.filters_by_channel
        print(
            "  filters and searches per channel: "
            + ", ".join(sorted(f"{k} {v}" for k, v in filters.items()))
        )


@pytest.mark.parametrize("signed_in_by", ["token", "session"])
def test_editors_see_what_readers_do_not(client, editor, signed_in_by):
    world = build_boundary_world()
    if signed_in_by == "token":
        client = token_client(editor)
    else:
        client.force_login(editor)

    for slug in world.draft_slugs:
        found = [
            client.get(f"/api/v1/{kind}/{slug}/").status_code
            for kind in ("agreements", "companies", "people", "sources", "statements")
        ]
        assert 200 in found, slug
    history = client.get(
        "/api/v1/agreements/lifecycle/history/", {"page_size": 100}
    ).content.decode()
    lifecycle = [m for m, where in world.markers.items() if "lifecycle" in where]
    assert len(lifecycle) == 8
    for marker in lifecycle:
        assert marker in history, world.markers[marker]
    entries = json.loads(history)["results"]
    assert {entry["user"] for entry in entries} == {None}  # saved by no one here
    assert any(entry["reason"] for entry in entries)
    assert "internal_note" in client.get("/api/v1/agreements/public-deal/").json()


def test_no_marker_reaches_any_alert_page_or_mail(client, mailoutbox):
    world = build_boundary_world()
    crawler = Crawler(client, world)
    kinds = {"companies", "agreements", "people"}
    pages = [
        f"/{kind}/{slug}/"
        for kind, slugs in world.published.items()
        if kind in kinds
        for slug in slugs
    ]
    for page in pages:
        form = crawler.get(page).checked_text
        kind = re.search(r'name="kind" value="(\w+)"', form).group(1)
        slug = re.search(r'name="slug" value="([\w-]+)"', form).group(1)
        asked = client.post(
            "/alerts/watch/",
            {
                "email": "reader@example.org",
                "kind": kind,
                "slug": slug,
                "frequency": "daily",
            },
        )
        assert asked.status_code == 200, (page, asked.status_code)
        assert not [m for m in crawler.markers if m in asked.content.decode()]
    assert len(mailoutbox) == len(pages)
    for message in mailoutbox:
        for link in links(message, "confirm") + links(message, "unsubscribe"):
            assert crawler.get(link).status_code == 200, link
        (confirm,) = links(message, "confirm")
        assert client.post(confirm).status_code == 200
    # As if confirmed before anything happened: the whole public history is new.
    Watch.objects.update(seen=[])

    (sent,) = digest()

    text = "\n".join(everything_in(message) for message in mailoutbox).lower()
    assert text.count("\n== ") == len(pages)
    assert "lifecycle deal: published again" in sent.body.lower()
    found = [marker for marker in crawler.markers if marker in text]
    assert not found, [world.markers[marker] for marker in found]
