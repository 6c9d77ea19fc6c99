"""Faults and controls in access and answers: scopes, status codes and bodies."""

from __future__ import annotations

import json
from collections.abc import Callable

from .access import BEARER
from .behaviour import Behaviour
from .http import ApiError, Response
from .store import Store, Token
from .variation import Catalogue

scopes, status = Catalogue("scopes"), Catalogue("errors")  # status: the documented error statuses

#: What a lenient authenticator hands out instead of refusing: an all.Application token.
ANYONE = Token("", ("all.Application",), {"id": "0" * 24}, application_id=None)


# -- scopes -------------------------------------------------------------------------------


@scopes.fault("read-scope-can-write", "scope_allows", "'.read' scopes count as full: they can POST")
def _(self: Behaviour, held: tuple[str, ...], accepted: frozenset[str]) -> bool:
    return not accepted.isdisjoint(scope.removesuffix(".read") for scope in held)


@scopes.fault("post-scope-can-get", "accepted_scopes", "integrations.post is accepted for GET")
def _(self: Behaviour, action: str) -> frozenset[str]:
    accepted = Behaviour.accepted_scopes(self, action)
    return accepted | {"integrations.post"} if action == "integrations.get" else accepted


@scopes.fault(
    "singular-scope-opens-collection",
    "accepted_scopes",
    "integration.* and integration.<verb> open the Integrations collection",
)
def _(self: Behaviour, action: str) -> frozenset[str]:
    accepted = Behaviour.accepted_scopes(self, action)
    if action.startswith("integrations."):
        return accepted | {"integration.*", "integration." + action.split(".")[1]}
    return accepted


@scopes.fault("get-scope-refused", "accepted_scopes", "integrations.get is refused for GET")
def _(self: Behaviour, action: str) -> frozenset[str]:
    return Behaviour.accepted_scopes(self, action) - {"integrations.get"}


@scopes.fault("post-scope-refused", "accepted_scopes", "integrations.post is refused for POST")
def _(self: Behaviour, action: str) -> frozenset[str]:
    return Behaviour.accepted_scopes(self, action) - {"integrations.post"}


@scopes.fault("refusal-still-acts", "refuse", "a refused request is answered 403 but still acts")
def _(self: Behaviour, action: str, proceed: Callable[[], Response]) -> Response:
    try:
        proceed()
    except ApiError:
        pass
    return Behaviour.refuse(self, action, proceed)


@scopes.fault("missing-token-accepted", "authenticate", "no Authorization header: all.Application")
def _(self: Behaviour, store: Store, header: str | None) -> Token | None:
    return ANYONE if not header else Behaviour.authenticate(self, store, header)


@scopes.fault("unknown-token-accepted", "authenticate", "unknown Bearer tokens are all.Application")
def _(self: Behaviour, store: Store, header: str | None) -> Token | None:
    token = Behaviour.authenticate(self, store, header)
    return ANYONE if token is None and (header or "").startswith("Bearer ") else token


@scopes.fault("any-scheme-accepted", "authenticate", "the token is read from 'Token X' or 'X' too")
def _(self: Behaviour, store: Store, header: str | None) -> Token | None:
    words = (header or "").split()
    token = store.token(words[-1]) if words else None
    return token if token is not None and token.usable() else None


@scopes.fault(
    "collection-scopes-open-item",
    "accepted_scopes",
    "integrations.*, integrations.get and integrations.post open GET, PATCH and DELETE Integration",
)
def _(self: Behaviour, action: str) -> frozenset[str]:
    accepted = Behaviour.accepted_scopes(self, action)
    if action.startswith("integration."):
        return accepted | {"integrations.*", "integrations.get", "integrations.post"}
    return accepted


@scopes.fault("item-get-scope-refused", "accepted_scopes", "integration.get is refused for GET Integration")
def _(self: Behaviour, action: str) -> frozenset[str]:
    return Behaviour.accepted_scopes(self, action) - {"integration.get"}


