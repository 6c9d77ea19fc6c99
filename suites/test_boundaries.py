"""Boundaries: every documented bound of GET Integrations and of the Integration Post and
Patch bodies, at the bound, just inside, just outside and far outside (past 2**31, 2**53
and any fixed width). The bound itself is served; outside it, 400 with an Error and
nothing created; a page past the end, however far, is an empty 200; never a 5xx.

One character short of or past a string's length, and one past the port's range, are
also the validation sweep's (suites/test_validation.py); here they come as fixed lists,
so a server that fails at one bound is caught on every run.
"""

from __future__ import annotations

import pytest

from losant_contract import actions
from losant_contract.oracles.boundaries import empty_past_the_end
from losant_contract.oracles.errors import is_error
from losant_contract.oracles.pagination import counts_are_consistent, echoes_query, total_is
from losant_contract.oracles.records import created_none, echoes_post, patch_applied, same_record
from losant_contract.oracles.schema import conforms, status_is
from losant_contract.strategies.boundaries import (
    OPEN_SPELLINGS,
    PAGES_BELOW,
    PAGES_FAR_PAST,
    PER_PAGE_OUTSIDE,
    PER_PAGE_SERVED,
    REFUSED_SPELLINGS,
    bodies_at_bounds,
    bodies_outside_bounds,
    patches_at_bounds,
)

PER_PAGE = 8  #: pages of the corpus (43 integrations): the last one is partial
AT_BOUNDS = [case.label for case in bodies_at_bounds("")]
PATCHES = [case.label for case in patches_at_bounds("")]
REFUSED = [(name, text) for name, texts in REFUSED_SPELLINGS.items() for text in texts]
OPEN = [(name, text, value) for name, spellings in OPEN_SPELLINGS.items() for text, value in spellings.items()]


# -- page and perPage --------------------------------------------------------------------


@pytest.mark.area("boundaries")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("page", PAGES_FAR_PAST, ids=str)
def test_a_page_far_past_the_end_is_empty(api, target, corpus, corpus_listing, page):
    """page has no upper bound: a page far past the end (2**31, 2**53, 10**30, ...) answers
    200 with no items, count 0, the true totalCount and the page echoed; never 400 or 5xx."""
    response = api.get(target.integrations(), params=corpus_listing(perPage=PER_PAGE, page=page).params())
    empty_past_the_end(response, page, PER_PAGE, len(corpus))


