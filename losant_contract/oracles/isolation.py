"""Isolation between applications (OWASP API Security Top 10, API1: broken object-level
authorisation; contract-decisions.md sections 1 and 2): an integration, or an API token,
is reached only through its own application.

Through another application's path a request is refused: 401 or 403 where the token does
not reach that application, 404 where it does (the item is not in it), and it has no
effect. Served, or refused yet acting, is a scope leak: an authorisation failure, which
is why these checks raise ScopeLeak and never plain contract drift.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, cast

import requests

from losant_contract.oracles import ScopeLeak, Violation
from losant_contract.oracles.records import HELD_FIELDS
from losant_contract.oracles.schema import conforms, status_is

NOT_IN_IT = frozenset({404})  #: the token reaches the application; the item is not there
NOT_IN_IT_OR_REFUSED = frozenset({401, 403, 404})  #: the token need not reach the application


def untouched(response: requests.Response, before: dict[str, Any], rule: str) -> None:
    """GET Integration through its own application (`response`) answers the integration
    exactly as it was read before (`before`): every field, lastUpdated included
    (records.HELD_FIELDS)."""
    if response.status_code == 404:
        raise ScopeLeak(rule, "the integration is gone: a request through another application deleted it", response)
    status_is(response, 200, rule)
    read = cast(dict[str, Any], conforms(response, "Integration"))  # an object, by its schema
    changed = [key for key in HELD_FIELDS if read.get(key) != before.get(key)]
    if changed:
        first = changed[0]
        raise ScopeLeak(
            rule,
            f"{', '.join(changed)} changed by a request through another application "
            f"({first}: {before.get(first)!r:.60} -> {read.get(first)!r:.60})",
            response,
        )


def still_authenticates(response: requests.Response, rule: str) -> None:
    """A request made with the token is still served: a DELETE through another application
    did not remove it."""
    if response.status_code in (401, 403):
        raise ScopeLeak(rule, "the token no longer works: a DELETE through another application removed it", response)
    status_is(response, 200, rule)


def lists_only_its_own(
    response: requests.Response, items: list[Any], application_id: str, made_here: Collection[str] = ()
) -> None:
    """Every item a listing through an application's path holds is that application's
    integration. Another application's, listed there, is a cross-tenant leak; but where one
    the run made in this application (`made_here`, by id) shows another applicationId, the
    field is wrong on every item alike, which is contract drift, not a leak."""
    strangers = [item for item in items if isinstance(item, dict) and item.get("applicationId") != application_id]
    if not strangers:
        return
    made_wrong = next((item for item in strangers if item.get("id") in made_here), None)
    if made_wrong is not None:
        raise Violation(
            "an integration's applicationId is its application's",
            f"{made_wrong.get('id')}, made in {application_id}, shows applicationId "
            f"{made_wrong.get('applicationId')!r:.40}",
            response,
        )
    item = strangers[0]
    raise ScopeLeak(
        "a listing holds only the application's integrations",
        f"item {item.get('id')} of application {item.get('applicationId')!r:.40} is listed under {application_id}",
        response,
    )
