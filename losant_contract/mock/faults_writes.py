"""Faults and controls in writes: validation of bodies, and persistence of integrations."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import timedelta
from functools import cache
from typing import Any

from jsonschema import Draft4Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from ..contracts import schema
from .behaviour import Behaviour
from .clock import format_ms, parse_instant
from .store import Record, Store
from .variation import Catalogue

Keep = Callable[[ValidationError], bool]

validation, ownership = Catalogue("validation"), Catalogue("ownership")
persistence = Catalogue("read-after-write")  # what is written is what is read, listed and deleted
CONFIGS = ("googlePubSubConfig", "mqttConfig", "particleConfig", "meridianConfig")
SERVER_OWNED = ("id", "integrationId", "applicationId", "creationDate")


def _lenient(keep: Keep) -> Callable[[Behaviour, Record], list[ValidationError]]:
    """A validate_post that drops the schema errors `keep(error)` rejects."""

    def validate_post(self: Behaviour, body: Record) -> list[ValidationError]:
        return [error for error in Behaviour.validate_post(self, body) if keep(error)]

    return validate_post


def _add(name: str, description: str, ignored: Keep) -> None:
    validation.fault(name, "validate_post", description)(_lenient(lambda e: not ignored(e)))


# -- validation ---------------------------------------------------------------------------

_add(
    "missing-required-accepted",
    "a body without name or integrationType is created",
    lambda e: e.validator == "required" and not e.absolute_path,
)
_add(
    "unknown-property-accepted",
    "unknown top-level properties are accepted and stored",
    lambda e: e.validator == "additionalProperties" and not e.absolute_path,
)
_add(
    "config-required-unchecked",
    "a config object missing its required fields (mqttConfig without host) is accepted",
    lambda e: e.validator == "required" and bool(e.absolute_path),
)
_add(
    "port-bounds-unchecked",
    "mqttConfig.port outside 1..65535 is accepted",
    lambda e: e.validator in ("minimum", "maximum"),
)
_add(
    "enum-unchecked",
    "integrationType and protocol outside their enums are accepted",
    lambda e: e.validator == "enum",
)
_add(
    "max-length-unchecked",
    "strings longer than maxLength (a 1025-character name) are accepted",
    lambda e: e.validator == "maxLength",
)
_add(
    "empty-name-accepted",
    "an empty name is accepted",
    lambda e: e.validator == "minLength" and list(e.absolute_path) == ["name"],
)
_add(
    "wrong-types-accepted",
    'values of the wrong JSON type (enabled: "yes", topics: "a") are accepted',
    lambda e: e.validator == "type",
)


@validation.fault("patch-unvalidated", "validate_patch", "PATCH bodies are not validated at all")
def _(self: Behaviour, body: Record) -> list[ValidationError]:
    return []


@validation.fault("content-type-unchecked", "accepts_content_type", "text/plain JSON is used")
def _(self: Behaviour, header: str | None) -> bool:
    return True


@validation.fault("refused-post-stored", "keep_refused_post", "a POST refused for its body (400) is stored anyway")
def _(self: Behaviour, store: Store, application_id: str, raw: bytes) -> None:
    try:
        body = json.loads(raw)
    except ValueError:
        return
    if isinstance(body, dict) and isinstance(body.get("name"), str):  # only what a listing can show
        ident, now = store.issue()
        kept = {"id": ident, "integrationId": ident, "applicationId": application_id, "creationDate": now}
        store.put(application_id, {**kept, "lastUpdated": now, "name": body["name"], "integrationType": "mqtt"})


@validation.control("content-type-400", "unsupported_media_status", "undeclared JSON answers 400")
def _(self: Behaviour) -> int:
    return 400


@cache
def _client_schema(name: str) -> Any:
    """The docs' schema `name` as losant-rest 2.8.1 (npm) ships it where that is looser
    (contract-decisions.md section 4); everything else as documented."""
    loose = copy.deepcopy(schema(name))
    configs = loose["properties"]
    for key in ("privateKey", "certificate", "caCertificate"):
        configs["mqttConfig"]["properties"][key]["minLength"] = 4
    configs["googlePubSubConfig"]["properties"]["keyJson"]["minLength"] = 4
    configs["mqttConfig"]["properties"]["disableSSLVerification"] = {"type": "boolean"}
    return Draft4Validator(loose, format_checker=FormatChecker())


@validation.control(
    "js-client-schemas",
    "body_validator",
    "bodies follow losant-rest 2.8.1: keys and certificates of 4 to 49 characters, mqttConfig.disableSSLVerification",
)
def _(self: Behaviour, name: str) -> Any:
    return _client_schema(name)


# -- persistence ----------------------------------------------------------------------------


@persistence.fault("create-not-stored", "persist_new", "POST answers 201 but stores nothing")
def _(self: Behaviour, store: Store, application_id: str, record: Record) -> None:
    return None


@persistence.fault("topics-dropped-on-read", "present", "GET and the listing omit topics")
def _(self: Behaviour, record: Record, view: str) -> Record:
    if view in ("read", "list"):
        return {key: value for key, value in record.items() if key != "topics"}
    return record


@persistence.fault("config-dropped-in-list", "present", "the listing omits the config objects")
def _(self: Behaviour, record: Record, view: str) -> Record:
    if view == "list":
        return {key: value for key, value in record.items() if key not in CONFIGS}
    return record


@persistence.fault("listed-dates-as-epoch", "present", "the listing shows dates as epoch milliseconds")
def _(self: Behaviour, record: Record, view: str) -> Record:
    if view != "list":
        return record
    dates = {key: int(parse_instant(record[key]).timestamp() * 1000) for key in ("creationDate", "lastUpdated")}
    return {**record, **dates}


@persistence.fault("wrong-application-id", "present", "applicationId shows the integration's id")
def _(self: Behaviour, record: Record, view: str) -> Record:
    return {**record, "applicationId": record["id"]}


@persistence.fault("integration-id-differs", "present", "integrationId is not the same id as id")
def _(self: Behaviour, record: Record, view: str) -> Record:
    return {**record, "integrationId": f"{(int(record['id'], 16) + 1) % 16**24:024x}"}


@persistence.fault("patch-ignored", "apply_patch", "PATCH changes only lastUpdated")
def _(self: Behaviour, record: Record, changes: Record, now: str) -> Record:
    return Behaviour.apply_patch(self, record, {}, now)


@persistence.fault("patch-replaces-document", "apply_patch", "PATCH replaces the document: unsent fields lost")
def _(self: Behaviour, record: Record, changes: Record, now: str) -> Record:
    kept = ("id", "integrationId", "applicationId", "creationDate", "lastUpdated")
    return Behaviour.apply_patch(self, {key: record[key] for key in kept}, changes, now)


@persistence.fault("last-updated-backwards", "apply_patch", "PATCH stamps local time (UTC-5) as UTC")
def _(self: Behaviour, record: Record, changes: Record, now: str) -> Record:
    patched = Behaviour.apply_patch(self, record, changes, now)
    earlier = parse_instant(now) - timedelta(hours=5)
    return {**patched, "lastUpdated": format_ms(int(earlier.timestamp() * 1000))}


@persistence.fault("patch-not-stored", "persist_patch", "PATCH answers the change, keeps the old")
def _(self: Behaviour, store: Store, original: Record, updated: Record) -> bool:
    return True


@persistence.fault("delete-not-applied", "remove", "DELETE answers success, the integration stays")
def _(self: Behaviour, store: Store, application_id: str, integration_id: str) -> bool:
    return True


# -- ownership: fields the server owns, and a PATCH that changes only what it names ----------


@ownership.fault("patch-resets-creation-date", "apply_patch", "PATCH sets creationDate to the time of the patch")
def _(self: Behaviour, record: Record, changes: Record, now: str) -> Record:
    return {**Behaviour.apply_patch(self, record, changes, now), "creationDate": now}


@ownership.fault(
    "patch-applies-server-fields",
    "validate_patch",
    "PATCH accepts id, integrationId, applicationId and creationDate in its body (no 400) and applies them",
)
def _(self: Behaviour, body: Record) -> list[ValidationError]:
    return Behaviour.validate_patch(
        self, {key: value for key, value in body.items() if key not in SERVER_OWNED or not isinstance(value, str)}
    )


@ownership.fault(
    "patch-drops-unsent-config",
    "apply_patch",
    "PATCH drops the config object (mqttConfig, ...) when its body does not name it",
)
def _(self: Behaviour, record: Record, changes: Record, now: str) -> Record:
    patched = Behaviour.apply_patch(self, record, changes, now)
    return {key: value for key, value in patched.items() if key not in CONFIGS or key in changes}


CATALOGUES = (validation, persistence, ownership)
