"""Requests that break exactly one thing, derived from the schema they must fail.

Walking the schema gives one break per constraint: the body's own `type` (a value of every
other JSON type), each `required` key (removed), `additionalProperties: false` (a key
added), `minLength`/`maxLength` (one character short or over), `enum` (a near miss) and
`minimum`/`maximum` (one past the bound). A few breaks the schema cannot express
(malformed JSON, empty body, wrong Content-Type) are listed by hand. A property of the
wrong JSON type is one label here, a pair drawn from types.py, which enumerates every
pair for the type-confusion checks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

from hypothesis import strategies as st

from losant_contract.contracts import decided, schema

from ._schema import (
    ITEM,
    JSON_TYPES,
    NAME,
    Path,
    dotted,
    exactly,
    leaf,
    nodes,
    of_type,
    to_bytes,
)
from .bodies import bodies
from .types import WrongType, confused_patch, confused_post, wrong_types

JSON = "application/json"
INVALID_BODY = frozenset({400})  #: what an invalid body must answer
WRONG_CONTENT_TYPE = frozenset({400, 415})  #: what a valid body not declared as JSON must answer
SHOWN = 200  #: bytes of a body shown when an invalid request is printed
#: One label for the whole class, drawn: types.py enumerates every pair for the types checks.
WRONG_TYPE = "a property of the wrong JSON type"
_CONTENT_TYPES = {
    "content type text/plain": "text/plain",
    "content type application/x-www-form-urlencoded": "application/x-www-form-urlencoded",
    "no content type": None,
}


@dataclass(frozen=True)
class InvalidRequest:
    """One request that must be refused; `expected` is the set of acceptable status codes."""

    label: str
    body: bytes
    content_type: str | None
    expected: frozenset[int]

    def __repr__(self) -> str:
        """Short: a failing example is printed, and a 32 KiB key would make it a 32 KiB line
        (which Hypothesis refuses to build under warnings-as-errors)."""
        shown = self.body if len(self.body) <= SHOWN else self.body[:SHOWN] + b"..."
        return f"InvalidRequest({self.label!r}, {len(self.body)} bytes {shown!r}, {self.content_type!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """The same for Hypothesis' printer (IPython's protocol), which would list the fields."""
        printer.text(repr(self))


@dataclass(frozen=True)
class _Break:
    """One constraint broken: set `key` of the object (or array, key ITEM) at `parent` to `bad(prefix)`, or delete
    it when `bad` is None. `key` None replaces the whole body; a strategy `key` draws one."""

    label: str
    parent: Path
    key: str | st.SearchStrategy[str] | None
    bad: Callable[[str], st.SearchStrategy[Any]] | None


def _breaks(schema_name: str) -> list[_Break]:
    root = decided(schema_name)  # broken in either reading the decisions allow
    found: list[_Break] = []
    for path, node in nodes(root):
        found += _body_type_breaks(path, node)
        for key in node.get("required", ()):
            found.append(_Break(f"missing {dotted((*path, key))}", path, key, None))
        if node.get("additionalProperties") is False:
            found.append(_Break(f"unknown property in {dotted(path)}", path, _unknown_keys(node), _scalar))
        found += _bound_breaks(path, node)
    return found


def _body_type_breaks(path: Path, node: Mapping[str, Any]) -> list[_Break]:
    """The body itself as every JSON type it must not be, one label each."""
    if path:
        return []
    others = [json_type for json_type in JSON_TYPES if json_type != node["type"]]
    return [_Break(f"body is JSON {json_type}", (), None, _constant(of_type(json_type))) for json_type in others]


def _bound_breaks(path: Path, node: Mapping[str, Any]) -> list[_Break]:
    if not path:
        return []
    parent, key, where, found = path[:-1], path[-1], dotted(path), []
    if node.get("minLength", 0) > 0:
        short = node["minLength"] - 1
        label = f"{where} empty" if short == 0 else f"{where} shorter than {node['minLength']}"
        found.append(_Break(label, parent, key, _constant(exactly(short))))
    if "maxLength" in node:
        over = node["maxLength"] + 1
        found.append(_Break(f"{where} longer than {over - 1}", parent, key, _lengthened(path, over)))
    if "enum" in node:
        found.append(_Break(f"{where} outside enum", parent, key, _constant(_near_enum(node["enum"]))))
    if "minimum" in node:
        low = node["minimum"] - 1
        below = st.one_of(st.just(low), leaf({"type": "integer", "maximum": low}))
        found.append(_Break(f"{where} below minimum", parent, key, _constant(below)))
    if "maximum" in node:
        high = node["maximum"] + 1
        above = st.one_of(st.just(high), leaf({"type": "integer", "minimum": high}))
        found.append(_Break(f"{where} above maximum", parent, key, _constant(above)))
    return found


def _constant(strategy: st.SearchStrategy[Any]) -> Callable[[str], st.SearchStrategy[Any]]:
    return lambda _prefix: strategy


def _lengthened(path: Path, length: int) -> Callable[[str], st.SearchStrategy[str]]:
    """Too long, yet still carrying the prefix when it is the name (so a server that
    wrongly accepts it leaves something the run can find)."""
    return lambda prefix: exactly(length, prefix if path == NAME else "")


def _near_enum(members: list[str]) -> st.SearchStrategy[str]:
    near = {m.swapcase() for m in members} | {m + " " for m in members} | {m[:-1] for m in members}
    anything = leaf({"type": "string", "maxLength": 12, "not": {"enum": members}})
    return st.one_of(st.sampled_from(sorted(near - set(members))), anything)


def _unknown_keys(node: Mapping[str, Any]) -> st.SearchStrategy[str]:
    """Keys the object must refuse: names valid elsewhere (an Integration's `id`, another
    config's `accessToken`), case variants of its own names, and arbitrary ones."""
    own = set(node["properties"])
    elsewhere = {path[-1] for path, _ in nodes(schema("Integration")) if path and path[-1] != ITEM}
    near = sorted((elsewhere | {key.swapcase() for key in own}) - own)
    anything = leaf({"type": "string", "minLength": 1, "maxLength": 12}).filter(lambda k: k not in own)
    return st.one_of(st.sampled_from(near), anything)


def _scalar(_prefix: str) -> st.SearchStrategy[Any]:
    return st.sampled_from(["boolean", "null", "number", "string"]).flatmap(of_type)


def _broken(schema_name: str, prefix: str, broken: _Break) -> st.SearchStrategy[Any]:
    """Valid bodies with `broken` applied to them."""
    bad = None if broken.bad is None else broken.bad(prefix)
    if broken.key is None:
        assert bad is not None
        return bad
    above = frozenset(broken.parent[:i] for i in range(1, len(broken.parent) + 1))
    base = bodies(schema_name, prefix, force=above)

    @st.composite
    def apply(draw: st.DrawFn) -> Any:
        body: Any = draw(base)
        parent = body
        for step in broken.parent:
            parent = parent[0] if step == ITEM else parent[step]
        key: Any = draw(broken.key) if isinstance(broken.key, st.SearchStrategy) else broken.key
        if key == ITEM:
            key = draw(st.integers(0, len(parent) - 1))
        if bad is None:
            del parent[key]
        else:
            parent[key] = draw(bad)
        return body

    return apply()


@st.composite
def _malformed_json(draw: st.DrawFn, valid_bodies: st.SearchStrategy[Any]) -> bytes:
    """A valid body's JSON text, broken so no JSON parser accepts it."""
    text = to_bytes(draw(valid_bodies)).decode("utf-8")
    ways = ["truncated", "trailing comma"] + (["single quotes"] if '"' in text else [])  # "{}" has none
    how = draw(st.sampled_from(ways))
    if how == "truncated":  # every strict prefix of an object's text leaves it unclosed
        text = text[: draw(st.integers(1, len(text) - 1))]
    elif how == "trailing comma":
        text = text[:-1] + ",}"
    else:
        text = text.replace('"', "'")
    return text.encode("utf-8")


@cache
def _requests(schema_name: str, prefix: str) -> dict[str, st.SearchStrategy[InvalidRequest]]:
    """Every invalid request for `schema_name` by label: each break of the schema, and those
    of a request body as a whole (decisions 4, and 8 for PATCH): malformed, empty, valid but
    not declared as JSON."""

    def invalid_body(label: str, raw: st.SearchStrategy[bytes]) -> st.SearchStrategy[InvalidRequest]:
        return raw.map(lambda b: InvalidRequest(label, b, JSON, INVALID_BODY))

    table = {
        broken.label: invalid_body(broken.label, _broken(schema_name, prefix, broken).map(to_bytes))
        for broken in _breaks(schema_name)
    }
    confused = st.sampled_from(wrong_types(schema_name)).map(partial(_confused, schema_name, prefix))
    table[WRONG_TYPE] = invalid_body(WRONG_TYPE, confused)
    table["malformed JSON"] = invalid_body("malformed JSON", _malformed_json(bodies(schema_name, prefix)))
    table["empty body"] = invalid_body("empty body", st.just(b""))
    for label, content_type in _CONTENT_TYPES.items():
        table[label] = bodies(schema_name, prefix).map(partial(_undeclared, label, content_type))
    return table


def _confused(schema_name: str, prefix: str, wrong: WrongType) -> bytes:
    """The body of one type-confusion pair (a POST body named with the prefix)."""
    if schema_name == "Integration Post":
        return to_bytes(confused_post(wrong, f"{prefix}wrong type"))
    return to_bytes(confused_patch(wrong))


def _undeclared(label: str, content_type: str | None, body: Any) -> InvalidRequest:
    """A valid body sent with `content_type` instead of application/json."""
    return InvalidRequest(label, to_bytes(body), content_type, WRONG_CONTENT_TYPE)


def _choose(
    table: dict[str, st.SearchStrategy[InvalidRequest]], only: Iterable[str] | None
) -> st.SearchStrategy[InvalidRequest]:
    labels = list(table) if only is None else list(only)
    unknown = set(labels) - set(table)
    if unknown or not labels:
        raise ValueError(f"unknown labels {sorted(unknown)}; known: {list(table)}")
    return st.sampled_from(labels).flatmap(table.__getitem__)


def invalid_post_bodies(prefix: str, only: Iterable[str] | None = None) -> st.SearchStrategy[InvalidRequest]:
    """POST Integrations requests that break exactly one thing (labels: INVALID_POST_LABELS;
    `only` narrows to some of them). Invalid bodies expect 400; a valid body sent as another
    Content-Type, or none, expects 400 or 415. Names still start with `prefix` unless the
    name itself is what is broken."""
    return _choose(_requests("Integration Post", prefix), only)


def invalid_patch_bodies(prefix: str = "", only: Iterable[str] | None = None) -> st.SearchStrategy[InvalidRequest]:
    """PATCH Integration requests that break exactly one thing (labels: INVALID_PATCH_LABELS):
    the body rules of POST hold for PATCH too (decisions 8), so invalid bodies expect 400 and a
    valid patch not declared as JSON 400 or 415. Pass the run prefix so a name a faulty
    server accepts still carries it."""
    return _choose(_requests("Integration Patch", prefix), only)


INVALID_POST_LABELS = tuple(_requests("Integration Post", ""))
INVALID_PATCH_LABELS = tuple(_requests("Integration Patch", ""))
