"""Records written and read back (decisions 4 and 5): what was sent is what is stored."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, cast

import requests

from losant_contract import contracts
from losant_contract.oracles import Violation
from losant_contract.oracles.schema import conforms, status_is

CONFIG_FIELDS = ("googlePubSubConfig", "mqttConfig", "particleConfig", "meridianConfig")
ECHOED_FIELDS = ("name", "integrationType", "topics", *CONFIG_FIELDS)
SERVER_OWNED = ("id", "integrationId", "applicationId", "creationDate")  #: and lastUpdated, which only moves on
#: The live connection state (keep-alives, connect and disconnect times, the next attempt):
#: the server updates it on its own, so no read can be held to an earlier one.
LIVE_FIELDS = ("status",)
#: What "every field" means: the Integration schema's properties but the live ones. What an
#: answer holds beyond the schema (a `_links`, an `_etag`) is for the drift report, not a field.
HELD_FIELDS = tuple(key for key in contracts.schema("Integration")["properties"] if key not in LIVE_FIELDS)


class _Absent:
    """What a read holds for a field it does not have."""

    def __repr__(self) -> str:
        return "(absent)"


_ABSENT = _Absent()
_HEX24 = re.compile(r"^[A-Fa-f0-9]{24}$")


def echoes_post(
    response: requests.Response, created: dict[str, Any], sent: dict[str, Any], application_id: str
) -> None:
    """The created Integration has matching ids, the path's applicationId, dates, and echoes
    name, integrationType, topics and the submitted config objects."""
    rule = "created integration"
    ident = created.get("id")
    if not isinstance(ident, str) or not _HEX24.match(ident):
        raise Violation(rule, f"id is {ident!r}, not 24 hex digits", response)
    if created.get("integrationId") != ident:
        raise Violation(rule, f"integrationId {created.get('integrationId')!r} differs from id {ident!r}", response)
    if created.get("applicationId") != application_id:
        raise Violation(
            rule, f"applicationId is {created.get('applicationId')!r}, expected {application_id!r}", response
        )
    for key in ("creationDate", "lastUpdated"):
        instant(response, created, key, rule)
    holds_fields(response, created, sent, rule)


def holds_fields(response: requests.Response, record: dict[str, Any], sent: dict[str, Any], rule: str) -> None:
    """Every echoed field that was sent comes back equal."""
    for key in ECHOED_FIELDS:
        if key in sent and record.get(key) != sent[key]:
            raise Violation(rule, f"{key} is {record.get(key)!r:.100}, sent {sent[key]!r:.100}", response)


def same_record(response: requests.Response, read: dict[str, Any], written: dict[str, Any], rule: str) -> None:
    """A read gives back the integration as written: every field, dates and flags included
    (HELD_FIELDS: the documented ones but the live `status`)."""
    for key, value in written.items():
        if key in HELD_FIELDS and read.get(key, _ABSENT) != value:
            raise Violation(
                rule, f"{key} reads {read.get(key, _ABSENT)!r:.100}, was written as {value!r:.100}", response
            )


def patch_applied(
    response: requests.Response, after: dict[str, Any], before: dict[str, Any], patch: dict[str, Any]
) -> None:
    """The patched properties hold their new values; every other property keeps its value
    (decisions 5), the server-owned fields included; lastUpdated did not go back."""
    holds_fields(response, after, patch, "patch applied")
    kept = {key: value for key, value in before.items() if key not in patch and key != "lastUpdated"}
    same_record(response, after, kept, "PATCH changes only the properties in its body")
    server_owned_kept(response, after, before, "PATCH leaves server-owned fields alone")


def server_owned_kept(response: requests.Response, after: dict[str, Any], before: dict[str, Any], rule: str) -> None:
    """id, integrationId, applicationId and creationDate are as before; lastUpdated is not
    earlier (decisions 5): they belong to the server, whatever a request says."""
    same_record(response, after, {key: before[key] for key in SERVER_OWNED if key in before}, rule)
    if instant(response, after, "lastUpdated", rule) < instant(response, before, "lastUpdated", rule):
        raise Violation(rule, f"lastUpdated went back from {before['lastUpdated']} to {after['lastUpdated']}", response)


def instant(response: requests.Response, record: dict[str, Any], key: str, rule: str) -> datetime:
    """`record[key]` as an instant, or a Violation saying it is not a date-time."""
    value = record.get(key)
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise Violation(rule, f"{key} is {value!r}, not a date-time", response) from None


def deleted(response: requests.Response, rule: str) -> None:
    """DELETE answered 200 with a Success body that says {"success": true} (decisions 5)."""
    status_is(response, 200, rule)
    success = cast(dict[str, Any], conforms(response, "Success"))  # an object, by its schema
    if success.get("success") is not True:
        raise Violation(rule, f'body is {response.text[:80]!r}, not {{"success": true}}', response)


def created_none(response: requests.Response, made: list[dict[str, Any]], rule: str) -> None:
    """`made`, the integrations found carrying what refused requests carried, is empty
    (actions.find_tagged finds them)."""
    if made:
        first = made[0]
        raise Violation(
            rule,
            f"{len(made)} refused request(s) created an integration, e.g. {first.get('id')} "
            f"({first.get('name')!r:.80})",
            response,
        )
