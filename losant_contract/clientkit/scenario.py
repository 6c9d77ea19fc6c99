"""What a scenario is: its name, area, the rule it checks, and the function that plays it
on a Stage. Each scenarios_*.py module lists its own; catalogue.py composes the lists.

A scenario is a plain function of the Stage. It returns when the client passed, raises
a ClientFault (AssertionError) with a one-line reason when it did not, and NotSupported
when the client lacks an optional capability and stayed safe without it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from losant_contract.clientkit.operations import CAPABILITIES

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

    def __post_init__(self) -> None:
        if self.area not in AREAS:
            raise ValueError(f"scenario {self.name!r}: unknown area {self.area!r}")
        if self.capability is not None and self.capability not in CAPABILITIES:
            raise ValueError(f"scenario {self.name!r}: unknown capability {self.capability!r}")


def scenario(
    name: str, area: str, doc: str, capability: str | None = None
) -> Callable[[Callable[[Stage], None]], Scenario]:
    """The function below, made a Scenario (its module lists it; nothing is registered)."""

    def made(play: Callable[[Stage], None]) -> Scenario:
        return Scenario(name, area, doc, play, capability)

    return made
