"""Pagination: defaults page 0 and perPage 1000, echoed; count and totalCount right on full,
partial and past-the-end pages; walking all pages yields every match exactly once, in order."""

from __future__ import annotations

import pytest

from losant_contract import actions
from losant_contract.oracles.ordering import sorted_by
from losant_contract.oracles.pagination import counts_are_consistent, echoes_query, total_is, walk_is_exact
from losant_contract.query import SORT_FIELDS, ListQuery


@pytest.mark.area("pagination")
@pytest.mark.documented("integrations.md#get-query-params")
def test_defaults_are_page_0_and_1000_per_page(api, target, corpus, corpus_listing):
    """Without page and perPage the first page of up to 1000 is returned, and page=0,
    perPage=1000 are echoed."""
    query = corpus_listing()
    response, listing = actions.list_page(api, target, query)
    echoes_query(response, listing, query, target.application_id)
    counts_are_consistent(response, listing, query)
    walk_is_exact([(response, listing)], {record["id"] for record in corpus})


@pytest.mark.area("pagination")
@pytest.mark.assumed("3. GET Integrations query semantics")
def test_blank_values_count_as_absent(api, target, corpus, corpus_prefix):
    """page=, perPage=, sortField=, sortDirection= sent blank mean the defaults."""
    query = ListQuery(
        sortField="", sortDirection="", page="", perPage="", filterField="name", filter=f"{corpus_prefix}*"
    )
    response, listing = actions.list_page(api, target, query)
    echoes_query(response, listing, query, target.application_id)
    counts_are_consistent(response, listing, query)
    sorted_by(response, listing["items"], query)


@pytest.mark.area("pagination")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("direction", ["asc", "desc"])
@pytest.mark.parametrize("field", SORT_FIELDS)
def test_walking_pages_yields_every_match_once_in_order(api, target, corpus, corpus_listing, field, direction):
    """Pages of 7 walked from page 0 hold each of the run's integrations exactly once, every
    page is counted right, and the concatenation is in sort order."""
    query = corpus_listing(sortField=field, sortDirection=direction, perPage=7)
    pages = actions.walk(api, target, query)
    for page, (response, listing) in enumerate(pages):
        echoes_query(response, listing, query.with_page(page), target.application_id)
        counts_are_consistent(response, listing, query.with_page(page))
    items = walk_is_exact(pages, {record["id"] for record in corpus})
    sorted_by(pages[-1][0], items, query)


@pytest.mark.area("pagination")
@pytest.mark.assumed("3. GET Integrations query semantics")
def test_one_per_page_walk(api, target, corpus, corpus_listing):
    """perPage=1 pages through the run's integrations one at a time, none twice or missed."""
    query = corpus_listing(perPage=1)
    pages = actions.walk(api, target, query)
    items = walk_is_exact(pages, {record["id"] for record in corpus})
    sorted_by(pages[-1][0], items, query)


@pytest.mark.area("pagination")
@pytest.mark.assumed("3. GET Integrations query semantics")
def test_partial_and_past_the_end_pages(api, target, corpus, corpus_listing):
    """The last page holds the remainder; a page past the end is 200 with no items, count 0
    and the true totalCount."""
    per_page = 4
    last = (len(corpus) - 1) // per_page
    for page in (last, last + 1, last + 5):
        query = corpus_listing(perPage=per_page, page=page)
        response, listing = actions.list_page(api, target, query)
        echoes_query(response, listing, query, target.application_id)
        counts_are_consistent(response, listing, query)
        total_is(response, listing, len(corpus))