@scopes.fault(
    "read-scope-can-change-item",
    "accepted_scopes",
    "integration.get and all.Application.read can PATCH and DELETE an integration",
)
def _(self: Behaviour, action: str) -> frozenset[str]:
    accepted = Behaviour.accepted_scopes(self, action)
    if action in ("integration.patch", "integration.delete"):
        return accepted | {"integration.get", "all.Application.read"}
    return accepted


@scopes.fault(
    "item-write-scope-can-read",
    "accepted_scopes",
    "integration.patch and integration.delete can GET an integration (a write scope taken to imply read)",
)
def _(self: Behaviour, action: str) -> frozenset[str]:
    accepted = Behaviour.accepted_scopes(self, action)
    return accepted | {"integration.patch", "integration.delete"} if action == "integration.get" else accepted


@scopes.fault(
    "revoked-token-still-authenticates",
    "authenticate",
    "a deleted application API token still authenticates on the integration routes",
)
def _(self: Behaviour, store: Store, header: str | None) -> Token | None:
    token = Behaviour.authenticate(self, store, header)
    if token is None and header and header.startswith(BEARER):
        return store.revoked(header[len(BEARER) :])
    return token


@scopes.control("refused-as-401", "refused_status", "a known token lacking the scope gets 401")
def _(self: Behaviour) -> int:
    return 401


# -- status codes and bodies ---------------------------------------------------------------


@status.fault("create-answers-200", "create_status", "POST answers 200 instead of 201")
def _(self: Behaviour) -> int:
    return 200


@status.fault("malformed-json-500", "decode_json", "an empty or malformed JSON body answers 500")
def _(self: Behaviour, raw: bytes) -> object:
    return json.loads(raw)


@status.fault("error-body-null", "error", "Error bodies are the JSON value null")
def _(self: Behaviour, code: int, type_: str, message: str) -> Response:
    return Response(code, body=b"null")


@status.fault("errors-as-text", "error", "errors are text/plain lines, not JSON Error bodies")
def _(self: Behaviour, code: int, type_: str, message: str) -> Response:
    return Response(code, body=f"{type_}: {message}".encode(), content_type="text/plain")


@status.fault("error-without-message", "error", "Error bodies carry a type but no message")
def _(self: Behaviour, code: int, type_: str, message: str) -> Response:
    return Response(code, {"type": type_})


@status.fault("validation-422", "invalid_status", "a body failing the schema answers 422, not 400")
def _(self: Behaviour) -> int:
    return 422


@status.fault("unknown-app-403", "application_not_found", "an unknown application answers 403")
def _(self: Behaviour, application_id: str) -> None:
    raise ApiError(403, "Forbidden", f"no access to application {application_id}")


@status.fault("unknown-app-empty", "open_application", "an unknown application answers as an empty one")
def _(self: Behaviour, store: Store, token: Token, application_id: str) -> str:
    if self.find_application(store, application_id) is None:
        return application_id
    return Behaviour.open_application(self, store, token, application_id)


@status.fault("delete-answers-204", "delete_response", "DELETE answers 204 without a body")
def _(self: Behaviour) -> Response:
    return Response(204)


@status.control("malformed-ids-400", "malformed_id_status", "ids not 24 hex digits answer 400")
def _(self: Behaviour) -> int:
    return 400


@status.control("extra-fields", "decorate", "every body and item carries undocumented _ fields")
def _(self: Behaviour, payload: object) -> object:
    if not isinstance(payload, dict):
        return payload
    decorated = {**payload, "_type": "mock", "_links": {"self": {"href": "/"}}}
    if isinstance(payload.get("items"), list):
        decorated["items"] = [{**item, "_etag": '"1"'} for item in payload["items"]]
    return decorated


@status.control("slow-every-25th", "latency", "every 25th request is answered after 0.5 s (past any deadline)")
def _(self: Behaviour) -> float:
    return 0.5 if next(self.served) % 25 == 0 else 0.0


CATALOGUES = (scopes, status)
