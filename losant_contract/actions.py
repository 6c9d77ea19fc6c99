"""The few API actions every suite repeats, each in one place: list a page, walk all
pages, create an integration through the ledger. No verdicts here beyond "this answer
can be read at all"; the oracles judge."""

from __future__ import annotations

from typing import Any

import requests

from losant_contract.client import ApiClient
from losant_contract.ledger import Ledger
from losant_contract.oracles.schema import conforms, status_is
from losant_contract.query import ListQuery
from losant_contract.target import Target

MAX_PAGES = 200  # a walk longer than this is itself a pagination failure


def own(prefix: str, **params: Any) -> ListQuery:
    """A query restricted to one run's integrations, so a check holds beside other data."""
    return ListQuery(filterField="name", filter=f"{prefix}*", **params)


def list_page(
    api: ApiClient, target: Target, query: ListQuery, **kwargs: Any
) -> tuple[requests.Response, dict[str, Any]]:
    """GET Integrations with `query`; the answer must be 200 and an Integrations body."""
    response = api.get(target.integrations(), params=query.params(), **kwargs)
    status_is(response, 200, "GET Integrations")
    return response, conforms(response, "Integrations")


def walk(api: ApiClient, target: Target, query: ListQuery) -> list[tuple[requests.Response, dict[str, Any]]]:
    """Every page of `query` from page 0 until a page comes back short or empty."""
    pages = []
    for page in range(MAX_PAGES):
        response, listing = list_page(api, target, query.with_page(page))
        pages.append((response, listing))
        if len(listing.get("items", [])) < query.per_page:
            return pages
    return pages


def create(api: ApiClient, target: Target, ledger: Ledger, body: Any, **kwargs: Any) -> requests.Response:
    """POST Integrations; anything the server says it created goes into the ledger, even
    when the suite expected a refusal, so nothing is left behind."""
    response = api.post(target.integrations(), **({"json": body} if "data" not in kwargs else {}), **kwargs)
    if response.status_code in (200, 201):
        try:
            created = response.json()
        except ValueError:
            created = None
        if isinstance(created, dict) and isinstance(created.get("id"), str):
            ledger.created_integration(created["id"], str(created.get("name")))
    return response
