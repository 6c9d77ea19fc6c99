"""The adapter protocol, version 1: what the kit and an adapter in any language say to
each other, one JSON document per line over the adapter's stdin and stdout.

In the manner of Bowtie's harness protocol: a `start` handshake in which the adapter names
the client and the optional capabilities it claims, one `call` per operation answered by
one `result`, then `stop`. The specification is the JSON Schema files in schemas/v1/, one
per message (start, started, call, result, stop), the definitions they share (client,
error) and protocol.json for any line. They ship in the package, so an author validates
against the very files the kit uses; their `$id`s are URNs that resolve from these files
alone (no network). generate_schemas.py writes them from the operations table.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

VERSION = 1
DIRECTORY = Path(__file__).resolve().parent / "schemas" / f"v{VERSION}"
MESSAGES = ("start", "started", "call", "result", "stop")
NAMES = ("protocol", *MESSAGES, "client", "error")


def uri(name: str) -> str:
    """The `$id` of the schema file `name`.json."""
    return f"urn:losant-contract:clientkit:protocol:v{VERSION}:{name}"


@cache
def documents() -> dict[str, dict[str, Any]]:
    """Every schema file the package ships, by name."""
    return {name: json.loads((DIRECTORY / f"{name}.json").read_text(encoding="utf-8")) for name in NAMES}


@cache
def registry() -> Registry[Any]:
    """The schema files by `$id`; a `$ref` to anything else is unresolvable (never fetched)."""
    resources = [Resource.from_contents(document) for document in documents().values()]
    return Registry().with_resources((resource.id() or "", resource) for resource in resources).crawl()


@cache
def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(documents()[name], registry=registry())


def problems(name: str, message: object) -> list[str]:
    """Every way `message` breaks the schema `name` (start, started, call, result, stop)."""
    lines = []
    for error in _validator(name).iter_errors(message):
        where = "/".join(str(part) for part in error.absolute_path) or "(root)"
        lines.append(f"{where}: {error.message[:160]}")
    return lines


def bundled(name: str = "protocol") -> dict[str, Any]:
    """The schema `name` with every schema it refers to embedded under `$defs` (each keeps its
    `$id`): one self-contained file for a validator that reads one (check-jsonschema, ajv)."""
    wanted, seen = [uri(name)], set()
    while wanted:
        ref = wanted.pop()
        if ref not in seen:
            seen.add(ref)
            wanted.extend(_refs(registry().contents(ref)))
    document = documents()[name]
    embedded = {other: documents()[other] for other in NAMES if other != name and uri(other) in seen}
    return {**document, "$defs": {**document.get("$defs", {}), **embedded}} if embedded else document


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []
