"""The bench's data sets: one per scale and database, generated once per
version of the code that shapes them (the generator and the migrations), and
reused while that code is unchanged."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "artifacts" / "bench" / "data"
PYTHON = sys.executable
SHAPING_CODE = (
    "partnerships/synthetic.py",
    "partnerships/bulk_load.py",
    "partnerships/models/base.py",  # the bulk writes' `pre_save`
    "partnerships/names.py",  # each name's duplicate key
    "partnerships/management/commands/generate_data.py",
    "*/migrations/*.py",
    "*/*/migrations/*.py",  # the search app's, inside partnerships/
)


def code_hash() -> str:
    digest = hashlib.sha256()
    for pattern in SHAPING_CODE:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def manage(database_url: str, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "DEVELOPMENT": "1"}
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, check=True
    )


def generate(database_url: str, scale: str) -> float:
    manage(database_url, "migrate", "--no-input", "-v0")
    started = time.monotonic()
    manage(database_url, "generate_data", "--scale", scale)
    return time.monotonic() - started


def sqlite_data(scale: str) -> tuple[Path, str]:
    """The SQLite file of `scale`, and how it came to be."""
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"{scale}-{code_hash()}.sqlite3"
    note = path.with_suffix(".txt")
    if path.exists():
        return path, note.read_text() if note.exists() else "cached"
    # A data set of older code is of no more use, and L takes 0.8 GB.
    for stale in DATA.glob(f"{scale}-*"):
        stale.unlink()
    building = path.with_suffix(".building")
    seconds = generate(f"sqlite:///{building}", scale)
    with sqlite3.connect(building) as db:
        # Datasette opens the file immutable: nothing may stay in the WAL.
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    building.rename(path)
    note.write_text(f"generated in {seconds:.0f} s")
    return path, note.read_text()


def postgres_data(server_url: str, scale: str) -> tuple[str, str]:
    """A PostgreSQL database of `scale` on the server of `server_url`."""
    parts = urlsplit(server_url)
    name = f"tracker_bench_{scale.lower()}_{code_hash()}"
    url = urlunsplit(parts._replace(path=f"/{name}"))
    psql = ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432)]
    psql += ["-U", parts.username or "postgres"]
    exists = subprocess.run(
        [
            "psql",
            *psql,
            "-d",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{name}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    marker = DATA / f"{name}.txt"
    if exists and marker.exists():
        return url, marker.read_text()
    DATA.mkdir(parents=True, exist_ok=True)
    subprocess.run(["dropdb", *psql, "--if-exists", name], check=True)
    subprocess.run(["createdb", *psql, name], check=True)
    seconds = generate(url, scale)
    marker.write_text(f"generated in {seconds:.0f} s")
    return url, marker.read_text()


def fts_copy(path: Path, sqlite_utils: str) -> Path:
    """A copy of the SQLite file with an FTS5 index of the statements' words."""
    copy = path.with_name(path.stem + "-fts.sqlite3")
    if not copy.exists():
        building = copy.with_suffix(".building")
        shutil.copyfile(path, building)
        subprocess.run(
            [
                sqlite_utils,
                "enable-fts",
                str(building),
                "partnerships_statement",
                "text",
                "text_en",
                "--fts5",
            ],
            check=True,
        )
        building.rename(copy)
    return copy
