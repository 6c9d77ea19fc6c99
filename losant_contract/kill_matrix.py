"""The kill matrix: prove every check can fail, and that nothing compliant is flagged.

    python -m losant_contract.kill_matrix [--jobs N] [--only NAME ...] [--seeds N]

The correct mock and every control run the whole suite and must pass. Each fault runs the
checks of its areas (AREAS below, plus the cheap preflight and schema checks), all of them,
without stopping at the first failure, so the matrix shows which checks each fault fails
and with what kind of verdict (scope leak, contract drift, ...). A fault its areas miss is
run once more with the whole suite, stopping at the first failure, so the report says what
else found it. At the end, every check that no fault failed is listed, with the reason it
cannot have a fault, or as a gap.

With --seeds N every variation runs with the seeds 1 to N. A fault caught on some seeds
only is "sometimes": a gap, like a fault never caught, since a gate that catches a
regression on some runs is no gate; a control flagged on any seed is flagged.

Each run is the suite in a child process forked from a process that has already
imported the suite's libraries (multiprocessing's forkserver): a fresh process per run,
without paying for the imports each time. Runs do not shrink (--no-shrink): the matrix
wants a verdict, not a minimal example. Writes reports/kill-matrix.md and .json; exits 1
when a fault is missed or caught with the wrong kind, a control or the correct mock is
flagged, or a run could not be judged.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from losant_contract import results, runner
from losant_contract.mock.faults import CONTROLS, FAULTS
from losant_contract.settings import SettingsError, reports_dir
from losant_contract.vocabulary import NO_VERDICT, Kind

BASELINE = "(correct mock)"
#: The verdicts come from the run's results.json; Allure's attachments would only cost time.
QUIET = ("-q", "-p", "no:cacheprovider", "-p", "no:allure_pytest", "--no-shrink", "-o", "timeout=120")
#: The libraries are imported before pytest starts (that is the point of the forkserver), so
#: pytest cannot rewrite the assertions of the package's own pytest plugin: it has none.
PRELOADED = ("-W", "ignore::pytest.PytestAssertRewriteWarning")
#: Always run: cheap, and where a fault that breaks the basics shows first.
ALWAYS = ("preflight", "schema")
#: A mock fault's area -> the suite areas whose checks exist to catch it.
AREAS: dict[str, tuple[str, ...]] = {
    "sorting": ("sorting", "pagination"),
    "filtering": ("filtering",),
    "pagination": ("pagination", "boundaries"),
    "scopes": ("scopes",),
    "errors": ("errors", "read-after-write", "validation"),
    "validation": ("validation", "boundaries", "types"),
    "read-after-write": ("read-after-write", "model"),
    "boundaries": ("boundaries", "pagination"),
    "isolation": ("isolation",),
    "ownership": ("ownership", "model"),
    "types": ("types", "validation"),
}
#: The kind of verdict a fault must get, where it is not its area's (AREA_KINDS).
AREA_KINDS = {"scopes": Kind.SCOPE_LEAK, "isolation": Kind.SCOPE_LEAK}
FAULT_KINDS = {
    "get-scope-refused": Kind.CONTRACT_DRIFT,  # refusing an accepted scope leaks nothing
    "post-scope-refused": Kind.CONTRACT_DRIFT,
    "item-get-scope-refused": Kind.CONTRACT_DRIFT,
    "malformed-json-500": Kind.SERVER_ERROR,
    "page-above-int32-500": Kind.SERVER_ERROR,
    "page-above-2-53-500": Kind.SERVER_ERROR,
    "name-not-string-500": Kind.SERVER_ERROR,
    "port-not-number-500": Kind.SERVER_ERROR,
}
#: Checks no fault can fail, and why (a check missing here and failed by no fault is a gap).
UNFAILABLE: dict[str, str] = {}
_PRELOAD = ["losant_contract.mock", "losant_contract.oracles.records", "hypothesis", "pytest", "requests", "jsonschema"]


@dataclass
class Failure:
    check: str  # the test function, parameters left out
    nodeid: str
    kind: str
    after: float  # seconds from the run's start (its checks, after the preflight)
    message: str


@dataclass
class Row:
    """One run: what was injected, what it should give, what it gave."""

    name: str
    role: str  # fault, control or baseline
    area: str
    description: str
    expect: str = ""  # for a fault: the kind of verdict it must get
    areas: tuple[str, ...] = ()  # () = the whole suite
    outcome: str = ""  # caught, sometimes, missed, wrong kind, passed, flagged, error
    reason: str = ""
    seconds: float = 0.0
    first_failure: float | None = None  # seconds from the run's start to the first failed check
    requests: int | None = None
    failures: list[Failure] = field(default_factory=list)
    found_outside: str = ""  # for a fault its areas missed: what the whole suite failed first
    checks: dict[str, str] = field(default_factory=dict)  # baseline only: check -> area
    seed: int = 1  # the LOSANT_SEED of this run
    seeds: dict[int, str] = field(default_factory=dict)  # seed -> outcome, once the seeds' runs are combined
    first_failures: list[float] = field(default_factory=list)  # each seed's first failure

    @property
    def as_expected(self) -> bool:
        return self.outcome == ("caught" if self.role == "fault" else "passed")


def plan(only: Iterable[str] | None = None) -> list[Row]:
    """The baseline, then faults (cheap areas first), then controls."""
    wanted = set(only or ())
    rows = [Row(BASELINE, "baseline", "", "the mock as the contract says")]
    for name, v in FAULTS.items():
        if wanted and name not in wanted:
            continue
        if v.area not in AREAS:
            raise ValueError(f"fault {name!r}: no suite areas are known for its area {v.area!r} (kill_matrix.AREAS)")
        expect = FAULT_KINDS.get(name, AREA_KINDS.get(v.area, Kind.CONTRACT_DRIFT))
        rows.append(
            Row(name, "fault", v.area, v.description, expect.title, tuple(dict.fromkeys((*ALWAYS, *AREAS[v.area]))))
        )
    rows += [
        Row(name, "control", v.area, v.description) for name, v in CONTROLS.items() if not wanted or name in wanted
    ]
    return rows


# -- one run ------------------------------------------------------------------------------------


class Forks:
    """Fresh processes forked from one that has imported the suite's libraries already
    (multiprocessing's forkserver): each run starts clean, without paying for the imports."""

    def __init__(self) -> None:
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(_PRELOAD)

    def run(self, target: Callable[..., None], args: tuple[Any, ...], timeout: float) -> int | None:
        """`target(*args)` in a fresh child: its exit code, or None if it had to be killed."""
        child = self.context.Process(target=target, args=args)
        child.start()
        child.join(timeout)
        if child.exitcode is None:
            child.kill()
            child.join()
            return None
        return child.exitcode


def _run_pytest(args: list[str], env: dict[str, str], out: str, limit: float) -> None:
    """In a forked child: pytest with `env` as the whole LOSANT_ environment, output to `out`;
    its exit code is the child's."""
    import signal

    import pytest

    for name in [n for n in os.environ if n.startswith(("LOSANT_", "PYTEST_", "HYPOTHESIS_"))]:
        del os.environ[name]
    os.environ.update(env)
    sink = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(sink, 1)
    os.dup2(sink, 2)

    def out_of_time(*_: object) -> None:
        raise KeyboardInterrupt  # pytest stops cleanly and the suite cleans up

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(max(1, int(limit)))
    try:
        code = int(pytest.main(args))
    finally:
        signal.alarm(0)
        sys.stdout.flush()
        sys.stderr.flush()
    sys.exit(code)


def run_one(pool: Forks, row: Row, timeout: float) -> Row:
    """Run the suite with `row` injected, on the row's seed, and judge the outcome."""
    with tempfile.TemporaryDirectory(prefix="kill-matrix-") as scratch:
        code, output, failures, checks = _suite(
            pool, row.name if row.role != "baseline" else "", row.areas, scratch, timeout, row
        )
        row.failures, row.checks = failures, checks
        row.first_failure = min((f.after for f in failures), default=None)
    judge(row, code, output)
    row.seeds = {row.seed: row.outcome}
    row.first_failures = [row.first_failure] if row.first_failure is not None else []
    if row.role == "fault" and row.outcome == "missed" and row.areas:
        with tempfile.TemporaryDirectory(prefix="kill-matrix-") as scratch:
            code, output, failures, _ = _suite(pool, row.name, (), scratch, timeout, row, stop_at_first=True)
        if failures:
            row.found_outside = f"{failures[0].check} ({failures[0].kind})"
    return row


def _suite(
    pool: Forks,
    fault: str,
    areas: Sequence[str],
    scratch: str,
    timeout: float,
    row: Row,
    stop_at_first: bool = False,
) -> tuple[int, str, list[Failure], dict[str, str]]:
    env = {
        "LOSANT_MOCK_FAULTS": fault,
        "LOSANT_PROFILE": "quick",
        "LOSANT_SEED": str(row.seed),
        "LOSANT_REPORTS_DIR": scratch,
        "HYPOTHESIS_STORAGE_DIRECTORY": str(Path(scratch) / ".hypothesis"),
    }
    # The suite as `losant-contract run` finds it, in a checkout or an installed wheel alike.
    args = runner.arguments(
        [*QUIET, *PRELOADED, *([f"--areas={','.join(areas)}"] if areas else []), *(["-x"] if stop_at_first else [])],
        root=Path(scratch),
    )
    out = str(Path(scratch) / "output.txt")
    started = time.time()
    code = pool.run(_run_pytest, (args, env, out, timeout), timeout + 60)
    if code is None:  # hung past its own alarm, and killed
        Path(out).write_text(f"no verdict within {timeout:.0f} s")
        code = -1
    row.seconds = round(row.seconds + time.time() - started, 1)
    output = Path(out).read_text(errors="replace") if Path(out).exists() else ""
    try:
        run = results.load(Path(scratch))
    except results.ResultsError:
        return code, output, [], {}
    row.requests = run.requests
    return code, output, failures_of(run), {check.check: check.area for check in run.checks}


def failures_of(run: results.RunResult) -> list[Failure]:
    """The failed checks of one run, with their verdict kind and when they failed."""
    return [
        Failure(check.check, check.nodeid, check.kind or Kind.SUITE.title, check.failed_after or 0.0, check.reason)
        for check in run.failures()
    ]


def judge(row: Row, code: int, output: str) -> None:
    """caught / missed / passed / flagged / error, with a reason a person can act on."""
    kinds = {f.kind for f in row.failures}
    if code not in (0, 1) or (code == 1 and not row.failures):
        row.outcome, row.reason = "error", f"pytest exited {code}: {_last_line(output)}"
    elif row.role != "fault":
        row.outcome = "passed" if code == 0 else "flagged"
        row.reason = "" if code == 0 else f"{row.failures[0].check}: {row.failures[0].message}"
    elif not row.failures:
        row.outcome, row.reason = "missed", "no check of its areas failed"
    elif row.expect not in kinds:
        row.outcome, row.reason = "wrong kind", f"expected {row.expect}, got {', '.join(sorted(kinds))}"
    elif Kind.SCOPE_LEAK.title in kinds and row.expect != Kind.SCOPE_LEAK.title:
        row.outcome, row.reason = "wrong kind", "reported as a scope leak, which it is not"
    elif kinds & {k.title for k in NO_VERDICT}:
        row.outcome, row.reason = "wrong kind", f"some checks drew no verdict: {', '.join(sorted(kinds))}"
    else:
        row.outcome = "caught"


def combine(runs: list[Row]) -> Row:
    """One variation's runs on several seeds as one row: a fault caught on every seed is
    caught, on some only "sometimes", on none missed; a control flagged on any seed is
    flagged; an error or a wrong kind on any seed stands."""
    if len(runs) == 1:
        return runs[0]
    row = replace(runs[0], failures=[], checks={}, seconds=0.0, seeds={}, first_failures=[])
    for run in runs:
        row.failures += [f for f in run.failures if (f.check, f.kind) not in {(g.check, g.kind) for g in row.failures}]
        row.checks.update(run.checks)
        row.seconds = round(row.seconds + run.seconds, 1)
        row.seeds[run.seed] = run.outcome
        row.first_failures += run.first_failures
        row.found_outside = row.found_outside or run.found_outside
    row.first_failure = min(row.first_failures, default=None)
    outcomes = list(row.seeds.values())
    settled = next((o for o in ("error", "wrong kind", "flagged") if o in outcomes), None)
    if settled is not None:
        bad = next(run for run in runs if run.outcome == settled)
        row.outcome, row.reason = settled, f"seed {bad.seed}: {bad.reason}"
    elif row.role == "fault" and "caught" in outcomes and "missed" in outcomes:
        missed = [str(seed) for seed, outcome in row.seeds.items() if outcome == "missed"]
        row.outcome = "sometimes"
        row.reason = (
            f"caught on {outcomes.count('caught')} of {len(outcomes)} seeds; missed on seed {', '.join(missed)}"
        )
    else:
        row.outcome, row.reason = outcomes[0], runs[0].reason
    return row


def _last_line(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    return lines[-1][:240] if lines else ""


# -- the report -----------------------------------------------------------------------------------


def unfailed_checks(rows: list[Row]) -> dict[str, str]:
    """Every check of the suite that no fault failed -> why it cannot have one, or "" (a gap)."""
    checks = next((r.checks for r in rows if r.role == "baseline"), {})
    failed = {f.check for r in rows if r.role == "fault" for f in r.failures}
    return {check: UNFAILABLE.get(check, "") for check in sorted(checks) if check not in failed}


@dataclass
class Summary:
    wall_seconds: float
    faults_caught: int
    faults: int
    controls_passed: int
    controls: int
    baseline_passed: bool
    first_failure_median: float | None  # seconds from launch to a fault's first failed check
    first_failure_max: float | None
    unfailed_checks: dict[str, str]  # check -> why no fault can fail it ("" when it is a gap)

    @property
    def gaps(self) -> list[str]:
        return [check for check, why in self.unfailed_checks.items() if not why]


def summary(rows: list[Row], wall: float) -> Summary:
    faults = [r for r in rows if r.role == "fault"]
    firsts = [first for r in faults for first in r.first_failures]
    return Summary(
        wall_seconds=round(wall, 1),
        faults_caught=sum(r.outcome == "caught" for r in faults),
        faults=len(faults),
        controls_passed=sum(r.outcome == "passed" for r in rows if r.role == "control"),
        controls=sum(r.role == "control" for r in rows),
        baseline_passed=all(r.outcome == "passed" for r in rows if r.role == "baseline"),
        first_failure_median=round(statistics.median(firsts), 1) if firsts else None,
        first_failure_max=round(max(firsts), 1) if firsts else None,
        unfailed_checks=unfailed_checks(rows),
    )


def markdown(rows: list[Row], facts: Summary) -> str:
    lines = [
        "# Kill matrix",
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores; "
        f"wall time {facts.wall_seconds} s.",
        f"Faults caught with the right kind: {facts.faults_caught}/{facts.faults}; controls passed: "
        f"{facts.controls_passed}/{facts.controls}; correct mock passed: {facts.baseline_passed}.",
        f"Time to the first failed check (from the run's start, every seed): median "
        f"{facts.first_failure_median} s, maximum {facts.first_failure_max} s.",
        "",
        "| variation | role | area | expected | outcome | seeds | checks failed (verdict kind) | first failure s "
        "| seconds |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        expected = f"caught as {r.expect}" if r.role == "fault" else "passed"
        mark = "" if r.as_expected else " **!**"
        failed = "; ".join(f"{c} ({k})" for c, k in _checks_failed(r)) or r.reason or "-"
        if r.found_outside:
            failed += f"; whole suite: {r.found_outside}"
        lines.append(
            f"| `{r.name}` | {r.role} | {r.area or '-'} | {expected} | {r.outcome}{mark} | {_seeds(r)} | {failed} | "
            f"{r.first_failure if r.first_failure is not None else '-'} | {r.seconds} |"
        )
    unfailed = facts.unfailed_checks
    lines += ["", "## Checks no fault fails", ""]
    if not unfailed:
        lines.append("None: every check of the suite failed against at least one fault.")
    lines += [f"- `{check}`: {why or '**a gap: it needs a fault**'}" for check, why in unfailed.items()]
    lines += ["", "## What each variation is", ""]
    lines += [f"- `{r.name}`: {r.description}" for r in rows]
    return "\n".join(lines) + "\n"


def _seeds(row: Row) -> str:
    """'3/5' of the seeds gave what the row expects."""
    wanted = "caught" if row.role == "fault" else "passed"
    return f"{sum(o == wanted for o in row.seeds.values())}/{len(row.seeds)}"


def _checks_failed(row: Row) -> list[tuple[str, str]]:
    return list(dict.fromkeys((f.check, f.kind) for f in row.failures))


def _longest_first(row: Row) -> tuple[bool, bool]:
    """Sort key: runs of the whole suite before runs of a few areas; slowed answers first."""
    slowed = row.name in CONTROLS and CONTROLS[row.name].seam == "latency"
    return row.role == "fault", not slowed


# -- main ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--jobs", type=int, default=max(2, os.cpu_count() or 2), help="runs at a time")
    parser.add_argument("--only", nargs="*", help="just these faults or controls (the correct mock always runs)")
    parser.add_argument("--timeout", type=float, default=300, help="seconds one run may take")
    parser.add_argument("--seeds", type=int, default=1, help="run every variation with the seeds 1 to N")
    parser.add_argument("--out", type=Path, default=None, help="where the report goes (default: the reports directory)")
    args = parser.parse_args(argv)
    try:
        args.out = args.out or reports_dir()
    except SettingsError as error:
        print(f"SettingsError: {error}", file=sys.stderr)
        return SettingsError.EXIT
    unknown = set(args.only or ()) - set(FAULTS) - set(CONTROLS)
    if unknown:
        parser.error(f"unknown variation(s): {', '.join(sorted(unknown))}")

    if args.seeds < 1:
        parser.error("--seeds must be at least 1")
    planned, started = plan(args.only), time.monotonic()
    pool = Forks()
    rows: list[Row] = []
    # Threads hand out the runs, each waiting for its own child's verdict (a missed fault runs twice).
    with ThreadPoolExecutor(args.jobs) as feeder:
        # The longest runs start first (whole-suite runs, the slow control first of all), so
        # the matrix is not left waiting on one of them at the end; rows print in plan order.
        runs = [replace(row, seed=seed) for row in planned for seed in range(1, args.seeds + 1)]
        futures = {id(r): feeder.submit(run_one, pool, r, args.timeout) for r in sorted(runs, key=_longest_first)}
        for row in planned:
            row = combine([futures[id(r)].result() for r in runs if r.name == row.name])
            rows.append(row)
            mark = "ok " if row.as_expected else "BAD"
            shown = ", ".join(c for c, _ in _checks_failed(row)[:3]) or row.reason
            first = row.first_failure if row.first_failure is not None else "-"
            print(
                f"{mark} {row.role:8} {row.name:40} {row.outcome:10} {_seeds(row):>5} {row.seconds:6.1f}s "
                f"first {first!s:>5}  "
                f"{shown[:160]}",
                flush=True,
            )
    facts = summary(rows, time.monotonic() - started)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "kill-matrix.md").write_text(markdown(rows, facts), encoding="utf-8")
    (args.out / "kill-matrix.json").write_text(
        json.dumps({"summary": asdict(facts), "rows": [asdict(r) for r in rows]}, indent=2) + "\n", encoding="utf-8"
    )
    bad = [r for r in rows if not r.as_expected]
    print(
        f"{len(rows) - len(bad)} of {len(rows)} as expected; first failure median {facts.first_failure_median} s, "
        f"max {facts.first_failure_max} s; checks no fault fails: {len(facts.unfailed_checks)} "
        f"({len(facts.gaps)} without a reason); wall {facts.wall_seconds} s; {args.out / 'kill-matrix.md'}"
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
