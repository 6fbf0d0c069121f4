"""The change feed loses nothing and repeats nothing while others write.

The hazard: keys and times are handed out when a row is written, not when its
transaction commits. A transaction that saved first (a lower history id) can
commit after one that saved later, and a reader paging by history id would
already have passed it. The feed is the change log instead, appended to one
appender at a time (`following.changefeed`), and these tests write for real,
from another thread with its own database connection, while the test logs
and pages through the feed.

On PostgreSQL `test_a_change_committed_late_is_read_after_the_ones_before_it`
holds a transaction open while another commits: the out-of-order commit
itself. SQLite takes one write transaction at a time (IMMEDIATE), so that
interleaving cannot happen there and the test is skipped; the stress test runs
on both, on SQLite with the writers' transactions serialized by SQLite itself.
"""

import threading
import time

import pytest
from django.db import connection, transaction

from following.changefeed import changes_record
from partnerships.models import Company
from tests import factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # The reader pages for as long as the writer writes: as many requests as
    # it has time for, which the anonymous rate limit is not about.
    pytest.mark.usefixtures("generous_rate_limits"),
]


def page_from(client, since: int, page_size: int) -> tuple[list[dict], int, bool]:
    body = client.get(
        "/api/v1/changes/", {"since": since, "page_size": page_size}
    ).json()
    return body["results"], body["next_since"], body["has_more"]


def drain(client, since: int, page_size: int = 3) -> tuple[list[dict], int]:
    read = []
    while True:
        page, since, more = page_from(client, since, page_size)
        read += page
        if not more:
            return read, since


def in_another_thread(work) -> threading.Thread:
    def run():
        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite runs one write transaction at a time: commits cannot interleave",
)
def test_a_change_committed_late_is_read_after_the_ones_before_it(client):
    saved, go = threading.Event(), threading.Event()

    def early_writer():
        with transaction.atomic():
            factories.CompanyFactory(slug="saved-first")
            saved.set()
            assert go.wait(30)

    writer = in_another_thread(early_writer)
    assert saved.wait(30)
    factories.CompanyFactory(slug="saved-second")  # commits first
    changes_record()
    first_read, cursor = drain(client, 0)

    go.set()
    writer.join(30)
    changes_record()
    then_read, _ = drain(client, cursor)

    assert [c["record"]["slug"] for c in first_read] == ["saved-second"]
    assert [c["record"]["slug"] for c in then_read] == ["saved-first"]
    # The hazard was real: the late commit holds the lower history id.
    first = Company.history.get(slug="saved-first").history_id
    second = Company.history.get(slug="saved-second").history_id
    assert first < second


def test_paging_while_another_connection_writes_loses_and_repeats_nothing(client):
    companies = [factories.CompanyFactory(slug=f"lab-{n}") for n in range(3)]
    edits = 24
    done = threading.Event()

    def writer():
        for number in range(edits):
            company = Company.objects.get(pk=companies[number % 3].pk)
            with transaction.atomic():
                company.name = f"Lab {number}"
                company.save()
                time.sleep(0.005)  # held open while the reader logs and pages
        done.set()

    thread = in_another_thread(writer)
    read, cursor = [], 0
    while not done.is_set():
        changes_record()  # racing the writer's own (task) runs of it
        page, cursor = drain(client, cursor, page_size=2)
        read += page
    thread.join(30)
    changes_record()
    page, cursor = drain(client, cursor)
    read += page

    cursors = [change["cursor"] for change in read]
    assert cursors == sorted(set(cursors)), "a change read twice or out of order"
    assert len(read) == 3 + edits, "a change was lost"
    assert [c["type"] for c in read].count("changed") == edits
    everything = client.get("/api/v1/changes/?page_size=500").json()["results"]
    assert read == everything
