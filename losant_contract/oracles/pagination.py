"""Pagination and echo (decisions 3): the page is the slice [page*perPage, (page+1)*perPage)
of the matching collection; count and totalCount say so; the effective query is echoed."""

from __future__ import annotations

from typing import Any

import requests

from losant_contract.oracles import Violation
from losant_contract.query import ListQuery


def echoes_query(response: requests.Response, listing: dict[str, Any], query: ListQuery, application_id: str) -> None:
    """sortField, sortDirection, page, perPage, applicationId echo the effective values (the
    direction may also be echoed as sent), and filterField/filter the filter when it applied."""
    expected: dict[str, set[Any]] = {
        "sortField": {query.sort_field},
        # Decisions 3: sortDirection may be echoed as sent (ASC, DESC, or "" when blank).
        "sortDirection": {query.sort_direction} | ({query.sortDirection} if query.sortDirection is not None else set()),
        "page": {query.page_number},
        "perPage": {query.per_page},
        "applicationId": {application_id},
    }
    if query.filtering:
        expected.update(filterField={query.filterField}, filter={query.filter})
    for key, allowed in expected.items():
        if listing.get(key) not in allowed:
            wanted = " or ".join(repr(value) for value in sorted(allowed, key=str))
            raise Violation(
                "echo of the effective query", f"{key} is {listing.get(key)!r}, expected {wanted}", response
            )


def page_fits(response: requests.Response, listing: dict[str, Any], query: ListQuery) -> None:
    """A page never holds more items than perPage, and its totalCount is a count."""
    items, total = listing.get("items"), listing.get("totalCount")
    if not isinstance(items, list) or not isinstance(total, int) or isinstance(total, bool) or total < 0:
        raise Violation("count and totalCount", f"items or totalCount unusable: totalCount {total!r}", response)
    if len(items) > query.per_page:
        raise Violation(
            "page size", f"page {query.page_number} holds {len(items)} items, perPage is {query.per_page}", response
        )


def repeats_no_page(response: requests.Response, before: dict[str, Any], listing: dict[str, Any]) -> None:
    """The next page is not the previous one again (a server that ignores `page`)."""
    ids = [item.get("id") for item in listing["items"]]
    if ids and ids == [item.get("id") for item in before["items"]]:
        raise Violation("walking all pages", f"page {listing.get('page')!r} repeats the page before it", response)


def counts_are_consistent(response: requests.Response, listing: dict[str, Any], query: ListQuery) -> None:
    """count is the number of items, and the page holds exactly its share of totalCount."""
    items, count, total = listing.get("items"), listing.get("count"), listing.get("totalCount")
    rule = "count and totalCount"
    if not isinstance(items, list) or not isinstance(count, int) or not isinstance(total, int):
        raise Violation(rule, "items, count or totalCount is missing", response)
    if count != len(items):
        raise Violation(rule, f"count is {count} but the page holds {len(items)} items", response)
    start = query.page_number * query.per_page
    expected = max(0, min(query.per_page, total - start))
    if len(items) != expected:
        raise Violation(
            rule,
            f"page {query.page_number} of {query.per_page} with totalCount {total} should hold "
            f"{expected} items, holds {len(items)}",
            response,
        )


def walk_is_exact(
    pages: list[tuple[requests.Response, dict[str, Any]]], expected_ids: set[str]
) -> list[dict[str, Any]]:
    """Walking every page yields each expected integration exactly once and nothing else;
    totalCount is the same on every page. Returns the items in listed order."""
    rule = "walking all pages"
    seen: list[dict[str, Any]] = []
    ids: set[str] = set()
    totals = {listing.get("totalCount") for _, listing in pages}
    last = pages[-1][0]
    if len(totals) != 1:
        raise Violation(rule, f"totalCount changes between pages: {sorted(map(str, totals))}", last)
    for response, listing in pages:
        for item in listing["items"]:
            if item.get("id") in ids:
                raise Violation(rule, f"item {item.get('id')} ({item.get('name')!r:.60}) is listed twice", response)
            ids.add(item.get("id"))
            seen.append(item)
    if ids != expected_ids:
        missing, extra = expected_ids - ids, ids - expected_ids
        raise Violation(rule, f"{len(missing)} expected item(s) never listed, {len(extra)} unexpected", last)
    if totals != {len(expected_ids)}:
        raise Violation(rule, f"totalCount is {totals.pop()}, but {len(expected_ids)} items match", last)
    return seen


def total_is(response: requests.Response, listing: dict[str, Any], expected: int) -> None:
    """totalCount counts every match on all pages."""
    if listing.get("totalCount") != expected:
        raise Violation("totalCount", f"is {listing.get('totalCount')!r}, but {expected} integrations match", response)
