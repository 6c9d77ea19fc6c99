"""What every answer of an operation keeps, whoever asked for it: the invariants held on
every exchange the suite's client hears (in set-up, in checks, in the model, in clean-up),
not only where a check thought of them. Schemathesis' model (a set of checks applied to
every response), with the contract's semantics added.

Per answer (`breaches`):
  schema         a 2xx body validates against its documented schema, as decided
  error body     every 4xx carries an Error body with string type and message
  no 5xx         no request, however malformed, gets a 5xx (502/503/504 are the transport's)
  and, for a 200 of GET Integrations whose query has one reading:
  own items      every listed item belongs to the application in the path (else a scope leak)
  page counts    count, totalCount and the items agree with page and perPage
  echo           the echo shows the effective query
  filter         every listed item matches the filter that was applied

Across answers (losant_contract.counts): right after the run creates or deletes an
integration, the next listing of its own names counts it.

Pure: no pytest, no I/O. Each breach is a Violation of the kind its rule says, carrying the
exchange, and names its invariant (a stable name: a run reports each one once).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests

from losant_contract import contracts, drift
from losant_contract.client import NO_VERDICT_STATUSES
from losant_contract.oracles import ServerError, Violation
from losant_contract.oracles.globbing import matches_filter
from losant_contract.oracles.isolation import lists_only_its_own
from losant_contract.oracles.pagination import counts_are_consistent, echoes_query
from losant_contract.oracles.schema import conforms
from losant_contract.query import FILTER_FIELDS, SORT_FIELDS, ListQuery

SCHEMA, ERROR_BODY, NO_5XX = "schema", "error body", "no 5xx"
OWN_ITEMS, PAGE_COUNTS, ECHO, FILTER = "own items", "page counts", "echo", "filter"
WRITE_COUNTS = "counts follow writes"
#: Every invariant, in the order a reader meets them.
NAMES = (SCHEMA, ERROR_BODY, NO_5XX, OWN_ITEMS, PAGE_COUNTS, ECHO, FILTER, WRITE_COUNTS)
LIST = "GET /applications/{applicationId}/integrations"
_DIGITS = re.compile(r"[0-9]+")
#: Unicode's White_Space: a value of only these may count as blank (decisions 3).
_WHITE_SPACE = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
)


@dataclass(frozen=True)
class Breach:
    """One invariant an answer broke."""

    invariant: str  # one of NAMES
    violation: Violation


def breaches(response: requests.Response, made_here: Collection[str] = ()) -> list[Breach]:
    """Every invariant this answer breaks (at most one breach per invariant). `made_here`:
    ids of integrations the run made in the application of the path (an own item with a
    wrong applicationId is a wrong field, not another application's item)."""
    request = response.request
    op = drift.operation(request.method or "", urlsplit(request.url or "").path)
    status = response.status_code
    if op is None or status == 429 or status in NO_VERDICT_STATUSES or 300 <= status < 400:
        return []  # not an operation of the contract, or the transport's business
    answer = _Answer(op, response, _listed(op, response), made_here)
    found: list[Breach] = []
    for invariant, held in _HELD:
        try:
            held(answer)
        except Violation as violation:
            found.append(Breach(invariant, violation))
    return found


@dataclass(frozen=True)
class _Answer:
    op: drift.Operation
    response: requests.Response
    #: For a usable 200 of GET Integrations: (application id, listing, the query's one reading).
    listed: tuple[str, dict[str, Any], ListQuery | None] | None
    made_here: Collection[str]


def _no_5xx(answer: _Answer) -> None:
    response = answer.response
    if response.status_code >= 500:
        raise ServerError("no 5xx", f"server error {response.status_code}: {response.text[:120]!r}", response)


def _error_body(answer: _Answer) -> None:
    response = answer.response
    if not 400 <= response.status_code < 500:
        return
    parsed = conforms(response, "Error")
    for key in ("type", "message"):
        if not isinstance(parsed.get(key) if isinstance(parsed, dict) else None, str):
            raise Violation("Error body on every 4xx", f"{key!r} is missing or not a string: {parsed!r:.120}", response)


def _schema(answer: _Answer) -> None:
    if 200 <= answer.response.status_code < 300:
        name = _success_schema(answer.op.name, answer.response.status_code)
        if name is not None:
            conforms(answer.response, name)


def _own_items(answer: _Answer) -> None:
    if answer.listed is not None:
        lists_only_its_own(answer.response, answer.listed[1]["items"], answer.listed[0], answer.made_here)


def _page_counts(answer: _Answer) -> None:
    if answer.listed is not None and answer.listed[2] is not None:
        counts_are_consistent(answer.response, answer.listed[1], answer.listed[2])


def _echo(answer: _Answer) -> None:
    if answer.listed is not None and answer.listed[2] is not None:
        echoes_query(answer.response, answer.listed[1], answer.listed[2], answer.listed[0])


def _filter(answer: _Answer) -> None:
    if answer.listed is not None and answer.listed[2] is not None:
        matches_filter(answer.response, answer.listed[1]["items"], answer.listed[2])


_HELD: tuple[tuple[str, Callable[[_Answer], None]], ...] = (
    (NO_5XX, _no_5xx),
    (ERROR_BODY, _error_body),
    (SCHEMA, _schema),
    (OWN_ITEMS, _own_items),
    (PAGE_COUNTS, _page_counts),
    (ECHO, _echo),
    (FILTER, _filter),
)


def _listed(op: drift.Operation, response: requests.Response) -> tuple[str, dict[str, Any], ListQuery | None] | None:
    """(application id, listing, the query's one reading or None) of a 200 Integrations
    listing whose body is usable; None for any other answer (the schema invariant judges it)."""
    if op.name != LIST or response.status_code != 200:
        return None
    try:
        listing = json.loads(response.content)
    except ValueError:
        return None
    if not isinstance(listing, dict) or not isinstance(listing.get("items"), list):
        return None
    url = urlsplit(response.request.url or "")
    return application_of(url.path), listing, effective_query(parse_qsl(url.query, keep_blank_values=True))


def effective_query(pairs: list[tuple[str, str]]) -> ListQuery | None:
    """The query an accepted request asked for, read as the decisions read it: blank (or, since
    it was accepted, White_Space only) is sent blank, which means the default; ASC/DESC are the
    directions. None where an accepted value has no single reading (another spelling of a
    number, a repeated name, a filter of White_Space only: blank, or a pattern of itself)."""
    values: dict[str, str] = {}
    for name, value in pairs:
        if name in values:
            return None
        blank = all(char in _WHITE_SPACE for char in value)
        if blank and value and name == "filter":
            return None
        values[name] = "" if blank else value
    numbers = [values.get("page", ""), values.get("perPage", "")]
    if any(number and not _DIGITS.fullmatch(number) for number in numbers):
        return None
    sort_field, direction = values.get("sortField", ""), values.get("sortDirection", "")
    filter_field = values.get("filterField", "")
    if (sort_field and sort_field not in SORT_FIELDS) or (filter_field and filter_field not in FILTER_FIELDS):
        return None
    if direction and direction.lower() not in ("asc", "desc"):
        return None
    return ListQuery(
        sortField=values.get("sortField"),
        sortDirection=values.get("sortDirection"),
        page=values.get("page"),
        perPage=values.get("perPage"),
        filterField=values.get("filterField"),
        filter=values.get("filter"),
    )


@cache
def _success_schema(operation: str, status: int) -> str | None:
    """The contract schema an operation's documented `status` answer carries, by name."""
    method, template = operation.split(" ", 1)
    spec = contracts.openapi()["paths"].get(template, {}).get(method.lower(), {})
    ref = spec.get("responses", {}).get(str(status), {}).get("content", {}).get("application/json", {})
    component = ref.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1].replace("Api", "API")
    return next((name for name in contracts.SCHEMA_FILES if name.replace(" ", "") == component), None)


def application_of(path: str) -> str:
    """The application id of an /applications/{id}/... path ("" for any other)."""
    parts = path.strip("/").split("/")
    return parts[parts.index("applications") + 1] if "applications" in parts[:-1] else ""
