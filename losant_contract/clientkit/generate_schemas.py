"""Write the adapter protocol's JSON Schema files (schemas/v1/) from the operations table.

The committed files are what ships and what every validator reads; this is how they are
made, so the protocol cannot drift from the table. After changing operations.py or this
module, run `python -m losant_contract.clientkit.generate_schemas`
(tests/test_clientkit_schemas.py fails until the files are what it writes).
"""

from __future__ import annotations

import json
from typing import Any

from losant_contract.clientkit.operations import CAPABILITIES, OPERATIONS, Operation
from losant_contract.clientkit.protocol import DIRECTORY, MESSAGES, VERSION, uri


def schemas() -> dict[str, dict[str, Any]]:
    """Every schema file's content, by name."""
    bodies: dict[str, dict[str, Any]] = {
        "protocol": {
            "title": f"losant-contract client adapter protocol, version {VERSION}",
            "description": "One JSON document per line. The kit writes a command (start, call, stop); the adapter "
            "answers start with started and each call with result.",
            "oneOf": [{"$ref": uri(name)} for name in MESSAGES],
        },
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
                "capabilities": {
                    "description": "; ".join(f"{name}: {what}" for name, what in sorted(CAPABILITIES.items())),
                    "type": "array",
                    "items": {"enum": sorted(CAPABILITIES)},
                    "uniqueItems": True,
                },
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
            "description": "Run one operation through the client and report what it returned or raised. Arguments "
            "carry the API's own names; those not given are left out, never null.",
            "type": "object",
            "properties": {
                "cmd": {"const": "call"},
                "seq": {"type": "integer"},
                "op": {"enum": [operation.name for operation in OPERATIONS]},
                "client": {"$ref": uri("client")},
                "args": {"type": "object"},
            },
            "required": ["cmd", "seq", "op", "client", "args"],
            "allOf": [_arguments(operation) for operation in OPERATIONS],
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
            "else": {"required": ["error"], "properties": {"error": {"$ref": uri("error")}}},
        },
        "stop": {
            "description": "Last command: the adapter exits (no answer).",
            "type": "object",
            "properties": {"cmd": {"const": "stop"}},
            "required": ["cmd"],
        },
    }
    return {
        name: {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": uri(name), **body}
        for name, body in bodies.items()
    }


def _arguments(operation: Operation) -> dict[str, Any]:
    """The `args` a call of `operation` carries."""
    optional = f" (optional: capability {operation.capability})" if operation.capability else ""
    return {
        "if": {"properties": {"op": {"const": operation.name}}, "required": ["op"]},
        "then": {
            "properties": {
                "args": {
                    "description": f"{operation.name}{optional}",
                    "type": "object",
                    "properties": {argument.name: {"type": argument.type} for argument in operation.arguments},
                    "required": list(operation.required),
                }
            }
        },
    }


def text(document: dict[str, Any]) -> str:
    """A schema file as written: two-space indents, a newline at the end."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    DIRECTORY.mkdir(parents=True, exist_ok=True)
    for name, document in schemas().items():
        (DIRECTORY / f"{name}.json").write_text(text(document), encoding="utf-8")
    print(f"wrote {len(schemas())} schema files to {DIRECTORY}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
