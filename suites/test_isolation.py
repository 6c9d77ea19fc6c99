"""Isolation between applications (OWASP API Security Top 10, API1: broken object-level
authorisation): an integration is reached only through its own application, and an API
token is deleted only through its own.

A listing through the application's path, filtered or not, holds only its integrations,
whichever token asks (an organisation or user token reaches both applications).

Every item operation (GET, PATCH, DELETE Integration; DELETE Application API Token) is
also sent through another well-formed application id: an unknown one, and a second
application of the organisation when there is one (LOSANT_SECOND_APPLICATION_ID; the
embedded mock has one). With the application token the answer may be 401 or 403 (the
token does not reach that application) or 404; with an organisation or user token, which
reaches it, only 404: the item is not in it. Served is a scope leak, and so is a refusal
that changed or deleted anything.
"""

from __future__ import annotations

import secrets

import pytest

from losant_contract import actions, redact
from losant_contract.oracles.isolation import (
    NOT_IN_IT,
    NOT_IN_IT_OR_REFUSED,
    lists_only_its_own,
    still_authenticates,
    untouched,
)
from losant_contract.oracles.schema import conforms, status_is
from losant_contract.oracles.scopes import refused
from losant_contract.query import FILTER_FIELDS, ListQuery

#: route -> (which other application, the scope of the token that tries; None: the application token)
ROUTES = {
    "unknown application, application token": ("unknown", None),
    "second application, application token": ("second", None),
    "second application, all.Organization token": ("second", "all.Organization"),
    "second application, all.User token": ("second", "all.User"),
}


@pytest.fixture(params=list(ROUTES))
def route(request, target, scope_token) -> tuple[str, str, dict, frozenset[int]]:
    """(route, the other application's id, the token to send, the statuses allowed)."""
    where, scope = ROUTES[request.param]
    if where == "second" and target.second_application_id is None:
        pytest.skip("no second application: set LOSANT_SECOND_APPLICATION_ID to check isolation from it")
    other = target.second_application_id if where == "second" else secrets.token_hex(12)
    token = {} if scope is None else {"token": scope_token(scope)}
    reaches = where == "second" and scope is not None
    return request.param, other, token, NOT_IN_IT if reaches else NOT_IN_IT_OR_REFUSED


@pytest.mark.area("isolation")
@pytest.mark.assumed("2. Unknown or malformed identifiers")
def test_an_integration_is_reached_only_through_its_own_application(api, target, create, prefix, route):
    """GET, PATCH and DELETE Integration through another application's path are refused (404
    where the token reaches that application, else 401, 403 or 404), never served; the
    integration then reads exactly as before through its own application."""
    name, other, token, allowed = route
    response = create({"name": f"{prefix}isolated {name}", "integrationType": "mqtt", "topics": ["mine"]})
    status_is(response, 201, "POST Integrations (isolation target)")
    ident = conforms(response, "Integration")["id"]
    read = api.get(target.integration(ident))
    status_is(read, 200, "GET Integration through its own application")
    before = conforms(read, "Integration")
    elsewhere = target.integration(ident, other)
    refused(api.get(elsewhere, **token), f"GET Integration through the {name}", allowed)
    patch = {"name": f"{prefix}taken over", "topics": ["theirs"]}
    refused(api.patch(elsewhere, json=patch, **token), f"PATCH Integration through the {name}", allowed)
    refused(api.delete(elsewhere, **token), f"DELETE Integration through the {name}", allowed)
    untouched(api.get(target.integration(ident)), before, f"requests through the {name} change nothing")


@pytest.fixture
def minted(api, target, ledger, prefix) -> tuple[str, str]:
    """(id, secret) of a fresh integrations.get token of this application (deleted at the end)."""
    name = f"{prefix}token isolation"
    response = api.post(target.tokens(), json={"name": name, "scope": ["integrations.get"]})
    if response.status_code not in (200, 201):
        pytest.skip(f"the target will not mint an integrations.get token (POST tokens answered {response.status_code})")
    body = conforms(response, "API Token")
    ledger.created_token(body["id"], name)
    redact.register(body["token"], "<token for integrations.get>")
    return body["id"], body["token"]


@pytest.mark.area("isolation")
@pytest.mark.documented("application-api-token.md#delete-error-responses")
def test_a_token_is_deleted_only_through_its_own_application(api, target, minted, route):
    """DELETE Application API Token through another application's path is refused (404
    where the token reaches that application, else 401, 403 or 404), never served; the token
    still works afterwards."""
    name, other, token, allowed = route
    ident, secret = minted
    path = f"{target.application(other)}/tokens/{ident}"
    refused(api.delete(path, **token), f"DELETE Application API Token through the {name}", allowed)
    listing = api.get(target.integrations(), params={"perPage": 1}, token=secret)
    still_authenticates(listing, f"a DELETE through the {name} leaves the token")


@pytest.mark.area("isolation")
@pytest.mark.documented("integrations.md#get-successful-responses")
@pytest.mark.parametrize("scope", [None, "all.Organization", "all.User"], ids=["application token", "org", "user"])
@pytest.mark.parametrize("field", [None, *FILTER_FIELDS])
def test_a_listing_holds_only_the_applications_integrations(api, target, corpus, scope_token, field, scope):
    """GET Integrations of the application, unfiltered and filtered by every filterField with
    `*` (which matches every value), lists only integrations of that application, also with a
    token that reaches other applications of the organisation: another's is a leak."""
    token = {} if scope is None else {"token": scope_token(scope)}
    made_here = {record["id"] for record in corpus}  # a wrong applicationId on these is a wrong field
    query = ListQuery() if field is None else ListQuery(filterField=field, filter="*")
    pages = actions.walk(api, target, query, **token)
    for response, listing in pages:
        lists_only_its_own(response, listing["items"], target.application_id, made_here)
