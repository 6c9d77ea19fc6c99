"""Before any check: is this a Losant API the suite can use, and do its first answers keep
the contract?

Two different outcomes, never confused. What makes the target untestable (no answer, a
token refused with 401/403, an unknown application, not a Losant API) is a PreflightError:
one line that names the setting to fix, and no check runs. What the API answers wrongly
once it has accepted the request (a 201 without an id, a DELETE that is not 200 Success, a
5xx) is the API's fault, not the settings': preflight returns it as a Violation, and the
suite reports it as a failed check like any other, with its exchange and curl line.

A redirect is a set-up error too (it is never followed: the token would go with it), and
so is a request the guard refused. The lines are redacted as they are made: pytest prints
them itself, and they can quote what the target sent (a Content-Type, a Location).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import requests

from losant_contract import redact
from losant_contract.client import ApiClient, Redirected, TransportError
from losant_contract.guard import RefusedTarget
from losant_contract.oracles import Violation
from losant_contract.oracles.records import deleted
from losant_contract.oracles.schema import conforms, status_is
from losant_contract.target import Target
from losant_contract.vocabulary import Kind

#: Refusals that say the token, not the API, is wrong.
PERMISSION_STATUSES = frozenset({401, 403})


class PreflightError(Exception):
    """The target cannot be tested; the message says why and which setting to change."""

    kind = Kind.SETUP

    def __init__(self, message: str) -> None:
        super().__init__(redact.text(message))


def preflight(api: ApiClient, target: Target, prefix: str) -> list[Violation]:
    """Reach the application, then create and delete one integration and one token.
    Raises PreflightError when the target is unusable; returns what broke the contract."""
    try:
        _application(api, target)
        broken = _round_trip(
            api,
            "integrations",
            target.integrations(),
            target.integration,
            {"name": f"{prefix}preflight", "integrationType": "mqtt"},
            "Integration",
        )
        return broken + _round_trip(
            api,
            "API tokens",
            target.tokens(),
            target.token_path,
            {"name": f"{prefix}preflight token", "scope": ["integrations.get"]},
            "API Token",
        )
    except RefusedTarget as error:
        raise PreflightError(str(error)) from None
    except Redirected as error:
        raise PreflightError(
            f"LOSANT_API_URL answers with a redirect ({error.status} to {error.location[:200]!r}), which the suite "
            "does not follow (the token would go with it): set LOSANT_API_URL to where it leads, if you trust it"
        ) from None
    except TransportError as error:
        raise PreflightError(f"cannot reach {target.url}: {error}; check LOSANT_API_URL and the network") from None


def _application(api: ApiClient, target: Target) -> None:
    response = api.get(target.application())
    where = f"{target.url}{target.application()}"
    if response.status_code == 401:
        raise PreflightError(f"LOSANT_API_TOKEN was rejected (401 from {where}): paste a current token")
    if response.status_code == 403:
        raise PreflightError(
            f"LOSANT_API_TOKEN may not read application {target.application_id} (403): it needs all.Application"
        )
    if response.status_code == 404:
        raise PreflightError(
            f"application {target.application_id} was not found at {target.url} (404): check LOSANT_APPLICATION_ID"
        )
    if response.status_code != 200 or not _is_json_object(response):
        raise PreflightError(
            f"{where} answered {response.status_code} {response.headers.get('Content-Type', '')!r}, "
            "not a Losant application: check LOSANT_API_URL"
        )


def _round_trip(
    api: ApiClient,
    what: str,
    collection: str,
    item_path: Callable[[str], str],
    body: dict[str, Any],
    schema_name: str,
) -> list[Violation]:
    """POST then DELETE one `what`: a refusal is the token's fault, a wrong answer the API's."""
    created = api.post(collection, json=body)
    if created.status_code in PERMISSION_STATUSES or created.status_code == 404:
        raise PreflightError(
            f"LOSANT_API_TOKEN cannot create {what} (POST {collection} answered {created.status_code}): "
            "the suite needs a token with all.Application"
        )
    try:
        status_is(created, 201, f"POST {what} (preflight)")
        record = conforms(created, schema_name)
        if not isinstance(record, dict) or not isinstance(record.get("id"), str):
            raise Violation(f"POST {what} (preflight)", "the created resource has no id", created)
    except Violation as broken:
        return [broken]  # nothing to delete by id: the run's clean-up sweeps by prefix
    removed = api.delete(item_path(record["id"]))
    if removed.status_code in PERMISSION_STATUSES:
        raise PreflightError(
            f"LOSANT_API_TOKEN cannot delete {what} (DELETE answered {removed.status_code}); "
            f"remove {body['name']!r} by hand and use a token with all.Application"
        )
    try:
        deleted(removed, f"DELETE {what} just created (preflight)")
    except Violation as broken:
        return [broken]
    return []


def _is_json_object(response: requests.Response) -> bool:
    try:
        return isinstance(response.json(), dict)
    except ValueError:
        return False
