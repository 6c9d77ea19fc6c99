"""Parallel runs: pytest-xdist workers reach the verdicts a serial run reaches, and two
runs sharing one application at the same time both hold and leave nothing behind.

Subsets of the suite keep this inside CI's budget: files whose checks share a corpus,
mint tokens, create and delete, and one fault so there are failures to agree on too.
"""

from __future__ import annotations

import suite_process

from losant_contract.mock import MockServer

FILES = [
    "suites/test_scopes.py",
    "suites/test_sorting.py",
    "suites/test_read_after_write.py",
    "suites/test_filtering.py",
]
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
