"""The drift report of every run: what the live answers held that the contract does not.

Every exchange is compared with the documents (losant_contract.drift). Drift in
documented behaviour (a status code the operation does not list, a type change, a value
outside a documented list, a non-JSON body) fails the check during which it was seen,
even if the check itself looked elsewhere: its Violation names the drift and carries
the exchange. Drift seen outside any check (cleanup at the end) fails the run.
Undocumented fields are only reported: the schemas allow them.

At the end the controller writes drift.json and drift.md into the reports directory,
marks what is new since the previous run's drift.json there, and adds both to the
Allure results as one entry, "Drift report", under the epic "Drift".
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from losant_contract import allure_files, drift, drift_report, redact
from losant_contract.oracles import Violation, describe
from losant_contract.vocabulary import Kind

OUTSIDE = "(outside any check)"


class Drifting:
    """Observes every exchange of the suite's client; fails checks on documented drift."""

    def __init__(self, config: pytest.Config, run: Any, reports: Path) -> None:
        self.config, self.run, self.reports = config, run, reports
        self.log = drift_report.DriftLog()
        self.check = OUTSIDE
        self.breaking: list[tuple[drift.Finding, Any]] | None = None
        self.document: dict[str, Any] | None = None
        run.api.listeners.append(self._observe)

    def _observe(self, response: Any) -> None:
        request = response.request
        found = drift.findings(
            request.method or "",
            urlsplit(request.url or "").path,
            response.status_code,
            response.headers.get("Content-Type", ""),
            response.text,
        )
        for finding in found:
            self.log.add(finding, redact.text(describe(response)), self.check)
            if finding.breaking and self.breaking is not None:
                self.breaking.append((finding, response))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> Any:
        return (yield from self._phase(item))

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Any:
        return (yield from self._phase(item))

    def _phase(self, item: pytest.Item) -> Any:
        """Run one phase (a generator wrapper body); raise if documented behaviour drifted."""
        self.check, self.breaking = item.nodeid, []
        try:
            result = yield
        finally:
            breaking, self.breaking, self.check = self.breaking, None, OUTSIDE
        if breaking:
            lines = list(dict.fromkeys(finding.line() for finding, _ in breaking))
            more = f" (+{len(lines) - 3} more)" if len(lines) > 3 else ""
            raise Violation("documented behaviour drifted", "; ".join(lines[:3]) + more, breaking[0][1])
        return result

    # -- xdist: workers hand their findings to the controller ----------------------------

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        self.log.merge(getattr(node, "workeroutput", {}).get("losant_drift", []))

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """After conftest's (so the cleanup's exchanges count): write the report, or hand it over."""
        if hasattr(self.config, "workeroutput"):
            self.config.workeroutput["losant_drift"] = self.log.entries()
            return
        if self.config.option.collectonly:
            return
        previous = drift_report.load_previous(self.reports / drift_report.JSON_NAME)
        self.document = drift_report.build(self.log.entries(), previous, self._run_info())
        json_path, md_path = drift_report.write(self.reports, self.document)
        self._to_allure(self.document, json_path, md_path)
        outside = [e for e in self.document["findings"] if e["breaking"] and e["check"] == OUTSIDE]
        if outside and session.exitstatus == 0:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def _run_info(self) -> dict[str, Any]:
        target = self.run.target
        return {
            "generated": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "target": "embedded mock" if target.embedded else f"{target.url} application {target.application_id}",
            "profile": self.run.settings.profile,
            "seed": self.config.getoption("hypothesis_seed", None),
        }

    def _to_allure(self, document: dict[str, Any], json_path: Path, md_path: Path) -> None:
        results = getattr(self.config.option, "allure_report_dir", None)
        if not results:
            return
        summary = document["summary"]
        breaking = [e for e in document["findings"] if e["breaking"]]
        name = f"Drift report: {summary['findings']} findings, {summary['new']} new, {summary['breaking']} breaking"
        allure_files.write_result(
            Path(results),
            name,
            passed=not breaking,
            labels={
                "epic": "Drift",
                "feature": "drift",
                "story": "Drift report",
                "severity": "normal",
                "tag": "drift",
                "suite": "Drift report",
            },
            attachments={
                "drift.md": ("text/plain", md_path.read_text(encoding="utf-8")),
                "drift.json": ("application/json", json_path.read_text(encoding="utf-8")),
            },
            message=f"documented behaviour drifted: {breaking[0]['operation']} -> {breaking[0]['status']}: "
            f"{breaking[0]['aspect']} {breaking[0]['where']} {breaking[0]['seen']}"
            if breaking
            else "",
            trace=Kind.CONTRACT_DRIFT.line if breaking else "",
            description="What the target answered that the contract does not describe; NEW marks what the "
            "previous run did not see. See drift.md.",
        )

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.document is None:
            return
        s = self.document["summary"]
        terminalreporter.write_line(
            f"drift: {s['findings']} findings, {s['new']} new, {s['breaking']} breaking, {s['gone']} gone "
            f"({self.reports / drift_report.MARKDOWN_NAME})",
            red=bool(s["breaking"]),
        )
