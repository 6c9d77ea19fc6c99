"""An interrupted run leaves nothing behind: Ctrl-C (SIGINT) and SIGTERM at random points
of preflight, corpus creation and the checks; other data stays byte-for-byte; and what a
SIGKILL leaves, the sweep removes.

The suite runs as a child process against a standalone mock holding 25 foreign
integrations; everything is judged over HTTP afterwards. Each create is answered 30 ms
late, so an interrupt often lands after the server created something and before its
answer reached the ledger: the race a staging run meets on a slow network.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import suite_process

from losant_contract.client import ApiClient
from losant_contract.mock import MockServer
from losant_contract.strategies import corpus_names

SEED = int(os.environ.get("INTERRUPT_SEED") or random.randrange(10**6))
CORPUS = re.compile(r"^lct-\d{12}-[0-9a-f]{6}-c-")
PREFLIGHT = re.compile(r"^lct-\d{12}-[0-9a-f]{6}-preflight")
#: The corpus first, then the model: checks that create, patch and delete as they go.
FILES = ["suites/test_filtering.py", "suites/test_model.py", "suites/test_pagination.py"]


@pytest.fixture(scope="module")
def mock():
    with MockServer(foreign=25) as server:
        put = server.store.put

        def late_put(*args, **kwargs):  # created now, answered 30 ms later
            put(*args, **kwargs)
            time.sleep(0.03)

        server.store.put = late_put
        yield server


@pytest.fixture(scope="module")
def foreign(mock) -> dict[str, bytes]:
    return _foreign_bytes(mock)


@pytest.fixture(autouse=True)
def fresh(mock):
    """Each case starts from the prefilled application, whatever the last one left."""
    yield
    mock.reset()


def _foreign_bytes(mock) -> dict[str, bytes]:
    """Every integration not named by a run, as the exact bytes GET Integration answers."""
    api = ApiClient(mock.url, mock.admin_token, backoff=0)
    integrations, _ = suite_process.everything(mock)
    found = {
        item["id"]: api.get(f"/applications/{mock.application_id}/integrations/{item['id']}").content
        for item in integrations
        if not str(item["name"]).startswith("lct-")
    }
    api.close()
    return found


def _names(mock) -> list[str]:
    integrations, tokens = suite_process.everything(mock)
    return [str(item["name"]) for item in integrations + tokens]


def _wait_for(mock, pattern: re.Pattern, at_least: int, child: subprocess.Popen, limit: float = 60) -> None:
    """Poll (over HTTP) until `at_least` run items match `pattern`."""
    end = time.monotonic() + limit
    while sum(bool(pattern.match(name)) for name in _names(mock)) < at_least:
        assert child.poll() is None, "the suite ended before the interrupt point"
        assert time.monotonic() < end, f"no {pattern.pattern} item appeared"
        time.sleep(0.05)


def _interrupt(mock, tmp_path, when: str, how: signal.Signals, rng: random.Random, env_extra=None, args=()):
    env = suite_process.environment(mock, reports=tmp_path / "reports", **(env_extra or {}))
    child = suite_process.start([*FILES, "-q", *args], env, tmp_path / "out.txt")
    try:
        if when == "preflight":
            _wait_for(mock, PREFLIGHT, 1, child)
        elif when == "corpus":
            _wait_for(mock, CORPUS, rng.randint(1, 12), child)
        else:  # some way into the checks that use the corpus
            _wait_for(mock, CORPUS, len(corpus_names("lct-202001010000-abcdef-c-")), child)
            time.sleep(rng.uniform(0.2, 2.0))
        assert child.poll() is None, "the suite ended before the interrupt point"
        child.send_signal(how)
        code = child.wait(timeout=90)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    return code, (tmp_path / "out.txt").read_text(errors="replace")


def _ended_as_interrupted(code: int, output: str) -> bool:
    """Exit 2 (pytest's "interrupted"), without an INTERNALERROR or a Python traceback:
    wherever the signal landed (interrupts.py defers it out of the report hooks)."""
    return code == 2 and "INTERNALERROR" not in output and "Traceback (most recent call last)" not in output


CASES = [(when, how) for when in ("preflight", "corpus", "checks") for how in (signal.SIGINT, signal.SIGTERM)]


@pytest.mark.parametrize("when, how", CASES, ids=[f"{how.name}-{when}-{i}" for i, (when, how) in enumerate(CASES)])
def test_interrupt_leaves_nothing_behind(mock, foreign, tmp_path, when, how):
    rng = random.Random(f"{SEED}-{when}-{how.name}")
    # A window to land in: the preflight's few requests, or checks that make some 400.
    slowed = {"preflight": {"LOSANT_MAX_RPS": "8"}, "checks": {"LOSANT_MAX_RPS": "100"}}.get(when, {})
    code, output = _interrupt(mock, tmp_path, when, how, rng, slowed)
    context = f"(INTERRUPT_SEED={SEED}; suite output ends:\n{output[-1500:]})"
    assert [n for n in _names(mock) if n.startswith("lct-")] == [], f"left behind {context}"
    assert _foreign_bytes(mock) == foreign, f"other data changed {context}"
    assert _ended_as_interrupted(code, output), f"the suite did not end as interrupted: exit {code} {context}"


def test_interrupting_the_controller_of_two_workers_leaves_nothing_behind(mock, foreign, tmp_path):
    """Only the controller gets the signal (a CI cancel may do that); the workers clean up too."""
    code, output = _interrupt(mock, tmp_path, "corpus", signal.SIGINT, random.Random(SEED), args=("-n", "2"))
    context = f"(INTERRUPT_SEED={SEED}; suite output ends:\n{output[-1500:]})"
    assert [n for n in _names(mock) if n.startswith("lct-")] == [], f"left behind {context}"
    assert _foreign_bytes(mock) == foreign, f"other data changed {context}"
    assert _ended_as_interrupted(code, output), f"the suite did not end as interrupted: exit {code} {context}"


def _settled_leftovers(mock) -> list[str]:
    """Run-named items once the mock has finished what the killed run had already sent."""
    before = None
    while True:
        now = sorted(n for n in _names(mock) if n.startswith("lct-"))
        if now == before:
            return now
        before = now
        time.sleep(0.3)


def test_the_sweep_removes_what_a_kill_leaves(mock, foreign, tmp_path):
    env = suite_process.environment(mock, reports=tmp_path / "reports")
    child = suite_process.start([*FILES, "-q"], env, tmp_path / "out.txt")
    try:
        _wait_for(mock, CORPUS, 5, child)
    finally:
        child.kill()
        child.wait()
    left = _settled_leftovers(mock)
    assert left, "SIGKILL during corpus creation left nothing: the case is not tested"
    dry = subprocess.run(
        [sys.executable, "-m", "losant_contract.sweep", "--dry-run"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert dry.returncode == 0 and dry.stdout.startswith("would delete 0 "), dry.stdout  # a fresh run is spared
    done = subprocess.run(
        [sys.executable, "-m", "losant_contract.sweep", "--older-than", "0"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == len(left) + 1 and all(line.startswith("deleted ") for line in lines), done.stdout
    assert [n for n in _names(mock) if n.startswith("lct-")] == []
    assert _foreign_bytes(mock) == foreign


HERE = Path(__file__).resolve().parent  # signal_in_hook.py, the plugin that signals from inside a hook
IN_HOOK = [
    ("makereport", signal.SIGINT, 3),  # inside allure-pytest's and Hypothesis's old-style wrappers
    ("allure-result", signal.SIGINT, 2),  # inside allure-commons writing a result file
    ("logreport", signal.SIGTERM, 4),
    ("sessionfinish", signal.SIGTERM, 1),  # just before the suite's clean-up
    ("gc", signal.SIGINT, 3),  # swallowed by Python: once lost, the run went on (exit 1)
]


@pytest.mark.parametrize("hook, how, nth", IN_HOOK, ids=[f"{how.name}-in-{hook}" for hook, how, _ in IN_HOOK])
def test_an_interrupt_inside_a_report_hook_ends_cleanly(mock, foreign, tmp_path, hook, how, nth):
    """Before interrupts.py: INTERNALERROR (exit 3) from a PluggyTeardownRaisedWarning, a
    KeyboardInterrupt traceback out of pytest_sessionfinish, or an interrupt lost in a gc
    callback (a check failed with PytestUnraisableExceptionWarning and the run went on)."""
    env = suite_process.environment(
        mock,
        reports=tmp_path / "reports",
        SIGNAL_IN_HOOK=f"{hook}:{how.name}:{nth}",
        PYTHONPATH=os.pathsep.join([str(suite_process.ROOT), str(HERE)]),
    )
    done = suite_process.run(["suites/test_schema.py", "suites/test_sorting.py", "-p", "signal_in_hook"], env, 170)
    output = done.stdout + done.stderr
    context = f"(suite output ends:\n{output[-2500:]})"
    assert [n for n in _names(mock) if n.startswith("lct-")] == [], f"left behind {context}"
    assert _foreign_bytes(mock) == foreign, f"other data changed {context}"
    assert _ended_as_interrupted(done.returncode, output), f"exit {done.returncode} {context}"
    assert list((tmp_path / "reports" / "allure-results").glob("*-result.json")), "no Allure results written"
