"""The scenarios, as data of the kit: name, area, what it checks, and the function that
plays it on a Stage. An adapter never edits them; it only chooses which to run.

A scenario is a plain function of the Stage. It returns when the client passed, raises
a ClientFault (AssertionError) with a one-line reason when it did not, and NotSupported
when the client lacks an optional capability and stayed safe without it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from losant_contract.clientkit.stage import Stage

AREAS = ("listing", "records", "tokens", "errors", "resilience")


@dataclass(frozen=True)
class Scenario:
    name: str
    area: str
    doc: str  # the rule it checks, one sentence, and where the rule comes from
    play: Callable[[Stage], None]
    capability: str | None = None  # the optional capability it is about, if any


SCENARIOS: dict[str, Scenario] = {}


def add(name: str, area: str, doc: str, play: Callable[[Stage], None], capability: str | None = None) -> None:
    if name in SCENARIOS:
        raise ImportError(f"two client scenarios are named {name!r}")
    if area not in AREAS:
        raise ImportError(f"scenario {name!r}: unknown area {area!r}")
    SCENARIOS[name] = Scenario(name, area, doc, play, capability)


def scenario(
    name: str, area: str, doc: str, capability: str | None = None
) -> Callable[[Callable[[Stage], None]], Callable[[Stage], None]]:
    """Decorator form of `add` for a scenario that takes only the Stage."""

    def register(play: Callable[[Stage], None]) -> Callable[[Stage], None]:
        add(name, area, doc, play, capability)
        return play

    return register


def all_scenarios() -> dict[str, Scenario]:
    """Every scenario, in catalogue order (importing the modules that define them)."""
    from losant_contract.clientkit import (  # noqa: F401 - imported for their registrations
        scenarios_errors,
        scenarios_listing,
        scenarios_records,
        scenarios_resilience,
    )

    ordered = sorted(SCENARIOS.values(), key=lambda s: AREAS.index(s.area))  # stable: file order within an area
    return {s.name: s for s in ordered}
