"""`make bench`: how the tracker's reads grow with its data, side by side with
Datasette and a floor.

For each scale asked (BENCH_SCALES, "S L" by default) this builds a SQLite data
set with `manage.py generate_data` (kept under artifacts/bench/data and reused
while the code that shapes it is unchanged), and a PostgreSQL one when
DATABASE_URL names a PostgreSQL server; serves each scale of a database with
gunicorn (two workers, production settings), all at once, and prints per
endpoint p50 and p95 of sequential requests made to each scale in turn, L/S,
SQL queries per request, response bytes and the workers' peak memory. Then,
on each SQLite file, requests/s at a fixed concurrency for a fixed time: the
API against Datasette serving the same file (the equivalent SQL query, a
full-text search on a copy with FTS5, the table page) and against a floor
(bench/floor.py), and again with the reader cache on. The servers share Redis
as in production when it answers (BENCH_CACHE_URL), which keeps counts between
writes (readercache.counts); the p50 table is of pages made for every request
(READER_CACHE_SECONDS=0). A benchmark: it prints figures and asserts nothing.
Everything goes to 127.0.0.1, and it stops by itself.
"""

import argparse
import contextlib
import datetime
import json
import math
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from bench import data, load
from bench.sql import AGREEMENTS_WITH_PARTIES

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
WORD = "compute"  # a word of the generator's vocabulary (partnerships/synthetic.py)
CSV = "/api/v1/agreements/?format=csv"
CSV_LABEL = CSV + " (all rows)"
THREADS = 4  # per gunicorn worker, as README's Deploying has it


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def shared_cache() -> str | None:
    """The Redis the servers share, as in production (BENCH_CACHE_URL), if it
    answers: it keeps the counts between writes (readercache.counts)."""
    url = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/14")
    parts = urllib.parse.urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), 2):
            return url
    except OSError:
        return None


CACHE_URL = shared_cache()


def server_environment(database_url: str, port: int, pages_cached=False) -> dict:
    """Production settings; with the shared cache if there is one, under a key
    prefix of this server's own (nothing kept from another data set), and the
    reader cache on only if `pages_cached`: the figures are of pages made."""
    env = {k: v for k, v in os.environ.items() if k != "DEVELOPMENT"}
    if CACHE_URL:
        env |= {"CACHE_URL": CACHE_URL, "CACHE_KEY_PREFIX": f"bench{time.time_ns()}"}
    return {
        **env,
        "READER_CACHE_SECONDS": "300" if pages_cached else "0",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SITE_URL": f"http://127.0.0.1:{port}",
        # A benchmark measures the site, not its rate limits.
        **{
            f"RATE_LIMIT_{kind}": "1000000/minute"
            for kind in ("ANON", "USER", "SEARCH", "CSV")
        },
    }


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server for {url} exited ({process.returncode})")
        try:
            if load.get(url).status < 500:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"nothing answered {url} within {seconds} s")


class Server:
    """A process serving on a free port, stopped on leaving the block."""

    def __init__(
        self, command: list[str], env=None, probe: str = "/", root: Path = ROOT
    ):
        """`env`: the environment, or a function of the port giving it;
        `root`: the checkout it runs in."""
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.command = [part.format(port=self.port) for part in command]
        self.env = env(self.port) if callable(env) else env
        self.probe = probe
        self.root = root

    def __enter__(self) -> "Server":
        name = Path(self.command[0]).name
        self.log = open(ROOT / "artifacts" / "bench" / f"{name}.log", "a")
        self.process = subprocess.Popen(
            self.command, cwd=self.root, env=self.env, stdout=self.log, stderr=self.log
        )
        wait_until_up(self.base + self.probe, self.process)
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def gunicorn(app: str) -> list[str]:
    """Served as README's Deploying says: threaded workers, whose main thread
    tells gunicorn they are alive while a long download streams (a sync
    worker is killed after `--timeout`, its download cut short)."""
    return [
        GUNICORN,
        app,
        "--workers=2",
        "--worker-class=gthread",
        f"--threads={THREADS}",
        "--bind=127.0.0.1:{port}",
        "--graceful-timeout=5",  # stopping: a busy worker is not waited for
        "--log-level=warning",
    ]


@dataclass
class Figures:
    timing: load.Timing
    queries: int | None
    peak_mb: float


