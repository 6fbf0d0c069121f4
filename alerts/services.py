"""Writes of alerts: asking to watch, confirming, unsubscribing, and mailing
the changes of confirmed watches (what the task worker runs)."""

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from alerts import mails
from alerts.changes import public_changes, unsent
from alerts.models import Frequency, Subscriber, Watch
from alerts.tokens import CONFIRM_MAX_AGE

log = logging.getLogger(__name__)


@transaction.atomic
def watch_request(*, email: str, record, frequency: str) -> Watch | None:
    """The watch of `record` by `email` awaiting confirmation (created or
    found), or None when that address already watches it, confirmed: then
    nothing is mailed, and the reader is told the same as anyone else."""
    subscriber, _ = Subscriber.objects.get_or_create(email=email.lower())
    watch, _ = Watch.objects.get_or_create(
        subscriber=subscriber,
        **{record._meta.model_name: record},
        defaults={"frequency": frequency},
    )
    if watch.confirmed_at is not None:
        return None
    if watch.frequency != frequency:
        watch.frequency = frequency
        watch.save(update_fields=["frequency"])
    return watch


@transaction.atomic
def watch_confirm(*, watch: Watch) -> None:
    """Confirm `watch` (again: nothing changes). What readers can already see
    of the record counts as seen: the first mail brings what changes next."""
    if watch.confirmed_at is not None:
        return
    watch.confirmed_at = timezone.now()
    watch.seen = [change.guid for change in public_changes(watch.record)]
    watch.save(update_fields=["confirmed_at", "seen"])


def subscriber_unsubscribe(*, key: str) -> None:
    """Forget the address with this key and everything it watched."""
    Subscriber.objects.filter(key=key).delete()


def confirmation_send(*, watch_id: int) -> None:
    watch = (
        Watch.objects.select_related("subscriber", "company", "agreement", "person")
        .filter(pk=watch_id, confirmed_at__isnull=True)
        .first()
    )
    if watch is not None:  # not confirmed or forgotten meanwhile
        mails.confirmation(watch).send()


def immediate_alerts_send() -> int:
    """Mail each address its immediate watches' new public changes; the
    number of mails sent."""
    subscribers = Watch.objects.immediate().values("subscriber").distinct()
    return sum(
        _changes_send(pk, Frequency.IMMEDIATE, daily_gate=False)
        for pk in Subscriber.objects.filter(pk__in=subscribers).values_list(
            "pk", flat=True
        )
    )


def daily_digests_send(*, now: datetime.datetime | None = None) -> int:
    """Mail each address one digest of its daily watches' new public changes,
    once per day (UTC): a second run on the same day sends nothing. Also
    forgets requests never confirmed in time. The number of mails sent."""
    now = now or timezone.now()
    day_start = now.replace(hour=0, minute=0, second=0, microsecond=0)
    _unconfirmed_forget(now)
    subscribers = Watch.objects.daily().values("subscriber").distinct()
    return sum(
        _changes_send(pk, Frequency.DAILY, daily_gate=True, now=now, since=day_start)
        for pk in Subscriber.objects.filter(pk__in=subscribers).values_list(
            "pk", flat=True
        )
    )


def _changes_send(
    pk: int,
    frequency: str,
    *,
    daily_gate: bool,
    now: datetime.datetime | None = None,
    since: datetime.datetime | None = None,
) -> int:
    """One subscriber's mail, in a transaction holding its row: two runs at
    once cannot both mail the same change, and a mail that fails to go leaves
    its changes unsent for the next run."""
    try:
        with transaction.atomic():
            subscriber = Subscriber.objects.select_for_update().filter(pk=pk).first()
            if subscriber is None:
                return 0
            if daily_gate:
                if subscriber.last_digest_at and subscriber.last_digest_at >= since:
                    return 0
                subscriber.last_digest_at = now
                subscriber.save(update_fields=["last_digest_at"])
            watches = (
                subscriber.watches.confirmed()
                .filter(frequency=frequency)
                .select_related("company", "agreement", "person")
            )
            sections, listed = [], []
            for watch in watches:
                found = public_changes(watch.record)
                new = unsent(watch, found)
                if new:
                    sections.append((watch.record, new))
                    # Kept to what the feed still lists: the newest changes.
                    watch.seen = [change.guid for change in found]
                    listed.append(watch)
            if sections:
                mails.changes(subscriber, sections, frequency).send()
            Watch.objects.bulk_update(listed, ["seen"])
            return 1 if sections else 0
    except Exception:
        # One address's failure (its mail server refusing, say) is not
        # everyone's: the others are still mailed.
        log.exception("Alerts to subscriber %s not sent", pk)
        return 0


def _unconfirmed_forget(now: datetime.datetime) -> None:
    Watch.objects.filter(
        confirmed_at__isnull=True, requested_at__lt=now - CONFIRM_MAX_AGE
    ).delete()
    Subscriber.objects.filter(watches__isnull=True).delete()
