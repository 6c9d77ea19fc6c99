"""Records written and read back (decisions 4 and 5): what was sent is what is stored."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import requests

from losant_contract.oracles import Violation
from losant_contract.oracles.schema import conforms, status_is

CONFIG_FIELDS = ("googlePubSubConfig", "mqttConfig", "particleConfig", "meridianConfig")
ECHOED_FIELDS = ("name", "integrationType", "topics", *CONFIG_FIELDS)
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
    """A read gives back the integration as written: ids, application, dates and echoed fields."""
    for key in ("id", "integrationId", "applicationId", "creationDate", *ECHOED_FIELDS):
        if key in written and read.get(key) != written[key]:
            raise Violation(rule, f"{key} reads {read.get(key)!r:.100}, was written as {written[key]!r:.100}", response)


def patch_applied(
    response: requests.Response, after: dict[str, Any], before: dict[str, Any], patch: dict[str, Any]
) -> None:
    """The patched fields hold their new values, the rest is unchanged, and lastUpdated did
    not go back."""
    rule = "patch applied"
    holds_fields(response, after, patch, rule)
    unchanged = {key: before[key] for key in ECHOED_FIELDS if key in before and key not in patch}
    holds_fields(response, after, unchanged, "patch keeps other fields")
    if after.get("id") != before.get("id"):
        raise Violation(rule, f"id changed from {before.get('id')!r} to {after.get('id')!r}", response)
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
    if conforms(response, "Success").get("success") is not True:
        raise Violation(rule, f'body is {response.text[:80]!r}, not {{"success": true}}', response)
