"""`make slowest`: the site's slowest pages on a data set, found by following
its links, as a reader would.

`make bench` times the endpoints it names; a page it does not name (a
record's page, a filter combined with a search, a feed) can still read a
whole table. This starts from the site's lists and the API's roots, follows
every link a page gives (at most two of each shape: the same path with
other slugs, the same query keys with other values; sorts and formats are
shapes of their own), and asks each page twice, answered in this process by
Django's test client: once so that the counts it keeps are counted, then
timed. It prints the slowest, with the time their queries took to execute
and how many, and the slowest query's SQL with `--sql`. SQLite works rows out
as they are fetched, so there the execute time is a lower bound: a page whose
total is far above it may still be its SQL.

    DATABASE_URL=sqlite:///artifacts/bench/data/L-….sqlite3 make slowest

A benchmark: it prints figures and asserts nothing. It reads only, through
the site's own pages (the bench's data sets are migrated already).
"""

import argparse
import os
import re
import time
from collections import Counter
from urllib.parse import parse_qsl, urlsplit

SEEDS = [
    "/",
    "/agreements/",
    "/companies/",
    "/statements/",
    "/people/",
    "/sources/",
    "/timeline/",
    "/network/",
    "/search/?q=compute",
    "/api/v1/agreements/",
    "/api/v1/statements/",
    "/api/v1/companies/",
    "/api/v1/people/",
    "/api/v1/sources/",
    "/downloads/",
    "/sitemap.xml",
    "/feed/",
]
LINK = re.compile(r'href="(/[^"#]*)"|"https?://testserver(/[^"]*)"')
NOT_FOLLOWED = ("//", "/admin", "/static", "/accounts")
# Values that make a page of their own kind; any other value is one more of
# the same shape.
SHAPING_PARAMS = {"sort", "ordering", "format"}
PAGING_PARAMS = {"page", "cursor"}


def shape(url: str) -> tuple:
    """What a link is like: its path with numbered slugs as one, its query's
    keys (with the values of those that shape a page), whether it pages."""
    parts = urlsplit(url)
    path = re.sub(r"/[^/]*-\d+/", "/<slug>/", parts.path)
    query = parse_qsl(parts.query)
    keys = sorted(
        (key, value if key in SHAPING_PARAMS else "")
        for key, value in query
        if key not in PAGING_PARAMS
    )
    return path, tuple(keys), any(key in PAGING_PARAMS for key, _ in query)


class QueryTimes(list):
    """(seconds, SQL) of each query run, as a database execute wrapper."""

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.append((time.perf_counter() - started, sql))


def crawl(limit: int, per_shape: int) -> list[dict]:
    from django.db import connection
    from django.test import Client

    client = Client()
    queue = list(SEEDS)
    seen = set(queue)
    shapes: Counter = Counter()
    timings = []
    while queue and len(timings) < limit:
        url = queue.pop(0)
        client.get(url)  # the counts it keeps are counted
        queries = QueryTimes()
        started = time.perf_counter()
        with connection.execute_wrapper(queries):
            response = client.get(url)
            body = (
                b"".join(response.streaming_content)
                if response.streaming
                else response.content
            )
        timings.append(
            {
                "url": url,
                "seconds": time.perf_counter() - started,
                "execute_seconds": sum(seconds for seconds, _ in queries),
                "queries": len(queries),
                "slowest": max(queries, default=(0.0, "")),
                "status": response.status_code,
                "bytes": len(body),
            }
        )
        content_type = response.get("Content-Type", "")
        if response.status_code != 200 or not content_type.startswith(
            ("text/html", "application/json")
        ):
            continue
        for found in LINK.finditer(body.decode("utf-8", "replace")):
            link = (found.group(1) or found.group(2)).replace("&amp;", "&")
            if link in seen or link.startswith(NOT_FOLLOWED):
                continue
            if shapes[shape(link)] >= per_shape:
                continue
            shapes[shape(link)] += 1
            seen.add(link)
            queue.append(link)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=350, help="pages to ask")
    parser.add_argument("--per-shape", type=int, default=2)
    parser.add_argument("--top", type=int, default=40, help="pages to print")
    parser.add_argument("--sql", action="store_true", help="print slow queries")
    args = parser.parse_args()

    # Pages made for every request (no page cache), no rate limits; the
    # counts a page keeps are kept, as in production.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    os.environ.setdefault("DEVELOPMENT", "1")
    os.environ["READER_CACHE_SECONDS"] = "0"
    for limit in ("ANON", "USER", "SEARCH", "CSV"):
        os.environ[f"RATE_LIMIT_{limit}"] = "1000000/second"
    import django

    django.setup()
    timings = crawl(args.limit, args.per_shape)
    timings.sort(key=lambda timing: timing["seconds"], reverse=True)
    print(f"{len(timings)} pages asked; the {args.top} slowest:")
    print(" total ms  execute ms queries  slowest ms status      KB  page")
    for timing in timings[: args.top]:
        slowest_seconds, slowest_sql = timing["slowest"]
        print(
            f"{timing['seconds'] * 1000:9,.0f} {timing['execute_seconds'] * 1000:11,.0f}"
            f" {timing['queries']:7} {slowest_seconds * 1000:11,.0f}"
            f" {timing['status']:6} {timing['bytes'] / 1024:7,.0f}  {timing['url']}"
        )
        if args.sql and slowest_seconds > 0.05:
            print(f"          {slowest_sql[:600]}")


if __name__ == "__main__":
    main()
