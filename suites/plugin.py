"""The contract suite's session: which target, one client, one ledger, the preflight, and
the hooks that run around every check (order, area, what a failure adds, clean-up).

Settings come from the environment or .env (see .env.example); with no LOSANT_API_URL
the embedded mock is started here and stopped at the end. Registered by conftest.py.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from typing import Any

import pytest
from hypothesis import Phase, settings

from losant_contract import sweep, verdicts
from losant_contract.client import ApiClient, TransportError, curl
from losant_contract.ledger import Ledger, run_prefix
from losant_contract.oracles import Violation
from losant_contract.preflight import preflight
from losant_contract.settings import load
from losant_contract.target import Target

LABELS = ("documented", "assumed")
#: Cheap, decisive checks first, so a broken API is named within seconds; the generated
#: sweeps and the model check, which cost the most requests, come last.
AREA_ORDER = (
    "preflight",
    "schema",
    "sorting",
    "pagination",
    "scopes",
    "isolation",
    "read-after-write",
    "ownership",
    "filtering",
    "errors",
    "boundaries",
    "types",
    "validation",
    "model",
)
_LEFTOVERS = pytest.StashKey[list[str]]()


class Run:
    """What one pytest process of the suite shares: target, client, ledger, counts.

    Under pytest-xdist the controller starts the embedded mock (if any) and checks the
    target once; each worker gets the same target but its own prefix and ledger, and
    repeats the preflight's round trips so its own checks can report what they broke."""

    def __init__(self, config: pytest.Config) -> None:
        self.closed = False
        self.settings = load()
        self.mock: Any = None
        shared = getattr(config, "workerinput", {}).get("losant_target")
        if shared is not None:
            self.target = Target(**shared)
        elif self.settings.embedded:
            from losant_contract.mock import MockServer  # only the embedded run needs it

            self.mock = MockServer(faults=self.settings.mock_faults, foreign=self.settings.mock_foreign).start()
            self.target = Target(
                self.mock.url,
                self.mock.application_id,
                self.mock.admin_token,
                {**self.mock.scope_tokens, **self.settings.scope_tokens},
                embedded=True,
                second_application_id=self.mock.second_application_id,
            )
        else:
            s = self.settings
            assert s.api_url is not None and s.application_id is not None and s.api_token is not None
            self.target = Target(
                s.api_url, s.application_id, s.api_token, s.scope_tokens, second_application_id=s.second_application_id
            )
        rate = self.settings.max_per_second
        if rate and shared is not None:  # an xdist worker: the cap is for the whole run, so share it
            rate /= int(config.workerinput.get("workercount", 1))  # type: ignore[attr-defined]
        s = self.settings
        self.api = ApiClient(
            self.target.url,
            self.target.token,
            timeout=s.timeout,
            max_per_second=rate,
            concurrency=s.concurrency,
            allow_production=s.allow_production,  # the guard in the client's transport: settings.py
            allow_insecure=s.allow_insecure,
        )
        self.prefix = run_prefix()
        self.ledger = Ledger()
        self.area = "setup"
        self.worker_leftovers: list[str] = []
        self.requests_by_area: Counter[str] = Counter()
        self.api.listeners.append(lambda _response: self.requests_by_area.update([self.area]))
        try:  # a refusal, or Ctrl-C/SIGTERM mid-preflight: clean up either way
            self.preflight_violations = preflight(self.api, self.target, self.prefix)
        except BaseException:
            self.close()
            raise

    def close(self) -> list[str]:
        """Delete what the run made (once): the ledger, then whatever else carries the run
        prefix, since an interrupt can land between a create and its ledger entry."""
        if self.closed:
            return []
        self.closed = True
        try:
            return sweep.this_run(self.api, self.target, self.prefix, self.ledger.clean(self.api, self.target))
        finally:
            self.api.close()
            if self.mock is not None:
                self.mock.stop()


class Suite:
    """The hooks around every check."""

    def __init__(self, run: Run) -> None:
        self.run = run

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
        """pytest-xdist: hand each worker the target the controller set up."""
        t = self.run.target
        node.workerinput["losant_target"] = {
            "url": t.url,
            "application_id": t.application_id,
            "token": t.token,
            "scope_tokens": dict(t.scope_tokens),
            "embedded": t.embedded,
            "second_application_id": t.second_application_id,
        }

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """pytest-xdist: add up what each worker requested and could not clean."""
        output = getattr(node, "workeroutput", {})
        self.run.requests_by_area.update(output.get("losant_requests", {}))
        self.run.worker_leftovers += output.get("losant_leftovers", [])

    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        """Every check says what it rests on (documented or assumed) and its area; cheap,
        decisive areas run first."""
        unlabelled = [
            item.nodeid
            for item in items
            if sum(1 for label in LABELS if item.get_closest_marker(label)) != 1 or not item.get_closest_marker("area")
        ]
        if unlabelled:
            raise pytest.UsageError(f"checks without exactly one documented/assumed label and an area: {unlabelled}")
        wanted = {area.strip() for area in config.getoption("areas").split(",") if area.strip()}
        if wanted:
            unknown = wanted - {area_of(item) for item in items}
            if unknown:
                raise pytest.UsageError(f"--areas names no check: {', '.join(sorted(unknown))}")
            config.hook.pytest_deselected(items=[item for item in items if area_of(item) not in wanted])
            items[:] = [item for item in items if area_of(item) in wanted]
        items.sort(key=lambda item: _rank(area_of(item)))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> Any:
        self.run.area = area_of(item)
        try:
            return (yield)
        finally:
            self.run.area = "cleanup"

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport:
        """Add the curl line that repeats the failing exchange, and the seed that repeats the run."""
        report: pytest.TestReport = yield
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
            if verdicts.first(call.excinfo.value, TransportError) is not None:
                report.sections.append(("transport", "the target did not answer: no contract verdict was drawn"))
            report.sections.append(("seed", f"LOSANT_SEED={item.config.option.hypothesis_seed}"))
        return report

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        leftovers = self.run.close() + self.run.worker_leftovers
        session.config.stash[_LEFTOVERS] = leftovers
        if hasattr(session.config, "workeroutput"):  # an xdist worker tells the controller
            session.config.workeroutput["losant_requests"] = dict(self.run.requests_by_area)
            session.config.workeroutput["losant_leftovers"] = leftovers

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        """An interrupt before the session started skips pytest_sessionfinish: clean up here then."""
        for line in self.run.close():
            sys.stderr.write(f"LEFT BEHIND (delete by hand): {line}\n")

    def pytest_terminal_summary(self, terminalreporter: Any, config: pytest.Config) -> None:
        counts = ", ".join(f"{area} {n}" for area, n in sorted(self.run.requests_by_area.items()))
        where = "the embedded mock" if self.run.target.embedded else self.run.target.url
        total = sum(self.run.requests_by_area.values())
        terminalreporter.write_line(f"requests made against {where}: {total} ({counts})")
        for line in config.stash.get(_LEFTOVERS, []):
            terminalreporter.write_line(f"LEFT BEHIND (delete by hand): {line}", red=True)


def area_of(item: pytest.Item) -> str:
    marker = item.get_closest_marker("area")
    return str(marker.args[0]) if marker is not None and marker.args else "unfiled"


def _rank(area: str) -> int:
    return AREA_ORDER.index(area) if area in AREA_ORDER else len(AREA_ORDER)
