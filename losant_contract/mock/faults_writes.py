"""Faults and controls in writes: validation of bodies, and persistence of integrations."""

from __future__ import annotations

from datetime import timedelta

from .behaviour import Behaviour
from .clock import format_ms, parse_instant
from .variation import Catalogue

validation, persistence = Catalogue("validation"), Catalogue("persistence")
CONFIGS = ("googlePubSubConfig", "mqttConfig", "particleConfig", "meridianConfig")


def _lenient(keep):
    """A validate_post that drops the schema errors `keep(error)` rejects."""

    def validate_post(self, body):
        return [error for error in Behaviour.validate_post(self, body) if keep(error)]

    return validate_post


def _add(name, description, ignored):
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
def _(self, body):
    return []


@validation.fault("content-type-unchecked", "accepts_content_type", "text/plain JSON is used")
def _(self, header):
    return True


@validation.control("content-type-400", "unsupported_media_status", "undeclared JSON answers 400")
def _(self):
    return 400


# -- persistence ----------------------------------------------------------------------------


@persistence.fault("create-not-stored", "persist_new", "POST answers 201 but stores nothing")
def _(self, store, application_id, record):
    return None


@persistence.fault("topics-dropped-on-read", "present", "GET and the listing omit topics")
def _(self, record, view):
    if view in ("read", "list"):
        return {key: value for key, value in record.items() if key != "topics"}
    return record


@persistence.fault("config-dropped-in-list", "present", "the listing omits the config objects")
def _(self, record, view):
    if view == "list":
        return {key: value for key, value in record.items() if key not in CONFIGS}
    return record


@persistence.fault("wrong-application-id", "present", "applicationId shows the integration's id")
def _(self, record, view):
    return {**record, "applicationId": record["id"]}


@persistence.fault("integration-id-differs", "present", "integrationId is not the same id as id")
def _(self, record, view):
    return {**record, "integrationId": f"{(int(record['id'], 16) + 1) % 16**24:024x}"}


@persistence.fault("patch-ignored", "apply_patch", "PATCH changes only lastUpdated")
def _(self, record, changes, now):
    return Behaviour.apply_patch(self, record, {}, now)


@persistence.fault("patch-replaces-document", "apply_patch", "PATCH replaces the document: unsent fields lost")
def _(self, record, changes, now):
    kept = ("id", "integrationId", "applicationId", "creationDate", "lastUpdated")
    return Behaviour.apply_patch(self, {key: record[key] for key in kept}, changes, now)


@persistence.fault("last-updated-backwards", "apply_patch", "PATCH stamps local time (UTC-5) as UTC")
def _(self, record, changes, now):
    patched = Behaviour.apply_patch(self, record, changes, now)
    earlier = parse_instant(now) - timedelta(hours=5)
    return {**patched, "lastUpdated": format_ms(int(earlier.timestamp() * 1000))}


@persistence.fault("patch-not-stored", "persist_patch", "PATCH answers the change, keeps the old")
def _(self, store, original, updated):
    return True


@persistence.fault("delete-not-applied", "remove", "DELETE answers success, the integration stays")
def _(self, store, application_id, integration_id):
    return True


CATALOGUES = (validation, persistence)
