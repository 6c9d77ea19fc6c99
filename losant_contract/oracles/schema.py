"""Schema conformance: the body validates against the documented schema."""

from __future__ import annotations

from typing import Any

import requests

from losant_contract import contracts
from losant_contract.oracles import ServerError, Violation, body


def conforms(response: requests.Response, schema_name: str) -> Any:
    """The body is JSON that validates against `schema_name`; returns the parsed body."""
    content_type = response.headers.get("Content-Type", "")
    if "json" not in content_type.lower():
        raise Violation(f"{schema_name} schema", f"Content-Type is {content_type!r}, not JSON", response)
    parsed = body(response, f"{schema_name} schema")
    problems = contracts.violations(schema_name, parsed)
    if problems:
        more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
        raise Violation(f"{schema_name} schema", problems[0] + more, response)
    return parsed


def status_is(response: requests.Response, allowed: int | set[int], rule: str) -> None:
    """The status code is one the contract allows here (a 5xx instead is a server error)."""
    allowed = {allowed} if isinstance(allowed, int) else allowed
    if response.status_code not in allowed:
        wanted = " or ".join(str(code) for code in sorted(allowed))
        detail = response.text[:120].replace("\n", " ")
        failure = ServerError if response.status_code >= 500 else Violation
        raise failure(rule, f"expected {wanted}, got {response.status_code}: {detail}", response)
