"""The registry of faults and controls the mock can be started with.

FAULTS break the contract in one realistic way each (the suite must notice);
CONTROLS change behaviour only in ways the contract allows (the suite must not).
Each replaces exactly one Behaviour seam; see `--list-faults` for the catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import (
    faults_access,
    faults_boundaries,
    faults_classes,
    faults_corners,
    faults_isolation,
    faults_listing,
    faults_writes,
)
from .behaviour import Behaviour
from .variation import Variation, apply

_ALL = [
    variation
    for module in (
        faults_listing,
        faults_access,
        faults_writes,
        faults_boundaries,
        faults_isolation,
        faults_classes,
        faults_corners,
    )
    for catalogue in module.CATALOGUES
    for variation in catalogue.entries
]
FAULTS: dict[str, Variation] = {v.name: v for v in _ALL if not v.control}
CONTROLS: dict[str, Variation] = {v.name: v for v in _ALL if v.control}
VARIATIONS: dict[str, Variation] = {**FAULTS, **CONTROLS}
#: The areas (of vocabulary.AREAS) that the mock has faults or controls for.
AREAS: tuple[str, ...] = tuple(dict.fromkeys(v.area for v in _ALL))
if len(VARIATIONS) != len(_ALL):
    raise ImportError("two mock variations share a name")


def install(behaviour: Behaviour, names: Iterable[str]) -> Behaviour:
    """`behaviour` with the named faults and controls; ValueError for an unknown name."""
    return apply(behaviour, names, VARIATIONS)
