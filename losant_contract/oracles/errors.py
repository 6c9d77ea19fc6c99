"""Error answers: the right 4xx with a JSON Error body carrying type and message."""

from __future__ import annotations

import requests

from losant_contract.oracles import ServerError, Violation
from losant_contract.oracles.schema import conforms, status_is


def is_error(response: requests.Response, allowed: int | set[int], rule: str) -> None:
    """Status in `allowed`, and an Error body with string `type` and `message` (decisions 6)."""
    no_server_error(response)
    status_is(response, allowed, rule)
    parsed = conforms(response, "Error")
    for key in ("type", "message"):
        if not isinstance(parsed.get(key), str):
            raise Violation("Error body", f"{key!r} is missing or not a string: {parsed!r:.120}", response)


def no_server_error(response: requests.Response) -> None:
    """No request, however malformed, gets a 5xx (decisions 6)."""
    if response.status_code >= 500:
        raise ServerError("no 5xx", f"server error {response.status_code}: {response.text[:120]!r}", response)
