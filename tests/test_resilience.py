"""The verdict holds when the network does not: against the mock's transport faults the
suite absorbs what retries safely can, reports the rest as transport trouble (never as a
contract verdict, never as a pass), sends no create twice and leaves nothing behind.

Each run is a child process aimed at a standalone mock started here, whose transport log
shows every request as it arrived. A fixed seed makes the same requests meet the faults,
and the runs send one request at a time (LOSANT_CONCURRENCY=1) so the log lines up with
what the suite asked for; tests/test_concurrently.py shows the verdicts are the same.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
import suite_process

from losant_contract import results
from losant_contract.mock import MockServer
from losant_contract.mock.transport import Seen
from losant_contract.vocabulary import Kind

#: Creates, patches, deletes, listings, minted tokens: every kind of request the suite sends.
FILES = ["suites/test_read_after_write.py", "suites/test_scopes.py", "suites/test_sorting.py", "suites/test_model.py"]
SLOW_FILES = ["suites/test_read_after_write.py", "suites/test_schema.py", "suites/test_scopes.py"]
TRANSPORT = Kind.TRANSPORT.title
HERE = Path(__file__).resolve().parent  # count_calls.py, the plugin that logs what the suite asked for


@dataclass
class Call:
    """One request the suite asked for, and the faults its attempts met at the mock."""

    method: str
    path: str
    faults: list[str | None]  # one per attempt the mock received, the last one answered

    @property
    def attempts(self) -> int:
        return len(self.faults)


@dataclass
class Outcome:
    code: int
    output: str
    cases: dict[str, results.CheckResult]  # node id -> what came of the check (results.json)
    calls: list[Call]
    left: list[str]

    def not_passed(self) -> dict[str, results.CheckResult]:
        return {name: case for name, case in self.cases.items() if case.outcome != results.PASSED}

    def hit(self, *methods: str) -> list[Call]:
        return [call for call in self.calls if call.method in methods and any(call.faults)]


def run_against(fault: str, files: list[str], tmp_path, **settings: str) -> Outcome:
    log = tmp_path / "calls.jsonl"
    with MockServer(faults=[fault], foreign=5) as mock:
        env = suite_process.environment(
            mock,
            reports=tmp_path,
            LOSANT_SEED="20261127",
            COUNT_CALLS_FILE=str(log),
            LOSANT_CONCURRENCY="1",  # one request at a time, so each call's attempts can be aligned
            PYTHONPATH=os.pathsep.join([str(suite_process.ROOT), str(HERE)]),
            **settings,
        )
        done = suite_process.run([*files, "-q", "-p", "count_calls"], env, timeout=170)
        seen = list(mock.transport.seen)  # before the look below adds to it
        integrations, tokens = suite_process.everything(mock)
    cases = results.load(tmp_path).by_nodeid()
    asked = [json.loads(line) for line in log.read_text().splitlines()]
    return Outcome(
        done.returncode,
        done.stdout + done.stderr,
        cases,
        _align(asked, seen),
        suite_process.run_named(integrations + tokens),
    )


def _align(asked: list[list[str]], seen: list[Seen]) -> list[Call]:
    """Match each request the suite asked for with the attempts the mock received for it.
    A serial run: one call's attempts arrive together and in order, and only an attempt a
    fault hit can be followed by another (a search, since equal calls may follow each other)."""
    same = [[(s.method, s.path, s.body_digest) == tuple(call) for s in seen] for call in asked]
    parents: dict[tuple[int, int], tuple[int, int]] = {}
    frontier = {(0, 0)}
    while frontier and (len(asked), len(seen)) not in parents:
        step = set()
        for call, at in frontier:
            for attempts in range(1, 5):
                end = at + attempts
                if call >= len(asked) or end > len(seen) or not same[call][end - 1]:
                    break
                if (call + 1, end) not in parents:
                    parents[(call + 1, end)] = (call, at)
                    step.add((call + 1, end))
                if seen[end - 1].fault is None:
                    break  # an answered attempt is never repeated by the client
        frontier = step
    assert (len(asked), len(seen)) in parents, "what the mock received does not match what the suite asked for"
    calls, state = [], (len(asked), len(seen))
    while state != (0, 0):
        call, at = parents[state]
        calls.append(Call(asked[call][0], asked[call][1], [s.fault for s in seen[at : state[1]]]))
        state = (call, at)
    return calls[::-1]


def false_verdicts(outcome: Outcome) -> dict[str, str]:
    """Checks that did not pass for a reason other than transport: a skip counts too, since
    a skipped check is one nobody ran."""
    return {name: case.reason for name, case in outcome.not_passed().items() if case.kind != TRANSPORT}


def test_429_is_absorbed_and_a_post_is_repeated_only_then(tmp_path):
    outcome = run_against("transport-429", FILES, tmp_path)
    assert outcome.code == 0 and not outcome.not_passed(), outcome.output[-3000:]
    assert outcome.hit("POST") and all(call.faults[-1] is None for call in outcome.calls)  # all retried to an answer
    assert outcome.left == []


@pytest.mark.parametrize("fault", ["transport-503", "transport-drop"])
def test_refusals_and_drops_are_retried_where_safe_and_never_judged(fault, tmp_path):
    outcome = run_against(fault, FILES, tmp_path)
    assert outcome.hit("GET") and all(call.attempts == 2 for call in outcome.hit("GET")), "a GET was not retried"
    assert outcome.hit("POST") and all(call.attempts == 1 for call in outcome.hit("POST")), "a POST was sent again"
    assert outcome.left == [], "left behind"
    assert sum(case.outcome == results.PASSED for case in outcome.cases.values()) > len(outcome.cases) // 2
    assert false_verdicts(outcome) == {}


def test_writes_carried_out_then_answered_504_draw_no_false_verdict(tmp_path):
    """A gateway answers 504 after the API acted (a DELETE or PATCH that went through): no
    write is sent twice, no check judges the API on it, and nothing is left behind."""
    outcome = run_against("transport-504-after", FILES, tmp_path)
    assert outcome.hit("DELETE", "PATCH", "POST"), "no write met the fault: the test proves nothing"
    assert all(call.attempts == 1 for call in outcome.hit("DELETE", "PATCH", "POST")), "a write was sent again"
    assert outcome.left == [], "left behind"
    assert false_verdicts(outcome) == {}


def test_slow_answers_end_in_bounded_time_as_transport_errors(tmp_path):
    outcome = run_against("transport-slow", SLOW_FILES, tmp_path, LOSANT_TIMEOUT="1")
    assert outcome.code == 1, outcome.output[-3000:]  # some checks could not be judged: not a pass
    assert outcome.hit("POST") and all(call.attempts == 1 for call in outcome.hit("POST")), "a POST was sent again"
    transport = [case for case in outcome.not_passed().values() if case.kind == TRANSPORT]
    assert transport and all("no answer" in case.reason for case in transport)
    assert false_verdicts(outcome) == {}
    assert outcome.left == [], "left behind"
