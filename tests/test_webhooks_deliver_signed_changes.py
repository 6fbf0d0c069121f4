"""Each logged change is POSTed to the endpoints that want it: JSON signed with
HMAC-SHA256, retried with exponential backoff, each attempt logged.

A local HTTP receiver (tests/webhook_receiver.py) stands in for the editor's
endpoint; it is on 127.0.0.1, so these tests turn
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES on (test_webhooks_refuse_private_addresses.py
checks the refusal with it off). Tasks run where they are queued
(ImmediateBackend) once the transaction's on-commit callbacks run, except
where the database backend is used to see when a retry is queued for.
"""

import datetime
import hashlib
import hmac
import json

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from following.changefeed import changes_record
from partnerships.models import PublicationStatus
from tests import factories
from webhooks.delivery import backoff, delivery_attempt
from webhooks.models import Attempt, Delivery, DeliveryStatus, Endpoint

pytestmark = pytest.mark.django_db

SECRET = "a-shared-secret-of-some-length"


@pytest.fixture(autouse=True)
def local_receiver_allowed(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOKS_RETRY_SECONDS = 60
    settings.WEBHOOKS_MAX_ATTEMPTS = 4


@pytest.fixture
def endpoint(receiver):
    return Endpoint.objects.create(url=receiver.url, secret=SECRET)


def log_and_deliver(capture) -> None:
    """Log the changes and run every task that queues, retries included."""
    with capture(execute=True):
        changes_record()


def test_a_change_is_posted_as_json_signed_with_the_endpoint_secret(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    factories.CompanyFactory(slug="lab")
    log_and_deliver(django_capture_on_commit_callbacks)

    [request] = receiver.received
    assert request.path == "/hooks/tracker"
    assert request.headers["Content-Type"] == "application/json"
    timestamp = request.headers["X-Tracker-Timestamp"]
    expected = hmac.new(
        SECRET.encode(), timestamp.encode() + b"." + request.body, hashlib.sha256
    ).hexdigest()
    assert request.headers["X-Tracker-Signature"] == f"sha256={expected}"
    body = json.loads(request.body)
    delivery = Delivery.objects.get()
    assert body["delivery"] == delivery.pk
    assert request.headers["X-Tracker-Delivery"] == str(delivery.pk)
    assert body["change"]["type"] == "created"
    assert body["change"]["record"]["slug"] == "lab"
    assert delivery.status == DeliveryStatus.DELIVERED


def test_a_signature_made_with_another_secret_does_not_match(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    factories.CompanyFactory(slug="lab")
    log_and_deliver(django_capture_on_commit_callbacks)

    [request] = receiver.received
    timestamp = request.headers["X-Tracker-Timestamp"]
    forged = hmac.new(
        b"another-secret-entirely", timestamp.encode() + b"." + request.body, "sha256"
    ).hexdigest()
    assert request.headers["X-Tracker-Signature"] != f"sha256={forged}"


def test_a_500_is_retried_until_it_succeeds_with_an_attempt_logged_each_time(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    receiver.statuses = [500, 500, 200]
    factories.CompanyFactory(slug="lab")
    log_and_deliver(django_capture_on_commit_callbacks)

    assert len(receiver.received) == 3
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.attempts == 3
    attempts = list(delivery.attempt_log.values_list("number", "status_code", "error"))
    assert attempts == [(1, 500, "HTTP 500"), (2, 500, "HTTP 500"), (3, 200, "")]
    # The same delivery each time: a receiver can tell a retry from a new change.
    assert {r.headers["X-Tracker-Delivery"] for r in receiver.received} == {
        str(delivery.pk)
    }


def test_a_delivery_gives_up_after_the_last_attempt(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    receiver.statuses = [503]
    factories.CompanyFactory(slug="lab")
    log_and_deliver(django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get()
    assert len(receiver.received) == 4
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 4
    assert delivery.last_status_code == 503
    assert delivery.last_error == "HTTP 503"
    assert delivery.next_attempt_at is None


def test_only_a_short_excerpt_of_the_response_is_kept(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    factories.CompanyFactory(slug="lab")
    log_and_deliver(django_capture_on_commit_callbacks)

    excerpt = Attempt.objects.get().response_excerpt
    assert excerpt.startswith("answered 200")
    assert len(excerpt) == 200  # the receiver answered 1,300 characters


def test_each_retry_waits_twice_as_long_as_the_one_before(
    endpoint, receiver, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    receiver.statuses = [500]
    factories.CompanyFactory(slug="lab")
    with django_capture_on_commit_callbacks(execute=True):
        changes_record()  # queues the first attempt; no worker runs it here
    delivery = Delivery.objects.get()

    waits = []
    for _ in range(3):
        before = timezone.now()
        with django_capture_on_commit_callbacks(execute=True):
            delivery_attempt(delivery.pk)
        queued = DBTaskResult.objects.order_by("-enqueued_at").first()
        waits.append(queued.run_after - before)

    for wait, expected in zip(waits, [60, 120, 240], strict=True):
        assert datetime.timedelta(seconds=expected) <= wait
        assert wait < datetime.timedelta(seconds=expected + 5)
    assert backoff(4) == datetime.timedelta(seconds=480)
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.RETRYING


def test_a_drafts_changes_are_never_delivered(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    draft = factories.CompanyFactory(
        slug="drafted",
        name="lk900q draft name",
        internal_note="lk901q",
        publication_status=PublicationStatus.DRAFT,
    )
    draft.name = "lk902q still a draft"
    draft.save()
    factories.AgreementFactory(
        slug="lk903q", title="lk904q", publication_status=PublicationStatus.DRAFT
    )
    log_and_deliver(django_capture_on_commit_callbacks)
    assert receiver.received == []
    assert not Delivery.objects.exists()

    draft.name = "Published at last"
    draft.publication_status = PublicationStatus.PUBLISHED
    draft.save()
    draft.internal_note = "lk905q"
    draft.save()  # readers see nothing change: nothing is delivered
    log_and_deliver(django_capture_on_commit_callbacks)

    [request] = receiver.received
    assert json.loads(request.body)["change"]["type"] == "created"
    for marker in ("lk900q", "lk901q", "lk902q", "lk903q", "lk904q", "lk905q"):
        assert marker.encode() not in request.body


def test_an_endpoint_gets_only_the_record_types_and_companies_it_asked_for(
    receiver, django_capture_on_commit_callbacks
):
    lab = factories.CompanyFactory(slug="lab")
    other = factories.CompanyFactory(slug="other")
    changes_record()
    agreements = Endpoint.objects.create(
        url=receiver.url, secret=SECRET, record_types=["agreement"]
    )
    of_lab = Endpoint.objects.create(url=receiver.url + "/lab", secret=SECRET)
    of_lab.companies.add(lab)
    inactive = Endpoint.objects.create(
        url=receiver.url + "/off", secret=SECRET, is_active=False
    )

    with_lab = factories.AgreementFactory(slug="with-lab")
    factories.AgreementPartyFactory(agreement=with_lab, company=lab)
    without_lab = factories.AgreementFactory(slug="without-lab")
    factories.AgreementPartyFactory(agreement=without_lab, company=other)
    lab.name = "Lab renamed"
    lab.save()
    factories.PersonFactory(slug="at-lab", affiliation=lab)
    log_and_deliver(django_capture_on_commit_callbacks)

    def slugs(endpoint) -> set[str]:
        return set(
            Delivery.objects.filter(endpoint=endpoint).values_list(
                "change__slug", flat=True
            )
        )

    assert slugs(agreements) == {"with-lab", "without-lab"}
    assert slugs(of_lab) == {"with-lab", "lab", "at-lab"}
    assert slugs(inactive) == set()


def test_nothing_more_is_sent_once_the_endpoint_is_switched_off(
    endpoint, receiver, django_capture_on_commit_callbacks
):
    factories.CompanyFactory(slug="lab")
    changes_record()  # queued on commit, which this test's transaction never does
    endpoint.is_active = False
    endpoint.save()

    delivery = delivery_attempt(Delivery.objects.get().pk)

    assert receiver.received == []
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.last_error == "Not sent: the endpoint is no longer active."
