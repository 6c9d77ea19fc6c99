"""The hooks around every check: each says what it rests on and its area (collection fails
otherwise), cheap areas run first (under workers, the long chains), a failure carries its
verdict, the curl line that repeats it and the seed, and what the run made is deleted at
the end."""

from __future__ import annotations

import sys
import time
from collections.abc import Generator
from typing import Any

import pytest
from hypothesis import Phase, settings

from losant_contract import verdicts
from losant_contract.client import TransportError, curl
from losant_contract.contracts import scope_universe
from losant_contract.oracles import Violation
from losant_contract.vocabulary import AREAS, CLEANUP, area_rank

from .session import SuiteRun

LABELS = ("documented", "assumed")
LONG_CHAINS = frozenset({"model"})  #: areas whose checks a worker starts first


class Suite:
    """The hooks around every check of one process's run."""

    def __init__(self, run: SuiteRun) -> None:
        self.run = run
        self.shared = False  # pytest-xdist: the workers' common set-up is done

    def pytest_configure(self, config: pytest.Config) -> None:
        if config.getoption("no_shrink"):
            settings.register_profile(
                "losant-no-shrink",
                parent=settings.default,
                phases=[Phase.explicit, Phase.generate],
                database=None,
            )
            settings.load_profile("losant-no-shrink")

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        """pytest-xdist: hand each worker the target the controller checked, and what it set
        up once for every worker (before the first worker starts, past Hypothesis' start-up)."""
        if not self.shared:
            self.run.share(scope_universe())
            self.shared = True
        node.workerinput.update(self.run.worker_input())

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """pytest-xdist: add up what each worker requested, waited for and could not clean;
        a worker that went down took checks with it: the run cannot pass."""
        if error is not None:
            self.run.workers_down.append(f"pytest-xdist worker {getattr(node.gateway, 'id', '?')} went down")
        output = getattr(node, "workeroutput", {})
        self.run.requests_by_area.update(output.get("losant_requests", {}))
        self.run.leftovers += output.get("losant_leftovers", [])
        self.run.outside += output.get("losant_outside", [])
        self.run.workers_waited.append(tuple(output.get("losant_waited", (0, 0.0))))

    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        """Every check says what it rests on (documented or assumed) and its area, one of
        the vocabulary's; cheap, decisive areas run first."""
        unlabelled = [
            item.nodeid
            for item in items
            if sum(1 for label in LABELS if item.get_closest_marker(label)) != 1 or not item.get_closest_marker("area")
        ]
        if unlabelled:
            raise pytest.UsageError(f"checks without exactly one documented/assumed label and an area: {unlabelled}")
        unknown = sorted({f"{area_of(item)!r} ({item.nodeid})" for item in items if area_of(item) not in AREAS})
        if unknown:
            raise pytest.UsageError(f"unknown area marker(s): {', '.join(unknown)}; the areas are: {', '.join(AREAS)}")
        wanted = {area.strip() for area in config.getoption("areas").split(",") if area.strip()}
        if wanted:
            unknown = sorted(wanted - {area_of(item) for item in items})
            if unknown:
                raise pytest.UsageError(f"--areas names no check: {', '.join(unknown)}")
            config.hook.pytest_deselected(items=[item for item in items if area_of(item) not in wanted])
            items[:] = [item for item in items if area_of(item) in wanted]
        items.sort(key=lambda item: area_rank(area_of(item)))
        if hasattr(config, "workerinput"):
            # pytest-xdist hands checks out in this order. The model is one long chain of
            # dependent requests (a fifth of a quick run's time at 50 ms): handed out last,
            # it alone would set the run's end, so it starts first.
            items.sort(key=lambda item: area_of(item) not in LONG_CHAINS)
        # pytest-timeout stays the guard against a hang: past every deadline the suite sets.
        guard = self.run.settings.check_timeout + self.run.settings.timeout + 30
        for item in items:
            item.add_marker(pytest.mark.timeout(guard))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, Any, Any]:
        """The check's requests count to its area; past its deadline (LOSANT_CHECK_TIMEOUT) it
        sends nothing more and ends without a verdict (client.DeadlinePassed)."""
        self.run.area, self.run.current = area_of(item), item.nodeid
        self.run.api.deadline = time.monotonic() + self.run.settings.check_timeout
        try:
            return (yield)
        finally:
            self.run.area, self.run.current, self.run.api.deadline = CLEANUP, "", None

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        """Add the curl line that repeats the failing exchange, and the seed that repeats the run."""
        report = yield
        # Machine-readable, in JUnit and across xdist workers: the check's area, and a
        # failure's kind and when it came (JUnit writes the properties of the last report).
        found: list[tuple[str, object]] = [("area", area_of(item))] if report.when == "setup" else []
        if call.excinfo is not None and report.failed:
            found += [("verdict", verdicts.classify(call.excinfo.value).title), ("failed_at", round(time.time(), 3))]
        item.user_properties += found
        report.user_properties += found
        if call.excinfo is not None:
            violation = verdicts.first(call.excinfo.value, Violation)
            if violation is not None and violation.response is not None:
                report.sections.append(("reproduce", curl(violation.response.request)))
            elif violation is not None and violation.curl is not None:
                report.sections.append(("reproduce", violation.curl))
            if verdicts.first(call.excinfo.value, TransportError) is not None:
                report.sections.append(("transport", "the target did not answer: no contract verdict was drawn"))
            report.sections.append(("seed", f"LOSANT_SEED={item.config.option.hypothesis_seed}"))
        return report

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.run.workers_down and session.exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
            session.exitstatus = pytest.ExitCode.INTERNAL_ERROR  # no verdict: checks went down with a worker
        self.run.leftovers[:0] = self.run.close()
        if hasattr(session.config, "workeroutput"):  # an xdist worker tells the controller
            session.config.workeroutput["losant_requests"] = dict(self.run.requests_by_area)
            session.config.workeroutput["losant_leftovers"] = self.run.leftovers
            session.config.workeroutput["losant_waited"] = (self.run.api.meter.rate_limited, self.run.api.meter.waited)

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        """An interrupt before the session started skips pytest_sessionfinish: clean up here then."""
        for line in self.run.close():
            sys.stderr.write(f"LEFT BEHIND (delete by hand): {line}\n")

    def pytest_report_header(self, config: pytest.Config) -> list[str]:
        """Where the run goes and how hard it may push (the pace its settings allow)."""
        s, where = self.run.settings, "the embedded mock" if self.run.target.embedded else self.run.target.url
        workers = getattr(config.option, "numprocesses", None) or 0
        cap = f"at most {s.max_per_second:g} requests a second" if s.max_per_second else "no rate cap"
        lines = [
            f"target: {where}; profile {s.profile}; {workers or 'no'} pytest-xdist workers",
            f"pace: {s.concurrency} requests in flight per process (fewer after a 429), {cap}; "
            f"deadlines: {s.timeout:g} s a request, {s.check_timeout:g} s a check",
        ]
        if s.waive_scopes:
            lines.append(f"waived (LOSANT_WAIVE_SCOPES): the checks of {', '.join(s.waive_scopes)} may skip")
        return lines

    def pytest_terminal_summary(self, terminalreporter: Any, config: pytest.Config) -> None:
        counts = ", ".join(f"{area} {n}" for area, n in sorted(self.run.requests_by_area.items()))
        where = "the embedded mock" if self.run.target.embedded else self.run.target.url
        total = sum(self.run.requests_by_area.values())
        terminalreporter.write_line(f"requests made against {where}: {total} ({counts})")
        terminalreporter.write_line(
            f"429s met: {self.run.rate_limited}, waited {self.run.waited_seconds:.1f} s (never a verdict)"
        )
        for line in self.run.workers_down:
            terminalreporter.write_line(f"{line}: its checks have no verdict (exit 3)", red=True)
        if self.run.unwaived_skips:
            terminalreporter.write_line(
                f"profile {self.run.settings.profile} must not skip: {len(self.run.unwaived_skips)} check(s) were "
                f"skipped that no waiver names, e.g. {self.run.unwaived_skips[0]}",
                red=True,
            )
        for line in self.run.leftovers:
            terminalreporter.write_line(f"LEFT BEHIND (delete by hand): {line}", red=True)


def area_of(item: pytest.Item) -> str:
    """The check's area, as its marker names it (collection holds it to the vocabulary)."""
    marker = item.get_closest_marker("area")
    return str(marker.args[0]) if marker is not None and marker.args else ""
