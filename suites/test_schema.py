"""Schema conformance: what GET Integrations answers has the documented shape."""

from __future__ import annotations

import pytest

from losant_contract import actions
from losant_contract.oracles.pagination import counts_are_consistent, echoes_query
from losant_contract.query import ListQuery


@pytest.mark.area("schema")
@pytest.mark.documented("integrations.md#get-successful-responses")
def test_default_listing_is_an_integrations_collection(api, target, corpus):
    """GET Integrations with no parameters answers 200 with a body valid against the
    Integrations schema (every item an Integration). The run's corpus is in place first, so
    the listing holds items to judge even in an application that was empty."""
    actions.list_page(api, target, ListQuery())


@pytest.mark.area("schema")
@pytest.mark.assumed("3. GET Integrations query semantics")
def test_default_listing_echoes_defaults_and_counts(api, target):
    """With no parameters the effective query is echoed as sortField=name, sortDirection=asc,
    page=0, perPage=1000 for this application, and count/totalCount describe the page."""
    query = ListQuery()
    response, listing = actions.list_page(api, target, query)
    echoes_query(response, listing, query, target.application_id)
    counts_are_consistent(response, listing, query)
