"""Immediate alerts: a public change to a watched record is mailed as soon as
its save commits (the save queues the task; the task reads public history). A
draft's save queues the same look, which finds nothing to send.

Saves here really commit (a transactional test), as they do on the site: a
save queues one look per transaction, and a test's own transaction would
hold every save's queued look until its end."""

import pytest
from django.core import mail
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from tests import factories
from tests.alerts_records import watch
from tests.following_records import reported_deal

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def committed():
    """The mails sent once `change` has committed."""

    def run(change):
        before = len(mail.outbox)
        change()
        return mail.outbox[before:]

    return run


def test_a_public_change_is_mailed_at_once(client, committed):
    deal = reported_deal()
    watch(client, deal, frequency="immediate")

    def revalue():
        deal.value_amount = 7 * 10**9
        deal.value_qualifier = "exact"
        deal.save()

    (sent,) = committed(revalue)

    assert sent.to == ["reader@example.org"]
    assert (
        "Value changed from “about USD 5 billion” to “USD 7 billion” (reported)"
        in sent.body
    )
    assert sent.body.startswith("New changes to what you watch")


def test_each_change_is_mailed_once(client, committed):
    deal = reported_deal()
    watch(client, deal, frequency="immediate")

    def summary(text):
        def change():
            deal.summary = text
            deal.save()

        return change

    first = committed(summary("First"))
    second = committed(summary("Second"))

    assert len(first) == len(second) == 1
    assert "Summary changed from “First” to “Second”" in second[0].body
    assert "“First”" not in second[0].body.replace("from “First”", "")


def test_a_draft_edit_sends_nothing(client, committed):
    deal = reported_deal()
    watch(client, deal, frequency="immediate")

    def withdraw_and_edit():
        deal.publication_status = "draft"
        deal.summary = "zz-draft-summary"
        deal.save()

    assert committed(withdraw_and_edit) == []

    def edit_again():
        deal.title = "zz-draft-title"
        deal.save()

    assert committed(edit_again) == []


def test_a_new_draft_agreement_of_a_watched_company_sends_nothing(client, committed):
    reported_deal()
    microsoft = factories.CompanyFactory(slug="microsoft")
    watch(client, microsoft, frequency="immediate")

    def draft_deal():
        secret = factories.AgreementFactory(
            title="zz-secret", slug="zz-secret", publication_status="draft"
        )
        factories.AgreementPartyFactory(agreement=secret, company=microsoft)

    assert committed(draft_deal) == []


def test_a_daily_watch_waits_for_the_digest(client, committed):
    deal = reported_deal()
    watch(client, deal, frequency="daily")

    def revalue():
        deal.value_amount = 7 * 10**9
        deal.save()

    assert committed(revalue) == []


def test_one_transaction_queues_one_look_and_none_without_immediate_watches(
    client, settings
):
    deal = reported_deal()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    looks = DBTaskResult.objects.filter(task_path="alerts.tasks.send_immediate_alerts")

    def save_several_versions(resource: str):
        with transaction.atomic():
            deal.summary = f"One, {resource}"
            deal.save()
            factories.CommitmentFactory(agreement=deal, resource=resource)
            deal.summary = f"Two, {resource}"
            deal.save()

    save_several_versions("GPUs")
    assert looks.count() == 0  # no one asked for immediate alerts

    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
    watch(client, deal, frequency="immediate")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    save_several_versions("TPUs")
    assert looks.count() == 1
