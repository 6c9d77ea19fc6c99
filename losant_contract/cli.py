"""`losant-contract`: one command for what the package does, so a CI job that pins a version
of the package pins the suite, the mock and the tools together.

    losant-contract run [pytest options]   the contract suite, from this package
    losant-contract mock [options]         serve the embedded mock (as losant-mock)
    losant-contract report [options]       the HTML report of the last run
    losant-contract kill-matrix [options]  the suite once per mock fault and control
    losant-contract sweep [options]        delete what killed runs left behind
    losant-contract contract-diff SOURCE   the pinned contracts against a published source
    losant-contract clients [options]      the client-library kit, where installed

Settings come from the environment or `.env` in the working directory, and reports go to
its reports/, exactly as for `pytest` in a checkout. Each command's --help says more.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from losant_contract import __version__

PACKAGE_DIR = Path(__file__).resolve().parent
#: The suite (losant_contract.suite), named by its directory: pytest loads the conftest of a
#: directory argument before configuring, which its reports need (not so for --pyargs).
SUITE_DIR = PACKAGE_DIR / "suite"
#: The suite's pytest settings (markers, strictness, timeout): a wheel has no pyproject.toml.
SUITE_INI = PACKAGE_DIR / "suite.ini"
PROFILES_PLUGIN = "losant_contract.profiles"


def run(argv: Sequence[str]) -> int:
    """The suite as `pytest` runs it in a checkout: same settings, reports and exit codes.

    In this process (not a child), so Ctrl-C reaches the suite's clean-up and nothing is
    left to kill it half-way. Rooted in the working directory: its .env, its reports/."""
    import pytest

    code = pytest.main(
        [
            *("-c", str(SUITE_INI), f"--rootdir={Path.cwd()}", "-p", PROFILES_PLUGIN),
            str(SUITE_DIR),
            *argv,
        ]
    )
    if code == pytest.ExitCode.NO_TESTS_COLLECTED:
        # pytest's 5 reads as "nothing to do" to some CI set-ups: a suite that tested nothing must fail.
        print("losant-contract run: no check was selected, so nothing was tested (see -k / -m)", file=sys.stderr)
        return int(pytest.ExitCode.USAGE_ERROR)
    return int(code)


def mock(argv: Sequence[str]) -> int:
    from losant_contract.mock.__main__ import main as mock_main

    return mock_main(list(argv))


def report(argv: Sequence[str]) -> int:
    from losant_contract.report import main as report_main

    return report_main(list(argv))


def kill_matrix(argv: Sequence[str]) -> int:
    from losant_contract.kill_matrix import main as kill_matrix_main

    return kill_matrix_main(list(argv))


def sweep(argv: Sequence[str]) -> int:
    from losant_contract.sweep import main as sweep_main

    return sweep_main(list(argv))


def contract_diff(argv: Sequence[str]) -> int:
    from losant_contract.contract_sources import main as contract_diff_main

    return contract_diff_main(list(argv))


def clients(argv: Sequence[str]) -> int:
    """The client-library kit is a separate part of the package; say so when it is absent."""
    try:  # by name: the kit is written in another branch and may be absent from this build
        kit = importlib.import_module("losant_contract.clientkit.cli")
    except ImportError as error:
        print(f"losant-contract clients: the client kit is not installed ({error})", file=sys.stderr)
        return 2
    return int(kit.main(list(argv)))


COMMANDS: dict[str, Callable[[Sequence[str]], int]] = {
    "run": run,
    "mock": mock,
    "report": report,
    "kill-matrix": kill_matrix,
    "sweep": sweep,
    "contract-diff": contract_diff,
    "clients": clients,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        print(__doc__.split("\n\n")[1].rstrip(), file=sys.stdout if args else sys.stderr)
        return 0 if args else 2
    if args[0] == "--version":
        print(f"losant-contract {__version__}")
        return 0
    command = COMMANDS.get(args[0])
    if command is None:
        print(f"losant-contract: unknown command {args[0]!r}; one of: {', '.join(COMMANDS)}", file=sys.stderr)
        return 2
    return command(args[1:])


if __name__ == "__main__":
    sys.exit(main())