@pytest.mark.area("boundaries")
@pytest.mark.assumed("3. GET Integrations query semantics")
def test_page_zero_and_the_page_just_past_the_end(api, target, corpus, corpus_listing):
    """page=0 sent explicitly is the first page; the first page after the last one is an
    empty 200 with the true totalCount."""
    first = corpus_listing(perPage=PER_PAGE, page=0)
    response, listing = actions.list_page(api, target, first)
    echoes_query(response, listing, first, target.application_id)
    counts_are_consistent(response, listing, first)
    just_past = -(-len(corpus) // PER_PAGE)
    response = api.get(target.integrations(), params=corpus_listing(perPage=PER_PAGE, page=just_past).params())
    empty_past_the_end(response, just_past, PER_PAGE, len(corpus))


@pytest.mark.area("boundaries")
@pytest.mark.documented("integrations.md#get-query-params")
@pytest.mark.parametrize("per_page", PER_PAGE_SERVED)
def test_per_page_at_its_bounds_is_served(api, target, corpus, corpus_listing, per_page):
    """perPage=1 and perPage=1000, the bounds themselves, are served: 200, the page holds its
    share of the matches, perPage is echoed."""
    query = corpus_listing(perPage=per_page)
    response, listing = actions.list_page(api, target, query)
    echoes_query(response, listing, query, target.application_id)
    counts_are_consistent(response, listing, query)
    total_is(response, listing, len(corpus))


@pytest.mark.area("boundaries")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("per_page", PER_PAGE_OUTSIDE, ids=str)
def test_per_page_outside_1_to_1000_is_400(api, target, per_page):
    """perPage 0, 1001, -1, and far outside (2**31, 2**53+1, 10**30): 400 with an Error."""
    response = api.get(target.integrations(), params={"perPage": str(per_page)})
    is_error(response, 400, f"GET Integrations with perPage={per_page}")


@pytest.mark.area("boundaries")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("page", PAGES_BELOW, ids=str)
def test_a_page_below_zero_is_400(api, target, page):
    """A negative page, near and far (-1, below -2**31, below -2**53): 400 with an Error."""
    is_error(api.get(target.integrations(), params={"page": str(page)}), 400, f"GET Integrations with page={page}")


@pytest.mark.area("boundaries")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("name, text", REFUSED, ids=[f"{name}={text}" for name, text in REFUSED])
def test_texts_that_are_no_integer_in_range_are_400(api, target, name, text):
    """A page or perPage that denotes no integer in range in any reading ("1.5", "NaN", and
    for perPage "-0", "00", "1e4", "0x3E9"): 400 with an Error."""
    is_error(api.get(target.integrations(), params={name: text}), 400, f"GET Integrations with {name}={text!r}")


@pytest.mark.area("boundaries")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("name, text, value", OPEN, ids=[f"{name}={text}" for name, text, _ in OPEN])
def test_other_spellings_of_an_integer_are_refused_or_read_as_it(
    api, target, corpus, corpus_listing, name, text, value
):
    """ "1e3", "1.0", "+5", "0x10", "007", a fullwidth digit: the decisions leave open whether
    such a text is an integer, so it may be refused (400 and an Error) or served as the
    integer it denotes (echoed and paged as that), never as another one, never a 5xx."""
    sent = {**corpus_listing(perPage=PER_PAGE).params(), name: text}
    judged = corpus_listing(**{"perPage": PER_PAGE, name: value})
    response = api.get(target.integrations(), params=sent)
    if response.status_code != 200:
        is_error(response, 400, f"GET Integrations with {name}={text!r}")
        return
    listing = conforms(response, "Integrations")
    echoes_query(response, listing, judged, target.application_id)
    counts_are_consistent(response, listing, judged)
    total_is(response, listing, len(corpus))


# -- bodies ------------------------------------------------------------------------------


@pytest.mark.area("boundaries")
@pytest.mark.documented("integrations.md#post-body")
@pytest.mark.parametrize("label", AT_BOUNDS)
def test_bodies_at_their_bounds_are_created_as_sent(api, target, create, prefix, label):
    """Valid at the documented bounds: every string at its maxLength (in characters, also
    beyond ASCII) and minLength, port 65535 and 1, every integrationType and protocol. 201
    with the Integration as sent, and GET Integration reads it back the same."""
    body = next(case.body for case in bodies_at_bounds(prefix) if case.label == label)
    response = create(body)
    status_is(response, 201, f"POST Integrations with {label}")
    record = conforms(response, "Integration")
    echoes_post(response, record, body, target.application_id)
    read = api.get(target.integration(record["id"]))
    status_is(read, 200, f"GET Integration after POST with {label}")
    same_record(read, conforms(read, "Integration"), record, f"GET Integration after POST with {label}")


@pytest.mark.area("boundaries")
@pytest.mark.documented("integration.md#patch-body")
@pytest.mark.parametrize("label", PATCHES)
def test_patches_at_their_bounds_are_applied(api, target, create, prefix, label):
    """PATCH with strings at their maxLength and port 65535 is valid: 200 with the change
    applied, the rest kept, and GET Integration reads the same."""
    response = create({"name": f"{prefix}bound patch {label}", "integrationType": "mqtt"})
    status_is(response, 201, "POST Integrations (patch target)")
    before = conforms(response, "Integration")
    patch = next(case.body for case in patches_at_bounds(prefix) if case.label == label)
    response = api.patch(target.integration(before["id"]), json=patch)
    status_is(response, 200, f"PATCH Integration with {label}")
    after = conforms(response, "Integration")
    patch_applied(response, after, before, patch)
    read = api.get(target.integration(before["id"]))
    status_is(read, 200, f"GET Integration after PATCH with {label}")
    same_record(read, conforms(read, "Integration"), after, f"GET Integration after PATCH with {label}")


@pytest.mark.area("boundaries")
@pytest.mark.assumed("4. POST Integrations")
def test_values_outside_their_bounds_are_refused_and_create_nothing(api, target, create, ledger, prefix):
    """Port 0, 65536, -1, 0.5, 65535.5, 2**31, 2**53+1, 1e308 and -1e308; a name of 1025 and
    of 8192 characters; a topic and a host of 8192: each 400 with an Error, never a 5xx, and
    none of them created (every listed name compared here)."""
    cases = bodies_outside_bounds(prefix)
    for case in cases:
        is_error(create(case.body), 400, f"POST Integrations with {case.label}")
    response, made = actions.find_tagged(api, target, ledger, {case.body["name"] for case in cases})
    created_none(response, made, "a body outside its bounds creates nothing")
