"""Each alerts page reads a fixed number of queries, whatever it is asked."""

import pytest
from django.core import mail

from tests.alerts_records import ask, links
from tests.following_records import reported_deal

pytestmark = pytest.mark.django_db


def test_asking_confirming_and_unsubscribing_cost_fixed_queries(
    client, django_assert_num_queries
):
    deal = reported_deal()

    # 12 queries: the record; in a transaction (savepoint), the subscriber found
    # or created (select, savepoint, insert, release) and its watch likewise,
    # released; then the confirmation task (run at once here) reads the watch.
    with django_assert_num_queries(12):
        ask(client, deal)
    (confirm,) = links(mail.outbox[0], "confirm")
    (unsubscribe,) = links(mail.outbox[0], "unsubscribe")

    # 1 query: the watch with its record.
    with django_assert_num_queries(1):
        client.get(confirm)

    # 16 queries: the watch with its record; in a transaction (savepoint,
    # release), what is already public to count as seen: the agreement's
    # feed (when it and the statements about it last changed, the agreement
    # again, the versions of the agreement and of its parties, commitments,
    # citations and reports of terms, the agreements, companies, sources and
    # citations those versions point to); the update.
    with django_assert_num_queries(16):
        client.post(confirm)

    # No query: the page only asks.
    with django_assert_num_queries(0):
        client.get(unsubscribe)

    # 3 queries: the subscriber, its watches deleted, itself deleted.
    with django_assert_num_queries(3):
        client.post(unsubscribe)
