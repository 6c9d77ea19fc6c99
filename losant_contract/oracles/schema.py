"""Schema conformance: the body validates against the documented schema."""

from __future__ import annotations

import threading
from typing import Any
from weakref import WeakKeyDictionary

import requests

from losant_contract import contracts
from losant_contract.oracles import ServerError, Violation, body

#: response -> schema name -> its problems: an answer is validated once, though the
#: invariants held on every answer and the check that asked for it both look at it.
_VALIDATED: WeakKeyDictionary[requests.Response, dict[str, list[str]]] = WeakKeyDictionary()
_LOCK = threading.Lock()


def conforms(response: requests.Response, schema_name: str) -> Any:
    """The body is JSON that validates against `schema_name`; returns the parsed body."""
    content_type = response.headers.get("Content-Type", "")
    if "json" not in content_type.lower():
        raise Violation(f"{schema_name} schema", f"Content-Type is {content_type!r}, not JSON", response)
    parsed = body(response, f"{schema_name} schema")
    with _LOCK:
        problems = _VALIDATED.get(response, {}).get(schema_name)
    if problems is None:
        problems = contracts.violations(schema_name, parsed)
        with _LOCK:
            _VALIDATED.setdefault(response, {})[schema_name] = problems
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
