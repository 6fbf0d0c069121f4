"""A change to what readers see (a publish, a withdrawal, an edit, a part of a
record added) queues one export of the downloads DOWNLOADS_EXPORT_DELAY seconds
later; every change within that window is left to that one run."""

import datetime

import pytest
from django.core.cache import cache, caches
from django.tasks import default_task_backend
from django.utils import timezone

from following.downloads import files, schedule
from following.downloads.tasks import export_dataset_task
from partnerships.models import PublicationStatus
from partnerships.publication import publish
from tests import factories

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def queue(settings):
    """A task backend that keeps what is queued, and an empty window."""
    settings.TASKS = DUMMY
    settings.DOWNLOADS_EXPORT_DELAY = 300
    cache.clear()
    default_task_backend.clear()
    yield default_task_backend.results
    cache.clear()


def draft_agreement(slug: str):
    agreement = factories.AgreementFactory(
        slug=slug, publication_status=PublicationStatus.DRAFT
    )
    citation = factories.AgreementCitationFactory(record=agreement)
    factories.TermReportFactory(citation=citation, term="status")
    return agreement


def test_a_publish_queues_an_export_a_few_minutes_later(
    queue, django_capture_on_commit_callbacks
):
    agreement = draft_agreement("deal")
    queue.clear()
    cache.clear()

    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        publish(agreement)

    (result,) = queue
    assert result.task.func is export_dataset_task.func
    assert result.task.run_after - before >= datetime.timedelta(seconds=300)
    assert result.task.run_after - before < datetime.timedelta(seconds=310)


def test_publishes_within_the_window_queue_one_export(
    queue, django_capture_on_commit_callbacks
):
    agreements = [draft_agreement(f"deal-{n}") for n in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        pass
    queue.clear()
    cache.clear()

    for agreement in agreements:
        with django_capture_on_commit_callbacks(execute=True):
            publish(agreement)
    with django_capture_on_commit_callbacks(execute=True):
        agreements[0].summary = "Corrected"
        agreements[0].save()

    assert len(queue) == 1


def test_a_change_after_the_window_queues_another_export(
    queue, django_capture_on_commit_callbacks
):
    agreement = draft_agreement("deal")
    with django_capture_on_commit_callbacks(execute=True):
        publish(agreement)
    cache.clear()  # the window has passed

    with django_capture_on_commit_callbacks(execute=True):
        agreement.publication_status = PublicationStatus.DRAFT
        agreement.save()

    assert len(queue) == 2


def test_nothing_is_queued_before_the_change_is_committed(
    queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish(draft_agreement("deal"))

    assert callbacks and not queue


def test_a_backend_that_cannot_wait_queues_nothing_and_says_so_once(
    settings, django_capture_on_commit_callbacks, caplog, monkeypatch
):
    # The tests' default backend runs each task at once: an export inside
    # every save. It queues none, and the log says to run the command, once.
    monkeypatch.setattr(schedule, "_warned", False)
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish(draft_agreement("deal"))
        publish(draft_agreement("another"))

    assert caplog.text.count("manage.py export_dataset") == 1
    assert not (settings.DOWNLOADS_ROOT / files.MANIFEST).exists()


def test_the_queued_task_writes_the_downloads(settings, tmp_path):
    settings.DOWNLOADS_ROOT = tmp_path
    factories.AgreementFactory(slug="deal")

    export_dataset_task.enqueue()  # the tests' backend runs it at once

    manifest = files.read_manifest()
    assert manifest["counts"]["agreements"] == 1
    assert {entry["filename"] for entry in manifest["files"].values()} == {
        file.filename for file in files.FILES
    }


def test_an_export_that_could_not_be_queued_is_queued_by_the_next_change(
    queue, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    agreement = draft_agreement("deal")
    queue.clear()
    cache.clear()

    def refused(*args, **kwargs):
        raise ConnectionError("the task database is unreachable")

    with monkeypatch.context() as patched:
        patched.setattr(default_task_backend, "enqueue", refused)
        with django_capture_on_commit_callbacks(execute=True):
            publish(agreement)  # saved; the failure is logged, not raised
    assert "the task database is unreachable" in caplog.text
    with django_capture_on_commit_callbacks(execute=True):
        agreement.summary = "Corrected"
        agreement.save()

    assert len(queue) == 1


def test_without_the_cache_each_change_queues_an_export(
    queue, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    agreements = [draft_agreement(f"deal-{n}") for n in range(2)]
    queue.clear()

    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(caches["default"], "add", unreachable)
    for agreement in agreements:
        with django_capture_on_commit_callbacks(execute=True):
            publish(agreement)

    assert len(queue) == 2
    assert "The cache did not answer" in caplog.text
