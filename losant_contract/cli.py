"""`losant-contract`: one command for what the package does, so a CI job that pins a version
of the package pins the suite, the mock and the tools together.

    losant-contract run [pytest options]   the contract suite, from this package
    losant-contract mock [options]         serve the embedded mock (as losant-mock)
    losant-contract report [options]       the HTML report of the last run
    losant-contract kill-matrix [options]  the suite once per mock fault and control
    losant-contract sweep [options]        delete what killed runs left behind
    losant-contract contract-diff SOURCE   the pinned contracts against a published source
    losant-contract clients [options]      acceptance tests for client libraries
    losant-contract summary [REPORTS_DIR]  a run's results as Markdown, for a CI job summary
    losant-contract compare OLD NEW        the checks newly failing, fixed or changed since a run

Settings come from the environment or `.env` in the working directory, and reports go to
its reports/, exactly as for `pytest` in a checkout. Each command's --help says more.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from losant_contract import __version__, runner


def run(argv: Sequence[str]) -> int:
    """The suite as `pytest` runs it in a checkout: same settings, reports and exit codes,
    rooted in the working directory (its .env, its reports/)."""
    return runner.run(argv)


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
    from losant_contract.clientkit.cli import main as clients_main

    return clients_main(list(argv))


def summary(argv: Sequence[str]) -> int:
    from losant_contract.summary import main as summary_main

    return summary_main(list(argv))


def compare(argv: Sequence[str]) -> int:
    from losant_contract.compare import main as compare_main

    return compare_main(list(argv))


COMMANDS: dict[str, Callable[[Sequence[str]], int]] = {
    "run": run,
    "mock": mock,
    "report": report,
    "kill-matrix": kill_matrix,
    "sweep": sweep,
    "contract-diff": contract_diff,
    "clients": clients,
    "summary": summary,
    "compare": compare,
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
