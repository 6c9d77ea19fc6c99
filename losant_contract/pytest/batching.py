"""Generated examples sent together: a check's examples drawn as batches, each batch's
requests sent at once (ApiClient.concurrently), so against a distant or slow target a
sweep costs a few round trips instead of one per example.

A batch is one Hypothesis example: a list of requests, sent once each. Hypothesis tries
the simplest example first, and the simplest list repeats the simplest request, so a check
runs the simplest request alone, then random batches of the rest of the examples the
profile gives the check (as many requests as one example each would send). A batch holds
at most BATCH requests: Hypothesis ends a check whose simplest example is larger than half
its buffer, and a batch of 36 invalid bodies was, so the release profile's sweeps ran their
simplest batch only (tests/test_batching.py keeps every sweep within the bound).
A failing batch shrinks to the smallest that still fails, and LOSANT_SEED repeats it.
Serially (LOSANT_CONCURRENCY=1) the same batches go out one request after another: the
same examples, the same verdicts.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from hypothesis import given, settings
from hypothesis import strategies as st

T = TypeVar("T")
BATCH = 8  #: the most requests in one batch


def examples(share: int = 1) -> int:
    """The examples the loaded profile gives a check that takes 1/`share` of the usual (at least 2)."""
    profile = settings.default
    assert profile is not None  # a profile is loaded before any check (pytest/profiles.py)
    return max(2, profile.max_examples // share)


def batch_count(share: int = 1) -> int:
    """The batches a check that takes 1/`share` of the examples runs: the simplest one, then
    the fewest of at most BATCH requests that hold the rest of its examples."""
    return 1 + math.ceil((examples(share) - 1) / BATCH)


def batch_size(share: int = 1) -> int:
    """The requests in each random batch of such a check: the rest of its examples spread
    evenly, so it sends fewer than one more request per batch than a serial run would
    (12 examples: 1 + 2 x 6, not 1 + 2 x 8)."""
    return math.ceil((examples(share) - 1) / (batch_count(share) - 1))


def in_batches(strategy: st.SearchStrategy[T], share: int = 1) -> Callable[[Callable[..., Any]], Any]:
    """Run the decorated check (argument `batch`) on batches of draws of `strategy`."""
    size = batch_size(share)
    batches = st.lists(strategy, min_size=size, max_size=size)
    return lambda check: settings(max_examples=batch_count(share))(given(batch=batches)(check))


def distinct(batch: list[T], key: Callable[[T], Hashable]) -> list[T]:
    """The batch without repeats (by `key`), in order: each request is sent once."""
    return list({key(item): item for item in reversed(batch)}.values())[::-1]
