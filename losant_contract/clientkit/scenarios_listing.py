"""Listing scenarios: the client passes sort, filter and paging parameters as asked,
encodes them so they arrive intact, and returns the page the API answered.

Rules: reference/integrations.md#get-query-params and contract-decisions.md section 3.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from losant_contract.clientkit import seeds, sent
from losant_contract.clientkit.judging import answer, conforms_to, exchange, judging_returned, only_request
from losant_contract.clientkit.outcomes import KitError, NotSupported, ReturnedWrong, SentWrong
from losant_contract.clientkit.scenario import Scenario, scenario
from losant_contract.clientkit.stage import Stage
from losant_contract.oracles.globbing import glob_match
from losant_contract.oracles.ordering import sorted_by
from losant_contract.oracles.pagination import counts_are_consistent, walk_is_exact
from losant_contract.query import SORT_FIELDS, ListQuery


def _seed(stage: Stage) -> list[dict[str, Any]]:
    return [stage.create(body) for body in seeds.seeded()]


def _page(stage: Stage, **query: Any) -> dict[str, Any]:
    """List one page through the client and check request and value; the value."""
    call = stage.call("list_integrations", applicationId=stage.application_id, **query)
    record = only_request(call, stage.mock.admin_token, asked_query=query)
    value = call.returned()
    op = "list_integrations"
    conforms_to(value, "Integrations", op)
    listed = [item.get("id") for item in value["items"]]
    served = [item.get("id") for item in (answer(record) or {}).get("items", [])]
    if listed != served:
        raise ReturnedWrong(f"{op} returned items {listed[:3]}..., the API answered {served[:3]}...")
    with judging_returned(op):
        counts_are_consistent(exchange(record), value, ListQuery(**query))
    return dict(value)


def _sorted(field: str, direction: str, stage: Stage) -> None:
    _seed(stage)
    query = {"sortField": field, "sortDirection": direction}
    value = _page(stage, **query)
    with judging_returned("list_integrations"):
        sorted_by(
            exchange(stage.calls[-1].requests[0]), value["items"], ListQuery(sortField=field, sortDirection=direction)
        )
    if value["totalCount"] != len(seeds.NAMES):
        raise ReturnedWrong(f"totalCount is {value['totalCount']}, {len(seeds.NAMES)} integrations exist")


SORTS = tuple(
    Scenario(
        f"sort {field} {direction}",
        "listing",
        f"sortField={field}&sortDirection={direction} is sent as asked and the client returns the API's order "
        "(integrations.md#get-query-params; decisions 3: code point order, dates as instants)",
        partial(_sorted, field, direction),
    )
    for field in SORT_FIELDS
    for direction in ("asc", "desc")
)


def _filtered(stage: Stage, field: str, pattern: str) -> None:
    created = _seed(stage)
    value = _page(stage, filterField=field, filter=pattern)
    expected = {item["id"] for item in created if glob_match(pattern, item[field]) is True}
    either = {item["id"] for item in created if glob_match(pattern, item[field]) is None}
    got = {item["id"] for item in value["items"]}
    if not expected <= got <= expected | either:
        raise ReturnedWrong(
            f"filter {field}={pattern!r} returned {len(got)} integrations, {len(expected)} match the glob "
            "(is the filter sent intact?)"
        )
    if not expected:
        raise KitError(f"filter {pattern!r} matches none of the seeded names: the scenario proves nothing")


@scenario(
    "filter glob metacharacters",
    "listing",
    "A filter with ? . [ ] ( ) + ^ $ \\ | { } and * arrives intact; only * is a wildcard (decisions 3)",
)
def filter_metacharacters(stage: Stage) -> None:
    _filtered(stage, "name", "kit a.b?c[d](e)+f^g$h\\i|j{*")


@scenario(
    "filter reserved characters",
    "listing",
    "A filter with space, +, &, =, % and # is percent-encoded so it decodes to itself (RFC 3986; decisions 3)",
)
def filter_reserved(stage: Stage) -> None:
    _filtered(stage, "name", "kit a+b c&d=e%f#g")


@scenario("filter case", "listing", "Filtering is case-insensitive: 'KIT B*' finds 'kit Beta' (decisions 3)")
def filter_case(stage: Stage) -> None:
    _filtered(stage, "name", "KIT B*")


@scenario("filter unicode", "listing", "A filter with non-ASCII characters is sent as UTF-8 percent-escapes")
def filter_unicode(stage: Stage) -> None:
    _filtered(stage, "name", "*ÜNÏCØDÉ 雪")


@scenario("filter integrationType", "listing", "filterField=integrationType filters on the type (decisions 3)")
def filter_type(stage: Stage) -> None:
    _filtered(stage, "integrationType", "m*")


@scenario(
    "page through",
    "listing",
    "page and perPage are sent as asked; walking page 0, 1, ... lists each integration once, "
    "and a page past the end is empty (integrations.md#get-query-params; decisions 3)",
)
def page_through(stage: Stage) -> None:
    created = _seed(stage)
    per_page, pages = 4, []
    for number in range((len(created) + per_page - 1) // per_page + 1):  # one page past the end too
        value = _page(stage, sortField="name", page=number, perPage=per_page)
        pages.append((exchange(stage.calls[-1].requests[0]), value))
    with judging_returned("list_integrations"):
        walk_is_exact(pages, {item["id"] for item in created})
    if pages[-1][1]["items"]:
        raise ReturnedWrong(f"page {len(pages) - 1} is past the end but holds {len(pages[-1][1]['items'])} items")


@scenario(
    "walk all pages",
    "listing",
    "The client's own pager requests page 0, 1, ... with the asked sort and perPage until the last, and returns "
    "every integration once",
    capability="walk",
)
def walk_all_pages(stage: Stage) -> None:
    if "walk" not in stage.adapter.capabilities:
        raise NotSupported("walk", "the client has no pager of its own (capability 'walk' not claimed)")
    created = _seed(stage)
    query: dict[str, Any] = {"sortField": "name", "sortDirection": "desc", "perPage": 2}
    call = stage.call("walk_integrations", applicationId=stage.application_id, **query)
    value = call.returned()
    pages_needed = (len(created) + 1) // 2
    if not pages_needed <= len(call.requests) <= pages_needed + 1:
        raise SentWrong(f"the walk sent {len(call.requests)} requests, {pages_needed} pages of 2 hold everything")
    for number, record in enumerate(call.requests):
        sent.conforms(record, stage.mock.admin_token)
        sent.sent_query(record, {**query, "page": number})
    if not isinstance(value, list):
        raise ReturnedWrong(f"walk_integrations returned {type(value).__name__}, not a list of integrations")
    ids = [item.get("id") for item in value if isinstance(item, dict)]
    expected = {item["id"] for item in created}
    if len(ids) != len(set(ids)) or set(ids) != expected:
        raise ReturnedWrong(
            f"the walk returned {len(set(ids))} distinct of {len(expected)} integrations ({len(ids)} in all)"
        )


SCENARIOS = (
    *SORTS,
    filter_metacharacters,
    filter_reserved,
    filter_case,
    filter_unicode,
    filter_type,
    page_through,
    walk_all_pages,
)
