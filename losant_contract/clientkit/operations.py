"""The operations the kit asks of a client, written once: the Python `Adapter` base is held
to this table by a self-test, the process adapter forwards any of them by name, and the
protocol's JSON Schema files are generated from it (generate_schemas.py).

Arguments carry the API's own names and a JSON type. Required ones are always passed;
optional ones only when a scenario asks for them, never as null. An operation that belongs
to an optional capability is called only on an adapter that claims it.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Optional capabilities an adapter may claim; the kit checks every claim it can.
CAPABILITIES = {
    "retries": "repeats a request after 429, 503 or a dropped connection where that is safe",
    "timeout": "gives up on an answer that takes longer than the call's `timeout` seconds",
    "walk": "lists every page itself (operation walk_integrations)",
}


@dataclass(frozen=True)
class Argument:
    name: str
    type: str  # its JSON type: string, integer or object
    required: bool = False


@dataclass(frozen=True)
class Operation:
    name: str
    arguments: tuple[Argument, ...]
    capability: str | None = None  # the optional capability it belongs to, if any

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(argument.name for argument in self.arguments if argument.required)

    @property
    def optional(self) -> tuple[str, ...]:
        return tuple(argument.name for argument in self.arguments if not argument.required)


_APPLICATION = Argument("applicationId", "string", required=True)
_INTEGRATION = Argument("integrationId", "string", required=True)
_BODY = Argument("body", "object", required=True)
#: The listing's query, as integrations.md#get-query-params names it (page aside).
_QUERY = (
    Argument("sortField", "string"),
    Argument("sortDirection", "string"),
    Argument("filterField", "string"),
    Argument("filter", "string"),
    Argument("perPage", "integer"),
)

OPERATIONS = (
    Operation("list_integrations", (_APPLICATION, *_QUERY, Argument("page", "integer"))),
    Operation("walk_integrations", (_APPLICATION, *_QUERY), capability="walk"),
    Operation("create_integration", (_APPLICATION, _BODY)),
    Operation("get_integration", (_APPLICATION, _INTEGRATION)),
    Operation("patch_integration", (_APPLICATION, _INTEGRATION, _BODY)),
    Operation("delete_integration", (_APPLICATION, _INTEGRATION)),
    Operation("create_token", (_APPLICATION, _BODY)),
    Operation("delete_token", (_APPLICATION, Argument("apiTokenId", "string", required=True))),
)
BY_NAME = {operation.name: operation for operation in OPERATIONS}
