"""Who watches what: an address (`Subscriber`) and the records it watches
(`Watch`), each confirmed by a link sent to that address (double opt-in).

An address is stored only to mail it; no page, API, feed or admin shows it.
Links in mails carry a signed random key (`alerts.tokens`), never the address
or a guessable number.
"""

import secrets

from django.db import models
from django.db.models import Q


def new_key() -> str:
    return secrets.token_urlsafe(24)


class Frequency(models.TextChoices):
    DAILY = "daily", "Once a day, a digest"
    IMMEDIATE = "immediate", "At once, as each change is published"


class Subscriber(models.Model):
    """An address that asked to watch at least one record. Unsubscribing
    deletes it and its watches: nothing about it stays."""

    email = models.EmailField(max_length=254, unique=True)  # lower-cased by the service
    key = models.CharField(max_length=64, unique=True, default=new_key)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the daily digest last ran for this address (sent or nothing to say):
    # the digest of a day is made once.
    last_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Subscriber {self.pk}"  # never the address


class WatchQuerySet(models.QuerySet):
    def confirmed(self) -> "WatchQuerySet":
        return self.filter(confirmed_at__isnull=False)

    def immediate(self) -> "WatchQuerySet":
        return self.confirmed().filter(frequency=Frequency.IMMEDIATE)

    def daily(self) -> "WatchQuerySet":
        return self.confirmed().filter(frequency=Frequency.DAILY)


WATCHABLE = ("company", "agreement", "person")


class Watch(models.Model):
    """One address watching one record (a company, an agreement or a person)."""

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="watches"
    )
    company = models.ForeignKey(
        "partnerships.Company",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    agreement = models.ForeignKey(
        "partnerships.Agreement",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    person = models.ForeignKey(
        "partnerships.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    frequency = models.CharField(
        max_length=10, choices=Frequency, default=Frequency.DAILY
    )
    key = models.CharField(max_length=64, unique=True, default=new_key)
    requested_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The public changes (`following.changes.Change.guid`) this watch has already
    # mailed, or that were there when it was confirmed: what is new is what is
    # not in here. Kept to the changes the record's feed still lists.
    seen = models.JSONField(default=list, blank=True)

    objects = WatchQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values),
                name="alerts_watch_frequency_valid",
            ),
            # Exactly one record watched.
            models.CheckConstraint(
                condition=(
                    Q(
                        company__isnull=False,
                        agreement__isnull=True,
                        person__isnull=True,
                    )
                    | Q(
                        company__isnull=True,
                        agreement__isnull=False,
                        person__isnull=True,
                    )
                    | Q(
                        company__isnull=True,
                        agreement__isnull=True,
                        person__isnull=False,
                    )
                ),
                name="alerts_watch_one_record",
            ),
            *(
                models.UniqueConstraint(
                    fields=["subscriber", field], name=f"alerts_watch_one_{field}"
                )
                for field in WATCHABLE
            ),
        ]
        indexes = [
            # The digests: confirmed watches of one frequency.
            models.Index(fields=["frequency", "confirmed_at"], name="alerts_watch_due")
        ]

    def __str__(self) -> str:
        return f"Watch {self.pk} of {self.record}"

    @property
    def record(self):
        return self.company or self.agreement or self.person
