"""Every writer of the suite's output passes text through redact, the one place secrets are
hidden, as it writes: so a token the target echoed back (in a body, an error message, a
reason phrase, a header) is hidden wherever it ends up, without each caller remembering to.

The writers: pytest's terminal (its TerminalWriter), JUnit and the terminal's failure
text (the test and collection reports, scrubbed in place before anything reads them: the
test reports by Scrub below), an internal error's text, and Allure's results,
containers and attachments (allure-pytest's file logger, replaced by a redacting one).
The drift report, the side files and the preflight's lines redact where they are written
(losant_contract.drift_report, allure_files, preflight). Registered by reporting.register.
"""

from __future__ import annotations

from collections.abc import Generator
from pathlib import Path
from typing import Any

import allure_pytest.plugin
import pytest
from allure_commons import hookimpl
from allure_commons.logger import AllureFileLogger

from losant_contract import redact, scrub


class RedactingFileLogger(AllureFileLogger):
    """allure-commons' writer of the results directory, with every string redacted on its
    way to disk: messages and traces (written from the raw exception text), step names,
    parameters, labels, and every attachment."""

    def _report_item(self, item: Any) -> None:
        writer: Any = super()  # allure-commons is untyped
        writer._report_item(scrub.deep(item))

    @hookimpl
    def report_attached_data(self, body: str | bytes, file_name: str) -> None:
        writer: Any = super()
        writer.report_attached_data(_redacted(body), file_name)

    @hookimpl
    def report_attached_file(self, source: str, file_name: str) -> None:
        writer: Any = super()
        writer.report_attached_data(_redacted(Path(source).read_bytes()), file_name)


def register(config: pytest.Config) -> None:
    """Before allure-pytest's pytest_configure (conftest's runs first): it builds its file
    logger from allure_pytest.plugin.AllureFileLogger, so it builds the redacting one."""
    original = allure_pytest.plugin.AllureFileLogger
    allure_pytest.plugin.AllureFileLogger = RedactingFileLogger
    config.add_cleanup(lambda: setattr(allure_pytest.plugin, "AllureFileLogger", original))
    config.pluginmanager.register(Redacting(), "losant-redacting")


class Scrub:
    """Tokens out of every test report before the terminal, JUnit or Allure read it: long
    tracebacks print the client's arguments, a token among them."""

    @pytest.hookimpl(wrapper=True, trylast=True)
    def pytest_runtest_makereport(
        self, item: pytest.Item, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        report = yield
        scrub.report(report)
        return report


class Redacting:
    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        """The terminal: every write, before any header or result line."""
        writer = session.config.get_terminal_writer()
        write, write_raw = writer.write, writer.write_raw
        writer.write = lambda msg, **kw: write(redact.text(msg), **kw)  # type: ignore[method-assign]
        writer.write_raw = lambda msg, **kw: write_raw(redact.text(msg), **kw)  # type: ignore[method-assign]
        if getattr(session.config.option, "allure_report_dir", None):
            assert_redacting_allure()

    @pytest.hookimpl(wrapper=True, trylast=True)
    def pytest_make_collect_report(self, collector: pytest.Collector) -> Any:
        report = yield
        scrub.report(report)
        return report

    @pytest.hookimpl(tryfirst=True)
    def pytest_internalerror(self, excrepr: Any) -> None:
        """Before the terminal and JUnit write it."""
        scrub.deep(excrepr)


def assert_redacting_allure() -> None:
    """Fail loudly (not leak quietly) if allure-pytest ever builds its writer another way."""
    from allure_commons import plugin_manager

    loggers = [p for p in plugin_manager.get_plugins() if isinstance(p, AllureFileLogger)]
    if not loggers or not all(isinstance(p, RedactingFileLogger) for p in loggers):
        raise pytest.UsageError(
            "allure-pytest's results writer is not the redacting one (allure-pytest changed?): "
            "refusing to write reports that could hold tokens"
        )


def _redacted(body: str | bytes) -> str | bytes:
    """Text redacted; bytes too, losslessly (surrogateescape keeps what is not UTF-8)."""
    if isinstance(body, str):
        return redact.text(body)
    return redact.text(body.decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape")
