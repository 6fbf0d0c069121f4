"""Requests and what they cost: timed sequential requests, a fixed
concurrency for a fixed time, and the peak memory of server processes."""

import contextlib
import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

TIMEOUT = 60  # seconds a request may take; `run.py --timeout` sets another


@dataclass
class Answer:
    status: int
    size: int
    seconds: float


def get(url: str) -> Answer:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=TIMEOUT)
    started = time.perf_counter()
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path, headers={"Connection": "close"})
        response = connection.getresponse()
        size = 0
        while chunk := response.read(1 << 16):
            size += len(chunk)
        return Answer(response.status, size, time.perf_counter() - started)
    finally:
        connection.close()


def get_body(url: str) -> bytes:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=TIMEOUT)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", path)
        return connection.getresponse().read()
    finally:
        connection.close()


@dataclass
class Timing:
    samples: list[float] = field(default_factory=list)
    status: int = 0
    size: int = 0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.samples)
        if len(ordered) == 1:
            return ordered[0]
        return statistics.quantiles(ordered, n=100, method="inclusive")[
            round(share * 100) - 1
        ]


def timed_in_turn(
    urls: list[str], requests: int, budget: float, warm_up: bool = True
) -> list[Timing]:
    """Up to `requests` sequential requests of each of `urls` (at least one),
    one of each in turn, so that whatever slows the machine for a while slows
    each alike; stopping once `budget` seconds per URL are spent. A warm-up
    of each first unless told not to or slow. A request unanswered (or cut
    off) after TIMEOUT seconds ends that URL's, as status 0."""
    timings = [Timing() for _ in urls]
    asking = list(range(len(urls)))
    if warm_up:
        for i in list(asking):
            first = _answer(urls[i], timings[i])
            if first is None:
                asking.remove(i)
            elif first.seconds > budget / 3:  # the only figure there will be
                timings[i].samples.append(first.seconds)
                asking.remove(i)
    started = time.monotonic()
    while asking:
        for i in list(asking):
            answer = _answer(urls[i], timings[i])
            if answer is None:
                asking.remove(i)
            else:
                timings[i].samples.append(answer.seconds)
        asking = [i for i in asking if len(timings[i].samples) < requests]
        if time.monotonic() - started > budget * len(urls):
            break
    return timings


def _answer(url: str, timing: Timing) -> Answer | None:
    """One request, its status and size noted in `timing`; None if it was not
    answered within TIMEOUT (or cut off), noted as status 0."""
    try:
        answer = get(url)
    except (OSError, http.client.HTTPException):
        timing.status, timing.size = 0, 0
        timing.samples = [float(TIMEOUT)]
        return None
    timing.status, timing.size = answer.status, answer.size
    return answer


def throughput(url: str, concurrency: int, seconds: float) -> tuple[float, int]:
    """Requests per second answered 200 by `concurrency` clients sending one
    request after another for `seconds`; and the number of other answers."""
    done, failed = [0] * concurrency, [0] * concurrency
    deadline = time.monotonic() + seconds

    def client(i: int) -> None:
        while time.monotonic() < deadline:
            try:
                ok = get(url).status == 200
            except (OSError, http.client.HTTPException):
                ok = False
            if ok:
                done[i] += 1
            else:
                failed[i] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.monotonic() - started), sum(failed)


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def reset_peak_memory(pids: list[int]) -> None:
    """Linux: "5" in clear_refs restarts a process's peak RSS (VmHWM)."""
    for pid in pids:
        with contextlib.suppress(FileNotFoundError):  # a worker restarted
            Path(f"/proc/{pid}/clear_refs").write_text("5")


def peak_memory_mb(pids: list[int]) -> float:
    """The largest peak resident set (VmHWM) among `pids`, in MB."""
    peaks = []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except FileNotFoundError:  # restarted after a timeout: its peak is lost
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) / 1024)
    return max(peaks, default=0.0)
