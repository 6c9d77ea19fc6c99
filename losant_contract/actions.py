"""The few API actions every suite repeats, each in one place: list a page, walk all
pages, create an integration through the ledger, find what refused requests made anyway.
No verdicts here beyond "this answer can be read at all" and "this walk can end"; the
oracles judge the rest."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

import requests

from losant_contract.client import ApiClient
from losant_contract.ledger import Ledger
from losant_contract.oracles.pagination import page_fits, repeats_no_page
from losant_contract.oracles.schema import conforms, status_is
from losant_contract.query import ListQuery
from losant_contract.target import Target

T = TypeVar("T")


def own(prefix: str, **params: Any) -> ListQuery:
    """A query restricted to one run's integrations, so a check holds beside other data."""
    return ListQuery(filterField="name", filter=f"{prefix}*", **params)


def list_page(
    api: ApiClient, target: Target, query: ListQuery, **kwargs: Any
) -> tuple[requests.Response, dict[str, Any]]:
    """GET Integrations with `query`; the answer must be 200 and an Integrations body."""
    response = api.get(target.integrations(), params=query.params(), **kwargs)
    status_is(response, 200, "GET Integrations")
    return response, cast(dict[str, Any], conforms(response, "Integrations"))  # an object, by its schema


def walk(
    api: ApiClient, target: Target, query: ListQuery, **kwargs: Any
) -> list[tuple[requests.Response, dict[str, Any]]]:
    """Every page of `query` from page 0 until a page comes back short, or the last page by
    page 0's totalCount (a wrong totalCount shows as items missing or counted wrong). A page
    longer than perPage, or one that repeats the page before, fails at once: against a
    server that ignores paging, a walk must end in a verdict, not in minutes. Once page 0
    has told the last page, the next pages are fetched a few at a time (api.concurrently)
    and judged in order, exactly as one by one: a page past the end is never judged.
    `kwargs` go with every request (a token, say)."""
    pages: list[tuple[requests.Response, dict[str, Any]]] = []
    last_page, page = None, 0
    while True:
        batch = [page] if last_page is None else list(range(page, min(page + api.concurrency, last_page + 1)))
        fetched = api.concurrently(
            [
                functools.partial(_attempt, functools.partial(list_page, **kwargs), api, target, query.with_page(n))
                for n in batch
            ]
        )
        for number, outcome in zip(batch, fetched, strict=True):
            if isinstance(outcome, BaseException):
                raise outcome  # where a serial walk would have raised it
            response, listing = outcome
            page_fits(response, listing, query.with_page(number))
            if last_page is None:
                last_page = max(0, -(-int(listing["totalCount"]) // query.per_page) - 1)
            if pages:
                repeats_no_page(response, pages[-1][1], listing)
            pages.append((response, listing))
            if len(listing["items"]) < query.per_page or number == last_page:
                return pages
        page = batch[-1] + 1


def _attempt(call: Callable[..., T], *args: Any) -> T | Exception:
    """What `call` returned or raised, so a batch's outcomes can be judged in order."""
    try:
        return call(*args)
    except Exception as error:
        return error


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


def find_tagged(
    api: ApiClient, target: Target, ledger: Ledger, tags: set[str]
) -> tuple[requests.Response, list[dict[str, Any]]]:
    """Every integration whose name, or one of whose topics, is one of `tags`: each page of
    the whole collection read and compared here, exactly, never through the server's own
    filter (which may be what is broken). What is found goes into the ledger, so what a
    refused request made anyway is deleted at the end. Returns the last page's response."""
    pages = walk(api, target, ListQuery())
    found = []
    for _, listing in pages:
        for item in listing["items"]:
            topics = item.get("topics")
            texts = [item.get("name"), *(topics if isinstance(topics, list) else [])]
            if any(isinstance(text, str) and text in tags for text in texts):
                ledger.created_integration(str(item.get("id")), str(item.get("name")))
                found.append(item)
    return pages[-1][0], found
