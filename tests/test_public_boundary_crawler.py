"""The leak crawler: nothing a reader may not see ever reaches a reader.

Around a few published records, `build_boundary_world` puts a draft of every
publishable model in every relation (a draft party, a draft cited source, a
draft speaker, a draft owner, a draft alias, a record withdrawn and edited with
parts added and removed, change reasons, internal notes), each free-text field
holding a marker of its own. Then, for each reader who may not see drafts (an
anonymous visitor, a signed-in account without permissions, staff outside the
Editors group), the crawler:

- follows every link from `/`, (pages link each record's Atom feed and the
  milestone calendars, whose events link their agreements), `/sitemap.xml`, `/feed/`, `/robots.txt`, `/api/v1/`, the
  health checks (`/healthz`, `/readyz`) and the OpenAPI schema's list operations (pages, `next`, record URLs), each list also
  as CSV, each API record's history and its `as_of` at several instants;
- asks every list filter with each draft's slug and every search with each
  marker, and checks that the answer is the one for a slug or a word that does
  not exist, byte for byte (pages that repeat what was asked are compared with
  that value blanked out in both);

and asserts that no marker appears in any body or header, that nothing answers
500, and that it visited at least every URL it expects.
"""

import html
import json
import re
from collections import Counter
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from icalendar import Calendar

from partnerships import views
from partnerships.api.schema import NO_NUL
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

    def get(self, url: str, *, echoed: str | None = None):
        """GET `url` and check its answer; `echoed` is a value the request itself
        carries, blanked out before looking for markers."""
        response = self.client.get(url)
        assert response.status_code < 500, (url, response.status_code)
        text = without_nonce(response.getvalue().decode("utf-8", "replace"))
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
            found = json_links(response.json())
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


READERS = ["anonymous", "signed-in account", "staff without the Editors group"]


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
    if path.startswith("/api/"):
        return "API lists and records"
    if re.fullmatch(r"/(companies|agreements|people|topics)/[^/]+/feed/", path):
        return "feeds per record"
    if path.endswith("calendar.ics"):
        return "calendar"
    if path in ("/feed/", "/sitemap.xml", "/healthz", "/readyz"):
        return path.strip("/")
    return "site pages"


def expected_urls(world) -> set[str]:
    expected = {
        "/",
        "/sitemap.xml",
        "/feed/",
        "/robots.txt",
        "/api/v1/",
        "/timeline/",
        "/network/",
        "/network/?groups=1",
        "/healthz",
        "/readyz",
        "/calendar.ics",
        "/topics/compute/feed/",
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
    return expected


@pytest.mark.parametrize("who", READERS)
def test_no_marker_reaches_any_reader(client, who, capsys):
    world = build_boundary_world()
    sign_in(client, who)
    crawler = Crawler(client, world)

    operations = list_operations(crawler)
    assert len(operations) == 5, operations
    assert sum(len(names) for names in operations.values()) >= 9, operations
    starts = [
        *["/", "/sitemap.xml", "/feed/", "/robots.txt", "/api/v1/"],
        *["/healthz", "/readyz"],
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
    named_filters = sum(len(names) for names in operations.values()) + sum(
        len(browse.facets) for browse in SITE_LISTS.values()
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
            f"{crawler.filters_tried} filters and searches compared"
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
