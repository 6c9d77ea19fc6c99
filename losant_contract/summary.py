"""`losant-contract summary [REPORTS_DIR]`: one run as the Markdown of a CI job summary.

Whoever opens the run's page must see, before any log, whether it passed and what to do
next: so the first line says so, with the pace (requests, 429s, time waited) under it;
then the verdicts (every kind, in the vocabulary's order), each failure with its rule,
its one-line reason and the curl line that repeats it, what was skipped or waived, what
broke outside a check, what was left behind and the drift. Built from results.json and
drift.json alone, read through their loaders; `markdown` is pure. Every value passes
through redact before it is escaped, and the whole page once more at the end:
results.json holds no token, and a summary must not either.

Exit status: 0 printed; 2 no readable results.json (one line on stderr); 4 a bad setting.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from losant_contract import drift_report, redact, results
from losant_contract.results import CheckResult, ResultsError, RunResult
from losant_contract.settings import SettingsError, reports_dir
from losant_contract.vocabulary import NO_VERDICT, ORDER, Kind

UNREADABLE = 2  #: the exit status when a results file is missing or unreadable
DETAILED = 25  #: failures shown whole (rule, reason, curl); the rest one row each
LISTED = 200  #: failures, skips or drift rows listed at most; results.json has them all
EXIT_WORDS = {0: "PASSED", 1: "FAILED", 2: "INTERRUPTED", 3: "INTERNAL ERROR", 4: "REFUSED"}
_SPECIAL = set("\\`*_[]<>|~#!")


def markdown(run: RunResult, drift: dict[str, Any] | None) -> str:
    """The summary of `run`, with `drift` (drift.json's document, or None) at its end."""
    nothing = ["", "**No check ran: this run judged nothing**, whatever its exit status says; its log says why."]
    sections = [
        [headline(run), *(nothing if not run.checks else []), "", _facts(run)],
        _kinds(run),
        _failures(run),
        _skips(run),
        _broken(run),
        _leftovers(run),
        _drift(run, drift),
    ]
    return redact.text("\n\n".join("\n".join(lines) for lines in sections if lines)) + "\n"


def headline(run: RunResult) -> str:
    """The first line: pass or fail (by the run's exit status), target, profile, seed, counts."""
    word = EXIT_WORDS.get(run.exit_status, "FAILED")
    counts = run.outcomes()
    return (
        f"## Contract run {word} (exit {run.exit_status}): {text(run.target)}, profile {text(run.profile)}, "
        f"LOSANT_SEED={run.seed if run.seed is not None else 'unknown'}: {counts['passed']} passed, "
        f"{counts['failed']} failed, {counts['error']} errors, {counts['skipped']} skipped"
    )


def _facts(run: RunResult) -> str:
    areas = ", ".join(f"{text(area)} {n}" for area, n in run.requests_by_area.items())
    workers = f"{run.workers} pytest-xdist workers" if run.workers else "one process"
    return (
        f"Application {text(run.application_id)}, suite {text(run.suite_version)}, started {text(run.started)}, "
        f"{run.seconds:g} s, {workers}. Requests: {run.requests} ({areas or 'none'}); "
        f"429s met: {run.rate_limited}, waited {run.waited_seconds:g} s (never a verdict)."
    )


def _kinds(run: RunResult) -> list[str]:
    counted = run.kinds()
    lines = ["### Verdicts", "", "| verdict kind | checks | what it means |", "|---|---:|---|"]
    for kind in ORDER:
        title = f"{kind.title} (no verdict on the API)" if kind in NO_VERDICT else kind.title
        lines.append(f"| {title} | {counted.get(kind.title, 0)} | {text(kind.meaning)} |")
    return [*lines, "", 'What each kind asks of you: docs/reports.md, "What to do next, by verdict kind".']


def _failures(run: RunResult) -> list[str]:
    failed = sorted(run.failures(), key=lambda check: rank(check.kind))
    if not failed:
        return ["### Failures", "", "None."]
    lines = [f"### Failures ({len(failed)})", "", "In the order to read them: the kinds as above, then by time."]
    for check in failed[:DETAILED]:
        lines += ["", f"#### {code(check.nodeid)}", ""]
        lines.append(f"- verdict: **{text(check.kind or '?')}** ({_when(check)}; area {text(check.area)})")
        if check.rule:
            lines.append(f"- rule: {text(check.rule)}")
        lines.append(f"- reason: {text(check.reason) or 'none given'}")
        if check.curl:
            lines += ["", *fenced(check.curl, "sh")]
    rest = failed[DETAILED:]
    if rest:
        lines += ["", f"The other {len(rest)}:", "", "| verdict kind | check | reason |", "|---|---|---|"]
        lines += [f"| {text(c.kind or '?')} | {code(c.nodeid, cell=True)} | {text(c.reason)} |" for c in rest[:LISTED]]
        lines += _more(len(rest) - LISTED)
    return lines


def _skips(run: RunResult) -> list[str]:
    skipped = [check for check in run.checks if check.outcome == results.SKIPPED]
    lines = [f"### Skipped ({len(skipped)})", ""]
    if run.waived:
        lines += [f"Waived (LOSANT_WAIVE_SCOPES): {text(', '.join(run.waived))}: their checks may skip.", ""]
    if run.unwaived_skips:
        lines += [
            f"**Profile {text(run.profile)} must not skip: {len(run.unwaived_skips)} skipped check(s) no waiver "
            "names fail the run** (marked below).",
            "",
        ]
    if not skipped:
        return [*lines, "None."]
    unwaived = set(run.unwaived_skips)
    groups: dict[tuple[str, str, str], int] = {}
    for check in skipped:
        mark = "fails the gate" if check.nodeid in unwaived else "waived" if check.waived else ""
        key = (check.check, check.reason, mark)
        groups[key] = groups.get(key, 0) + 1
    lines += ["| check | times | reason | |", "|---|---:|---|---|"]
    for (name, reason, mark), times in list(groups.items())[:LISTED]:
        lines.append(f"| {code(name, cell=True)} | {times} | {text(reason) or '-'} | {mark} |")
    return lines + _more(len(groups) - LISTED)


def _broken(run: RunResult) -> list[str]:
    """Invariants every answer must keep, and what broke outside any check (the clean-up)."""
    lines = ["### Invariants and the clean-up", ""]
    if run.invariants:
        lines += ["| invariant broken | answers |", "|---|---:|"]
        lines += [f"| {text(name)} | {count} |" for name, count in run.invariants.items()]
    else:
        lines.append("No invariant broken.")
    if run.outside:
        lines += ["", "Outside any check (these fail the run):", ""] + [f"- {text(line)}" for line in run.outside]
    else:
        lines += ["", "Nothing broke outside a check."]
    return lines


def _leftovers(run: RunResult) -> list[str]:
    if not run.leftovers:
        return ["### Left behind", "", "Nothing: everything the run created was deleted."]
    return [
        f"### Left behind ({len(run.leftovers)})",
        "",
        "Delete by hand, or let `python -m losant_contract.sweep` remove them once they are old enough:",
        "",
        *(f"- {text(line)}" for line in run.leftovers),
    ]


def _drift(run: RunResult, drift: dict[str, Any] | None) -> list[str]:
    lines = ["### Drift", ""]
    if drift is None:
        return [*lines, "No drift report (drift.json) beside results.json."]
    about: dict[str, Any] = drift["run"] if isinstance(drift.get("run"), dict) else {}
    if not _same_run(run, about):
        return [*lines, f"The drift.json beside results.json is another run's ({text(str(about.get('generated')))})."]
    summary = drift.get("summary") or {}
    findings = [entry for entry in drift.get("findings") or [] if isinstance(entry, dict)]
    lines.append(
        f"**{summary.get('findings', len(findings))} findings, {summary.get('new', 0)} new, "
        f"{summary.get('gone', 0)} gone; {summary.get('breaking', 0)} break documented behaviour.** "
        + (
            "Compared with the previous run."
            if drift.get("compared")
            else "Not compared: no previous run against this target."
        )
    )
    if findings:
        lines += [
            "",
            "| | what | operation | status | where | seen | documented | times |",
            "|---|---|---|---|---|---|---|---:|",
        ]
        for e in findings[:LISTED]:
            what = drift_report.ASPECT_TITLES.get(str(e.get("aspect")), str(e.get("aspect")))
            cells = [what + (" (breaking)" if e.get("breaking") else ""), e.get("operation"), e.get("status")]
            cells += [e.get("where") or "-", e.get("seen"), e.get("documented")]
            row = " | ".join(text(str(cell)) for cell in cells)
            lines.append(f"| {'**NEW**' if e.get('new') else ''} | {row} | {e.get('count', '?')} |")
        lines += _more(len(findings) - LISTED)
    lines += ["", "drift.md (in the report artifact) has each finding's first check and request."]
    return lines


def _same_run(run: RunResult, about: dict[str, Any]) -> bool:
    """drift.json was written by `run`: the cache may have put the previous run's there."""
    if about.get("seed") != run.seed or about.get("profile") != run.profile:
        return False
    try:
        return datetime.fromisoformat(str(about.get("generated"))) >= datetime.fromisoformat(run.started)
    except (TypeError, ValueError):
        return False


def rank(kind: str | None) -> int:
    """Where a verdict kind comes in the vocabulary's order (no kind, or an unknown one, last)."""
    try:
        return ORDER.index(Kind.titled(kind or ""))
    except ValueError:
        return len(ORDER)


def _when(check: CheckResult) -> str:
    after = f" {check.failed_after:g} s into the run" if check.failed_after is not None else ""
    return f"{'failed' if check.outcome == results.FAILED else 'error in its set-up'}{after}"


def _more(count: int) -> list[str]:
    return ["", f"... and {count} more (results.json has them all)."] if count > 0 else []


def text(value: str) -> str:
    """`value` as one line of plain Markdown: redacted, then every character that could
    start markup (a tag, a link, emphasis, a table cell) escaped."""
    line = " ".join(redact.text(value).split())
    return "".join("\\" + ch if ch in _SPECIAL else ch for ch in line)


def code(value: str, *, cell: bool = False) -> str:
    """`value` as inline code, redacted; in a table cell its pipes escaped (GFM splits on them)."""
    line = " ".join(redact.text(value).split())
    ticks = "`" * (_longest_run(line, "`") + 1)
    pad = " " if line.startswith("`") or line.endswith("`") else ""
    shown = f"{ticks}{pad}{line}{pad}{ticks}"
    return shown.replace("|", "\\|") if cell else shown


def fenced(value: str, language: str = "") -> list[str]:
    """`value` as a fenced code block (a fence no line of it can close), redacted."""
    shown = redact.text(value)
    fence = "`" * max(3, _longest_run(shown, "`") + 1)
    return [f"{fence}{language}", *shown.splitlines(), fence]


def _longest_run(value: str, ch: str) -> int:
    longest = current = 0
    for c in value:
        current = current + 1 if c == ch else 0
        longest = max(longest, current)
    return longest


def load(path: Path) -> tuple[RunResult, dict[str, Any] | None]:
    """The run in `path` (a reports directory or a results.json) and the drift.json beside it."""
    run = results.load(path)
    directory = path if path.is_dir() else path.parent
    return run, drift_report.load_previous(directory / drift_report.JSON_NAME)


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="losant-contract summary",
        description="Print a run's results (results.json, drift.json) as Markdown for a CI job summary.",
        epilog="Exit status: 0 printed; 2 no readable results.json; 4 a bad setting (LOSANT_REPORTS_DIR).",
    )
    parser.add_argument(
        "reports",
        nargs="?",
        type=Path,
        metavar="REPORTS_DIR",
        help="a reports directory or its results.json (default: LOSANT_REPORTS_DIR, else ./reports)",
    )
    options = parser.parse_args(argv)
    try:
        where: Path = options.reports if options.reports is not None else reports_dir()
    except SettingsError as error:
        _err(f"SettingsError: {error}")
        return SettingsError.EXIT
    try:
        run, drift = load(where)
    except ResultsError as error:
        _err(f"losant-contract summary: {error}")
        return UNREADABLE
    (out or sys.stdout).write(markdown(run, drift))
    return 0


def _err(line: str) -> None:
    print(redact.text(line), file=sys.stderr)
