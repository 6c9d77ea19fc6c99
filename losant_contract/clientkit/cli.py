"""`losant-contract clients ...` (also `python -m losant_contract.clientkit ...`): run the
client scenarios through an adapter and report them, list the scenarios, print the
adapter protocol's JSON Schema (from the files in schemas/, with what they refer to embedded).

`run` starts pytest in a process of its own with the clientkit plugin, so a client
author gets the suite's reports (terminal, JUnit, Allure) and the contract
suite's own configuration and conftest stay out of it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from losant_contract.clientkit import protocol
from losant_contract.clientkit.catalogue import all_scenarios
from losant_contract.settings import SettingsError, reports_dir

INI = """[pytest]
addopts = -p no:cacheprovider
junit_suite_name = client-acceptance
junit_logging = no
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="losant-contract clients",
        description="Acceptance tests for client authors: the contract, run through your client.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run the scenarios through an adapter and report them")
    chosen = run.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--adapter", help="a Python adapter: path/to/adapter.py:Class or package.module:Class")
    chosen.add_argument("--command", help="an adapter in any language, as the command that starts it")
    run.add_argument(
        "--only", action="append", default=[], metavar="SCENARIO", help="run only this scenario (repeatable)"
    )
    run.add_argument(
        "--reports", default=None, help="where reports go (default: $LOSANT_REPORTS_DIR or reports/, + clients/)"
    )
    run.add_argument("pytest_args", nargs="*", help="after --: more pytest options, e.g. -- -q")
    commands.add_parser("list", help="list the scenarios: name, area, optional capability, rule")
    schema = commands.add_parser(
        "schema", help="print the adapter protocol's JSON Schema, self-contained (one message's, or any line's)"
    )
    schema.add_argument("message", nargs="?", default="protocol", choices=protocol.NAMES)
    args = parser.parse_args(argv)

    if args.command == "schema":
        print(json.dumps(protocol.bundled(args.message), indent=2, ensure_ascii=False))
        return 0
    if args.command == "list":
        for scenario in all_scenarios().values():
            optional = f" [optional: {scenario.capability}]" if scenario.capability else ""
            print(f"{scenario.name:<48} {scenario.area:<11}{optional} {scenario.doc}")
        return 0
    unknown = [name for name in args.only if name not in all_scenarios()]
    if unknown:
        print(f"--only: unknown scenario {unknown[0]!r}; `losant-contract clients list` lists them", file=sys.stderr)
        return 2
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        base = (Path(args.reports).resolve() if args.reports else reports_dir()) / "clients"
    except SettingsError as error:
        print(f"SettingsError: {error}", file=sys.stderr)
        return SettingsError.EXIT
    base.mkdir(parents=True, exist_ok=True)
    (base / "pytest.ini").write_text(INI, encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-c",
        str(base / "pytest.ini"),
        "--rootdir",
        str(base),
        "--confcutdir",
        str(base),
        "-p",
        "losant_contract.clientkit.pytest_plugin",
        "-p",
        "no:hypothesispytest",  # no property tests here; its import is most of pytest's start-up
        "--junitxml",
        str(base / "junit.xml"),
        "--alluredir",
        str(base / "allure-results"),
        "--clean-alluredir",
        "-rfs",
    ]
    if args.adapter:
        command += ["--client-adapter", args.adapter]
    else:
        command += ["--client-command", args.command]
    if args.only:
        command += ["--client-scenarios", ",".join(args.only)]
    command += [*args.pytest_args, str(base)]
    return subprocess.call(command)
