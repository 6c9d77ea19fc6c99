"""The kill matrix: run the whole suite against the embedded mock once per fault and per
control, and show which check caught each fault (and that no control is flagged).

    python -m losant_contract.kill_matrix [--jobs N] [--only NAME ...]

Each run is a separate `pytest suites -x` process (stop at the first failure), several at
a time. Writes reports/kill-matrix.md and reports/kill-matrix.json; exits 1 when a fault
is missed, a control or the correct mock is flagged, or a run could not be judged.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from losant_contract.mock.faults import CONTROLS, FAULTS

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "(correct mock)"
#: The verdict comes from JUnit; Allure's attachments would only cost a third more time.
QUIET_PLUGINS = ("-p", "no:cacheprovider", "-p", "no:allure_pytest")
_REQUESTS = re.compile(r"^requests made against .*?: (\d+)", re.MULTILINE)  # the suite's count


@dataclass
class Row:
    """One run: what was injected, what it should give, what it gave."""

    name: str
    kind: str  # fault, control or baseline
    description: str
    outcome: str = ""  # caught, missed, passed, flagged, error
    caught_by: str = ""
    reason: str = ""
    seconds: float = 0.0
    requests: int | None = None  # as the suite counted them (up to the first failure: -x)

    @property
    def as_expected(self) -> bool:
        return self.outcome == ("caught" if self.kind == "fault" else "passed")


def run_one(row: Row, timeout: float) -> Row:
    """Run the suite with `row` injected and judge the outcome."""
    with tempfile.TemporaryDirectory(prefix="kill-matrix-") as reports:
        env = {k: v for k, v in os.environ.items() if not k.startswith("LOSANT_")}
        env.update(
            LOSANT_MOCK_FAULTS="" if row.kind == "baseline" else row.name,
            LOSANT_PROFILE="quick",
            LOSANT_REPORTS_DIR=reports,
        )
        command = [sys.executable, "-m", "pytest", "suites", "-x", "-q", *QUIET_PLUGINS]
        started = time.monotonic()
        try:
            done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
            code, output = done.returncode, done.stdout + done.stderr
        except subprocess.TimeoutExpired:
            code, output = -1, f"no verdict within {timeout:.0f} s"
        row.seconds = round(time.monotonic() - started, 1)
        counted = _REQUESTS.search(output)
        row.requests = int(counted.group(1)) if counted else None
        failed = first_failure(Path(reports) / "junit.xml")
    if code == 0:
        row.outcome = "missed" if row.kind == "fault" else "passed"
    elif code == 1 and failed:
        row.outcome = "caught" if row.kind == "fault" else "flagged"
        row.caught_by, row.reason = failed
    elif code == 4 and "PreflightError" in output:  # the target was judged unusable before any check
        row.outcome = "caught" if row.kind == "fault" else "flagged"
        row.caught_by, row.reason = "preflight", _last_line(output, "PreflightError")
    else:
        row.outcome, row.reason = "error", f"pytest exited {code}: {_last_line(output, '')}"
    return row


def first_failure(junit: Path) -> tuple[str, str] | None:
    """(test id, one-line message) of the first failed or erroring test in a JUnit file; an
    error is a failure in set-up (a shared fixture such as the corpus met the fault)."""
    if not junit.is_file():
        return None
    for case in ET.parse(junit).iter("testcase"):
        for tag in ("failure", "error"):
            found = case.find(tag)
            if found is not None:
                test = f"{case.get('classname', '').split('.')[-1]}::{case.get('name')}"
                message = (found.get("message") or "").strip().splitlines()
                return test + (" (in set-up)" if tag == "error" else ""), message[0][:240] if message else ""
    return None


def _last_line(output: str, containing: str) -> str:
    lines = [line for line in output.splitlines() if containing in line and line.strip()]
    return lines[-1].strip()[:240] if lines else ""


def plan(only: list[str] | None) -> list[Row]:
    rows = [Row(BASELINE, "baseline", "the mock as the contract says")]
    rows += [Row(name, "fault", v.description) for name, v in FAULTS.items()]
    rows += [Row(name, "control", v.description) for name, v in CONTROLS.items()]
    return [row for row in rows if not only or row.name in only or row.kind == "baseline"]


def markdown(rows: list[Row], wall: float) -> str:
    faults = [r for r in rows if r.kind == "fault"]
    controls = [r for r in rows if r.kind == "control"]
    lines = [
        "# Kill matrix",
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores; wall time {wall:.0f} s.",
        f"Faults caught: {sum(r.outcome == 'caught' for r in faults)}/{len(faults)}; "
        f"controls passed: {sum(r.outcome == 'passed' for r in controls)}/{len(controls)}.",
        "",
        "| variation | kind | expected | outcome | caught by | seconds |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        expected = "caught" if r.kind == "fault" else "passed"
        mark = "" if r.as_expected else " **!**"
        lines.append(
            f"| `{r.name}` | {r.kind} | {expected} | {r.outcome}{mark} | {r.caught_by or r.reason[:80]} | {r.seconds} |"
        )
    lines += ["", "## What each variation is", ""]
    lines += [f"- `{r.name}`: {r.description}" for r in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=max(2, os.cpu_count() or 2), help="runs at a time")
    parser.add_argument("--only", nargs="*", help="just these faults or controls (the correct mock always runs)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds one run may take")
    parser.add_argument("--out", type=Path, default=ROOT / "reports")
    args = parser.parse_args(argv)
    unknown = set(args.only or ()) - set(FAULTS) - set(CONTROLS)
    if unknown:
        parser.error(f"unknown variation(s): {', '.join(sorted(unknown))}")

    rows, started = plan(args.only), time.monotonic()
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for row in pool.map(lambda r: run_one(r, args.timeout), rows):
            mark = "ok " if row.as_expected else "BAD"
            print(
                f"{mark} {row.kind:8} {row.name:40} {row.outcome:7} {row.seconds:6.1f}s  {row.caught_by or row.reason}",
                flush=True,
            )
    wall = time.monotonic() - started

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "kill-matrix.md").write_text(markdown(rows, wall), encoding="utf-8")
    (args.out / "kill-matrix.json").write_text(json.dumps([asdict(r) for r in rows], indent=2) + "\n", encoding="utf-8")
    bad = [r for r in rows if not r.as_expected]
    print(f"{len(rows) - len(bad)} as expected, {len(bad)} not; wall {wall:.0f} s; {args.out / 'kill-matrix.md'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
