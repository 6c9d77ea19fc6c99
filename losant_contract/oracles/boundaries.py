"""Answers at the far bounds of GET Integrations (contract-decisions.md section 3): a page
past the end, however far, is a 200 with no items, count 0 and the true totalCount, and
echoes the page asked for.

Above 2**53 a JSON number has no exact reading in many languages (JavaScript's among
them): there the echoed page is held to the nearest double-precision value of the page
asked for, not to every digit, and may be written with an exponent.
"""

from __future__ import annotations

from typing import Any

import requests

from losant_contract import contracts
from losant_contract.oracles import Violation, body
from losant_contract.oracles.schema import status_is

EXACT_UP_TO = 2**53  #: integers a double holds exactly


def same_number(sent: int, echoed: Any) -> bool:
    """`echoed` is the JSON number `sent`: exactly, or (above 2**53) as the nearest double."""
    if isinstance(echoed, bool) or not isinstance(echoed, (int, float)):
        return False
    return echoed == sent or (sent > EXACT_UP_TO and float(echoed) == float(sent))


def empty_past_the_end(response: requests.Response, page: int, per_page: int, total: int) -> None:
    """200, an Integrations body, no items, count 0, totalCount `total`, page and perPage echoed."""
    rule = f"page {page} is past the end: an empty 200"
    status_is(response, 200, rule)
    listing = body(response, rule)
    if not isinstance(listing, dict):
        raise Violation(rule, f"the body is not an object: {response.text[:80]!r}", response)
    rounded = page > EXACT_UP_TO and same_number(page, listing.get("page"))
    problems = [
        line
        for line in contracts.violations("Integrations", listing)
        if not (rounded and line.startswith("page: "))  # an exponent is no integer to draft-04
    ]
    if problems:
        raise Violation("Integrations schema", problems[0], response)
    items = listing.get("items")
    if items != [] or listing.get("count") != 0:
        held = f"{len(items)} items" if isinstance(items, list) else f"items {items!r:.40}"
        raise Violation(rule, f"{held}, count {listing.get('count')!r}", response)
    if listing.get("totalCount") != total:
        raise Violation(rule, f"totalCount is {listing.get('totalCount')!r}, but {total} integrations match", response)
    if not same_number(page, listing.get("page")) or listing.get("perPage") != per_page:
        raise Violation(
            "echo of the effective query",
            f"page {listing.get('page')!r:.40} and perPage {listing.get('perPage')!r} echoed, "
            f"asked for {page} and {per_page}",
            response,
        )
