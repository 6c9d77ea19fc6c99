"""Valid values of a documented schema, built node by node, and the nodes themselves.

Every leaf (string, number, boolean, enum) is drawn by hypothesis-jsonschema's
`from_schema`. Objects and arrays are assembled here from `properties`, `required`
and `items`, for two reasons:

- hypothesis-jsonschema 0.23.1 draws objects through `conjecture.utils.many.more()`,
  which Hypothesis removed in 6.170.10: `from_schema` of any object schema raises
  AttributeError there. Leaves do not touch that code.
- Assembling objects here lets a caller force an optional branch to be present (an
  invalid body needs a `mqttConfig` to break) and keeps requests small.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

ITEM = "[]"  #: path step meaning "an element of this array"
NAME = ("name",)  #: the one path whose value carries the run prefix
SHORT = 64  #: a realistic string is at most this much longer than its minLength
EDGE_MAX = 1024  #: strings whose maxLength is at most this also reach exactly maxLength
MAX_ITEMS = 5  #: arrays stay this short

Path = tuple[str, ...]
JSON_TYPES = ("array", "boolean", "null", "number", "object", "string")


def nodes(node: Mapping[str, Any], path: Path = ()) -> Iterator[tuple[Path, Mapping[str, Any]]]:
    """Every subschema with its path, parents before children, in schema order."""
    yield path, node
    for key, sub in node.get("properties", {}).items():
        yield from nodes(sub, (*path, key))
    if isinstance(node.get("items"), dict):
        yield from nodes(node["items"], (*path, ITEM))


def dotted(path: Path) -> str:
    """("mqttConfig", "port") -> "mqttConfig.port"; ("topics", "[]") -> "topics[]"."""
    return ".".join(path).replace(".[]", "[]") or "body"


def to_bytes(value: Any) -> bytes:
    """The JSON text a client would send: UTF-8, non-ASCII left unescaped."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")


@cache
def _from_schema(key: str) -> st.SearchStrategy[Any]:
    return from_schema(json.loads(key))


def leaf(node: Mapping[str, Any]) -> st.SearchStrategy[Any]:
    """from_schema for a non-container node (cached: many nodes are identical)."""
    return _from_schema(json.dumps(node, sort_keys=True))


def exactly(length: int, prefix: str = "") -> st.SearchStrategy[str]:
    """A string of exactly `length` code points starting with `prefix`.

    A short drawn unit is repeated: a 32 KiB string drawn character by character would
    overrun Hypothesis' choice budget, and the length is what matters here.
    """
    if length < len(prefix):
        raise ValueError(f"prefix {prefix!r} is longer than {length}")
    unit = leaf({"type": "string", "minLength": 1, "maxLength": 4})
    return unit.map(lambda u: prefix + (u * length)[: length - len(prefix)])


def string(node: Mapping[str, Any], prefix: str = "") -> st.SearchStrategy[str]:
    """Strings valid for `node` starting with `prefix`: mostly short, sometimes maxLength long."""
    lowest, highest = node.get("minLength", 0), node.get("maxLength")
    if highest is not None and len(prefix) >= highest:
        raise ValueError(f"prefix {prefix!r} leaves no room under maxLength {highest}")
    low = max(0, lowest - len(prefix))
    cap = low + SHORT if highest is None else min(highest - len(prefix), low + SHORT)
    short = leaf({**node, "minLength": low, "maxLength": cap}).map(lambda s: prefix + s)
    if highest is None or highest > EDGE_MAX or cap == highest - len(prefix):
        return short
    # One draw in eight is the longest allowed string; the last branch so shrinking leaves it.
    return st.integers(0, 7).flatmap(lambda i: exactly(highest, prefix) if i == 7 else short)


def valid(
    node: Mapping[str, Any], prefix: str = "", force: frozenset[Path] = frozenset(), path: Path = ()
) -> st.SearchStrategy[Any]:
    """Small values valid for `node`; the name at NAME starts with `prefix`.

    Each path in `force` is present (an array there has at least one element).
    """
    json_type = node.get("type")
    if json_type == "object":
        props = node.get("properties", {})
        required = set(node.get("required", ())) | {p[-1] for p in force if p[:-1] == path}
        built = {key: valid(sub, prefix, force, (*path, key)) for key, sub in props.items()}
        return st.fixed_dictionaries(
            {k: s for k, s in built.items() if k in required},
            optional={k: s for k, s in built.items() if k not in required},
        )
    if json_type == "array":
        low = max(node.get("minItems", 0), 1 if path in force else 0)
        high = max(low, min(node.get("maxItems", MAX_ITEMS), MAX_ITEMS))
        return st.lists(valid(node["items"], prefix, force, (*path, ITEM)), min_size=low, max_size=high)
    if json_type == "string" and "enum" not in node:
        return string(node, prefix if path == NAME else "")
    if json_type == "number":
        # Mostly whole numbers, as a client would send a port, and the bounds themselves
        # (Hypothesis rarely draws 65535 from 1..65535 on its own); floats too.
        bounds = [node[k] for k in ("minimum", "maximum") if k in node]
        edges = [st.sampled_from(bounds)] if bounds else []
        return st.one_of(leaf({**node, "type": "integer"}), *edges, leaf(node))
    return leaf(node)


def example(node: Mapping[str, Any]) -> Any:
    """One fixed value valid for `node`, every optional property present: the base a
    deterministic check changes in exactly one place."""
    json_type = node.get("type")
    if "enum" in node:
        return node["enum"][0]
    if json_type == "object":
        return {key: example(sub) for key, sub in node.get("properties", {}).items()}
    if json_type == "array":
        return [example(node["items"])]
    if json_type == "string":
        return "x" * max(1, node.get("minLength", 0))
    if json_type in ("number", "integer"):
        return node.get("minimum", 1)
    if json_type == "boolean":
        return True
    raise ValueError(f"no example for a schema of type {json_type!r}")


def of_type(json_type: str) -> st.SearchStrategy[Any]:
    """Small JSON values of one type (containers hold scalars only, see the module note)."""
    if json_type in ("array", "object"):
        scalar = st.one_of(*(of_type(t) for t in ("boolean", "null", "number", "string")))
        if json_type == "array":
            return st.lists(scalar, max_size=3)
        return st.dictionaries(leaf({"type": "string", "maxLength": 8}), scalar, max_size=3)
    if json_type == "string":
        return leaf({"type": "string", "maxLength": 12})
    return valid({"type": json_type})
