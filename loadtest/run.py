"""`make loadtest`: a bounded load run of a reader's mix against gunicorn.

For SQLite, and for PostgreSQL when a server answers on 127.0.0.1:5432, this
builds a database holding the article, serves it with gunicorn (two workers,
production settings) on a free local port, sends the mix in
loadtest/locustfile.py with locust (headless, fixed users and duration) and
prints requests/s, p50, p99 and errors. A benchmark: it prints figures and
asserts nothing. Everything it sends goes to 127.0.0.1, and it stops by itself.
"""

import argparse
import csv
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "artifacts" / "loadtest"
PYTHON = sys.executable
POSTGRES = "postgres://postgres@127.0.0.1:5432/tracker_loadtest"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_reachable() -> bool:
    if shutil.which("pg_isready") is None:
        return False
    ready = subprocess.run(
        ["pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q"], check=False
    )
    return ready.returncode == 0


def environment(database_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "loadtest-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # A load run measures the site, not its rate limits.
        **{
            f"RATE_LIMIT_{kind}": "1000000/minute"
            for kind in ("ANON", "USER", "SEARCH", "CSV")
        },
    }


def prepare(name: str, database_url: str) -> None:
    env = environment(database_url)
    if name == "postgresql":
        for command in (["dropdb", "--if-exists"], ["createdb"]):
            subprocess.run(
                [*command, "-h", "127.0.0.1", "-U", "postgres", "tracker_loadtest"],
                check=True,
            )
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, check=True)
    subprocess.run([*manage, "load_article", "-v0"], env=env, check=True)


def wait_until_up(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url} within {seconds} s")


def run(name: str, database_url: str, locust: str, users: int, seconds: int) -> dict:
    prepare(name, database_url)
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "tracker.wsgi",
            "--workers=2",
            "--worker-class=gthread",  # as README's Deploying
            "--threads=4",
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=environment(database_url),
    )
    host = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(host + "/")
        prefix = OUT / name
        log = open(f"{prefix}-locust.log", "w")  # its own tables; figures follow
        subprocess.run(
            [
                locust,
                "-f",
                str(ROOT / "loadtest" / "locustfile.py"),
                "--headless",
                f"--users={users}",
                f"--spawn-rate={users}",
                f"--run-time={seconds}s",
                f"--host={host}",
                f"--csv={prefix}",
                "--only-summary",
                "--loglevel=WARNING",
            ],
            check=False,
            timeout=seconds + 60,
            stdout=log,
            stderr=log,
        )
        log.close()
        with open(f"{prefix}_stats.csv", newline="") as stats:
            rows = {row["Name"]: row for row in csv.DictReader(stats)}
        return rows
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


def print_figures(name: str, rows: dict) -> None:
    total = rows["Aggregated"]
    print(
        f"\n{name}: {float(total['Requests/s']):.1f} requests/s, "
        f"p50 {total['50%']} ms, p99 {total['99%']} ms, "
        f"{total['Failure Count']} errors of {total['Request Count']} requests"
    )
    print(
        f"  {'endpoint':<32} {'requests':>9} {'p50 ms':>7} {'p99 ms':>7} {'errors':>7}"
    )
    for endpoint, row in sorted(rows.items()):
        if endpoint == "Aggregated":
            continue
        print(
            f"  {endpoint:<32} {row['Request Count']:>9} {row['50%']:>7} "
            f"{row['99%']:>7} {row['Failure Count']:>7}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locust", required=True, help="the locust executable")
    parser.add_argument("--users", type=int, default=8, help="concurrent users")
    parser.add_argument("--seconds", type=int, default=20, help="duration of a run")
    args = parser.parse_args()
    if not (1 <= args.users <= 200 and 1 <= args.seconds <= 300):
        parser.error("--users: 1 to 200; --seconds: 1 to 300")
    OUT.mkdir(parents=True, exist_ok=True)
    runs = {"sqlite": f"sqlite:///{OUT / 'loadtest.sqlite3'}"}
    if postgres_reachable():
        runs["postgresql"] = POSTGRES
    else:
        print("PostgreSQL is not reachable on 127.0.0.1:5432: SQLite only.")
    (OUT / "loadtest.sqlite3").unlink(missing_ok=True)
    print(
        f"{args.users} users for {args.seconds} s per database, gunicorn with 2 "
        "workers on this machine (the load client shares its cores)."
    )
    for name, url in runs.items():
        print_figures(name, run(name, url, args.locust, args.users, args.seconds))


if __name__ == "__main__":
    main()
