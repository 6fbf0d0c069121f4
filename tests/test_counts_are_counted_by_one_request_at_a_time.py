"""Counts a write made stale are counted again by one request: others asking
for the same counts meanwhile wait for its answer (readercache.counts), for
COUNTS_WAIT_SECONDS at most; a counter that fails keeps no one waiting."""

import threading

import pytest

from readercache import counts


@pytest.fixture(autouse=True)
def counts_kept(settings):
    settings.COUNTS_CACHE_SECONDS = 60
    settings.COUNTS_WAIT_SECONDS = 5


def count_in_a_thread(what: str, count) -> tuple[threading.Thread, dict]:
    answer = {}

    def ask():
        answer["counted"] = counts.remembered(what, ("same",), count)

    thread = threading.Thread(target=ask)
    thread.start()
    return thread, answer


def test_a_request_asking_for_counts_being_counted_waits_for_them():
    counting, may_finish = threading.Event(), threading.Event()
    calls = []

    def slow_count():
        calls.append("first")
        counting.set()
        may_finish.wait(5)
        return 42

    def second_count():
        calls.append("second")
        return 99

    first, answer = count_in_a_thread("facets", slow_count)
    assert counting.wait(5)
    threading.Timer(0.2, may_finish.set).start()  # while the second one waits
    second = counts.remembered("facets", ("same",), second_count)
    first.join(5)

    assert (answer["counted"], second) == (42, 42)
    assert calls == ["first"]


def test_a_waiting_request_counts_for_itself_once_the_wait_is_over(settings):
    settings.COUNTS_WAIT_SECONDS = 1
    counting, may_finish = threading.Event(), threading.Event()

    def stuck_count():
        counting.set()
        may_finish.wait(5)
        return 42

    first, answer = count_in_a_thread("facets", stuck_count)
    assert counting.wait(5)
    try:
        assert counts.remembered("facets", ("same",), lambda: 7) == 7
    finally:
        may_finish.set()
        first.join(5)
    assert answer["counted"] == 42


def test_a_counter_that_failed_keeps_no_one_waiting(monkeypatch):
    def failing_count():
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        counts.remembered("facets", ("same",), failing_count)
    waited = []
    monkeypatch.setattr(counts, "_counted_elsewhere", waited.append)

    assert counts.remembered("facets", ("same",), lambda: 7) == 7
    assert waited == []


def test_with_no_wait_every_request_counts(settings, monkeypatch):
    settings.COUNTS_WAIT_SECONDS = 0
    waited = []
    monkeypatch.setattr(counts, "_counted_elsewhere", waited.append)

    assert counts.remembered("facets", ("same",), lambda: 7) == 7
    assert waited == []
