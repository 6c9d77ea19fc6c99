"""A transport error inside a Hypothesis test: no verdict, and nothing to shrink.

Hypothesis replays and shrinks a failing example. A transport error (a gateway's 503, an
answer lost on the way) is not a property of the example: its replay fails somewhere else
or not at all, and Hypothesis ends in a Flaky error, which is a verdict on nobody. So an
example that meets one is set aside (rejected) and remembered; the examples that could be
judged are judged; and the check then ends with the first transport error: inconclusive,
never a contract verdict and never a pass.

    guard = NoVerdict()

    @given(...)
    @guard.examples
    def check(...): ...

    guard.run(check)

A state machine's rules take `@NoVerdict.steps` under `@rule(...)`, and read the guard from
the machine's `no_verdict` attribute.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from hypothesis import reject
from hypothesis.errors import FailedHealthCheck, Flaky, Unsatisfiable

from losant_contract.client import TransportError

F = TypeVar("F", bound=Callable[..., Any])


class NoVerdict:
    """Collects the transport errors of one check's examples."""

    def __init__(self) -> None:
        self.seen: list[TransportError] = []

    def examples(self, function: F) -> F:
        """`function`, with an example that meets a transport error rejected and remembered."""

        @functools.wraps(function)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                return function(*args, **kwargs)
            except TransportError as error:
                self.seen.append(error)
                reject()

        return guarded  # type: ignore[return-value]

    @staticmethod
    def steps(function: F) -> F:
        """For a state machine's rules (and teardown): `function(machine, ...)` guarded by
        the machine's own `no_verdict`, set by the test that runs it."""

        @functools.wraps(function)
        def guarded(machine: Any, *args: Any, **kwargs: Any) -> Any:
            return machine.no_verdict.examples(function)(machine, *args, **kwargs)

        return guarded  # type: ignore[return-value]

    def run(self, test: Callable[[], None]) -> None:
        """Run the Hypothesis test; end with the first transport error if there was one. A
        failing example that did not fail again when replayed (Flaky) after a transport error
        (the check's deadline passed, say) says nothing either: the transport error stands."""
        try:
            test()
        except (Unsatisfiable, FailedHealthCheck, Flaky):
            if not self.seen:  # not ours: every example was rejected for another reason
                raise
        if self.seen:
            raise self.seen[0]
