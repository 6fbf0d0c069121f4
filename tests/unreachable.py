"""A database that cannot be reached, for the tests of what the site does then."""

import contextlib
import socket

from django.db import connection


def closed_port() -> int:
    """A local port nothing listens on (it was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def database_unreachable():
    """Point the default connection at a database that is not there, as if it
    had stopped: on SQLite a file in a directory that does not exist, on
    PostgreSQL a local port nothing listens on. On leaving, the settings are
    restored and, as after a real outage, Django reconnects when next asked.

    Needs a test with `transaction=True`: the test's own transaction would not
    survive its connection being closed."""
    settings_dict = connection.settings_dict
    saved = dict(settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent-directory/tracker.sqlite3"
    else:
        settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
    try:
        yield
    finally:
        connection.close()
        settings_dict.clear()
        settings_dict.update(saved)
