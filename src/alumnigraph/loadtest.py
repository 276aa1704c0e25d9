"""A bounded load test of the SPARQL endpoint: N concurrent clients on loopback, latency percentiles.

Each client is a thread that sends its share of requests one after another (real HTTP through
``urllib``); all clients start together. The run is bounded in count (``clients × per_client``
requests) and in time (a request not sent before the deadline counts as failed), and it refuses any
address outside the loopback range: this is for a server on this machine only.

>>> percentile([0.1, 0.2, 0.3, 0.4], 50)
0.2
>>> percentile([0.1, 0.2, 0.3, 0.4], 99)
0.4
"""

from __future__ import annotations

import contextlib
import ipaddress
import math
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from socketserver import BaseServer


@dataclass(frozen=True)
class Job:
    """One kind of request: a GET of ``url`` with ``accept``, whose body ``check`` must accept."""

    name: str
    url: str
    accept: str
    check: Callable[[bytes], bool]


@dataclass
class LoadReport:
    """What a run measured: per-request latencies (seconds) and every failure, described."""

    clients: int
    per_client: int
    wall: float = 0.0
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        """Requests answered (successfully or not) plus those refused by the deadline."""
        return len(self.latencies) + len(self.failures)

    def percentiles(self) -> dict[str, float]:
        """p50, p90, p99 and max latency in milliseconds.

        >>> LoadReport(1, 2, latencies=[0.010, 0.020]).percentiles()["max"]
        20.0
        """
        ms = sorted(x * 1000 for x in self.latencies) or [math.nan]
        return {"p50": percentile(ms, 50), "p90": percentile(ms, 90), "p99": percentile(ms, 99), "max": ms[-1]}

    def summary(self) -> str:
        """One line: clients, requests, failures, throughput and latency percentiles.

        >>> LoadReport(2, 1, wall=1.0, latencies=[0.01, 0.03]).summary()
        '2 clients × 1 requests: 2 ok, 0 failed in 1.0 s (2.0 req/s); latency ms p50 10.0 p90 30.0 p99 30.0 max 30.0'
        """
        p = self.percentiles()
        rate = len(self.latencies) / self.wall if self.wall else 0.0
        return (f"{self.clients} clients × {self.per_client} requests: {len(self.latencies)} ok, "
                f"{len(self.failures)} failed in {self.wall:.1f} s ({rate:.1f} req/s); latency ms "
                + " ".join(f"{k} {v:.1f}" for k, v in p.items()))


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """The nearest-rank ``q``-th percentile of already sorted values."""
    rank = max(1, math.ceil(q / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def require_loopback(url: str) -> None:
    """Refuse any URL whose host is not a loopback address.

    >>> require_loopback("http://127.0.0.1:8000/sparql")
    >>> require_loopback("http://192.168.1.2/sparql")
    Traceback (most recent call last):
    ValueError: load tests only target loopback addresses, not 192.168.1.2
    """
    host = urllib.parse.urlsplit(url).hostname or ""
    addresses = {info[4][0] for info in socket.getaddrinfo(host, None)} if host else set()
    if not addresses or not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses):
        raise ValueError(f"load tests only target loopback addresses, not {host}")


def _one(job: Job, timeout: float) -> str | None:
    """Send one request; ``None`` when it succeeded, else what went wrong."""
    request = urllib.request.Request(job.url, headers={"Accept": job.accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
    except urllib.error.HTTPError as err:
        return f"{job.name}: HTTP {err.code} {err.read()[:200]!r}"
    except OSError as err:
        return f"{job.name}: {type(err).__name__}: {err}"
    return None if job.check(body) else f"{job.name}: wrong answer ({len(body)} bytes)"


def run_load(jobs: Sequence[Job], clients: int = 50, per_client: int = 10, deadline: float = 120.0,
             request_timeout: float = 60.0) -> LoadReport:
    """Run ``clients`` threads, each sending ``per_client`` requests (jobs taken in turn), all bounded."""
    for job in jobs:
        require_loopback(job.url)
    report = LoadReport(clients, per_client)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    stop_at: list[float] = []

    def client(c: int) -> None:
        start.wait()
        for i in range(per_client):
            job = jobs[(c * per_client + i) % len(jobs)]
            if time.monotonic() > stop_at[0]:
                with lock:
                    report.failures.append(f"{job.name}: not sent before the {deadline:g} s deadline")
                continue
            began = time.monotonic()
            problem = _one(job, request_timeout)
            elapsed = time.monotonic() - began
            with lock:
                report.latencies.append(elapsed) if problem is None else report.failures.append(problem)

    threads = [threading.Thread(target=client, args=(c,), daemon=True) for c in range(clients)]
    for t in threads:
        t.start()
    began = time.monotonic()
    stop_at.append(began + deadline)
    start.wait()
    for t in threads:
        t.join(deadline + request_timeout + 5)
    report.wall = time.monotonic() - began
    return report


@contextlib.contextmanager
def serving(server: BaseServer) -> Iterator[BaseServer]:
    """Run ``server.serve_forever`` in a thread for the ``with`` block, then shut it down and close it."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)
