"""Sort order of a listing (decisions 3): strings by code point, dates as instants."""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise
from typing import Any

import requests

from losant_contract.oracles import Violation
from losant_contract.query import DATE_FIELDS, ListQuery


def sort_key(field: str, item: dict[str, Any]) -> Any:
    """The value `item` is ordered by under `field` (a datetime for dates, else the string)."""
    value = item.get(field)
    if field in DATE_FIELDS and isinstance(value, str):
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value


def sorted_by(response: requests.Response, items: list[dict[str, Any]], query: ListQuery) -> None:
    """Each item is not before its predecessor in the asked field and direction."""
    field, descending = query.sort_field, query.sort_direction == "desc"
    rule = f"sorted by {field} {query.sort_direction}"
    keys: list[Any] = []  # all str or all datetime: the field decides
    for item in items:
        key = sort_key(field, item)
        if not isinstance(key, (str, datetime)):
            raise Violation(rule, f"item {item.get('id')} has no usable {field}: {key!r}", response)
        keys.append(key)
    for position, (before, after) in enumerate(pairwise(keys)):
        if (after > before) if descending else (after < before):
            raise Violation(
                rule,
                f"item {position + 1} ({_show(before)}) comes before item {position + 2} ({_show(after)})",
                response,
            )


def _show(key: Any) -> str:
    return key.isoformat() if isinstance(key, datetime) else repr(key)[:60]


def reverses(
    response: requests.Response, ascending: list[dict[str, Any]], descending: list[dict[str, Any]], field: str
) -> None:
    """desc lists the sort values of asc in reverse (ties may reorder, values may not)."""
    up = [sort_key(field, item) for item in ascending]
    down = [sort_key(field, item) for item in descending]
    if down != up[::-1]:
        raise Violation(f"sortDirection=desc on {field}", "the desc listing is not the asc listing reversed", response)
