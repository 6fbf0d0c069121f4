"""What a request asked of the database."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def the_query(client, url: str, starting: str, holding: str) -> str:
    """The one query that `url` ran starting with `starting` and holding
    `holding`."""
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    [sql] = [
        query["sql"]
        for query in queries
        if query["sql"].startswith(starting) and holding in query["sql"]
    ]
    return sql
