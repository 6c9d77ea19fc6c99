"""The invariants (losant_contract.invariants) held on every answer the suite's client hears.

A breach fails the check during which the answer came (its set-up, call or teardown), with
its own verdict kind, the exchange and a curl line, even when the check itself looked
elsewhere; a check that failed on its own keeps its own verdict. Each invariant is
reported once per run (in the first check that met a breach of it); later breaches are
counted, and the run's summary names every invariant broken and how often.

Answers outside any check: the preflight's are judged with the preflight (its check
reports them); the clean-up's fail the run. Under pytest-xdist each worker does the same
for its own checks and hands the controller its counts.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from losant_contract import invariants
from losant_contract.counts import WriteCounts
from losant_contract.invariants import Breach

from .session import SuiteRun


class Invariants:
    """Hears every exchange of the run's client; fails the phase that heard a breach."""

    def __init__(self, run: SuiteRun) -> None:
        self.run = run
        self.counts = WriteCounts(prefixes=(run.prefix,))
        shared = run.shared.get("corpus")
        if shared:  # made by the pytest-xdist controller, from zero: counted as if made here
            self.counts.made(run.target.application_id, shared["prefix"], shared["records"])
        self.reported: set[str] = set()
        self.broken = run.broken  # invariant -> answers that broke it
        self.heard: list[Breach] = []  # in the current phase, or outside any check
        run.api.listeners.append(self._observe)
        run.api.unanswered.append(self.counts.unanswered)

    def _observe(self, response: requests.Response) -> None:
        path = urlsplit(response.request.url or "").path
        listing = response.request.method == "GET" and path.rstrip("/").endswith("/integrations")
        made_here = self.counts.made_in(invariants.application_of(path)) if listing else set()
        found = invariants.breaches(response, made_here)
        counted = self.counts.heard(response)
        for breach in [*found, *([counted] if counted else [])]:
            self.broken[breach.invariant] += 1
            self.heard.append(breach)

    def preflight(self) -> None:
        """What the preflight's answers broke is the preflight's to report (its check does)."""
        self.run.preflight_violations += [breach.violation for breach in self._unreported()]

    def _unreported(self) -> list[Breach]:
        """The breaches heard since the last call, one per invariant not reported yet (now reported)."""
        fresh: dict[str, Breach] = {}
        for breach in self.heard:
            if breach.invariant not in self.reported and breach.invariant not in fresh:
                fresh[breach.invariant] = breach
        self.heard = []
        self.reported |= set(fresh)
        return list(fresh.values())

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> Generator[None, None, None]:
        return (yield from self._phase())

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, None, None]:
        return (yield from self._phase())

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_teardown(self, item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, None, None]:
        return (yield from self._phase())

    def _phase(self) -> Generator[None, None, None]:
        """Run one phase; raise the first breach of an invariant not reported yet. A phase
        that raised on its own keeps its own failure (its breaches wait for another check)."""
        self.heard = []
        try:
            yield
        except BaseException:
            self.heard = []
            raise
        fresh = self._unreported()
        if fresh:
            raise fresh[0].violation

    # -- the end: clean-up's answers, the counts -----------------------------------------

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        self.broken.update(getattr(node, "workeroutput", {}).get("losant_invariants", {}))

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """After the clean-up (so its answers count): what it broke fails the run."""
        outside = self._unreported()
        self.run.outside += [f"{breach.invariant}: {breach.violation}" for breach in outside]
        if hasattr(session.config, "workeroutput"):
            session.config.workeroutput["losant_invariants"] = dict(self.broken)
            session.config.workeroutput["losant_outside"] = self.run.outside
        if self.run.outside and session.exitstatus == 0:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.broken:
            counted = ", ".join(f"{name} ({self.broken[name]})" for name in invariants.NAMES if self.broken[name])
            terminalreporter.write_line(f"invariants broken (answers): {counted}", red=True)
        for line in self.run.outside:
            terminalreporter.write_line(f"outside any check: {line}", red=True)
