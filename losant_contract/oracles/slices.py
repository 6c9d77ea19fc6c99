"""A page is its slice of the expected order (decisions 3): page p of perPage k holds
positions [p*k, (p+1)*k) of the matching integrations sorted as asked (strings by code point,
dates as instants). Items with equal sort values may come in any order, stable across pages,
so what is compared is what the decisions fix: the sort value at every position, that every
item is one of those that match, and that no item is listed twice among the pages of one
perPage."""

from __future__ import annotations

from typing import Any

import requests

from losant_contract.oracles import Violation
from losant_contract.oracles.ordering import sort_key
from losant_contract.query import ListQuery

Page = tuple[requests.Response, dict[str, Any], ListQuery]


def expected_order(records: list[dict[str, Any]], field: str, direction: str) -> list[Any]:
    """The sort values of `records` by `field` in `direction` ("asc" or "desc"), in order."""
    keys = sorted(sort_key(field, record) for record in records)
    return keys[::-1] if direction == "desc" else keys


def is_its_slice(
    response: requests.Response, listing: dict[str, Any], query: ListQuery, records: list[dict[str, Any]]
) -> list[str]:
    """The page holds exactly its slice of `records` (all that the query matches) in the
    query's order: as many items as the slice, each one of `records` (by id), each with the
    sort value (as `records` hold it) that its position has; count is the number of items
    and totalCount the number of records. Returns the listed ids, in order."""
    field, direction = query.sort_field, query.sort_direction
    rule = f"page {query.page_number} of perPage {query.per_page} by {field} {direction}"
    items, count, total = listing.get("items"), listing.get("count"), listing.get("totalCount")
    if not isinstance(items, list):
        raise Violation(rule, "the listing has no items", response)
    if total != len(records):
        raise Violation(rule, f"totalCount is {total!r}, but {len(records)} integrations match", response)
    if count != len(items):
        raise Violation(rule, f"count is {count!r} but the page holds {len(items)} items", response)
    start = query.page_number * query.per_page
    wanted = expected_order(records, field, direction)[start : start + query.per_page]
    if len(items) != len(wanted):
        raise Violation(rule, f"holds {len(items)} items, its slice of {len(records)} holds {len(wanted)}", response)
    by_id = {record["id"]: record for record in records}
    ids: list[str] = []
    for position, (item, key) in enumerate(zip(items, wanted, strict=True), start=start):
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, str) or ident not in by_id:
            raise Violation(rule, f"item {position} ({ident!r:.40}) is not one of the matching integrations", response)
        got = sort_key(field, by_id[ident])
        if got != key:
            raise Violation(
                rule, f"item {position} ({ident}) has {field} {_show(got)}; the order puts {_show(key)} there", response
            )
        ids.append(ident)
    return ids


def pages_are_slices(pages: list[Page], records: list[dict[str, Any]]) -> None:
    """Each page (of one sortField, sortDirection and perPage) is its slice of `records`
    (is_its_slice), and no integration is on two of them, nor twice on one: ties stable
    across pages. Pages that together hold every position list every record once."""
    seen: dict[str, int] = {}
    for response, listing, query in pages:
        for ident in is_its_slice(response, listing, query, records):
            if ident in seen:
                raise Violation(
                    f"perPage {query.per_page} by {query.sort_field} {query.sort_direction}",
                    f"item {ident} is listed on page {seen[ident]} and again on page {query.page_number}",
                    response,
                )
            seen[ident] = query.page_number


def _show(key: Any) -> str:
    return key.isoformat() if hasattr(key, "isoformat") else repr(key)[:60]
