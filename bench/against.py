"""`make bench-against REV=72bea9b`: this checkout's pages at scale S against
an older commit's, on the same records, served at once and asked in turn.

Two runs minutes apart do not compare: the machine's speed moves between
them by more than the margin asked (`make bench` asks its scales in turn for
that reason). So the older commit is checked out in a git worktree
(artifacts/bench/against/<rev>), migrated by its own migrations into a SQLite
file of its own, and given the S data set's rows: every column that both
schemas have, table by table (a table or column the older code does not have
is left out, and one it has that the data set lacks is named). Each is then
served by gunicorn with production settings, the reader cache off, and each
endpoint is asked of one and then the other, in turn. A benchmark: it prints
figures and asserts nothing.
"""

import argparse
import os
import sqlite3
import subprocess
from functools import partial
from pathlib import Path

from bench import data, load, run

AGAINST = run.ROOT / "artifacts" / "bench" / "against"
# What both can answer: the older commit may have no cursors and no feeds.
PATHS = [
    "/api/v1/agreements/",
    f"/api/v1/agreements/?search={run.WORD}",
    "/api/v1/agreements/?page={last}",
    f"/api/v1/statements/?search={run.WORD}",
    "/",
    "/agreements/",
    "/companies/",
    "/statements/",
    "/companies/{popular}/",
    f"/search/?q={run.WORD}",
    "/timeline/",
    "/network/",
    "/sitemap.xml",
]


def checkout(rev: str) -> Path:
    commit = subprocess.run(
        ["git", "rev-parse", "--verify", f"{rev}^{{commit}}"],
        cwd=run.ROOT,
        capture_output=True,
        text=True,
    )
    if commit.returncode != 0:
        raise SystemExit(f"REV: no commit {rev!r} in this repository.")
    tree = AGAINST / commit.stdout.strip()[:12]
    if not tree.exists():
        AGAINST.mkdir(parents=True, exist_ok=True)
        # One `make clean` removed: git still has it registered.
        subprocess.run(["git", "worktree", "prune"], cwd=run.ROOT, check=True)
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(tree), commit.stdout.strip()],
            cwd=run.ROOT,
            check=True,
        )
    return tree


def copy_rows(source: Path, target: Path) -> list[str]:
    """The rows of `source` in `target`'s tables, for the columns both have;
    what could not be copied, said."""
    # Django's SQL functions: the older schema's CHECK constraints call them.
    from django.db.backends.sqlite3._functions import register

    problems = []
    db = sqlite3.connect(target)
    register(db)
    db.execute("PRAGMA foreign_keys = OFF")
    db.execute("ATTACH DATABASE ? AS data", (str(source),))
    tables = [
        name
        for (name,) in db.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' AND name != 'django_migrations'"
        )
    ]
    for table in tables:
        theirs = {row[1] for row in db.execute(f'PRAGMA data.table_info("{table}")')}
        if not theirs:
            continue
        ours = db.execute(f'PRAGMA main.table_info("{table}")').fetchall()
        lacking = [c[1] for c in ours if c[1] not in theirs and c[3] and c[4] is None]
        if lacking:
            problems.append(f"{table}: the data set has no {', '.join(lacking)}")
            continue
        columns = ", ".join(f'"{c[1]}"' for c in ours if c[1] in theirs)
        db.execute(f'DELETE FROM main."{table}"')
        db.execute(
            f'INSERT INTO main."{table}" ({columns})'
            f' SELECT {columns} FROM data."{table}"'
        )
    db.commit()
    db.execute("ANALYZE main")
    db.close()
    return problems


def older_data(tree: Path, s_data: Path) -> Path:
    path = AGAINST / f"{tree.name}-{s_data.stem}.sqlite3"
    if path.exists():
        return path
    building = path.with_suffix(".building")
    building.unlink(missing_ok=True)
    env = {**os.environ, "DEVELOPMENT": "1", "DATABASE_URL": f"sqlite:///{building}"}
    subprocess.run(
        [run.PYTHON, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=tree,
        env=env,
        check=True,
    )
    for problem in copy_rows(s_data, building):
        print(f"  not copied: {problem}")
    building.rename(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", help="the older commit, e.g. 72bea9b")
    parser.add_argument("--requests", type=int, default=30, help="per endpoint")
    parser.add_argument("--budget", type=float, default=20, help="s per endpoint")
    args = parser.parse_args()

    tree = checkout(args.rev)
    s_data, _ = data.sqlite_data("S")
    older = older_data(tree, s_data)
    gunicorn = run.gunicorn("tracker.wsgi")
    this = run.Server(gunicorn, partial(run.server_environment, f"sqlite:///{s_data}"))
    that = run.Server(
        gunicorn, partial(run.server_environment, f"sqlite:///{older}"), root=tree
    )
    with this, that:
        urls = run.endpoints(this.base, this.env)
        last = urls["/api/v1/agreements/?page=<last>"].rsplit("=", 1)[1]
        popular = urls["/companies/<most deals>/"].split("/")[2]
        print(
            f"\nS, p50 of sequential requests in ms: this checkout against {args.rev}"
        )
        print(f"{'endpoint':44} {'this':>7} {args.rev:>9} {'ratio':>6}  bytes")
        for template in PATHS:
            path = template.format(last=last, popular=popular)
            mine, theirs = load.timed_in_turn(
                [this.base + path, that.base + path], args.requests, args.budget
            )
            p50s = [timing.percentile(0.5) * 1000 for timing in (mine, theirs)]
            answered = mine.status == theirs.status == 200
            ratio = f"{p50s[0] / p50s[1]:5.2f}×" if answered else "  n/a "
            print(
                f"{template:44} {p50s[0]:7.1f} {p50s[1]:9.1f} {ratio}"
                f"  {mine.size:,} / {theirs.size:,}"
                + ("" if answered else f"  (status {mine.status} / {theirs.status})")
            )


if __name__ == "__main__":
    main()
