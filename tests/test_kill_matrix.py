"""The suite proves itself: run against the mock with each fault it must fail (every fault
caught, with the right kind of verdict), and with each control and with no fault at all it
must pass (no false alarm); every check is failed by some fault, or says why it cannot be.

The last test runs the whole matrix (see losant_contract/kill_matrix.py): the slowest
self-test, and the one that shows every check can fail. The others test the matrix's own
judgement without running a suite."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from losant_contract import kill_matrix, results
from losant_contract.kill_matrix import Failure, Row, failures_of, judge, plan
from losant_contract.mock.faults import AREAS, CONTROLS, FAULTS
from losant_contract.vocabulary import Kind

ROOT = Path(__file__).resolve().parents[1]


def test_registry_spans_every_area_and_the_matrix_knows_each():
    assert len(FAULTS) >= 35 and len(CONTROLS) >= 5
    areas = {variation.area for variation in FAULTS.values()}
    assert {"sorting", "filtering", "pagination", "scopes", "validation", "errors", "read-after-write"} <= areas
    assert set(AREAS) <= set(kill_matrix.AREAS), "a mock area the kill matrix cannot map to suite areas"


def test_plan_runs_faults_on_their_areas_and_controls_on_the_whole_suite():
    rows = {row.name: row for row in plan()}
    assert rows[kill_matrix.BASELINE].areas == () and all(rows[name].areas == () for name in CONTROLS)
    assert rows["sort-direction-ignored"].areas[:2] == kill_matrix.ALWAYS
    assert "sorting" in rows["sort-direction-ignored"].areas
    assert rows["read-scope-can-write"].expect == Kind.SCOPE_LEAK.title
    assert rows["filter-ignored"].expect == Kind.CONTRACT_DRIFT.title


def _fault(*kinds: str, expect: Kind = Kind.CONTRACT_DRIFT) -> Row:
    row = Row("f", "fault", "filtering", "", expect.title, ("filtering",))
    row.failures = [Failure("test_x::check", "test_x::check[1]", kind, 1.0, "m") for kind in kinds]
    return row


@pytest.mark.parametrize(
    "row, code, outcome",
    [
        (_fault(Kind.CONTRACT_DRIFT.title), 1, "caught"),
        (_fault(), 0, "missed"),
        (_fault(Kind.SCOPE_LEAK.title, Kind.CONTRACT_DRIFT.title), 1, "wrong kind"),  # filtering is no leak
        (_fault(Kind.SERVER_ERROR.title), 1, "wrong kind"),
        (_fault(Kind.CONTRACT_DRIFT.title, Kind.TRANSPORT.title), 1, "wrong kind"),  # a check drew no verdict
        (_fault(Kind.SCOPE_LEAK.title, expect=Kind.SCOPE_LEAK), 1, "caught"),
        (_fault(), 4, "error"),
    ],
)
def test_a_fault_is_caught_only_with_its_own_kind(row, code, outcome):
    judge(row, code, "output")
    assert row.outcome == outcome, row.reason


def test_a_control_with_a_failure_is_flagged():
    row = Row("c", "control", "errors", "")
    row.failures = [Failure("test_x::check", "n", Kind.CONTRACT_DRIFT.title, 1.0, "why")]
    judge(row, 1, "")
    assert row.outcome == "flagged" and "why" in row.reason


def test_the_results_file_gives_each_failure_its_kind_and_time():
    run = results.RunResult("embedded mock", "0" * 24, "quick", 1, "0", "2026-12-04T00:00:00+00:00", 9.0, 1, 0)
    run.checks = [
        results.CheckResult("suites/test_a.py::test_ok[x]", "sorting", results.PASSED),
        results.CheckResult(
            "suites/test_b.py::test_bad[y]", "scopes", results.FAILED, "scope leak", "r", "it acted", None, 5.5
        ),
    ]
    failures = failures_of(run)
    assert [(f.check, f.nodeid, f.kind, f.after, f.message) for f in failures] == [
        ("test_b.py::test_bad", "suites/test_b.py::test_bad[y]", "scope leak", 5.5, "it acted")
    ]


@pytest.mark.timeout(3600)  # one suite run per variation: far past the 300 s default
def test_every_fault_is_caught_and_nothing_else_is_flagged(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "losant_contract.kill_matrix", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    report = json.loads((tmp_path / "kill-matrix.json").read_text())
    rows = report["rows"]
    wrong = [
        f"{r['role']} {r['name']}: {r['outcome']} {r['reason']}"
        for r in rows
        if r["outcome"] != ("caught" if r["role"] == "fault" else "passed")
    ]
    assert not wrong, "\n".join(wrong)
    assert {r["name"] for r in rows if r["role"] == "fault"} == set(FAULTS)
    assert {r["name"] for r in rows if r["role"] == "control"} == set(CONTROLS)
    gaps = [check for check, why in report["summary"]["unfailed_checks"].items() if not why]
    assert not gaps, f"checks no fault fails, without a reason: {gaps}"
    assert done.returncode == 0, done.stdout[-2000:]


def _seeded(role: str, seed: int, outcome: str) -> Row:
    row = Row("v", role, "filtering", "", Kind.CONTRACT_DRIFT.title, ("filtering",), seed=seed)
    row.outcome, row.seeds = outcome, {seed: outcome}
    return row


@pytest.mark.parametrize(
    "role, outcomes, combined",
    [
        ("fault", ["caught", "caught", "caught"], "caught"),
        ("fault", ["caught", "missed", "caught"], "sometimes"),  # a gap, like a fault never caught
        ("fault", ["missed", "missed"], "missed"),
        ("fault", ["caught", "wrong kind"], "wrong kind"),
        ("control", ["passed", "flagged", "passed"], "flagged"),
        ("control", ["passed", "passed"], "passed"),
    ],
)
def test_seeds_combine_into_one_verdict(role, outcomes, combined):
    row = kill_matrix.combine([_seeded(role, seed, outcome) for seed, outcome in enumerate(outcomes, 1)])
    assert row.outcome == combined and sorted(row.seeds) == list(range(1, len(outcomes) + 1))
    assert row.as_expected == (combined in ("caught", "passed"))
    if combined == "sometimes":
        assert row.reason == "caught on 2 of 3 seeds; missed on seed 2"
