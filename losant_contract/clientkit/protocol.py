"""The adapter protocol, version 1: what the kit asks of a client and what comes back.

In the manner of Bowtie's harness protocol: one JSON document per line over a
subprocess's stdin/stdout, a `start` handshake in which the adapter names the client
and the optional capabilities it claims, then one `call` per operation, then `stop`.
The schema below is the specification; `python -m losant_contract.clientkit schema`
prints it. A Python adapter (adapter.py) implements the same operations as methods.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

from losant_contract.clientkit.operations import CAPABILITIES
from losant_contract.clientkit.operations import OPERATIONS as TABLE

VERSION = 1

#: operation -> the JSON Schema of its `args`. Arguments not given are left out, never null.
OPERATIONS: dict[str, dict[str, Any]] = {
    operation.name: {
        "properties": {argument.name: {"type": argument.type} for argument in operation.arguments},
        "required": list(operation.required),
    }
    for operation in TABLE
}


def _call(op: str, args: dict[str, Any]) -> dict[str, Any]:
    return {
        "properties": {"cmd": {"const": "call"}, "op": {"const": op}, "args": {**args, "type": "object"}},
        "required": ["args"],
    }


SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://losant-contract.invalid/clientkit/protocol/v1",
    "title": "losant-contract client adapter protocol, version 1",
    "description": "One JSON document per line. The kit writes a command; the adapter answers each with one line.",
    "$defs": {
        "start": {
            "description": "First command. The adapter answers with `started`.",
            "type": "object",
            "properties": {"cmd": {"const": "start"}, "version": {"const": VERSION}},
            "required": ["cmd", "version"],
        },
        "started": {
            "description": "The adapter names the client under test and the optional capabilities it claims.",
            "type": "object",
            "properties": {
                "version": {"const": VERSION},
                "implementation": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string", "minLength": 1},
                        "version": {"type": "string", "minLength": 1},
                        "language": {"type": "string", "minLength": 1},
                        "homepage": {"type": "string"},
                    },
                    "required": ["name", "version", "language"],
                },
                "capabilities": {"type": "array", "items": {"enum": sorted(CAPABILITIES)}, "uniqueItems": True},
            },
            "required": ["version", "implementation", "capabilities"],
        },
        "client": {
            "description": "How to build the client for this call: base URL, token, timeout in seconds.",
            "type": "object",
            "properties": {
                "url": {"type": "string"},
                "token": {"type": "string"},
                "timeout": {"type": "number", "exclusiveMinimum": 0},
            },
            "required": ["url", "token", "timeout"],
        },
        "call": {
            "description": "Run one operation through the client and report what it returned or raised.",
            "type": "object",
            "properties": {
                "cmd": {"const": "call"},
                "seq": {"type": "integer"},
                "op": {"enum": sorted(OPERATIONS)},
                "client": {"$ref": "#/$defs/client"},
                "args": {"type": "object"},
            },
            "required": ["cmd", "seq", "op", "client", "args"],
            "allOf": [{"if": _call(op, {}), "then": _call(op, args)} for op, args in OPERATIONS.items()],
        },
        "error": {
            "description": "What the client raised: the HTTP status, Error type and message it carried (null where "
            "it carried none) and the name of what was raised.",
            "type": "object",
            "properties": {
                "status": {"type": ["integer", "null"]},
                "type": {"type": ["string", "null"]},
                "message": {"type": ["string", "null"]},
                "raised": {"type": "string"},
            },
            "required": ["status", "type", "message", "raised"],
        },
        "result": {
            "description": "The answer to `call` number `seq`: ok with the value the client returned, or its error.",
            "type": "object",
            "properties": {"seq": {"type": "integer"}, "ok": {"type": "boolean"}},
            "required": ["seq", "ok"],
            "if": {"properties": {"ok": {"const": True}}},
            "then": {"required": ["value"]},
            "else": {"required": ["error"], "properties": {"error": {"$ref": "#/$defs/error"}}},
        },
        "stop": {
            "description": "Last command: the adapter exits (no answer).",
            "type": "object",
            "properties": {"cmd": {"const": "stop"}},
            "required": ["cmd"],
        },
    },
    "oneOf": [{"$ref": f"#/$defs/{name}"} for name in ("start", "started", "call", "result", "stop")],
}


@cache
def _validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": f"#/$defs/{kind}", "$defs": SCHEMA["$defs"]})


def problems(kind: str, message: object) -> list[str]:
    """Every way `message` breaks the protocol's `kind` definition (start, started, call, result, stop)."""
    lines = []
    for error in _validator(kind).iter_errors(message):
        where = "/".join(str(part) for part in error.absolute_path) or "(root)"
        lines.append(f"{where}: {error.message[:160]}")
    return lines
