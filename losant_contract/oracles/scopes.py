"""Scope enforcement (decisions 1): a request the token may not make is refused with an
Error and has no effect. A refusal that was served, or that acted anyway, is a scope
leak: these checks raise ScopeLeak, the one kind a release must never ship."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import requests

from losant_contract.oracles import ScopeLeak
from losant_contract.oracles.errors import is_error

REFUSED = frozenset({401, 403})  #: either is compliant for a known token without the scope


def refused(response: requests.Response, rule: str, allowed: int | Iterable[int] = REFUSED) -> None:
    """Refused with an allowed status and an Error body; served (2xx) is a scope leak."""
    allowed = {allowed} if isinstance(allowed, int) else set(allowed)
    if 200 <= response.status_code < 300:
        wanted = " or ".join(str(code) for code in sorted(allowed))
        raise ScopeLeak(rule, f"expected {wanted}, got {response.status_code}: the request was served", response)
    is_error(response, allowed, rule)


def created_nothing(
    response: requests.Response, items: Iterable[dict[str, Any]], names: Iterable[str], rule: str
) -> None:
    """No listed integration carries one of `names` (compared here, exactly: never through
    the server's own filter, which may be the thing that is broken)."""
    wanted = set(names)
    made = [item for item in items if item.get("name") in wanted]
    if made:
        raise ScopeLeak(
            rule, f"{made[0].get('name')!r:.80} exists afterwards (id {made[0].get('id')}): the refusal acted", response
        )
