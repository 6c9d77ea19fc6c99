"""Every batched sweep runs the batches it plans, in every profile: Hypothesis ends a check
whose simplest example is too large without saying so, and a sweep of batches of 36 invalid
bodies then sent its simplest request only (the release profile's validation sweeps did)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

import pytest
from hypothesis import settings
from hypothesis.statistics import collector

from losant_contract.pytest.batching import BATCH, batch_count, batch_size, examples, in_batches
from losant_contract.strategies import (
    INVALID_PATCH_LABELS,
    INVALID_POST_LABELS,
    INVALID_QUERY_LABELS,
    invalid_list_queries,
    invalid_patch_bodies,
    invalid_post_bodies,
)

PER_LABEL = 4  # suites/test_validation.py
SWEEPS = (
    [("POST", label, partial(invalid_post_bodies, "lct-x-"), PER_LABEL) for label in INVALID_POST_LABELS]
    + [("PATCH", label, partial(invalid_patch_bodies, "lct-x-"), PER_LABEL) for label in INVALID_PATCH_LABELS]
    + [("query", label, invalid_list_queries, 1) for label in INVALID_QUERY_LABELS]
)
#: Hypothesis' reason when every possible example was tried (a constant body, say).
EXHAUSTED = "nothing left to do"


@pytest.fixture(params=["quick", "release"])
def profile(request: pytest.FixtureRequest) -> Iterator[str]:
    previous = settings.default
    settings.load_profile(request.param)
    yield request.param
    settings.register_profile("_restored", previous)
    settings.load_profile("_restored")


@pytest.mark.parametrize(("kind", "label", "strategy", "share"), SWEEPS, ids=[f"{s[0]}-{s[1]}" for s in SWEEPS])
def test_every_planned_batch_runs(profile, kind, label, strategy, share):
    sizes: list[int] = []

    @in_batches(strategy(only=[label]), share=share)
    def check(batch):
        sizes.append(len(batch))

    stats: list[dict] = []
    with collector.with_value(stats.append):
        check()
    stopped = stats[-1]["stopped-because"]
    assert len(sizes) == batch_count(share) or stopped == EXHAUSTED, (
        f"{kind} {label!r} in {profile}: {len(sizes)} of {batch_count(share)} batches ran ({stopped})"
    )
    assert set(sizes) == {batch_size(share)} and batch_size(share) <= BATCH


def test_a_sweep_sends_about_the_examples_of_a_serial_run(profile):
    """Batches cost no more requests than one example each would, but for rounding: fewer
    than one request more per batch (quick's query sweeps sent 17 for 12 examples)."""
    for share in (1, PER_LABEL):
        wanted = examples(share) - 1  # after the simplest batch
        random_batches = batch_count(share) - 1
        sent = random_batches * batch_size(share)
        assert wanted <= sent < wanted + random_batches, f"{profile}, 1/{share}: {sent} for {wanted}"


@pytest.mark.parametrize("profile", ["release"], indirect=True)
def test_a_release_sweep_fills_its_batches(profile):
    """The release profile's share of examples goes out in full batches of BATCH (that they
    hold all its examples: test_a_sweep_sends_about_the_examples_of_a_serial_run)."""
    assert batch_size(PER_LABEL) == BATCH
