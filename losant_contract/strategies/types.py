"""Type confusion: every property of a request body, nested config properties included,
with every JSON type its schema does not allow, `null` among them.

The pairs are enumerated, not drawn: a server that fails on one pair must be caught on
every run, and there are few enough (150 per body schema) to send them all. Each wrong
value is a near miss where there is one: a number or boolean sent as its JSON text
("1", "true"), a valid string wrapped in a list, a config object double-encoded as a
JSON string. The body as a whole (an array, a string, ...) is the validation sweep's.
"""

from __future__ import annotations

import copy
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from losant_contract.contracts import decided, schema

from ._schema import ITEM, JSON_TYPES, Path, dotted, example, nodes


@dataclass(frozen=True)
class WrongType:
    """One property path and a value of a JSON type it does not allow."""

    path: Path
    json_type: str  #: the JSON type of `value`
    value: Any

    @property
    def label(self) -> str:
        """'mqttConfig.port as string'."""
        return f"{dotted(self.path)} as {self.json_type}"


def wrong_types(schema_name: str) -> list[WrongType]:
    """Every (property path, disallowed JSON type) pair of `schema_name`, in schema order.

    Paths come from the decided schema, so mqttConfig.disableSSLVerification is among them;
    since the decisions only widen, a type the decided schema refuses is refused by both
    readings."""
    pairs = []
    for path, node in nodes(decided(schema_name)):
        if not path:
            continue
        near = example(node)
        allowed = {node["type"], "integer"} if node["type"] == "number" else {node["type"]}
        pairs += [WrongType(path, other, _value_of(other, near)) for other in JSON_TYPES if other not in allowed]
    return pairs


TOP_LEVEL = "top level"


def by_object(pairs: list[WrongType]) -> dict[str, list[WrongType]]:
    """The pairs grouped by the object whose property they set: TOP_LEVEL (topics[] included)
    or a config object, in schema order. A group is one check: few enough requests for a
    report to show each exchange."""
    groups: dict[str, list[WrongType]] = defaultdict(list)
    for pair in pairs:
        nested = len(pair.path) > 1 and pair.path[1] != ITEM
        groups[pair.path[0] if nested else TOP_LEVEL].append(pair)
    return dict(groups)


def _value_of(json_type: str, near: Any) -> Any:
    """A value of JSON type `json_type`, as close to the valid `near` as that type allows."""
    if json_type == "string":
        return near[0] if isinstance(near, list) and isinstance(near[0], str) else json.dumps(near)
    return {"number": 1, "boolean": True, "null": None, "array": [near], "object": {"value": near}}[json_type]


def confused_post(wrong: WrongType, tag: str) -> dict[str, Any]:
    """An Integration Post body valid but for `wrong`. `tag` is its name and its one topic
    (where those are not the wrong value), so whatever a server makes of it can be found by
    exact comparison."""
    top = wrong.path[0]
    body: dict[str, Any] = {"name": tag, "integrationType": "mqtt", "topics": [tag]}
    if top.endswith("Config"):
        body["integrationType"] = top.removesuffix("Config")
    body[top] = _example_of("Integration Post", top)
    return _placed(body, wrong)


def confused_patch(wrong: WrongType) -> dict[str, Any]:
    """An Integration Patch body naming only the wrong value's top-level property."""
    top = wrong.path[0]
    return _placed({top: _example_of("Integration Patch", top)}, wrong)


def _example_of(schema_name: str, key: str) -> Any:
    """The documented example of one top-level property (valid in both readings)."""
    return example(schema(schema_name)["properties"][key])


def _placed(body: dict[str, Any], wrong: WrongType) -> dict[str, Any]:
    body = copy.deepcopy(body)
    parent: Any = body
    for step in wrong.path[:-1]:
        parent = parent[0] if step == ITEM else parent[step]
    parent[0 if wrong.path[-1] == ITEM else wrong.path[-1]] = copy.deepcopy(wrong.value)
    return body
