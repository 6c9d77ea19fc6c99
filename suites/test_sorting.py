"""Sorting: every sortField in both directions orders the listing as decided (strings by
code point, dates as instants), at every corner of perPage; the default is name ascending,
echoed."""

from __future__ import annotations

from collections import defaultdict
from functools import partial

import pytest

from losant_contract import actions
from losant_contract.oracles.ordering import sorted_by
from losant_contract.oracles.pagination import echoes_query
from losant_contract.oracles.slices import Page, pages_are_slices
from losant_contract.query import SORT_FIELDS, ListQuery
from losant_contract.strategies.exhaustive import page_corners


@pytest.mark.area("sorting")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("direction", ["asc", "desc"])
@pytest.mark.parametrize("field", SORT_FIELDS)
def test_every_page_size_corner_is_its_slice_of_the_order(api, target, corpus, corpus_listing, field, direction):
    """The run's N integrations by `field` in `direction`, at every corner of perPage
    (perPage=1: the first and the last page; N-1: both pages; N: the full page and the empty
    one after it; 1000, the maximum): each page is exactly its slice of the order the oracles
    compute for the corpus records (code points for strings, instants for dates), the sort
    value at every position; ties in any order, but no integration on two pages of one
    perPage; count and totalCount right; the query echoed."""
    queries = [
        corpus_listing(sortField=field, sortDirection=direction, perPage=per_page, page=page)
        for per_page, page in page_corners(len(corpus))
    ]
    answers = api.concurrently([partial(actions.list_page, api, target, query) for query in queries])
    by_per_page: dict[int, list[Page]] = defaultdict(list)
    for query, (response, listing) in zip(queries, answers, strict=True):
        echoes_query(response, listing, query, target.application_id)
        sorted_by(response, listing["items"], query)  # the values as listed, too
        by_per_page[query.per_page].append((response, listing, query))
    for pages in by_per_page.values():
        pages_are_slices(pages, corpus)


@pytest.mark.area("sorting")
@pytest.mark.documented("integrations.md#get-query-params")
def test_default_order_is_name_ascending(api, target, corpus, corpus_listing):
    """Without sortField and sortDirection the listing is ordered by name ascending and says so."""
    query = corpus_listing()
    response, listing = actions.list_page(api, target, query)
    echoes_query(response, listing, query, target.application_id)
    sorted_by(response, listing["items"], ListQuery(sortField="name", sortDirection="asc"))


@pytest.mark.area("sorting")
@pytest.mark.documented("integrations.md#get-query-params")
def test_whole_application_default_order(api, target, corpus):
    """The unfiltered default listing, other data included, is ordered by name ascending."""
    query = ListQuery()
    response, listing = actions.list_page(api, target, query)
    sorted_by(response, listing["items"], query)
