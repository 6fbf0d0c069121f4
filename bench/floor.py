"""The floor: the same 50 agreements from one SQL query (bench/sql.py), encoded
as JSON by a plain WSGI app, served by gunicorn like the tracker.

    BENCH_FLOOR_DB=path.sqlite3 gunicorn bench.floor:app
"""

import json
import os
import sqlite3
import threading

from bench.sql import AGREEMENTS_WITH_PARTIES

local = threading.local()


def connection() -> sqlite3.Connection:
    if not hasattr(local, "db"):
        path = os.environ["BENCH_FLOOR_DB"]
        local.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    return local.db


def app(environ, start_response):
    cursor = connection().execute(AGREEMENTS_WITH_PARTIES)
    names = [column[0] for column in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor]
    body = json.dumps({"results": rows}, default=str).encode()
    start_response(
        "200 OK",
        [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
    )
    return [body]
