"""Webhook deliveries: each logged change POSTed, signed, to the endpoints that
want it, retried with exponential backoff on the task worker.

A delivery's body is JSON: `{"delivery": <id>, "change": <the change as the
feed shows it>}`, URLs on `SITE_URL`. Its headers:

- `X-Tracker-Timestamp`: seconds since 1970 when this attempt was signed;
- `X-Tracker-Signature`: `sha256=` and the hex HMAC-SHA256, keyed with the
  endpoint's secret, of the timestamp, a full stop and the raw body. A
  receiver recomputes it (and refuses an old timestamp, so that a captured
  delivery cannot be replayed);
- `X-Tracker-Delivery`: the delivery's id (the same for each attempt).

Any 2xx answer is a success. Anything else (another status, a timeout, a
refused connection, a refused address) is a failed attempt, logged as an
`Attempt`; the next is queued `WEBHOOKS_RETRY_SECONDS` × 2ⁿ⁻¹ later, until
`WEBHOOKS_MAX_ATTEMPTS` attempts have failed. Redirects are not followed: a
redirect could point anywhere, inside our network included.
"""

import datetime
import hashlib
import hmac
import http.client
import json
import socket
import ssl
import time
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from partnerships import site_address
from webhooks.addresses import RefusedAddress, checked_target
from webhooks.models import Attempt, Change, Delivery, DeliveryStatus, Endpoint

EXCERPT = 200  # characters of a response body kept, never more
USER_AGENT = "partnership-tracker-webhooks/1"


def deliveries_create(changes: Iterable[Change]) -> list[Delivery]:
    """A delivery of each change to each active endpoint whose filter it
    passes, queued once this transaction commits."""
    endpoints = list(
        Endpoint.objects.filter(is_active=True).prefetch_related("companies")
    )
    if not endpoints:
        return []
    filters = [(e, {company.pk for company in e.companies.all()}) for e in endpoints]
    deliveries = [
        Delivery(endpoint=endpoint, change=change)
        for change in changes
        for endpoint, companies in filters
        if endpoint.wants(change, companies)
    ]
    deliveries = Delivery.objects.bulk_create(deliveries)
    pks = [delivery.pk for delivery in deliveries]
    transaction.on_commit(lambda: _queue_all(pks), robust=True)
    return deliveries


def _queue_all(pks: list[int]) -> None:
    for pk in pks:
        _queue(pk)


def _queue(pk: int, after: datetime.timedelta | None = None) -> None:
    from webhooks.tasks import deliver

    if after is not None and deliver.get_backend().supports_defer:
        deliver.using(run_after=timezone.now() + after).enqueue(pk)
    else:  # a backend that runs tasks at once (the tests') cannot wait
        deliver.enqueue(pk)


def backoff(failed_in_round: int) -> datetime.timedelta:
    """How long after the n-th failed attempt of a round the next one runs."""
    return datetime.timedelta(
        seconds=settings.WEBHOOKS_RETRY_SECONDS * 2 ** (failed_in_round - 1)
    )


def payload(delivery: Delivery) -> bytes:
    from following.changefeed import change_data

    change = change_data(
        delivery.change, lambda path: site_address.absolute(path, None)
    )
    return json.dumps(
        {"delivery": delivery.pk, "change": change}, separators=(",", ":")
    ).encode()


def signature(secret: str, timestamp: str, body: bytes) -> str:
    signed = timestamp.encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def delivery_attempt(delivery_id: int) -> Delivery | None:
    """POST the delivery once and log the attempt; queue the next on failure."""
    delivery = (
        Delivery.objects.select_related("endpoint", "change")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None or delivery.status in (
        DeliveryStatus.DELIVERED,
        DeliveryStatus.FAILED,
    ):
        return delivery
    endpoint = delivery.endpoint
    if not endpoint.is_active:  # switched off since: nothing more is sent
        delivery.status = DeliveryStatus.FAILED
        delivery.last_error = "Not sent: the endpoint is no longer active."
        delivery.next_attempt_at = None
        delivery.save(update_fields=["status", "last_error", "next_attempt_at"])
        return delivery
    body = payload(delivery)
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Tracker-Delivery": str(delivery.pk),
        "X-Tracker-Timestamp": timestamp,
        "X-Tracker-Signature": signature(endpoint.secret, timestamp, body),
    }
    started = time.monotonic()
    status_code, excerpt, error = _post(endpoint.url, body, headers)
    took = int((time.monotonic() - started) * 1000)
    succeeded = status_code is not None and 200 <= status_code < 300
    if status_code is not None and not succeeded:
        error = f"HTTP {status_code}"

    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        delivery.attempts += 1
        Attempt.objects.create(
            delivery=delivery,
            number=delivery.attempts,
            status_code=status_code,
            error=error[:500],
            response_excerpt=excerpt,
            duration_ms=took,
        )
        delivery.last_status_code = status_code
        delivery.last_error = error[:500]
        failed_in_round = delivery.attempts - delivery.round_start
        if succeeded:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.DELIVERED, None
        elif failed_in_round >= settings.WEBHOOKS_MAX_ATTEMPTS:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        else:
            wait = backoff(failed_in_round)
            delivery.status = DeliveryStatus.RETRYING
            delivery.next_attempt_at = timezone.now() + wait
            transaction.on_commit(lambda: _queue(delivery.pk, wait), robust=True)
        delivery.save()
    return delivery


def delivery_resend(delivery: Delivery) -> None:
    """Send a delivery again, as a new round of attempts (the admin's action)."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        delivery.status = DeliveryStatus.PENDING
        delivery.round_start = delivery.attempts
        delivery.next_attempt_at = None
        delivery.save()
        transaction.on_commit(lambda: _queue(delivery.pk), robust=True)


# -- the POST ----------------------------------------------------------------------


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, whatever the name resolves
    to now (`webhooks.addresses`)."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(
            host, port, timeout=timeout, context=ssl.create_default_context()
        )
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _post(url: str, body: bytes, headers: dict) -> tuple[int | None, str, str]:
    """(status, a short excerpt of the body, error) of POSTing `body` to `url`."""
    try:
        scheme, host, port, address = checked_target(url)
    except RefusedAddress as refused:
        return None, "", f"Refused: {refused}"
    connection_class = (
        _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    )
    connection = connection_class(
        host, port, address, timeout=settings.WEBHOOKS_TIMEOUT_SECONDS
    )
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        excerpt = response.read(EXCERPT).decode("utf-8", "replace")[:EXCERPT]
        return response.status, excerpt, ""
    except (OSError, http.client.HTTPException) as failure:
        return None, "", f"{type(failure).__name__}: {failure}"[:500]
    finally:
        connection.close()
