"""The preflight's round trips, as a check: before any other check, the suite created and
deleted one integration and one API token. A target that refuses them is a set-up problem
(the run stops with one line); a target that accepts them and answers wrongly has broken
the contract, and that is reported here like any other failed check."""

from __future__ import annotations

import pytest

from losant_contract.oracles import Violation


@pytest.mark.area("preflight")
@pytest.mark.documented("integrations.md#post-successful-responses")
def test_preflight_round_trips_keep_the_contract(preflight_violations: list[Violation]) -> None:
    """POST Integrations and POST tokens answered 201 with the created resource (its id
    included), and deleting each answered 200 Success."""
    if preflight_violations:
        first = preflight_violations[0]
        for more in preflight_violations[1:]:
            first.add_note(f"also: {more}")
        raise first
