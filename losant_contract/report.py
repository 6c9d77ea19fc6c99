"""`python -m losant_contract.report`: the HTML report of the last run, with its history.

Allure keeps trends (how the nightly runs went) in the history/ folder of a generated
report; the next report shows them only if that folder is copied into the new results
first. This command does exactly that, then runs the Allure 2 command line
(`allure generate`) and puts contract-decisions.md beside it as decisions.html, where
the "assumed" checks link. The CLI is the npm package allure-commandline, pinned in
package.json (`npm install` in the project), which runs on Java.

Run it in the project directory. Exit status: 0 with the report written, 2 when the
results or the CLI are missing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from losant_contract import decisions_page
from losant_contract.settings import SettingsError, reports_dir


def allure_cli() -> str | None:
    """The Allure command line: $ALLURE, the project's node_modules, or `allure` on PATH."""
    for candidate in (os.environ.get("ALLURE", ""), str(Path.cwd() / "node_modules" / ".bin" / "allure")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("allure")


def carry_history(report: Path, results: Path) -> bool:
    """Copy the previous report's history/ into the results, so trends continue; False if none.

    Only once per results directory: building the same run's report again must not count
    the run twice in the trend."""
    history = report / "history"
    if (results / "history").is_dir():
        return True
    if not history.is_dir():
        return False
    shutil.copytree(history, results / "history")
    return True


def generate(results: Path, report: Path, cli: str) -> subprocess.CompletedProcess[str]:
    """`allure generate --clean`: the HTML report of `results` in `report`."""
    return subprocess.run(
        [cli, "generate", "--clean", "-o", str(report), str(results)], capture_output=True, text=True, timeout=600
    )


def main(argv: list[str] | None = None) -> int:
    try:
        base = reports_dir()
    except SettingsError as error:
        print(f"SettingsError: {error}", file=sys.stderr)
        return SettingsError.EXIT
    parser = argparse.ArgumentParser(prog="python -m losant_contract.report", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--results", type=Path, default=base / "allure-results", help="Allure results (default: %(default)s)"
    )
    parser.add_argument(
        "--output", type=Path, default=base / "allure-report", help="HTML report (default: %(default)s)"
    )
    options = parser.parse_args(argv)
    if not any(options.results.glob("*-result.json")):
        print(f"no Allure results in {options.results}: run the suite first (python -m pytest)", file=sys.stderr)
        return 2
    cli = allure_cli()
    if cli is None:
        print("the Allure command line is missing: run `npm install` in the project (Java 8+ needed)", file=sys.stderr)
        return 2
    started = time.monotonic()
    carried = carry_history(options.output, options.results)
    done = generate(options.results, options.output, cli)
    if done.returncode != 0:
        print(done.stdout + done.stderr, file=sys.stderr)
        return done.returncode
    decisions = decisions_page.publish(Path.cwd(), options.output)
    print(
        f"HTML report: {options.output}/index.html ({time.monotonic() - started:.1f}s, "
        f"history {'carried over' if carried else 'starts here'}"
        f"{'' if decisions else '; no contract-decisions.md found, decision links will not resolve'})"
    )
    print(f"open it over http: python -m http.server -d {options.output} 8080  (then http://127.0.0.1:8080)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
