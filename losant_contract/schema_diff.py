"""What differs between two JSON Schemas of the same resource, as a maintainer reads it:
properties added or removed, and changed enums, bounds, required lists, types and other
constraints, each at a JSON pointer. Pure functions of two schemas; no I/O.

"Added" and "removed" go from the first schema (our pinned contract) to the second (a
published source). Annotations (title, description, ...) say nothing a server is held
to, so they are left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

#: Keywords that only annotate.
ANNOTATIONS = frozenset({"$schema", "title", "description", "examples", "$comment", "default"})
BOUNDS = frozenset(
    {
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
        "multipleOf",
    }
)
#: Keywords whose value is a list compared as a set (order carries no meaning).
SETS = frozenset({"enum", "required"})
#: Keywords holding subschemas by name, one subschema, or a list of them.
NAMED = frozenset({"properties", "patternProperties", "definitions"})
SINGLE = frozenset({"items", "additionalProperties", "not"})
LISTED = frozenset({"items", "allOf", "anyOf", "oneOf"})
WIDTH = 100  #: a shown schema fragment is cut after this many characters


@dataclass(frozen=True)
class Change:
    """One difference. `aspect` is what a maintainer sorts by; `detail` says it in a line."""

    pointer: str
    aspect: str  # property added, property removed, enum, required, bound, type, constraint
    detail: str


def diff(pinned: Mapping[str, Any], published: Mapping[str, Any], pointer: str = "") -> Iterator[Change]:
    """Every difference between two (sub)schemas, parents before children, in schema order."""
    for keyword in _keys(pinned, published):
        if keyword in ANNOTATIONS:
            continue
        here = f"{pointer}/{escape(keyword)}"
        old, new = pinned.get(keyword, _MISSING), published.get(keyword, _MISSING)
        if keyword in NAMED and isinstance(old, dict) and isinstance(new, dict):
            yield from _named(old, new, here, "property" if keyword == "properties" else keyword)
        elif keyword in SINGLE and isinstance(old, dict) and isinstance(new, dict):
            yield from diff(old, new, here)
        elif keyword in LISTED and _schemas(old) and _schemas(new) and len(old) == len(new):
            for index, (a, b) in enumerate(zip(old, new, strict=True)):
                yield from diff(a, b, f"{here}/{index}")
        elif old != new and not _same_set(keyword, old, new):
            yield _change(keyword, here, old, new)


def _named(old: dict[str, Any], new: dict[str, Any], pointer: str, noun: str) -> Iterator[Change]:
    for name in _keys(old, new):
        here = f"{pointer}/{escape(name)}"
        if name not in old:
            yield Change(here, f"{noun} added", f"published adds {show(new[name])}")
        elif name not in new:
            yield Change(here, f"{noun} removed", f"published lacks it (pinned: {show(old[name])})")
        elif isinstance(old[name], dict) and isinstance(new[name], dict):
            yield from diff(old[name], new[name], here)
        elif old[name] != new[name]:
            yield Change(here, "constraint", f"{show(old[name])} -> {show(new[name])}")


def _change(keyword: str, pointer: str, old: Any, new: Any) -> Change:
    if keyword in SETS and isinstance(old, list) and isinstance(new, list):
        pinned, published = {show(v): v for v in old}, {show(v): v for v in new}
        added = [text for text in published if text not in pinned]
        removed = [text for text in pinned if text not in published]
        parts = [f"published adds {_count(added)}{', '.join(added)}"] if added else []
        parts += [f"published drops {_count(removed)}{', '.join(removed)}"] if removed else []
        return Change(pointer, keyword, "; ".join(parts))
    aspect = "bound" if keyword in BOUNDS else keyword if keyword in SETS | {"type"} else "constraint"
    if old is _MISSING:
        return Change(pointer, aspect, f"published adds {keyword} {show(new)}")
    if new is _MISSING:
        return Change(pointer, aspect, f"published lacks {keyword} (pinned: {show(old)})")
    return Change(pointer, aspect, f"{show(old)} -> {show(new)}")


def _count(values: list[str]) -> str:
    """ "12 values: " before a long list, so its size is read before its items."""
    return f"{len(values)} values: " if len(values) > 3 else ""


def _keys(first: Mapping[str, Any], second: Mapping[str, Any]) -> list[str]:
    """The keys of both, in the first's order, then those only the second has."""
    return [*first, *(key for key in second if key not in first)]


def _same_set(keyword: str, old: Any, new: Any) -> bool:
    """Two enum or required lists with the same values: their order carries no meaning."""
    if keyword not in SETS or not isinstance(old, list) or not isinstance(new, list):
        return False
    return sorted(map(show, old)) == sorted(map(show, new))


def _schemas(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)


def escape(token: str) -> str:
    """A JSON pointer reference token (RFC 6901): ~ as ~0, / as ~1."""
    return token.replace("~", "~0").replace("/", "~1")


def show(value: Any) -> str:
    """A value as compact JSON in backticks, cut to WIDTH characters."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return f"`{text if len(text) <= WIDTH else text[: WIDTH - 1] + '…'}`"


class _Missing:
    def __repr__(self) -> str:
        return "(absent)"


_MISSING: Any = _Missing()
