"""Sorting: every sortField in both directions orders the listing as decided (strings by
code point, dates as instants), and the default is name ascending, echoed."""

from __future__ import annotations

import pytest

from losant_contract import actions
from losant_contract.oracles.ordering import reverses, sorted_by
from losant_contract.oracles.pagination import echoes_query, walk_is_exact
from losant_contract.query import SORT_FIELDS, ListQuery


@pytest.mark.area("sorting")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("direction", ["asc", "desc"])
@pytest.mark.parametrize("field", SORT_FIELDS)
def test_listing_follows_sort_field_and_direction(api, target, corpus, corpus_listing, field, direction):
    """The run's integrations, listed by `field` in `direction`, come in code-point order
    (strings) or instant order (dates), all of them, with the query echoed."""
    query = corpus_listing(sortField=field, sortDirection=direction)
    response, listing = actions.list_page(api, target, query)
    echoes_query(response, listing, query, target.application_id)
    walk_is_exact([(response, listing)], {record["id"] for record in corpus})
    sorted_by(response, listing["items"], query)


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


@pytest.mark.area("sorting")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("field", SORT_FIELDS)
def test_descending_reverses_ascending(api, target, corpus, corpus_listing, field):
    """desc lists the same integrations as asc with the sort values in reverse order."""
    _, ascending = actions.list_page(api, target, corpus_listing(sortField=field, sortDirection="asc"))
    response, descending = actions.list_page(api, target, corpus_listing(sortField=field, sortDirection="desc"))
    reverses(response, ascending["items"], descending["items"], field)
