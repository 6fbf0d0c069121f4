"""Helpers for the alert tests: asking to watch a record through its page's
form, following the mailed links, reading the mails Django's outbox caught."""

import re

from django.core import mail

from alerts import services

LINK = re.compile(r"https?://\S+/alerts/(confirm|unsubscribe)/([^/\s]+)/")


def ask(client, record, email="reader@example.org", frequency="daily", **extra):
    kind = record._meta.model_name
    return client.post(
        "/alerts/watch/",
        {"email": email, "kind": kind, "slug": record.slug, "frequency": frequency}
        | extra,
        REMOTE_ADDR=extra.pop("REMOTE_ADDR", "127.0.0.1"),
    )


def links(message, kind: str) -> list[str]:
    """The paths of the `kind` ("confirm" or "unsubscribe") links in a mail."""
    return [
        f"/alerts/{found}/{token}/"
        for found, token in LINK.findall(message.body)
        if found == kind
    ]


def watch(client, record, email="reader@example.org", frequency="daily") -> None:
    """Ask to watch `record` and confirm by the mailed link, as a reader does."""
    before = len(mail.outbox)
    assert ask(client, record, email, frequency).status_code == 200
    confirmation = mail.outbox[before]
    assert confirmation.to == [email]
    (confirm,) = links(confirmation, "confirm")
    assert client.post(confirm).status_code == 200


def digest() -> list:
    """Run the daily digests; the mails they sent."""
    before = len(mail.outbox)
    services.daily_digests_send()
    return mail.outbox[before:]


def everything_in(message) -> str:
    return "\n".join(
        [message.subject, message.body, *map(str, message.extra_headers.values())]
    )
