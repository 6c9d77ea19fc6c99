"""What a live response holds that the contract does not: drift findings.

Schema checks answer "does this break the contract?" for the responses a check looks
at. A scheduled run needs more: everything the target answered that the documents
do not describe, including what the schemas tolerate (an undocumented field), so an
operator sees the API moving before it breaks a client. This module compares one
exchange (method, path, status, body) with the operation's documented responses in
contracts/openapi.json and returns one Finding per difference. It is pure: no I/O,
no pytest.

Aspects, and whether each is drift in documented behaviour (`breaking`):
  status  a status code the operation does not document          breaking
  body    a documented JSON response that is not JSON             breaking
  type    a value of another JSON type than documented           breaking
  enum    a value outside a documented list (integrationType...)  breaking
  field   a property the schema does not name                    breaking only where
          the schema forbids extra properties; elsewhere reported, not failed
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from losant_contract import contracts

#: Not drift: rate limiting is the transport's business (the client retries it).
IGNORED_STATUSES = frozenset({429})
ASPECTS = ("status", "body", "type", "enum", "field")


@dataclass(frozen=True)
class Finding:
    """One difference between an answer and the documents, in words a person can act on."""

    operation: str  # "GET /applications/{applicationId}/integrations"
    status: int
    aspect: str  # one of ASPECTS: what of the answer drifted
    where: str  # path into the body, "items[].integrationType"; "" for the whole answer
    seen: str  # the undocumented value, JSON type or status code
    documented: str  # what the documents allow there
    breaking: bool

    @property
    def key(self) -> str:
        """Identity across runs: the same drift seen again is not new."""
        seen = "" if self.aspect == "field" else self.seen
        return " | ".join((self.operation, str(self.status), self.aspect, self.where, seen))

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "key": self.key}

    def line(self) -> str:
        """'GET /…/integrations -> 200: enum items[].integrationType is "x", documented: a, b'."""
        where = f" {self.where}" if self.where else ""
        return f"{self.operation} -> {self.status}: {self.aspect}{where} is {self.seen}, documented: {self.documented}"


@dataclass(frozen=True)
class Operation:
    method: str
    template: str
    spec: dict[str, Any]

    @property
    def name(self) -> str:
        return f"{self.method} {self.template}"

    @property
    def page(self) -> str:
        """The reference page that documents it ("integrations" for GET Integrations)."""
        url = self.spec.get("externalDocs", {}).get("url", "")
        return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] or "integrations"


@cache
def _operations() -> tuple[tuple[re.Pattern[str], Operation], ...]:
    """Every documented operation with a regex that matches its concrete paths (any base path)."""
    found = []
    for template, item in contracts.openapi()["paths"].items():
        pattern = re.compile("^(?:/.*)?" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "/?$")
        for method, spec in item.items():
            if isinstance(spec, dict) and "responses" in spec:
                found.append((pattern, Operation(method.upper(), template, spec)))
    return tuple(found)


def operation(method: str, path: str) -> Operation | None:
    """The documented operation `method path` belongs to, or None (the suite calls nothing else)."""
    for pattern, op in _operations():
        if op.method == method.upper() and pattern.match(path):
            return op
    return None


def findings(method: str, path: str, status: int, content_type: str, text: str) -> list[Finding]:
    """Everything in this exchange's answer that the documents do not describe."""
    op = operation(method, path)
    if op is None or status in IGNORED_STATUSES:
        return []
    responses = op.spec["responses"]
    documented = responses.get(str(status)) or responses.get("default")
    if documented is None:
        codes = ", ".join(code for code in responses if code != "default")
        return [Finding(op.name, status, "status", "", str(status), codes, True)]
    schema = documented.get("content", {}).get("application/json", {}).get("schema")
    if schema is None:
        return []
    try:
        body = json.loads(text)
    except ValueError:
        seen = content_type.split(";")[0].strip() or "no Content-Type"
        return [Finding(op.name, status, "body", "", f"not JSON ({seen})", "application/json", True)]
    out: list[Finding] = []
    _walk(schema, body, "", lambda *f: out.append(Finding(op.name, status, *f)))
    return _unique(out)


def _walk(schema: Any, value: Any, where: str, found: Any) -> None:
    """Compare `value` with `schema` (draft-04 subset the contracts use), reporting through `found`."""
    schema = _resolve(schema)
    if not isinstance(schema, dict):
        return
    for part in schema.get("allOf", ()):
        _walk(part, value, where, found)
    types = schema.get("type")
    types = [types] if isinstance(types, str) else list(types or ())
    if types and not any(_is(value, expected) for expected in types):
        found("type", where, json_type(value), " or ".join(types), True)
        return
    if "enum" in schema and value not in schema["enum"]:
        shown = value if isinstance(value, str) else json.dumps(value)
        found("enum", where, str(shown)[:200], ", ".join(str(v) for v in schema["enum"]), True)
    if isinstance(value, dict):
        _walk_object(schema, value, where, found)
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for item in value:
            _walk(schema["items"], item, f"{where}[]", found)


def _walk_object(schema: dict[str, Any], value: dict[str, Any], where: str, found: Any) -> None:
    properties = schema.get("properties", {})
    additional = schema.get("additionalProperties", True)
    for name, item in value.items():
        inner = f"{where}.{name}" if where else name
        if name in properties:
            _walk(properties[name], item, inner, found)
        elif isinstance(additional, dict):
            _walk(additional, item, inner, found)
        else:
            found("field", inner, json_type(item), "not in the schema", additional is False)


def _resolve(schema: Any) -> Any:
    """Follow a local "#/components/..." reference into the OpenAPI document."""
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        node: Any = contracts.openapi()
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def json_type(value: Any) -> str:
    """The JSON type name of a parsed value, as draft-04 names it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"  # draft-04: 1.0 is not an integer
    names: dict[type, str] = {str: "string", list: "array", dict: "object"}
    return names.get(type(value), type(value).__name__)


def _is(value: Any, expected: str) -> bool:
    seen = json_type(value)
    return seen == expected or (expected == "number" and seen == "integer")


def _unique(items: list[Finding]) -> list[Finding]:
    """One finding per key (a listing of 1000 items holds the same extra field 1000 times)."""
    return list({item.key: item for item in items}.values())
