"""Load the contracts in contracts/ as data: JSON Schemas and the OpenAPI document.

Everything that needs a schema (mock, strategies, oracles) asks here, so there is one
copy of the contract. Two readings of it: `schema(name)` is the documented schema,
verbatim (what the mock enforces and valid requests are drawn from); `decided(name)` is
that schema with the few widenings docs/contract-decisions.md allows
(contracts/widenings.json), which is what answers are held to and what an invalid
request must break in either reading.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator, FormatChecker

CONTRACTS_DIR = Path(__file__).resolve().parent / "contracts"
SCHEMAS_DIR = CONTRACTS_DIR / "schemas"
OPENAPI_FILE = CONTRACTS_DIR / "openapi.json"
WIDENINGS_FILE = CONTRACTS_DIR / "widenings.json"

#: Scopes the docs accept for Integrations that Losant will not mint as application tokens
#: (not in Application API Token Post's scope enum): the mock hands out a token for each, and
#: a run against a real target may supply them (settings.scope_token_setting).
UNMINTABLE_SCOPES = ("all.Organization", "all.Organization.read", "all.User", "all.User.read")

#: Schema names as the docs title them, mapped to their file under contracts/schemas/.
SCHEMA_FILES = {
    "API Token": "api-token.json",
    "API Tokens": "api-tokens.json",
    "Application": "application.json",
    "Application API Token Post": "application-api-token-post.json",
    "Error": "error.json",
    "Integration": "integration.json",
    "Integration Patch": "integration-patch.json",
    "Integration Post": "integration-post.json",
    "Integrations": "integrations.json",
    "Success": "success.json",
}


@cache
def schema(name: str) -> dict[str, Any]:
    """The documented JSON Schema called `name` (for example "Integration Post")."""
    try:
        filename = SCHEMA_FILES[name]
    except KeyError:
        raise KeyError(f"no contract schema named {name!r}; known: {sorted(SCHEMA_FILES)}") from None
    loaded: dict[str, Any] = json.loads((SCHEMAS_DIR / filename).read_text(encoding="utf-8"))
    return loaded


@cache
def decided(name: str) -> dict[str, Any]:
    """The documented schema `name` with the widenings of contract-decisions.md applied."""
    widened = copy.deepcopy(schema(name))
    for widening in json.loads(WIDENINGS_FILE.read_text(encoding="utf-8"))["widenings"]:
        for pointer in widening["at"].get(name, ()):
            node = widened
            for part in pointer.strip("/").split("/"):
                node = node.setdefault(part, {})
            node.update(copy.deepcopy(widening["set"]))
    return widened


@cache
def validator(name: str) -> Draft4Validator:
    """A draft-04 validator for the documented schema `name`, formats such as date-time included."""
    return Draft4Validator(schema(name), format_checker=FormatChecker())


@cache
def decided_validator(name: str) -> Draft4Validator:
    """A draft-04 validator for `decided(name)`, formats included."""
    return Draft4Validator(decided(name), format_checker=FormatChecker())


def violations(name: str, instance: Any) -> list[str]:
    """Every way `instance` breaks the decided contract `name`, one short line each (empty when
    it conforms): an answer the decisions allow is not a violation."""
    lines = []
    for error in sorted(decided_validator(name).iter_errors(instance), key=lambda e: list(e.path)):
        where = "/".join(str(part) for part in error.absolute_path) or "(root)"
        lines.append(f"{where}: {error.message[:200]}")
    return lines


@cache
def openapi() -> dict[str, Any]:
    """The OpenAPI 3.1 document (contracts/openapi.json) for the operations in scope."""
    loaded: dict[str, Any] = json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))
    return loaded


def operation(operation_id: str) -> dict[str, Any]:
    """The OpenAPI operation `operation_id` (e.g. "integrations.get")."""
    for path_item in openapi()["paths"].values():
        for op in path_item.values():
            if isinstance(op, dict) and op.get("operationId") == operation_id:
                return op
    raise KeyError(f"no operation {operation_id!r} in {OPENAPI_FILE.name}")


def query_parameter(operation_id: str, name: str) -> dict[str, Any]:
    """The schema of query parameter `name` of `operation_id` (its enum, default, bounds)."""
    for parameter in operation(operation_id).get("parameters", ()):
        if parameter.get("in") == "query" and parameter.get("name") == name:
            found: dict[str, Any] = parameter["schema"]
            return found
    raise KeyError(f"{operation_id} has no query parameter {name!r}")


def accepted_scopes(operation_id: str) -> tuple[str, ...]:
    """The scopes the docs accept for `operation_id` (e.g. "integrations.get"); any one suffices."""
    return tuple(operation(operation_id)["x-accepted-scopes"])


#: The operations whose scope enforcement the suite checks, each on every scope of
#: `scope_universe()`: GET and POST Integrations, GET, PATCH and DELETE Integration.
INTEGRATION_OPERATIONS = (
    "integrations.get",
    "integrations.post",
    "integration.get",
    "integration.patch",
    "integration.delete",
)
#: Scopes contract-decisions.md section 1 names as refused ("in particular") that no operation
#: of INTEGRATION_OPERATIONS accepts: another resource's. The other scopes it names there are
#: accepted by one of those operations, so they are in the universe already.
NAMED_REFUSED_SCOPES = ("all.Device", "devices.*")


def scope_universe() -> tuple[str, ...]:
    """Every scope the reference pages and the decisions name for INTEGRATION_OPERATIONS: the
    scopes each one accepts, then those section 1 names as refused; each once, in that order.
    Every operation must accept its `accepted_scopes` and refuse the rest of these."""
    named = [scope for op in INTEGRATION_OPERATIONS for scope in accepted_scopes(op)]
    return tuple(dict.fromkeys([*named, *NAMED_REFUSED_SCOPES]))


def refused_scopes(operation_id: str) -> tuple[str, ...]:
    """The scopes of `scope_universe()` that `operation_id` does not accept, in the universe's
    order: a token holding only one of them must be refused (401 or 403, no side effect)."""
    accepted = set(accepted_scopes(operation_id))
    return tuple(scope for scope in scope_universe() if scope not in accepted)
