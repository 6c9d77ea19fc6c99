"""Decisions §9 on a whole run: a rate-limited target ends with the verdicts an unlimited one
gives, only later, the 429s counted and the wait shown as it happens; a target too slow for
a check's deadline gets no verdict on that check, never a contract one."""

from __future__ import annotations

import suite_process

from losant_contract import results
from losant_contract.mock import MockServer
from losant_contract.vocabulary import NO_VERDICT, Kind

FILES = ["suites/test_sorting.py", "suites/test_scopes.py", "suites/test_read_after_write.py"]


def _run(tmp_path, name: str, mock: MockServer, files: list[str], **settings: str):
    env = suite_process.environment(mock, reports=tmp_path / name, LOSANT_SEED="9", **settings)
    done = suite_process.run([*files, "-q"], env, timeout=300)
    return done, results.load(tmp_path / name)


def test_a_rate_limited_target_gets_the_verdicts_of_an_unlimited_one(tmp_path):
    runs = {}
    for name, limits in (("unlimited", {}), ("limited", {"max_in_flight": 2, "max_per_second": 40})):
        with MockServer(faults=["read-scope-can-write"], foreign=3, **limits) as mock:
            done, runs[name] = _run(tmp_path, name, mock, FILES, LOSANT_PROGRESS="1")
            refused = mock.rate_limited
        assert done.returncode == 1, done.stdout[-3000:]
        runs[name + " output"], runs[name + " refused"] = done.stdout, refused
    unlimited, limited = runs["unlimited"], runs["limited"]
    assert {c.nodeid: (c.outcome, c.kind) for c in limited.checks} == {
        c.nodeid: (c.outcome, c.kind) for c in unlimited.checks
    }
    assert Kind.SCOPE_LEAK.title in {c.kind for c in limited.checks}  # the fault is caught either way
    assert runs["limited refused"] > 0 and limited.rate_limited == runs["limited refused"]
    assert limited.waited_seconds > 0 and unlimited.rate_limited == 0
    shown = [line for line in runs["limited output"].splitlines() if line.startswith("progress: ")]
    assert shown and all(" checks, " in line and " requests, " in line and " × 429 " in line for line in shown)
    assert f"429s met: {limited.rate_limited}," in runs["limited output"]


def test_a_target_too_slow_for_the_deadline_gets_no_verdict(tmp_path):
    files = ["suites/test_read_after_write.py", "suites/test_ownership.py"]
    with MockServer(write_delay=1.0) as mock:
        done, run = _run(tmp_path, "slow", mock, files, LOSANT_CHECK_TIMEOUT="1", LOSANT_CONCURRENCY="1")
    assert done.returncode == 1, done.stdout[-3000:]  # some checks could not be judged: not a pass
    failed = run.failures()
    assert failed and all(Kind.titled(check.kind) in NO_VERDICT for check in failed), [
        (c.nodeid, c.kind, c.reason) for c in failed if Kind.titled(c.kind) not in NO_VERDICT
    ]
    assert any("deadline" in check.reason for check in failed)
