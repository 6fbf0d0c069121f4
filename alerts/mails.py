"""The mails alerts send: a confirmation link, and the changes of watched
records. Plain text; every mail carries a one-click unsubscribe link in its
body and in `List-Unsubscribe` / `List-Unsubscribe-Post` headers (RFC 8058),
and is addressed to its one subscriber alone."""

import email.policy

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from alerts import tokens
from alerts.models import Frequency, Subscriber, Watch
from following.changes import Change
from partnerships import site_address

# Without SITE_URL (development), links in mails name `make run`'s address.
DEVELOPMENT_SITE_URL = "http://127.0.0.1:8000"


def link(path: str) -> str:
    return (site_address.configured() or DEVELOPMENT_SITE_URL) + path


def unsubscribe_link(subscriber: Subscriber) -> str:
    token = tokens.unsubscribe_token(subscriber.key)
    return link(reverse("alerts:unsubscribe", kwargs={"token": token}))


class AlertMessage(EmailMessage):
    """A mail whose header lines may run to RFC 5322's 998 characters: folded
    at 78, Python's email package would write the long unsubscribe URL of
    `List-Unsubscribe` as encoded words, which mail clients cannot follow."""

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=998))


def _message(subscriber: Subscriber, subject: str, body: str) -> EmailMessage:
    unsubscribe = unsubscribe_link(subscriber)
    return AlertMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def confirmation(watch: Watch) -> EmailMessage:
    record = watch.record
    token = tokens.confirm_token(watch.key)
    body = render_to_string(
        "alerts/confirmation_email.txt",
        {
            "record": record,
            "kind": record._meta.verbose_name,
            "record_link": link(record.get_absolute_url()),
            "confirm_link": link(reverse("alerts:confirm", kwargs={"token": token})),
            "days": tokens.CONFIRM_MAX_AGE.days,
            "frequency": Frequency(watch.frequency).label,
            "unsubscribe_link": unsubscribe_link(watch.subscriber),
        },
    )
    return _message(
        watch.subscriber, f"Confirm: alerts about {record} (partnership tracker)", body
    )


def changes(
    subscriber: Subscriber, sections: list[tuple[object, list[Change]]], frequency: str
) -> EmailMessage:
    """One mail of the new public changes of several watched records:
    `sections` pairs each record with its changes, newest first."""
    count = sum(len(found) for _, found in sections)
    body = render_to_string(
        "alerts/changes_email.txt",
        {
            "sections": [
                {
                    "record": record,
                    "kind": record._meta.verbose_name,
                    "link": link(record.get_absolute_url()),
                    "changes": found,
                }
                for record, found in sections
            ],
            "daily": frequency == Frequency.DAILY,
            "unsubscribe_link": unsubscribe_link(subscriber),
        },
    )
    what = f"{count} change" + ("" if count == 1 else "s")
    if len(sections) == 1:
        subject = f"{what} to {sections[0][0]} (partnership tracker)"
    else:
        subject = f"{what} to {len(sections)} records you watch (partnership tracker)"
    return _message(subscriber, subject, body)
