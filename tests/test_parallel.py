"""Parallel runs: pytest-xdist workers reach the verdicts a serial run reaches, and two
runs sharing one application at the same time both hold and leave nothing behind.

Subsets of the suite keep this inside CI's budget: files whose checks share a corpus,
mint tokens, create and delete, and one fault so there are failures to agree on too.
"""

from __future__ import annotations

import os
from pathlib import Path

import suite_process

from losant_contract import results
from losant_contract.mock import MockServer
from losant_contract.settings import WORKERS

FILES = [
    "suites/test_scopes.py",
    "suites/test_sorting.py",
    "suites/test_read_after_write.py",
    "suites/test_filtering.py",
]
HERE = Path(__file__).resolve().parent  # crash_worker.py, the plugin that takes the workers down
SHARED = [*FILES, "suites/test_pagination.py", "suites/test_model.py", "suites/test_errors.py"]


def test_two_workers_reach_the_serial_verdicts(tmp_path):
    runs = {}
    for name, extra in (("serial", []), ("two workers", ["-n", "2"])):
        env = suite_process.environment(
            reports=tmp_path / name, LOSANT_SEED="11", LOSANT_MOCK_FAULTS="read-scope-can-write"
        )
        done = suite_process.run([*FILES, "-q", *extra], env)
        assert done.returncode == 1, done.stdout[-3000:]  # the fault is noticed either way
        verdicts = suite_process.verdicts(tmp_path / name)
        runs[name] = (suite_process.counts(tmp_path / name), verdicts, done.stdout)
    (serial_counts, serial, _), (parallel_counts, parallel, output) = runs["serial"], runs["two workers"]
    assert serial_counts["failed"] > 0 and serial_counts["passed"] > 0
    assert parallel_counts == serial_counts
    assert parallel == serial
    assert "LEFT BEHIND" not in output


def test_two_runs_at_once_on_one_application(tmp_path):
    """One serial, one with two workers (which share the target the controller checked)."""
    with MockServer(foreign=25) as mock:
        children = [
            suite_process.start(
                [*SHARED, "-q", *extra],
                suite_process.environment(mock, reports=tmp_path / f"r{i}"),
                tmp_path / f"out{i}.txt",
            )
            for i, extra in enumerate(([], ["-n", "2"]))
        ]
        codes = [child.wait(timeout=170) for child in children]
        outputs = [(tmp_path / f"out{i}.txt").read_text() for i in (0, 1)]
        integrations, tokens = suite_process.everything(mock)
        url = mock.url
    for i, (code, output) in enumerate(zip(codes, outputs, strict=True)):
        assert code == 0, output[-3000:]
        assert suite_process.counts(tmp_path / f"r{i}")["passed"] > 0 and "LEFT BEHIND" not in output
        assert f"against {url}" in output  # not an embedded mock of its own
    assert suite_process.run_named(integrations + tokens) == []
    assert len(integrations) == 25


def test_a_remote_target_runs_in_workers_by_default_with_the_verdicts_of_one_at_a_time(tmp_path):
    """Against a target that is not the embedded mock, the README's command runs the checks
    in pytest-xdist workers without being told; one request at a time (LOSANT_CONCURRENCY=1)
    stays a setting, and both runs reach the same verdicts with about the same requests (the
    controller sets up the corpus and the tokens once for every worker)."""
    runs = {}
    with MockServer(faults=["type-sorted-by-name"], foreign=5) as mock:
        for name, concurrency in (("one at a time", "1"), ("default", "")):
            mock.reset()
            env = suite_process.environment(
                mock, reports=tmp_path / name, LOSANT_SEED="5", LOSANT_CONCURRENCY=concurrency
            )
            done = suite_process.run([*FILES, "-q"], env)
            assert done.returncode == 1, done.stdout[-3000:]
            runs[name] = results.load(tmp_path / name)
    serial, parallel = runs["one at a time"], runs["default"]
    assert (serial.workers, parallel.workers) == (0, WORKERS)
    assert {c.nodeid: (c.outcome, c.kind) for c in parallel.checks} == {
        c.nodeid: (c.outcome, c.kind) for c in serial.checks
    }
    assert serial.outcomes()["failed"] > 0
    # The cap on the whole suite is 15% (benchmarks.suite_speed prints it); on these few
    # files each worker's preflight and the tokens minted for every scope weigh more.
    assert parallel.requests <= serial.requests * 1.15, (parallel.requests_by_area, serial.requests_by_area)


def test_a_run_whose_workers_went_down_never_passes(tmp_path):
    """Checks that went down with their worker have no verdict: exit 3, and the run says so."""
    env = suite_process.environment(reports=tmp_path, PYTHONPATH=os.pathsep.join([str(suite_process.ROOT), str(HERE)]))
    done = suite_process.run(["suites/test_sorting.py", "-q", "-n", "2", "-p", "crash_worker"], env)
    assert done.returncode == 3, done.stdout[-3000:] + done.stderr[-3000:]
    assert "pytest-xdist worker gw0 went down: its checks have no verdict" in done.stdout


def test_workers_start_the_long_chains_first_one_check_at_a_time(tmp_path):
    """Workers are handed one check at a time in the order collected (loadgroup), and the
    model, one long chain of dependent requests, is collected first: it starts at once
    instead of setting the run's end (in the release profile its shards each find a worker)."""
    env = suite_process.environment(reports=tmp_path)
    done = suite_process.run(["suites/test_sorting.py", "suites/test_model.py", "-n", "2", "-v"], env)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "scheduling tests via LoadGroupScheduling" in done.stdout
    started = [line.strip() for line in done.stdout.splitlines() if line.startswith("suites/")]
    assert any(line.startswith("suites/test_model.py::") for line in started[:2]), started[:3]  # the first wave
