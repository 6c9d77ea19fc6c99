"""The registry of faults and controls the mock can be started with.

FAULTS break the contract in one realistic way each; CONTROLS change behaviour in
ways the contract allows. Each replaces exactly one Behaviour seam.
"""

from __future__ import annotations

from collections.abc import Iterable

from .behaviour import Behaviour
from .variation import Variation, apply

FAULTS: dict[str, Variation] = {}
CONTROLS: dict[str, Variation] = {}
VARIATIONS: dict[str, Variation] = {**FAULTS, **CONTROLS}


def install(behaviour: Behaviour, names: Iterable[str]) -> Behaviour:
    """`behaviour` with the named faults and controls; ValueError for an unknown name."""
    return apply(behaviour, names, VARIATIONS)
