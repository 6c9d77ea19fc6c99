"""Before any check: is this a Losant API we can use? Each problem becomes one line that
says what is wrong and how to fix it, instead of a wall of failed checks."""

from __future__ import annotations

import requests

from losant_contract.client import ApiClient, TransportError
from losant_contract.target import Target


class PreflightError(Exception):
    """The target cannot be tested; the message says why and what to change."""


def preflight(api: ApiClient, target: Target, prefix: str) -> None:
    """Reach the application, then create and delete one integration and one token."""
    try:
        _application(api, target)
        _round_trip(
            api,
            "integrations",
            target.integrations(),
            target.integration,
            {"name": f"{prefix}preflight", "integrationType": "mqtt"},
        )
        _round_trip(
            api,
            "API tokens",
            target.tokens(),
            target.token_path,
            {"name": f"{prefix}preflight token", "scope": ["integrations.get"]},
        )
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


def _round_trip(api: ApiClient, what: str, collection: str, item_path, body: dict) -> None:
    created = api.post(collection, json=body)
    if created.status_code not in (200, 201) or not _is_json_object(created) or "id" not in created.json():
        raise PreflightError(
            f"LOSANT_API_TOKEN cannot create {what} (POST {collection} answered {created.status_code}): "
            "the suite needs a token with all.Application"
        )
    removed = api.delete(item_path(created.json()["id"]))
    if removed.status_code != 200:
        raise PreflightError(
            f"LOSANT_API_TOKEN cannot delete {what} (DELETE answered {removed.status_code}); "
            f"remove {body['name']!r} by hand and use a token with all.Application"
        )


def _is_json_object(response: requests.Response) -> bool:
    try:
        return isinstance(response.json(), dict)
    except ValueError:
        return False
