"""Write seams: reading a JSON body, validating it, and storing, changing, showing
and deleting integrations (contract-decisions.md sections 4 and 5).
"""

from __future__ import annotations

import json
from typing import Any

from jsonschema.exceptions import ValidationError

from ..contracts import validator
from .clock import parse_instant
from .http import ApiError, Response
from .store import Record, Store

JSON_MEDIA_TYPE = "application/json"


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not JSON")


class WriteSeams:
    """Content type, JSON decoding, schema validation, persistence and presentation."""

    def accepts_content_type(self, header: str | None) -> bool:
        """application/json, parameters such as charset allowed."""
        return (header or "").split(";")[0].strip().lower() == JSON_MEDIA_TYPE

    def unsupported_media_status(self) -> int:
        return 415

    def decode_json(self, raw: bytes) -> object:
        if not raw.strip():
            raise ApiError(400, "BadRequest", "the request body is empty; a JSON object is required")
        try:
            return json.loads(raw, parse_constant=_refuse_constant)
        except (ValueError, RecursionError) as error:  # bad UTF-8 and nesting too deep included
            raise ApiError(400, "BadRequest", f"the request body is not valid JSON: {error}") from None

    def body_validator(self, name: str) -> Any:
        """The draft-04 validator of the request-body schema `name` (Integration Post or Patch)."""
        return validator(name)

    def validate_post(self, body: Record) -> list[ValidationError]:
        return list(self.body_validator("Integration Post").iter_errors(body))

    def validate_patch(self, body: Record) -> list[ValidationError]:
        return list(self.body_validator("Integration Patch").iter_errors(body))

    def invalid_status(self) -> int:
        return 400

    def create_status(self) -> int:
        return 201

    def persist_new(self, store: Store, application_id: str, record: Record) -> None:
        store.put(application_id, record)

    def keep_refused_post(self, store: Store, application_id: str, raw: bytes) -> None:
        """What a POST refused for its body leaves behind: nothing."""

    def present(self, record: Record, view: str) -> Record:
        """The body shown for a record; view is created, read, list or patched."""
        return record

    def apply_patch(self, record: Record, changes: Record, now: str) -> Record:
        """Top-level fields replaced; lastUpdated moves to now and never backwards."""
        last = max(now, record.get("lastUpdated"), key=parse_instant)
        return {**record, **changes, "lastUpdated": last}

    def persist_patch(self, store: Store, original: Record, updated: Record) -> bool:
        """Store `updated` where `original` is stored."""
        return store.replace(original["applicationId"], original["id"], updated)

    def remove(self, store: Store, application_id: str, integration_id: str) -> bool:
        return store.remove(application_id, integration_id)

    def delete_response(self) -> Response:
        return Response(200, {"success": True})
