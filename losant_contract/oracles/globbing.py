"""Filter semantics (decisions 3): an anchored, case-insensitive glob where `*` is the
only wildcard and every other character, `?` `[` `.` `\\` included, matches itself."""

from __future__ import annotations

from typing import Any

import requests

from losant_contract.oracles import Violation
from losant_contract.query import ListQuery

# Case folding is not one thing in Unicode ("ß" lowers to itself but folds to "ss").
# Where the usual foldings disagree, a correct server may go either way.
_FOLDINGS = (str.lower, str.casefold, lambda s: s.upper().lower())


def glob_match(pattern: str, value: str) -> bool | None:
    """Whether `value` matches `pattern`; None where Unicode case folding leaves it open."""
    verdicts = {_wildcard_match(fold(pattern), fold(value)) for fold in _FOLDINGS}
    return verdicts.pop() if len(verdicts) == 1 else None


def _wildcard_match(pattern: str, value: str) -> bool:
    """Anchored match where `*` matches any run of characters, including none."""
    parts = pattern.split("*")
    if len(parts) == 1:
        return pattern == value
    head, *middle, tail = parts
    if not value.startswith(head) or not value.endswith(tail) or len(head) + len(tail) > len(value):
        return False
    position, end = len(head), len(value) - len(tail)
    for part in middle:
        found = value.find(part, position, end)
        if found < 0:
            return False
        position = found + len(part)
    return True


def matches_filter(response: requests.Response, items: list[dict[str, Any]], query: ListQuery) -> None:
    """Every listed item matches the filter, when filtering applies."""
    if not query.filtering or query.filterField is None or query.filter is None:
        return
    rule = f"filter {query.filterField}={query.filter!r}"
    for item in items:
        value = item.get(query.filterField)
        if not isinstance(value, str) or glob_match(query.filter, value) is False:
            raise Violation(
                rule,
                f"listed item {item.get('id')} has {query.filterField} {value!r:.80}, which does not match",
                response,
            )


def lists_all(response: requests.Response, items: list[dict[str, Any]], expected: dict[str, str], rule: str) -> None:
    """Every id in `expected` (id -> name, for the message) is among `items`."""
    listed = {item.get("id") for item in items}
    missing = [name for ident, name in expected.items() if ident not in listed]
    if missing:
        raise Violation(rule, f"{len(missing)} expected item(s) missing, e.g. {missing[0]!r:.80}", response)


def lists_none_of(
    response: requests.Response, items: list[dict[str, Any]], excluded: dict[str, str], rule: str
) -> None:
    """No id in `excluded` (id -> name) is among `items`."""
    present = [excluded[item["id"]] for item in items if item.get("id") in excluded]
    if present:
        raise Violation(rule, f"{len(present)} item(s) listed that should not be, e.g. {present[0]!r:.80}", response)


def same_listing(
    response: requests.Response,
    unfiltered: tuple[int, list[dict[str, Any]]],
    filtered: tuple[int, list[dict[str, Any]]],
    rule: str,
) -> None:
    """A filter that matches every value lists and counts exactly what no filter does:
    (totalCount, every item of every page) of each."""
    (total, items), (filtered_total, filtered_items) = unfiltered, filtered
    if filtered_total != total:
        raise Violation(rule, f"totalCount is {filtered_total}, without the filter {total}", response)
    missing = {item.get("id") for item in items} - {item.get("id") for item in filtered_items}
    if missing:
        name = next(item.get("name") for item in items if item.get("id") in missing)
        raise Violation(
            rule, f"{len(missing)} item(s) listed without the filter are missing, e.g. {name!r:.80}", response
        )
