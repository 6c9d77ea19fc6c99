"""Every suite run writes results.json (losant_contract.results) into the reports directory.

Each process notes, on each phase's report, the requests it sent and the 429s it met in
that phase, and what the code that raised a failure knows: its verdict kind, the rule, a
one-line reason and the curl line (all redacted). Under
pytest-xdist those notes travel with the reports to the controller, which alone writes the
file, after the clean-up (so its requests count) and after every other plugin has settled
the exit status.
"""

from __future__ import annotations

import time
from collections.abc import Generator
from datetime import datetime, timezone
from typing import Any

import pytest

from losant_contract import __version__, policy, redact, results, verdicts
from losant_contract.client import curl
from losant_contract.oracles import Violation, describe
from losant_contract.vocabulary import Kind

from .hooks import area_of
from .session import SuiteRun

NOTE = "losant_result"  #: the report attribute the note travels in (xdist serialises it)


class ResultFile:
    """Notes what each phase of each check came to; writes results.json at the end."""

    def __init__(self, config: pytest.Config, run: SuiteRun) -> None:
        self.config, self.run = config, run
        self.started, self.clock = time.time(), datetime.now(timezone.utc)
        self.checks: dict[str, results.CheckResult] = {}
        self._metered = (0, 0, 0.0)  # requests sent, 429s, seconds waited: at the last note

    @pytest.hookimpl(wrapper=True, trylast=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        api = self.run.api
        now = (api.requests_made, api.meter.rate_limited, api.meter.waited)
        sent, limited, waited = (now[i] - self._metered[i] for i in range(3))
        self._metered = now
        note: dict[str, Any] = {"area": area_of(item), "requests": sent, "rate_limited": limited, "waited": waited}
        note["waived"] = item.nodeid in self.run.waived_checks
        if call.excinfo is not None and report.failed:
            note.update(_failure(call.excinfo.value))
        setattr(report, NOTE, note)
        return report

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        """On the controller (or the one process): fold each phase into its check's result."""
        note: dict[str, Any] = getattr(report, NOTE, None) or {}
        check = self.checks.setdefault(
            report.nodeid, results.CheckResult(report.nodeid, note.get("area", ""), results.PASSED)
        )
        check.seconds = round(check.seconds + report.duration, 3)
        if check.failed:  # the first failure of a check is its verdict
            return
        if report.failed:
            check.outcome = results.FAILED if report.when == "call" else results.ERROR
            # No note says what raised it (a report not made here: an interrupt, a crashed worker):
            # no verdict on the API, and a defect to look into.
            check.kind = note.get("kind") or Kind.SUITE.title
            check.rule, check.curl = note.get("rule"), note.get("curl")
            check.reason = note.get("reason", "")
            check.failed_after = round(max(0.0, note.get("failed_at", time.time()) - self.started), 1)
        elif report.skipped and check.outcome == results.PASSED:
            check.outcome, check.reason = results.SKIPPED, _skip_reason(report)
            check.waived = bool(note.get("waived"))

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> Generator[None, None, None]:
        """Outermost: after the clean-up and after the exit status is settled."""
        yield
        if hasattr(self.config, "workerinput") or self.config.option.collectonly:
            return
        self.run.unwaived_skips = policy.unwaived_skips(self.run.settings.policy, self.checks.values())
        if self.run.unwaived_skips and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
        target = self.run.target
        result = results.RunResult(
            target="embedded mock" if target.embedded else target.url,
            application_id=target.application_id,
            profile=self.run.settings.profile,
            seed=self.config.getoption("hypothesis_seed", None),
            suite_version=__version__,
            started=self.clock.isoformat(timespec="seconds"),
            seconds=round(time.time() - self.started, 1),
            exit_status=int(session.exitstatus),
            workers=int(getattr(self.config.option, "numprocesses", 0) or 0),
            requests_by_area=dict(self.run.requests_by_area),
            rate_limited=self.run.rate_limited,
            waited_seconds=round(self.run.waited_seconds, 1),
            leftovers=[redact.text(line) for line in self.run.leftovers],
            invariants=dict(self.run.broken),
            outside=[redact.text(line) for line in self.run.outside],
            waived=list(self.run.settings.waive_scopes),
            unwaived_skips=self.run.unwaived_skips,
            checks=list(self.checks.values()),
        )
        results.write(self.run.settings.reports_dir, result)


def _failure(error: BaseException) -> dict[str, Any]:
    """What the code that raised `error` said of it: kind, rule, one-line reason, curl line."""
    kind = verdicts.classify(error)
    cause = next((leaf for leaf in verdicts.leaves(error) if verdicts.kind_of(leaf) is kind), error)
    note: dict[str, Any] = {"kind": kind.title, "failed_at": round(time.time(), 3)}
    if isinstance(cause, Violation):
        where = f" [{describe(cause.response)}]" if cause.response is not None else ""
        note["rule"], note["reason"] = redact.text(cause.rule), _line(cause.reason + where)
        note["curl"] = curl(cause.response.request) if cause.response is not None else cause.curl
    else:
        note["reason"] = _line(str(cause) or type(cause).__name__)
    return note


def _line(text: str) -> str:
    """One line of at most 300 characters, secrets hidden."""
    first = " ".join(text.strip().splitlines()[:1]) if text.strip() else ""
    return redact.text(first)[:300]


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr or "")
    return _line(str(reason).removeprefix("Skipped: "))
