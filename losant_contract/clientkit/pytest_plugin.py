"""pytest plugin that runs the client scenarios as tests, so a client author gets the
suite's reports: the terminal, JUnit (--junitxml) and Allure (--alluredir), under the
Allure epic "Client acceptance" with each scenario's calls and recorded requests attached.

Inactive unless --client-adapter or --client-command is given; then it collects the
scenarios and nothing else. Not registered as an entry point: `losant-contract clients
run` (cli.py) loads it with -p, so neither the contract suite nor the self-tests see it.
"""

from __future__ import annotations

from typing import Any

import allure
import pytest
from allure_commons.types import AttachmentType

from losant_contract import redact
from losant_contract.clientkit import loading, showing
from losant_contract.clientkit.adapter import AdapterError, Harness
from losant_contract.clientkit.outcomes import NOT_SUPPORTED, Result
from losant_contract.clientkit.runner import chosen, judge
from losant_contract.clientkit.scenario import Scenario
from losant_contract.clientkit.stage import Stage

EPIC = "Client acceptance"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("client acceptance", "run the client scenarios through a client author's adapter")
    group.addoption("--client-adapter", help="a Python adapter: path/to/adapter.py:Class or package.module:Class")
    group.addoption("--client-command", help="an adapter in any language: the command that starts it")
    group.addoption("--client-scenarios", help="comma-separated scenario names (default: all)")


def pytest_configure(config: pytest.Config) -> None:
    spec, command = config.getoption("client_adapter"), config.getoption("client_command")
    if not spec and not command:
        return
    names = config.getoption("client_scenarios")
    try:
        scenarios = chosen([n.strip() for n in names.split(",") if n.strip()] if names else None)
        adapter = loading.adapter(spec, command)
    except (ValueError, AdapterError) as error:
        raise pytest.UsageError(redact.text(str(error))) from None
    config.pluginmanager.register(ClientAcceptance(adapter, scenarios), "losant-client-acceptance")


class Judged(Exception):
    """A scenario runner.judge found failed, raised so that pytest reports it."""

    def __init__(self, result: Result) -> None:
        super().__init__(result.explained)
        self.result = result


class ClientFailed(Judged, AssertionError):
    """The client failed: Allure files it as failed (an assertion)."""


class NoVerdict(Judged):
    """The adapter or the kit failed, so there is no verdict on the client: Allure files it as broken."""


class ScenarioItem(pytest.Item):
    """One scenario, played through the adapter on the run's stage and judged by runner.judge."""

    def __init__(self, *, scenario: Scenario, kit: ClientAcceptance, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario, self.kit = scenario, kit

    def runtest(self) -> None:
        stage = self.kit.stage()
        implementation = self.kit.adapter.implementation
        labels: Any = allure.dynamic  # allure-pytest is untyped
        labels.epic(EPIC)
        labels.feature(self.scenario.area)
        labels.story(self.scenario.name)
        labels.description(self.scenario.doc)
        labels.parameter("client", f"{implementation.name} {implementation.version}")
        if self.scenario.capability:
            labels.tag(f"optional: {self.scenario.capability}")
        result = self.kit.results[self.name] = judge(stage, self.scenario)
        for number, call in enumerate(result.calls, 1):
            allure.attach(showing.call_json(call), f"call {number}: {call.op}", AttachmentType.JSON)
        if result.verdict == NOT_SUPPORTED:
            pytest.skip(result.reason)
        if result.failure is not None:
            raise (ClientFailed if result.failure.judges_the_client else NoVerdict)(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if not isinstance(excinfo.value, Judged):
            return str(super().repr_failure(excinfo))
        result = excinfo.value.result
        return "\n".join([result.explained, *showing.calls_text(result.calls)])

    def reportinfo(self) -> tuple[str, int | None, str]:
        return self.scenario.area, None, f"{self.scenario.area}: {self.scenario.name}"


class ClientAcceptance:
    """The run: one adapter, one stage (started at the first scenario), the chosen scenarios."""

    def __init__(self, adapter: Harness, scenarios: list[Scenario]) -> None:
        self.adapter, self.scenarios = adapter, scenarios
        self.results: dict[str, Result] = {}
        self._stage: Stage | None = None

    def stage(self) -> Stage:
        if self._stage is None:
            self._stage = Stage(self.adapter)
        return self._stage

    def pytest_ignore_collect(self, collection_path: Any, config: pytest.Config) -> bool:
        return True  # the scenarios are the only tests of this run

    def pytest_collection_modifyitems(self, session: pytest.Session, items: list[pytest.Item]) -> None:
        items[:] = [
            ScenarioItem.from_parent(session, name=scenario.name, scenario=scenario, kit=self)
            for scenario in self.scenarios
        ]

    def pytest_report_header(self) -> str:
        implementation = self.adapter.implementation
        claims = ", ".join(sorted(self.adapter.capabilities)) or "none"
        named = f"{implementation.name} {implementation.version} ({implementation.language})"
        return f"client under test: {named}; claims: {claims}; target: the kit's embedded recording mock"

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        terminalreporter.section("client acceptance")
        results = [self.results.get(s.name) or Result(s.name, s.area, "not run") for s in self.scenarios]
        for line in showing.table(results):
            terminalreporter.write_line(line)

    def pytest_unconfigure(self, config: pytest.Config) -> None:
        if self._stage is not None:
            self._stage.close()
        self.adapter.close()
