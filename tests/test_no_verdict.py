"""A transport error inside a Hypothesis check ends it as "no verdict": the examples that
could be judged are judged, nothing is replayed or shrunk into a Flaky error."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from losant_contract.client import DeadlinePassed, TransportError
from losant_contract.pytest.no_verdict import NoVerdict


def test_a_transport_error_ends_the_check_after_the_others_were_judged():
    guard, calls = NoVerdict(), itertools.count(1)
    judged = []

    @settings(max_examples=10, database=None)
    @given(st.integers())
    @guard.examples
    def check(n):
        if next(calls) % 3 == 0:  # like a gateway's every n-th answer: not a property of n
            raise TransportError("GET /x: answered 503")
        judged.append(n)

    with pytest.raises(TransportError, match="answered 503"):
        guard.run(check)
    assert len(judged) >= 5  # the others were still judged


def test_every_example_lost_is_still_a_transport_error_not_unsatisfiable():
    guard = NoVerdict()

    @settings(max_examples=5, database=None)
    @given(st.integers())
    @guard.examples
    def check(n):
        raise TransportError("no answer")

    with pytest.raises(TransportError):
        guard.run(check)


def test_a_real_failure_is_still_reported_and_a_clean_run_passes():
    guard = NoVerdict()

    @settings(max_examples=5, database=None)
    @given(st.integers(min_value=5))
    @guard.examples
    def broken(n):
        assert n < 5

    with pytest.raises(AssertionError):
        guard.run(broken)
    clean = NoVerdict()

    @settings(max_examples=5, database=None)
    @given(st.integers())
    @clean.examples
    def fine(n):
        pass

    clean.run(fine)


def test_a_failure_not_replayed_after_the_deadline_is_no_verdict():
    """The check's deadline passes between a failing example and its replay: Hypothesis calls
    that Flaky, but nothing was shown about the API, so the check ends without a verdict."""
    guard, passed = NoVerdict(), []

    @settings(max_examples=5, database=None)
    @given(st.integers())
    @guard.examples
    def check(n):
        if passed:  # from the replay on, like every request after the deadline
            raise DeadlinePassed("GET /x: not sent, the check's deadline passed")
        passed.append(n)
        raise AssertionError("a violation, seen once")

    with pytest.raises(DeadlinePassed, match="deadline passed"):
        guard.run(check)
