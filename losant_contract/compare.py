"""`losant-contract compare OLD NEW`: what changed between two runs, verdict by verdict.

drift.md says which answers hold something new since the previous run; this says the
same of the verdicts, so a nightly run reads as "new since last night": the checks that
newly fail, those fixed since, those whose verdict kind changed (contract drift turned
scope leak), and those that failed before and were not judged now (skipped, or gone).
Built from the two results.json files alone, read through losant_contract.results;
`compare` and `markdown` are pure, and every value passes through redact.

Exit status: 0 nothing newly fails; 1 something does; 2 a results file is missing or unreadable.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from losant_contract import redact, results
from losant_contract.results import CheckResult, ResultsError, RunResult
from losant_contract.summary import EXIT_WORDS, UNREADABLE, code, rank, text

NEWLY_FAILING = 1  #: the exit status when a check fails that did not before
ABSENT = "absent"  #: a check one of the runs did not have


@dataclass(frozen=True)
class Change:
    """One check's verdict in the old run and in the new one."""

    nodeid: str
    before: str  # its outcome in OLD, or ABSENT
    after: str  # its outcome in NEW, or ABSENT
    old_kind: str | None
    new_kind: str | None
    reason: str  # why it fails now (or, fixed or no longer judged, why it failed before)


@dataclass
class Comparison:
    newly_failing: list[Change] = field(default_factory=list)
    fixed: list[Change] = field(default_factory=list)
    kind_changed: list[Change] = field(default_factory=list)
    not_judged: list[Change] = field(default_factory=list)  # failed in OLD; skipped or absent in NEW
    still_failing: int = 0  # failed in both with the same kind


def compare(old: RunResult, new: RunResult) -> Comparison:
    """How each check's verdict moved from `old` to `new`."""
    before, after = old.by_nodeid(), new.by_nodeid()
    found = Comparison()
    for nodeid in sorted(before.keys() | after.keys()):
        was, now = before.get(nodeid), after.get(nodeid)
        change = Change(
            nodeid,
            was.outcome if was else ABSENT,
            now.outcome if now else ABSENT,
            was.kind if was else None,
            now.kind if now else None,
            _reason(now if now is not None and now.failed else was),
        )
        if now is not None and now.failed and (was is None or not was.failed):
            found.newly_failing.append(change)
        elif was is None or not was.failed:
            continue
        elif now is not None and now.outcome == results.PASSED:
            found.fixed.append(change)
        elif now is None or now.outcome == results.SKIPPED:
            found.not_judged.append(change)
        elif was.kind != now.kind:
            found.kind_changed.append(change)
        else:
            found.still_failing += 1
    found.newly_failing.sort(key=lambda c: rank(c.new_kind))
    return found


def markdown(old: RunResult, new: RunResult, found: Comparison) -> str:
    """The comparison as a job summary section: counts first, then a table for each change."""
    lines = [
        f"## Since the previous run: {len(found.newly_failing)} newly failing, {len(found.fixed)} fixed, "
        f"{len(found.kind_changed)} changed kind, {found.still_failing} still failing",
        "",
        f"Previous: {_run(old)}.  ",
        f"This one: {_run(new)}.",
    ]
    differ = [what for what in ("target", "profile") if getattr(old, what) != getattr(new, what)]
    if differ:
        lines += ["", f"**The runs differ in {' and '.join(differ)}**: a change may come from that, not the API."]
    if old.started > new.started:
        lines += ["", "**OLD started after NEW**: are the two the right way round?"]
    lines += _table("Newly failing", found.newly_failing, ["verdict kind", "check", "before", "reason"])
    lines += _table("Fixed since", found.fixed, ["check", "verdict kind before", "reason before"])
    lines += _table("Verdict kind changed", found.kind_changed, ["check", "before", "now", "reason"])
    if found.not_judged:
        lines += _table("Failed before, not judged now", found.not_judged, ["check", "verdict kind before", "now"])
    return redact.text("\n".join(lines)) + "\n"


def _table(title: str, changes: list[Change], head: list[str]) -> list[str]:
    lines = ["", f"### {title} ({len(changes)})", ""]
    if not changes:
        return [*lines, "None."]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for c in changes:
        cells = {
            "check": code(c.nodeid, cell=True),
            "verdict kind": text(c.new_kind or "?"),
            "verdict kind before": text(c.old_kind or "?"),
            "before": text(c.old_kind or c.before) if c.before in (results.FAILED, results.ERROR) else c.before,
            "now": text(c.new_kind or c.after) if c.after in (results.FAILED, results.ERROR) else c.after,
            "reason": text(c.reason) or "-",
            "reason before": text(c.reason) or "-",
        }
        lines.append("| " + " | ".join(cells[name] for name in head) + " |")
    return lines


def _run(run: RunResult) -> str:
    counts = run.outcomes()
    return (
        f"{text(run.target)}, profile {text(run.profile)}, started {text(run.started)}, "
        f"LOSANT_SEED={run.seed if run.seed is not None else 'unknown'}, "
        f"{EXIT_WORDS.get(run.exit_status, 'FAILED')} (exit {run.exit_status}): "
        f"{counts['passed']} passed, {counts['failed']} failed, {counts['error']} errors, {counts['skipped']} skipped"
    )


def _reason(check: CheckResult | None) -> str:
    return check.reason if check is not None else ""


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="losant-contract compare",
        description="List the checks that newly fail, are fixed, or changed verdict kind between two runs.",
        epilog="Exit status: 0 nothing newly fails; 1 something does; 2 a results file is missing or unreadable.",
    )
    parser.add_argument(
        "old", type=Path, metavar="OLD", help="the earlier run: a results.json or its reports directory"
    )
    parser.add_argument("new", type=Path, metavar="NEW", help="the later run: a results.json or its reports directory")
    options = parser.parse_args(argv)
    try:
        old, new = results.load(options.old), results.load(options.new)
    except ResultsError as error:
        print(redact.text(f"losant-contract compare: {error}"), file=sys.stderr)
        return UNREADABLE
    found = compare(old, new)
    (out or sys.stdout).write(markdown(old, new, found))
    return NEWLY_FAILING if found.newly_failing else 0
