"""One run's result, as a file: `results.json` in the reports directory.

Every suite run writes it (losant_contract.pytest.result_file), and everything that wants
to know what a run found reads it here: the kill matrix, the benchmarks, the summary and
the comparison of two runs, and the project's self-tests. Nothing reads the suite's
terminal, JUnit or Allure output back. The file's JSON Schema ships beside this module
(schemas/results.schema.json); `load` holds every file it reads to it.

Per check: its node id, area, outcome, verdict kind (for a failure), the rule it broke
and a one-line reason, when it failed (seconds from the run's start), and the run's seed.
Per run: target, profile, counts by outcome and by verdict kind, requests by area, the
429s met and the time spent waiting on them.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from losant_contract.vocabulary import Kind

FILE_NAME = "results.json"
SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "results.schema.json"
FORMAT = 1  #: the file's format version, `format` in the file; a reader refuses another
PASSED, FAILED, ERROR, SKIPPED = "passed", "failed", "error", "skipped"
OUTCOMES = (PASSED, FAILED, ERROR, SKIPPED)


class ResultsError(Exception):
    """A results file is missing, unreadable or not one this version writes; one line."""


@dataclass
class CheckResult:
    """One check (one collected test) and what came of it."""

    nodeid: str
    area: str
    outcome: str  # one of OUTCOMES: error is a failure outside the check's body (its set-up)
    kind: str | None = None  # the verdict kind's title, for a failure or an error
    rule: str | None = None  # the rule it broke, when a Violation said so
    reason: str = ""  # one line: why it failed, or why it was skipped
    curl: str | None = None  # the failing request as a curl line, tokens redacted
    failed_after: float | None = None  # seconds from the run's start to the failure
    seconds: float = 0.0  # how long the check took
    waived: bool = False  # skipped by a waiver the profile allows (LOSANT_WAIVE_SCOPES)

    @property
    def check(self) -> str:
        """'test_sorting.py::test_x', without the file's directory or the parameters."""
        path, _, name = self.nodeid.partition("::")
        return f"{path.rsplit('/', 1)[-1]}::{name.split('[', 1)[0]}"

    @property
    def verdict(self) -> Kind | None:
        return Kind.titled(self.kind) if self.kind else None

    @property
    def failed(self) -> bool:
        return self.outcome in (FAILED, ERROR)


@dataclass
class RunResult:
    """A whole run: what it ran against, how, and each check's result."""

    target: str  # "embedded mock", or the target's URL
    application_id: str
    profile: str
    seed: int | None
    suite_version: str
    started: str  # ISO 8601, UTC
    seconds: float
    exit_status: int
    workers: int  # pytest-xdist workers; 0: one process
    requests_by_area: dict[str, int] = field(default_factory=dict)
    rate_limited: int = 0  # 429s met (each one waited out and sent again)
    waited_seconds: float = 0.0  # time spent waiting for a rate limit or a back-off
    leftovers: list[str] = field(default_factory=list)  # what could not be deleted
    invariants: dict[str, int] = field(default_factory=dict)  # invariant -> answers that broke it
    outside: list[str] = field(default_factory=list)  # invariants broken outside any check (clean-up)
    waived: list[str] = field(default_factory=list)  # what the run's waiver names (LOSANT_WAIVE_SCOPES)
    unwaived_skips: list[str] = field(default_factory=list)  # checks skipped that the profile must not skip
    checks: list[CheckResult] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return sum(self.requests_by_area.values())

    def outcomes(self) -> dict[str, int]:
        """How many checks passed, failed, errored and were skipped (every outcome named)."""
        counted = {outcome: 0 for outcome in OUTCOMES}
        for check in self.checks:
            counted[check.outcome] += 1
        return counted

    def kinds(self) -> dict[str, int]:
        """How many checks failed with each verdict kind, in the order a reader looks at them."""
        counted = {kind.title: 0 for kind in Kind}
        for check in self.checks:
            if check.kind:
                counted[check.kind] += 1
        return counted

    def failures(self) -> list[CheckResult]:
        """The failed checks, in the order they failed."""
        failed = [check for check in self.checks if check.failed]
        return sorted(failed, key=lambda c: (c.failed_after is None, c.failed_after or 0.0))

    def by_nodeid(self) -> dict[str, CheckResult]:
        return {check.nodeid: check for check in self.checks}

    def to_json(self) -> dict[str, Any]:
        document = {"format": FORMAT, **asdict(self)}
        document["outcomes"], document["kinds"], document["requests"] = self.outcomes(), self.kinds(), self.requests
        return document


def write(directory: Path, result: RunResult) -> Path:
    """`results.json` in `directory`, held to the schema before it is written."""
    document = result.to_json()
    _problems_or_raise(document, "the result about to be written")
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / FILE_NAME
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def load(path: Path) -> RunResult:
    """The run a results file (or a reports directory holding one) describes."""
    path = path / FILE_NAME if path.is_dir() else path
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ResultsError(f"{path}: no results file (did the run start?)") from None
    except (OSError, ValueError) as error:
        raise ResultsError(f"{path}: not a readable results file ({error})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ResultsError(f"{path}: not a results file of format {FORMAT}")
    _problems_or_raise(document, str(path))
    fields = {k: v for k, v in document.items() if k not in ("format", "outcomes", "kinds", "requests", "checks")}
    return RunResult(**fields, checks=[CheckResult(**check) for check in document["checks"]])


def problems(document: object) -> list[str]:
    """Every way `document` breaks the results schema, one line each."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message[:200]}"
        for error in _validator().iter_errors(document)
    ]


def _problems_or_raise(document: object, what: str) -> None:
    found = problems(document)
    if found:
        raise ResultsError(f"{what} breaks {SCHEMA_PATH.name}: {found[0]}")


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
