"""Progress a person can follow on a long run: every LOSANT_PROGRESS seconds (10 by default;
0 turns it off) one line with the checks done of all, the requests sent, the 429s met and
the time waited on them, the time elapsed, and what the run is waiting on (the longest
running check and, in one process, the request in flight).

Only the process that reports (the pytest-xdist controller, or the one process) prints:
workers send, with every report, the requests and 429s of that phase (result_file's note).
A run shorter than one interval prints nothing.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from .result_file import NOTE
from .session import SuiteRun

LONG_REQUEST = 2.0  #: seconds after which a request in flight is named


class Progress:
    def __init__(self, config: pytest.Config, run: SuiteRun) -> None:
        self.config, self.run = config, run
        self.started = time.monotonic()
        self.total: int | None = None
        self.done = 0
        self.sent = [0, 0, 0.0]  # by the workers: requests, 429s, seconds waited
        self.running: dict[str, float] = {}  # check -> when it started
        self._stop = threading.Event()
        self._lock = threading.Lock()

    # -- counting ------------------------------------------------------------------------------

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.total = len(session.items)

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: Any, ids: list[str]) -> None:
        self.total = len(ids)

    def pytest_runtest_logstart(self, nodeid: str, location: Any) -> None:
        with self._lock:
            self.running[nodeid] = time.monotonic()

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        note = getattr(report, NOTE, None) or {}
        with self._lock:
            if getattr(report, "node", None) is not None:  # a worker's: its phase's requests
                self.sent[0] += note.get("requests", 0)
                self.sent[1] += note.get("rate_limited", 0)
                self.sent[2] += note.get("waited", 0.0)
            if report.when == "teardown":
                self.done += 1
                self.running.pop(report.nodeid, None)

    def line(self) -> str:
        """'progress: 120/391 checks, 1812 requests, 3 × 429 (waited 4.1 s), 23 s; waiting on ...'."""
        meter = self.run.api.meter
        with self._lock:
            requests = self.run.api.requests_made + self.sent[0]
            limited, waited = meter.rate_limited + self.sent[1], meter.waited + self.sent[2]
            running = sorted(self.running.items(), key=lambda entry: entry[1])
        now = time.monotonic()
        line = (
            f"progress: {self.done}/{self.total if self.total is not None else '?'} checks, {requests} requests, "
            f"{limited} × 429 (waited {waited:.1f} s), {now - self.started:.0f} s"
        )
        if running:
            check, since = running[0]
            line += f"; waiting on {check} ({now - since:.0f} s)"
        slow = [f"{method} {path} ({seconds:.0f} s)" for method, path, seconds in self.run.api.in_flight()]
        if slow and max(seconds for _, _, seconds in self.run.api.in_flight()) > LONG_REQUEST:
            line += f", {slow[0]}"
        return line

    # -- printing ------------------------------------------------------------------------------

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        interval = self.run.settings.progress
        if interval and not hasattr(self.config, "workerinput"):
            threading.Thread(target=self._tell, args=(interval,), name="losant-progress", daemon=True).start()

    def _tell(self, interval: float) -> None:
        """From its own thread, while a check may run: past pytest's capture of the check's
        output, as pytest itself writes past it (its capture manager's own switch)."""
        capture = self.config.pluginmanager.get_plugin("capturemanager")
        writer = self.config.get_terminal_writer()
        while not self._stop.wait(interval):
            if capture is None:
                continue
            with capture.global_and_fixture_disabled():
                if writer.width_of_current_line:  # after a row of dots: a line of its own
                    writer.line()
                writer.line(self.line())

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self._stop.set()
