"""Checks of what a client sent, as the mock recorded it, against the contract.

`conforms` holds for every request a client sends: an operation in scope, the token as
a Bearer credential, a query string that is percent-encoded and that decodes (as a
server decodes a form) to documented parameters with valid values, a JSON body with
Content-Type application/json where a body belongs and no body where none does.
`sent_query` and `sent_body` check the request carries what the client was asked to send.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import parse_qsl, unquote

from losant_contract import contracts
from losant_contract.clientkit.outcomes import SentWrong
from losant_contract.mock.recording import Recorded

#: What RFC 3986 lets stand unencoded in a query: unreserved, sub-delims, ':', '@', '/', '?', and escapes.
_QUERY_CHARS = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*")
#: decisions 3: ASC and DESC may be accepted or refused; a client passing them on is not wrong.
_ALSO_VALID = {"sortDirection": ("ASC", "DESC")}


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    template: tuple[str, ...]
    parameters: dict[str, dict[str, Any]]  # query parameter name -> its schema
    body_schema: str | None  # the contracts.schema name of the request body, if any


@cache
def operations() -> tuple[Operation, ...]:
    """Every operation in contracts/openapi.json, with its query parameters and body schema."""
    document = contracts.openapi()
    found = []
    for path, item in document["paths"].items():
        for method, op in item.items():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            query = {}
            for parameter in op.get("parameters", []):
                parameter = _resolve(document, parameter)
                if parameter["in"] == "query":
                    query[parameter["name"]] = parameter["schema"]
            found.append(
                Operation(op["operationId"], method.upper(), tuple(path.strip("/").split("/")), query, _body(op))
            )
    return tuple(found)


def operation(record: Recorded) -> Operation | None:
    segments = tuple(record.path.strip("/").split("/"))
    for op in operations():
        if op.method == record.method and len(op.template) == len(segments):
            if all(t.startswith("{") or t == s for t, s in zip(op.template, segments, strict=True)):
                return op
    return None


def conforms(record: Recorded, token: str, asked: dict[str, Any] | None = None) -> Operation:
    """The request is one the contract documents, sent as the contract says; its Operation.
    A parameter value that is `asked` (a scenario about the API's 400) is not judged here."""
    where = f"{record.method} {record.path}"
    op = operation(record)
    if op is None:
        raise SentWrong(f"{where}: no operation in the contract has this method and path")
    if record.header("Authorization") != f"Bearer {token}":
        raise SentWrong(f"{where}: Authorization is not 'Bearer <the token the client was given>'")
    _query_is_encoded(record, where)
    pairs = parse_qsl(record.query, keep_blank_values=True)
    for name, schema in op.parameters.items():
        values = [value for key, value in pairs if key == name]
        if len(values) > 1:
            raise SentWrong(f"{where}: query parameter {name} is sent {len(values)} times")
        if values and values[0] != "" and str((asked or {}).get(name)) != values[0]:
            _valid_value(name, values[0], schema, where)
    _body_fits(record, op, where)
    return op


def sent_query(record: Recorded, asked: dict[str, Any]) -> None:
    """Every parameter asked for is sent once with exactly the asked value; no other
    documented parameter is sent with a value that changes the meaning."""
    where = f"{record.method} {record.path}"
    pairs = parse_qsl(record.query, keep_blank_values=True)
    op = operation(record)
    for name, value in asked.items():
        sent = [v for k, v in pairs if k == name]
        if not sent:
            raise SentWrong(f"{where}: {name}={value!r} was asked but the query has no {name} ({record.query[:120]!r})")
        if sent[0] != str(value):
            raise SentWrong(f"{where}: {name}={value!r} was asked, the query decodes to {name}={sent[0]!r}")
    for name, schema in (op.parameters if op else {}).items():
        sent = [v for k, v in pairs if k == name and v != ""]
        if name not in asked and sent and sent[0] != str(schema.get("default", "")):
            raise SentWrong(f"{where}: {name}={sent[0]!r} was sent but not asked for")


def sent_body(record: Recorded, asked: Any) -> None:
    """The body is JSON equal to the asked body (key order and spacing aside)."""
    where = f"{record.method} {record.path}"
    try:
        sent = json.loads(record.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise SentWrong(f"{where}: the body is not UTF-8 JSON: {record.body[:80]!r}") from None
    if sent != asked:
        raise SentWrong(f"{where}: the body sent differs from the body asked: {json.dumps(sent)[:160]}")


def _query_is_encoded(record: Recorded, where: str) -> None:
    if not _QUERY_CHARS.fullmatch(record.query):
        bad = next((ch for ch in record.query if not _QUERY_CHARS.fullmatch(ch) and ch != "%"), record.query[:20])
        raise SentWrong(f"{where}: the query carries {bad!r} unencoded: percent-encode it (UTF-8)")
    try:
        unquote(record.query, errors="strict")
    except UnicodeDecodeError:
        raise SentWrong(f"{where}: the query's percent-escapes are not UTF-8") from None


def _valid_value(name: str, value: str, schema: dict[str, Any], where: str) -> None:
    if "enum" in schema and value not in schema["enum"] and value not in _ALSO_VALID.get(name, ()):
        raise SentWrong(f"{where}: {name}={value!r} is not one of {', '.join(schema['enum'])}")
    if schema.get("type") == "integer":
        if not re.fullmatch(r"-?[0-9]+", value):
            raise SentWrong(f"{where}: {name}={value!r} is not an integer")
        low, high = schema.get("minimum"), schema.get("maximum")
        if (low is not None and int(value) < low) or (high is not None and int(value) > high):
            raise SentWrong(f"{where}: {name}={value} is outside {low}..{high}")


def _body_fits(record: Recorded, op: Operation, where: str) -> None:
    if op.body_schema is None:
        if record.body:
            raise SentWrong(f"{where}: a body ({record.body[:40]!r}) is sent where the contract has none; send no body")
        return
    content_type = (record.header("Content-Type") or "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise SentWrong(f"{where}: Content-Type is {record.header('Content-Type')!r}, not application/json")
    try:
        json.loads(record.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise SentWrong(f"{where}: the body is not UTF-8 JSON: {record.body[:80]!r}") from None


def _resolve(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = document
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def _body(op: dict[str, Any]) -> str | None:
    """The contracts.schema name of the request body (IntegrationPost -> 'Integration Post')."""
    ref = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
    if not ref:
        return None
    squeezed = ref.rsplit("/", 1)[-1].lower()
    return next(name for name in contracts.SCHEMA_FILES if name.replace(" ", "").lower() == squeezed)
