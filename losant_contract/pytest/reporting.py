"""The suite's reports: Allure results and JUnit XML by default, and what a person who
reads them (not the terminal) needs to act on a failure.

Every check is filed by resource, area and check, with its severity and a link to the
doc section or decision it rests on. Every HTTP exchange becomes a step with the
request and response attached as redacted JSON and a curl line that repeats it. A
failure adds its verdict (its kind, one of vocabulary.Kind), the failing exchange, the
Hypothesis minimal example and the seed. The results directory gets
environment.properties, categories.json and, in CI, executor.json.

Registered by the suite's plugin (plugin.py), so the project's self-tests in tests/ write
no reports. Paths: the reports directory (settings: LOSANT_REPORTS_DIR, else reports/ in the
working directory) holds allure-results/
and junit.xml unless --alluredir / --junitxml say otherwise. Secrets: every writer of
these reports redacts as it writes (redacting.py), so nothing here needs to.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import subprocess
import threading
from collections import Counter
from collections.abc import Generator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import allure
import pytest
import requests
from allure_commons.types import AttachmentType, LinkType

from losant_contract import __version__, allure_files, contracts, drift, exchange, redact, verdicts
from losant_contract.oracles import Violation, describe
from losant_contract.vocabulary import Kind

from . import drifting, interrupts, labelling, redacting
from .hooks import area_of
from .session import SuiteRun

#: Exchanges attached in full per check; later ones are steps with their title only.
ATTACHED_PER_CHECK = 60


def register(config: pytest.Config, run: SuiteRun) -> None:
    """Switch the reports on for the suite and register the plugins (from conftest's pytest_configure)."""
    redacting.register(config)
    for scope, token in run.target.scope_tokens.items():  # known from the start: hidden from the start
        redact.register(token, f"<token for {scope}>")
    base = run.settings.reports_dir
    if hasattr(config.option, "allure_report_dir") and not config.option.allure_report_dir:
        # Before allure-pytest's own pytest_configure (it runs after conftest's), so it takes this.
        config.option.allure_report_dir = str(base / "allure-results")
        config.option.clean_alluredir = True  # one run per results dir; history comes from the report
    if not getattr(config.option, "xmlpath", None):
        config.option.xmlpath = str(base / "junit.xml")
    config.pluginmanager.register(Reporting(config, run), "losant-reporting")
    config.pluginmanager.register(drifting.Drifting(config, run, base), "losant-drifting")


class Reporting:
    """Labels, exchange steps and failure details for each check; meta files at the end."""

    def __init__(self, config: pytest.Config, run: SuiteRun) -> None:
        self.config, self.run = config, run
        self.in_check, self.phase = False, "setup"
        self.thread = threading.get_ident()
        self.shown = 0
        self.pages: Counter[str] = Counter()
        self.failures: dict[str, Kind] = {}  # nodeid -> the kind of its failure
        run.api.listeners.append(self._exchange)

    # -- each exchange, as a step --------------------------------------------------

    def _exchange(self, response: requests.Response) -> None:
        if not self.in_check or threading.get_ident() != self.thread:
            return
        op = drift.operation(response.request.method or "", urlsplit(response.request.url or "").path)
        if op is not None and self.phase == "call":
            self.pages[op.page] += 1
        self.shown += 1
        with interrupts.deferred(), allure.step(describe(response)):  # an attachment is written whole
            if self.shown <= ATTACHED_PER_CHECK:
                _attach_exchange(response)

    # -- each check -----------------------------------------------------------------

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, Any, Any]:
        self.in_check, self.shown, self.pages, self.phase = True, 0, Counter(), "setup"
        try:
            return (yield)
        finally:
            self.in_check = False

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Generator[None, Any, Any]:
        self.phase = "call"
        try:
            return (yield)
        finally:
            self.phase = "teardown"

    @pytest.hookimpl(wrapper=True, trylast=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        """Innermost wrapper: the verdict line is in the failure before Allure and JUnit read it."""
        report = yield
        if call.excinfo is not None and report.failed:
            kind = verdicts.classify(call.excinfo.value)
            self.failures[item.nodeid] = kind
            longrepr: Any = report.longrepr  # pytest's ExceptionRepr (not public) has addsection
            if hasattr(longrepr, "addsection"):
                longrepr.addsection("verdict", kind.line)
            self._failure_details(item, call.excinfo.value)
        if report.when == "teardown":
            self._labels(item)
        return report

    def _labels(self, item: pytest.Item) -> None:
        area = area_of(item)
        labels: Any = allure.dynamic  # allure-pytest is untyped
        documented, assumed = _marker(item, "documented"), _marker(item, "assumed")
        page = labelling.page_of(documented, assumed, self.pages)
        labels.epic(labelling.resource(page))
        labels.feature(area)
        labels.story(labelling.story(getattr(item, "originalname", item.name)))
        labels.severity(labelling.severity(area, self.failures.get(item.nodeid)))
        if documented:
            labels.tag("documented")
            labels.link(labelling.doc_link(documented), LinkType.LINK, f"docs: {documented}")
        if assumed:
            labels.tag("assumed")
            labels.link(labelling.decision_link(assumed), LinkType.LINK, f"decision: {assumed}")

    def _failure_details(self, item: pytest.Item, error: BaseException) -> None:
        violation = verdicts.first(error, Violation)
        if violation is not None and violation.response is not None:
            with allure.step(f"failing exchange: {describe(violation.response)}"):
                _attach_exchange(violation.response)
        example = _hypothesis_notes(error)
        if example:
            allure.attach(example, "Hypothesis minimal example", AttachmentType.TEXT)
        seed = item.config.getoption("hypothesis_seed", None)
        profile = self.run.settings.profile
        command = f"LOSANT_SEED={seed} LOSANT_PROFILE={profile} python -m pytest {shlex.quote(item.nodeid)}"
        lines = [f"seed: LOSANT_SEED={seed}", f"repeat the check: {command}"]
        if violation is not None and violation.response is not None:
            lines.append(f"repeat the failing request: {exchange.reproduce(violation.response)}")
        allure.attach("\n".join(lines), "how to reproduce", AttachmentType.TEXT)

    # -- the results directory --------------------------------------------------------

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        results = getattr(self.config.option, "allure_report_dir", None)
        if not results or hasattr(self.config, "workerinput") or self.config.option.collectonly:
            return
        results = Path(results)
        allure_files.write_environment(results, self.environment())
        allure_files.write_categories(results)
        allure_files.write_executor(results)

    def environment(self) -> dict[str, str]:
        target = self.run.target
        return {
            "target": "embedded mock" if target.embedded else (urlsplit(target.url).netloc or target.url),
            "target.url": target.url,
            "application.id": target.application_id,
            "profile": self.run.settings.profile,
            "seed": str(self.config.getoption("hypothesis_seed", "")),
            "suite.version": f"{__version__} ({_commit(self.config.rootpath)})",
            "contract.version": _contract_version(),
        }

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        results = getattr(self.config.option, "allure_report_dir", None)
        if results:
            terminalreporter.write_line(f"allure results: {results} (HTML: python -m losant_contract.report)")


def _attach_exchange(response: requests.Response) -> None:
    allure.attach(exchange.request_json(response.request), "request", AttachmentType.JSON)
    allure.attach(exchange.response_json(response), "response", AttachmentType.JSON)
    allure.attach(exchange.reproduce(response), "curl", AttachmentType.TEXT)


def _marker(item: pytest.Item, name: str) -> str | None:
    marker = item.get_closest_marker(name)
    return str(marker.args[0]) if marker is not None and marker.args else None


def _hypothesis_notes(error: BaseException) -> str:
    """The falsifying example(s) Hypothesis wrote into the exception notes, if any."""
    notes = list(getattr(error, "__notes__", ()))
    for inner in getattr(error, "exceptions", ()):
        notes += getattr(inner, "__notes__", ())
    return "\n".join(str(note) for note in notes)


def _contract_version() -> str:
    """The OpenAPI version and a digest of the contract files, so a changed contract shows."""
    digest = hashlib.sha256()
    for path in sorted(contracts.CONTRACTS_DIR.rglob("*.json")):
        digest.update(path.read_bytes())
    return f"{contracts.openapi()['info'].get('version', '?')} ({digest.hexdigest()[:12]})"


def _commit(root: Path) -> str:
    sha = os.environ.get("GITHUB_SHA", "")
    if not sha:
        try:
            sha = subprocess.run(
                ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=5
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            sha = ""
    return sha[:12] or "no commit"
