"""Generated examples sent together: a check's examples drawn as batches, each batch's
requests sent at once (ApiClient.concurrently), so against a distant or slow target a
sweep costs a few round trips instead of one per example.

A batch is one Hypothesis example: a list of requests, sent once each. Hypothesis tries
the simplest example first, and the simplest list repeats the simplest request, so a check
runs two batches: the simplest request alone, then a random batch of the rest of the
examples the profile gives the check (as many requests as one example each would send).
A failing batch shrinks to the smallest that still fails, and LOSANT_SEED repeats it.
Serially (LOSANT_CONCURRENCY=1) the same batches go out one request after another: the
same examples, the same verdicts.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

from hypothesis import settings
from hypothesis import strategies as st

T = TypeVar("T")
BATCHES = 2  #: the simplest batch, then a random one


def examples(share: int = 1) -> int:
    """The examples the loaded profile gives a check that takes 1/`share` of the usual (at least 2)."""
    profile = settings.default
    assert profile is not None  # a profile is loaded before any check (pytest/profiles.py)
    return max(2, profile.max_examples // share)


def batched(strategy: st.SearchStrategy[T], share: int = 1) -> st.SearchStrategy[list[T]]:
    """Batches of draws of `strategy`: with the simplest one, `examples(share)` in all."""
    size = examples(share) - 1
    return st.lists(strategy, min_size=size, max_size=size)


def distinct(batch: list[T], key: Callable[[T], Hashable]) -> list[T]:
    """The batch without repeats (by `key`), in order: each request is sent once."""
    return list({key(item): item for item in reversed(batch)}.values())[::-1]


def in_batches() -> settings:
    """The settings of a check whose examples are batches."""
    return settings(max_examples=BATCHES)
