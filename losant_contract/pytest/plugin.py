"""The contract suite's pytest plugin, loaded by the suite's conftest: its options, the
run (target, client, ledger, preflight) built at configure time, and the plugins around
every check (hooks, reports, redaction, interrupts).

A setting that is missing or wrong, or a target the preflight refuses, ends the run in
one line (pytest's usage error, exit 4) before any check.
"""

from __future__ import annotations

import pytest

from losant_contract.preflight import PreflightError
from losant_contract.settings import SettingsError, load

from . import interrupts, reporting
from .hooks import Suite
from .invariants import Invariants
from .progress import Progress
from .redacting import Scrub
from .result_file import ResultFile
from .session import SuiteRun

RUN = pytest.StashKey[SuiteRun]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("losant", "losant-contract suite")
    group.addoption(
        "--areas",
        default="",
        help="run only the checks of these areas (comma-separated, e.g. sorting,pagination)",
    )
    group.addoption(
        "--no-shrink",
        action="store_true",
        help="no Hypothesis shrinking and no example database: a verdict fast, not a minimal example "
        "(what the kill matrix proves with)",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """Against a remote target most of a run is waiting, so its checks run in pytest-xdist
    workers (settings.Settings.distributed_over) unless -n says how many, handed one check at
    a time unless --dist says otherwise; before xdist reads -n and --dist (a conftest's
    plugin is registered after xdist's, so its tryfirst hook runs first)."""
    option = config.option
    if hasattr(config, "workerinput") or getattr(option, "numprocesses", "no xdist") == "no xdist":
        return
    if option.numprocesses is None and not (option.collectonly or option.usepdb):
        try:
            option.numprocesses = load().distributed_over or None
        except SettingsError as error:
            raise pytest.UsageError(f"SettingsError: {error}") from None
    if option.numprocesses and option.dist == "no":
        # One check at a time to each worker, in the order collected (loadgroup, with no
        # groups: every check its own unit): the long chains a worker collects first
        # (hooks.LONG_CHAINS) start at once on different workers. "load" would hand the
        # first worker a run of consecutive checks, the long chains among them, in turn.
        option.dist = "loadgroup"


def pytest_configure(config: pytest.Config) -> None:
    # SIGTERM ends the run like Ctrl-C does, so the ledger is still cleaned (preflight included);
    # neither lands inside a report hook or the clean-up (interrupts.py).
    interrupts.install(config)
    try:
        run = SuiteRun(getattr(config, "workerinput", None))
        watching = Invariants(run)  # every answer, the preflight's included
        run.start()
    except (SettingsError, PreflightError, ValueError) as error:
        raise pytest.UsageError(f"{type(error).__name__}: {error}") from None
    watching.preflight()
    config.stash[RUN] = run
    config.pluginmanager.register(watching, "losant-invariants")
    config.pluginmanager.register(Suite(run), "losant-suite")
    config.pluginmanager.register(Scrub(), "losant-scrub")  # before reporting: innermost of the trylast
    reporting.register(config, run)
    config.pluginmanager.register(ResultFile(config, run), "losant-result-file")
    config.pluginmanager.register(Progress(config, run), "losant-progress")


@pytest.fixture(scope="session")
def run(pytestconfig: pytest.Config) -> SuiteRun:
    """This process's share of the run: the suite's fixtures start from it."""
    return pytestconfig.stash[RUN]
