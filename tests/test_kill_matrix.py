"""The suite proves itself: run against the mock with each fault it must fail (every fault
caught), and with each control and with no fault at all it must pass (no false alarm).

This runs the whole suite once per variation (see losant_contract/kill_matrix.py), so it
is the slowest self-test; it is also the one that shows every check can fail."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from losant_contract.mock.faults import CONTROLS, FAULTS

ROOT = Path(__file__).resolve().parents[1]


def test_registry_spans_every_area():
    assert len(FAULTS) >= 35 and len(CONTROLS) >= 5
    areas = {variation.area for variation in FAULTS.values()}
    assert {"sorting", "filtering", "pagination", "scopes", "validation", "status", "persistence"} <= areas


@pytest.mark.timeout(3600)  # one whole suite run per variation: far past the 300 s default
def test_every_fault_is_caught_and_nothing_else_is_flagged(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "losant_contract.kill_matrix", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    rows = json.loads((tmp_path / "kill-matrix.json").read_text())
    wrong = [
        f"{r['kind']} {r['name']}: {r['outcome']} {r['caught_by']} {r['reason']}"
        for r in rows
        if r["outcome"] != ("caught" if r["kind"] == "fault" else "passed")
    ]
    assert not wrong, "\n".join(wrong)
    assert {r["name"] for r in rows if r["kind"] == "fault"} == set(FAULTS)
    assert {r["name"] for r in rows if r["kind"] == "control"} == set(CONTROLS)
    assert done.returncode == 0, done.stdout[-2000:]
    assert (tmp_path / "kill-matrix.md").read_text().count("| `") == len(rows)