def endpoints(base: str, env: dict) -> dict[str, str]:
    discovered = subprocess.run(
        [PYTHON, "-m", "bench.queries", "discover"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    popular, deals = json.loads(discovered.stdout)["popular_company"]
    print(f"  the company with the most deals: {popular} ({deals:,})")
    first = json.loads(load.get_body(base + "/api/v1/agreements/"))
    last = max(1, math.ceil(first["count"] / 20))
    before_last = json.loads(
        load.get_body(base + f"/api/v1/agreements/?page={last - 1}")
    )
    cursor = urllib.parse.quote(before_last.get("next_cursor") or "")
    return {
        "/api/v1/agreements/": "/api/v1/agreements/",
        f"/api/v1/agreements/?search={WORD}": f"/api/v1/agreements/?search={WORD}",
        "/api/v1/agreements/?page=<last>": f"/api/v1/agreements/?page={last}",
        "/api/v1/agreements/?cursor=<deep>": f"/api/v1/agreements/?cursor={cursor}",
        f"/api/v1/statements/?search={WORD}": f"/api/v1/statements/?search={WORD}",
        "/": "/",
        "/agreements/": "/agreements/",
        "/companies/": "/companies/",
        "/statements/": "/statements/",
        "/companies/<most deals>/": f"/companies/{popular}/",
        f"/search/?q={WORD}": f"/search/?q={WORD}",
        "/timeline/": "/timeline/",
        "/network/": "/network/",
        "/sitemap.xml": "/sitemap.xml",
        CSV_LABEL: CSV,
    }


def query_counts(urls: list[str], env: dict) -> dict[str, int]:
    counted = subprocess.run(
        [PYTHON, "-m", "bench.queries", "count", *urls],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return {url: row["queries"] for url, row in json.loads(counted.stdout).items()}


def measure(database_urls: dict[str, str], args) -> dict[str, dict[str, Figures]]:
    """Figures per scale and endpoint, with a server per scale running at
    once: each endpoint is asked of the scales in turn (`load.timed_in_turn`),
    so that L/S never compares requests made minutes apart."""
    with contextlib.ExitStack() as stack:
        servers = {
            scale: stack.enter_context(
                Server(gunicorn("tracker.wsgi"), partial(server_environment, url))
            )
            for scale, url in database_urls.items()
        }
        urls = {scale: endpoints(s.base, s.env) for scale, s in servers.items()}
        figures: dict[str, dict[str, Figures]] = {scale: {} for scale in servers}
        for label in next(iter(urls.values())):
            whole_csv = label == CSV_LABEL
            workers = {
                scale: load.children(s.process.pid)  # some may be new
                for scale, s in servers.items()
            }
            for pids in workers.values():
                load.reset_peak_memory(pids)
            timings = load.timed_in_turn(
                [s.base + urls[scale][label] for scale, s in servers.items()],
                requests=1 if whole_csv else args.requests,
                budget=args.budget,
                warm_up=not whole_csv,
            )
            for (scale, pids), timing in zip(workers.items(), timings, strict=True):
                peak = load.peak_memory_mb(pids)
                figures[scale][label] = Figures(timing, None, peak)
                print(f"  {scale} {label}: p50 {timing.percentile(0.5) * 1000:.0f} ms")
    for scale, server in servers.items():
        # The full CSV is counted at S only: at L that would be a second
        # export; a URL that timed out is not asked again.
        counted = [
            path
            for label, path in urls[scale].items()
            if (path != CSV or scale == "S") and figures[scale][label].timing.status
        ]
        counts = query_counts(counted, server.env)
        for label, path in urls[scale].items():
            figures[scale][label].queries = counts.get(path)
    return figures


def side_by_side(path: Path, args) -> list[tuple[str, float, float, str]]:
    """(what, project requests/s, other requests/s, other's name) rows."""
    fts = data.fts_copy(path, args.sqlite_utils)
    metadata = ROOT / "artifacts" / "bench" / "datasette.json"
    metadata.write_text(
        json.dumps(
            {
                "databases": {
                    path.stem: {
                        "queries": {"agreements50": {"sql": AGREEMENTS_WITH_PARTIES}}
                    }
                }
            }
        )
    )

    def env_for(port: int) -> dict:
        return server_environment(f"sqlite:///{path}", port)

    datasette = [
        args.datasette, "serve", "-i", str(path), "-i", str(fts),
        "--metadata", str(metadata), "--host", "127.0.0.1", "--port", "{port}",
        "--setting", "sql_time_limit_ms", "20000",
    ]  # fmt: skip
    floor_env = {**os.environ, "BENCH_FLOOR_DB": str(path)}
    pairs = {
        "agreements, 50 with parties (JSON)": (
            "/api/v1/agreements/?page_size=50",
            f"/{path.stem}/agreements50.json",
        ),
        f"statements search '{WORD}'": (
            f"/api/v1/statements/?search={WORD}",
            f"/{fts.stem}/partnerships_statement.json?_search={WORD}&_size=20",
        ),
        "agreements HTML table page": (
            "/agreements/",
            f"/{path.stem}/partnerships_agreement"
            "?_facet=kind&_facet=status&_facet=value_currency",
        ),
    }
    rows = []

    def rate(url: str) -> float:
        per_second, failed = load.throughput(url, args.concurrency, args.seconds)
        if failed:
            print(f"  {url}: {failed} requests failed")
        return per_second

    def cached_env_for(port: int) -> dict:
        return server_environment(f"sqlite:///{path}", port, pages_cached=True)

    with (
        Server(gunicorn("tracker.wsgi"), env_for) as project,
        Server(datasette, probe="/-/versions.json") as other,
    ):
        for what, (ours, theirs) in pairs.items():
            rows.append((what, rate(project.base + ours), rate(other.base + theirs)))
            print(f"  {what}: {rows[-1][1]:.1f} vs {rows[-1][2]:.1f} requests/s")
        listing = rate(project.base + pairs[next(iter(pairs))][0])
        datasette_rates = [theirs for _, _, theirs in rows]
        if CACHE_URL:
            with Server(gunicorn("tracker.wsgi"), cached_env_for) as cached:
                for (what, (ours, _)), theirs in zip(
                    pairs.items(), datasette_rates, strict=True
                ):
                    rows.append(
                        (f"{what}, pages cached", rate(cached.base + ours), theirs)
                    )
                    print(f"  {rows[-1][0]}: {rows[-1][1]:.1f} requests/s")
                cached_listing = rate(cached.base + pairs[next(iter(pairs))][0])
    with Server(gunicorn("bench.floor:app"), floor_env) as floor:
        floor_rate = rate(floor.base + "/")
    floors = [
        ("agreements, 50 (JSON) vs the floor", listing, floor_rate, "floor"),
        ("Datasette's equivalent vs the floor", rows[0][2], floor_rate, "floor"),
    ]
    if CACHE_URL:
        floors.append(
            (
                "agreements, 50, pages cached, vs the floor",
                cached_listing,
                floor_rate,
                "floor",
            )
        )
    return [(what, a, b, "Datasette") for what, a, b in rows] + floors


class Report:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, line: str = "") -> None:
        print(line)
        self.lines.append(line)


def ms(figures: Figures | None, share: float) -> str:
    if figures is None:
        return "-"
    if not figures.timing.status:
        return f">{load.TIMEOUT * 1000:,}"
    return f"{figures.timing.percentile(share) * 1000:,.0f}"


def table(say: Report, database: str, results: dict[str, dict[str, Figures]]):
    scales = list(results)
    say(f"\n{database}: milliseconds of sequential requests (p50, p95), "
        "SQL queries, bytes, worker peak RSS (MB), status (0: no answer within "
        f"{load.TIMEOUT} s)")  # fmt: skip
    head = f"{'endpoint':<44}"
    for scale in scales:
        head += f" {scale + ' p50':>9} {scale + ' p95':>9}"
    if len(scales) > 1:
        head += f" {scales[-1] + '/' + scales[0]:>6}"
    head += f" {'queries':>9} {'bytes':>25} {'peak MB':>13} {'status':>7}"
    say(head)
    for label in results[scales[0]]:
        rows = [results[scale][label] for scale in scales]
        line = f"{label[:44]:<44}"
        for row in rows:
            line += f" {ms(row, 0.5):>9} {ms(row, 0.95):>9}"
        if len(scales) > 1:
            ratio = rows[-1].timing.percentile(0.5) / rows[0].timing.percentile(0.5)
            over = "" if rows[-1].timing.status else ">"
            line += f" {over + format(ratio, '.1f'):>5}x"
        queries = "/".join("-" if r.queries is None else str(r.queries) for r in rows)
        sizes = "/".join(f"{r.timing.size:,}" for r in rows)
        peaks = "/".join(f"{r.peak_mb:.0f}" for r in rows)
        statuses = "/".join(str(r.timing.status) for r in rows)
        line += f" {queries:>9} {sizes:>25} {peaks:>13} {statuses:>7}"
        say(line)
    whole_csv = [
        f"{scale} {csv.timing.size / 1e6 / csv.timing.percentile(0.5):.1f} MB/s"
        for scale in scales
        if (csv := results[scale].get(CSV_LABEL)) and csv.timing.status
    ]
    if whole_csv:
        say(f"{CSV_LABEL} holds every row, so it grows with them; it streams at "
            + ", ".join(whole_csv))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasette", required=True, help="the datasette executable")
    parser.add_argument("--sqlite-utils", required=True, help="sqlite-utils")
    parser.add_argument("--scales", default="S L", help='e.g. "S L" or "S"')
    parser.add_argument(
        "--databases",
        default="SQLite PostgreSQL",
        help='"SQLite", "PostgreSQL" (with DATABASE_URL) or both',
    )
    parser.add_argument("--requests", type=int, default=20, help="per endpoint")
    parser.add_argument("--budget", type=float, default=20, help="s per endpoint")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10, help="per side")
    parser.add_argument(
        "--timeout", type=int, default=60, help="s a request may take (then: >)"
    )
    args = parser.parse_args()
    load.TIMEOUT = args.timeout
    # Stopped from outside: leave through the servers' `finally`, stopping them.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    scales = args.scales.split()
    if not scales or set(scales) - {"S", "M", "L"}:
        parser.error('--scales: "S", "M" and "L", separated by spaces')
    wanted = args.databases.split()
    if not wanted or set(wanted) - {"SQLite", "PostgreSQL"}:
        parser.error('--databases: "SQLite", "PostgreSQL" or both')
    server = os.environ.get("DATABASE_URL", "")
    if "PostgreSQL" in wanted and not server.startswith(
        ("postgres://", "postgresql://")
    ):
        if wanted == ["PostgreSQL"]:
            parser.error("--databases PostgreSQL: DATABASE_URL names no server")
        wanted.remove("PostgreSQL")
    if not (1 <= args.concurrency <= 64 and 1 <= args.seconds <= 300):
        parser.error("--concurrency: 1 to 64; --seconds: 1 to 300")

    say = Report()
    started = datetime.datetime.now(datetime.UTC)
    say(f"make bench, {started:%Y-%m-%d %H:%M} UTC, scales {' '.join(scales)}, "
        f"{os.cpu_count()} CPUs (load average {os.getloadavg()[0]:.1f}); "
        f"gunicorn with 2 workers of {THREADS} threads, DEBUG off; "
        + (f"cache {CACHE_URL} (counts kept between writes; pages made "
           "for every request unless the row says 'pages cached')"
           if CACHE_URL else "no shared cache: every count made per request"))  # fmt: skip
    databases = {name: {} for name in wanted}
    made = []
    for scale in scales:
        if "SQLite" in databases:
            path, how = data.sqlite_data(scale)
            databases["SQLite"][scale] = f"sqlite:///{path}"
            made.append(f"SQLite {scale}: {path.relative_to(ROOT)} ({how})")
        if "PostgreSQL" in databases:
            url, how = data.postgres_data(server, scale)
            databases["PostgreSQL"][scale] = url
            made.append(f"PostgreSQL {scale}: {url.rsplit('/', 1)[1]} ({how})")
    say("data sets: " + "; ".join(made))

    figures = {database: measure(urls, args) for database, urls in databases.items()}
    comparisons = {
        scale: side_by_side(Path(url.removeprefix("sqlite:///")), args)
        for scale, url in databases.get("SQLite", {}).items()
    }
    for database, results in figures.items():
        table(say, database, results)
    for scale, rows in comparisons.items():
        say(f"\nSide by side on SQLite {scale}: requests/s at {args.concurrency} "
            f"concurrent clients for {args.seconds:.0f} s each (the client shares "
            "the machine)")  # fmt: skip
        say(f"{'':<40} {'tracker':>9} {'other':>9} {'tracker/other':>14}")
        for what, ours, theirs, name in rows:
            ratio = ours / theirs if theirs else float("nan")
            say(f"{what:<40} {ours:>9.1f} {theirs:>9.1f} {ratio:>13.2f}x  ({name})")
    out = ROOT / "artifacts" / f"bench-{started:%Y%m%dT%H%M%S}.txt"
    out.write_text("\n".join(say.lines) + "\n")
    print(f"\nwritten to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
