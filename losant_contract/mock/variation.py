"""A variation is a named replacement of one Behaviour seam: a fault (the contract is
broken, the suite must notice) or a control (still compliant, the suite must not).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MethodType
from typing import Any, TypeVar

from ..vocabulary import area_rank
from .behaviour import Behaviour

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Variation:
    name: str
    area: str  # one of vocabulary.AREAS: the area of the checks that exist to catch it
    seam: str  # the Behaviour method it replaces
    description: str
    replacement: Callable[..., Any]  # same signature as the seam, self included
    control: bool = False


class Catalogue:
    """Collects variations with a decorator: @catalogue.fault("name", "seam", "what it does")."""

    def __init__(self, area: str) -> None:
        area_rank(area)  # an area of the suite's vocabulary, or ValueError at import
        self.area = area
        self.entries: list[Variation] = []

    def fault(self, name: str, seam: str, description: str, *, control: bool = False) -> Callable[[F], F]:
        if not callable(getattr(Behaviour, seam, None)):
            raise AttributeError(f"variation {name!r}: Behaviour has no seam {seam!r}")

        def register(replacement: F) -> F:
            self.entries.append(Variation(name, self.area, seam, description, replacement, control))
            return replacement

        return register

    def control(self, name: str, seam: str, description: str) -> Callable[[F], F]:
        return self.fault(name, seam, description, control=True)


def apply(behaviour: Behaviour, names: Iterable[str], known: Mapping[str, Variation]) -> Behaviour:
    """Install the named variations on `behaviour`; one variation per seam."""
    taken: dict[str, str] = {}
    for name in names:
        if name not in known:
            raise ValueError(f"unknown fault or control {name!r}; known: {', '.join(sorted(known))}")
        variation = known[name]
        if variation.seam in taken and taken[variation.seam] != name:
            raise ValueError(f"{name!r} and {taken[variation.seam]!r} both replace the seam {variation.seam!r}")
        taken[variation.seam] = name
        setattr(behaviour, variation.seam, MethodType(variation.replacement, behaviour))
    return behaviour
