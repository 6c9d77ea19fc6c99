"""Faults the suite's class checks needed and the other catalogues lacked (issue 14).

PATCH at a documented bound: a server whose PATCH validation is its own code, not the
POST schema, can be off by one where POST is right (faults_boundaries refuses at the
bound on POST only).
"""

from __future__ import annotations

from collections import deque

from jsonschema.exceptions import ValidationError

from .behaviour import Behaviour
from .store import Record
from .variation import Catalogue

boundaries = Catalogue("boundaries")
MAX_STRING = 1024  #: Integration Patch: maxLength of name, topics[] and the short config strings


@boundaries.fault(
    "patch-max-length-refused",
    "validate_patch",
    f"PATCH with a name or a topic of exactly {MAX_STRING} characters (the maximum) answers 400",
)
def _(self: Behaviour, body: Record) -> list[ValidationError]:
    errors: list[ValidationError] = Behaviour.validate_patch(self, body)
    topics = body.get("topics")
    strings: dict[tuple[str | int, ...], object] = {("name",): body.get("name")}
    if isinstance(topics, list):
        strings.update({("topics", i): topic for i, topic in enumerate(topics)})
    for path, value in strings.items():
        if isinstance(value, str) and len(value) == MAX_STRING:
            errors.append(
                ValidationError(f"must be shorter than {MAX_STRING}", validator="maxLength", path=deque(path))
            )
    return errors


CATALOGUES = (boundaries,)
