"""The resources under test: Integrations (GET, POST) and Integration (GET, PATCH, DELETE).

Each function sequences Behaviour seams; the decisions themselves live there.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from jsonschema.exceptions import ValidationError

from .behaviour import Behaviour
from .http import ApiError, Call, Response
from .listing import INTEGRATIONS
from .store import Record, Store

OBJECT_ID = re.compile(r"[0-9a-fA-F]{24}")


def well_formed(b: Behaviour, value: str, what: str) -> str:
    if not OBJECT_ID.fullmatch(value):
        status = b.malformed_id_status()
        raise ApiError(
            status,
            "NotFound" if status == 404 else "BadRequest",
            f"{what} must be 24 hexadecimal digits",
        )
    return value


def application(b: Behaviour, store: Store, call: Call) -> str:
    """The path's applicationId, once known to exist and to be within the token's reach."""
    return b.open_application(store, call.token, well_formed(b, call.params["applicationId"], "applicationId"))


def describe(errors: list[ValidationError]) -> str:
    """'Validation failed: mqttConfig.port: 0 is less than the minimum of 1' (first three)."""
    errors = sorted(errors, key=lambda error: [str(part) for part in error.absolute_path])
    lines = [f"{'.'.join(map(str, e.absolute_path)) or 'body'}: {e.message[:200]}" for e in errors[:3]]
    return "Validation failed: " + "; ".join(lines)


def read_body(b: Behaviour, call: Call, validate: Callable[[Record], list[ValidationError]]) -> Record:
    """The request's JSON object, once declared as JSON, well-formed and valid."""
    if not b.accepts_content_type(call.headers.get("Content-Type")):
        raise ApiError(
            b.unsupported_media_status(),
            "UnsupportedMediaType",
            "Content-Type must be application/json",
        )
    body = b.decode_json(call.body)
    if not isinstance(body, dict):
        raise ApiError(400, "BadRequest", f"the request body must be a JSON object, not {type(body).__name__}")
    errors = validate(body)
    if errors:
        raise ApiError(b.invalid_status(), "Validation", describe(errors))
    return body


def list_integrations(b: Behaviour, store: Store, call: Call) -> Response:
    application_id = application(b, store, call)
    query = b.parse_listing(call.query, INTEGRATIONS)
    records = b.collection(store, application_id, query)
    page = b.listing(records, query, b.counted(store, application_id, records))
    page["items"] = [b.present(record, "list") for record in page["items"]]
    return Response(200, {**page, "applicationId": application_id})


def create_integration(b: Behaviour, store: Store, call: Call) -> Response:
    application_id = application(b, store, call)
    try:
        body = read_body(b, call, b.validate_post)
    except ApiError:
        b.keep_refused_post(store, application_id, call.body)
        raise
    integration_id, now = store.issue()
    record = {
        "id": integration_id,
        "integrationId": integration_id,
        "applicationId": application_id,
        "creationDate": now,
        "lastUpdated": now,
        "enabled": True,
        **body,
    }
    b.persist_new(store, application_id, record)
    return Response(b.create_status(), b.present(record, "created"))


def _integration(b: Behaviour, store: Store, call: Call) -> Record:
    """The integration the path names; it is changed or deleted where it is stored."""
    application_id = well_formed(b, call.params["applicationId"], "applicationId")
    integration_id = well_formed(b, call.params["integrationId"], "integrationId")
    return b.locate_integration(store, call.token, application_id, integration_id)


def get_integration(b: Behaviour, store: Store, call: Call) -> Response:
    return Response(200, b.present(_integration(b, store, call), "read"))


def patch_integration(b: Behaviour, store: Store, call: Call) -> Response:
    record = _integration(b, store, call)
    changes = read_body(b, call, b.validate_patch)
    updated = b.apply_patch(record, changes, store.now())
    if not b.persist_patch(store, record, updated):
        raise ApiError(404, "NotFound", f"Integration {record['id']} was deleted meanwhile")
    return Response(200, b.present(updated, "patched"))


def delete_integration(b: Behaviour, store: Store, call: Call) -> Response:
    record = _integration(b, store, call)
    if not b.remove(store, record["applicationId"], record["id"]):
        raise ApiError(404, "NotFound", f"Integration {record['id']} was deleted meanwhile")
    return b.delete_response()
