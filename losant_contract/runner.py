"""The one place the suite's pytest command line is built: `losant-contract run`, the kill
matrix and the benchmarks all start the suite through here.

The suite is named by its directory (losant_contract.suite, which is suites/ in a checkout):
pytest loads the conftest of a directory argument before configuring, which the suite's
plugin needs (not so for --pyargs). Its settings come from suite.ini, since an installed
wheel has no pyproject.toml (tests/test_cli.py keeps the two equal).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: The suite: the checks and their conftest (suites/ in a checkout).
SUITE_DIR = PACKAGE_DIR / "suite"
#: The suite's pytest settings (markers, strictness, timeout).
SUITE_INI = PACKAGE_DIR / "suite.ini"
#: The Hypothesis profiles and the seed: loaded by the root conftest in a checkout.
PROFILES_PLUGIN = "losant_contract.pytest.profiles"
#: pytest's exit codes that say nothing was judged: 4 (a usage error, a bad setting, a
#: target the preflight refused) and 5 (nothing collected), which a suite run reports as 4.
USAGE_ERROR, NOTHING_COLLECTED = 4, 5


def arguments(pytest_args: Sequence[str] = (), root: Path | None = None) -> list[str]:
    """pytest's arguments for the suite, rooted in `root` (default: the working directory,
    whose .env and reports/ the run uses), then `pytest_args`."""
    return [
        *("-c", str(SUITE_INI), f"--rootdir={root or Path.cwd()}", "-p", PROFILES_PLUGIN),
        str(SUITE_DIR),
        *pytest_args,
    ]


def command(pytest_args: Sequence[str] = ()) -> list[str]:
    """`losant-contract run` as a command line of this interpreter (what a benchmark starts);
    it is rooted in the working directory the caller gives it."""
    return [sys.executable, "-m", "losant_contract", "run", *pytest_args]


def run(pytest_args: Sequence[str] = (), root: Path | None = None) -> int:
    """The suite in this process (so Ctrl-C reaches its clean-up), with pytest's exit code;
    a run that selects no check is a usage error, never pytest's 5 (which some CI set-ups
    read as "nothing to do")."""
    import pytest

    code = int(pytest.main(arguments(pytest_args, root)))
    if code == NOTHING_COLLECTED:
        print("losant-contract run: no check was selected, so nothing was tested (see -k / -m)", file=sys.stderr)
        return USAGE_ERROR
    return code
