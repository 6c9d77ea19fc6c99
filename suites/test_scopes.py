"""Scope enforcement for GET and POST Integrations: every accepted scope is let in, the
refused ones are kept out with an Error and no side effect, and missing or bad
credentials get 401."""

from __future__ import annotations

import secrets

import pytest

from losant_contract import actions
from losant_contract.contracts import accepted_scopes
from losant_contract.oracles.schema import conforms, status_is
from losant_contract.oracles.scopes import created_nothing, refused
from losant_contract.query import ListQuery

GET_ACCEPTED = accepted_scopes("integrations.get")
POST_ACCEPTED = accepted_scopes("integrations.post")
# Decisions 1: "in particular" these are refused; the .read and org/user scopes need
# configured tokens on a live target, since Losant will not mint them for an application.
GET_REFUSED = ("integrations.post", "integration.*", "integration.get", "integration.delete", "all.Device", "devices.*")
POST_REFUSED = (
    "integrations.get",
    "all.Application.read",
    "all.Organization.read",
    "all.User.read",
    "integration.*",
    "integration.get",
    "integration.patch",
    "all.Device",
    "devices.*",
)


def _body(prefix: str, label: str) -> dict:
    return {"name": f"{prefix}scope {label} {secrets.token_hex(3)}", "integrationType": "mqtt"}


def _created_nothing(api, target, name: str) -> None:
    """A refused POST must create nothing: no integration of that exact name exists
    afterwards (every page read, names compared here, never by the server's filter)."""
    pages = actions.walk(api, target, ListQuery())
    items = [item for _, listing in pages for item in listing["items"]]
    created_nothing(pages[-1][0], items, [name], "a refused POST creates nothing")


@pytest.mark.area("scopes")
@pytest.mark.documented("integrations.md#get-authentication")
@pytest.mark.parametrize("scope", GET_ACCEPTED)
def test_get_accepts_scope(api, target, scope_token, scope):
    """A token with only this documented scope may list integrations (200, Integrations)."""
    response = api.get(target.integrations(), token=scope_token(scope))
    status_is(response, 200, f"GET Integrations with scope {scope}")
    conforms(response, "Integrations")


@pytest.mark.area("scopes")
@pytest.mark.assumed("1. Authentication and scopes")
@pytest.mark.parametrize("scope", GET_REFUSED)
def test_get_refuses_scope(api, target, scope_token, scope):
    """A token whose only scope is not accepted for GET is refused with 401 or 403 and an Error."""
    response = api.get(target.integrations(), token=scope_token(scope))
    refused(response, f"GET Integrations with scope {scope} must be refused")


@pytest.mark.area("scopes")
@pytest.mark.documented("integrations.md#post-authentication")
@pytest.mark.parametrize("scope", POST_ACCEPTED)
def test_post_accepts_scope(create, target, scope_token, prefix, scope):
    """A token with only this documented scope may create an integration (201, Integration)."""
    response = create(_body(prefix, scope), token=scope_token(scope))
    status_is(response, 201, f"POST Integrations with scope {scope}")
    conforms(response, "Integration")


@pytest.mark.area("scopes")
@pytest.mark.assumed("1. Authentication and scopes")
@pytest.mark.parametrize("scope", POST_REFUSED)
def test_post_refuses_scope_and_creates_nothing(api, create, target, scope_token, prefix, scope):
    """A token whose only scope is not accepted for POST is refused with 401 or 403 and an
    Error, and the refused request creates nothing."""
    body = _body(prefix, scope)
    response = create(body, token=scope_token(scope))
    refused(response, f"POST Integrations with scope {scope} must be refused")
    _created_nothing(api, target, body["name"])


CREDENTIALS = {
    "no Authorization header": {"token": None},
    "token without the Bearer prefix": {"token": None, "bearer_less": True},
    "unknown token": {"token": "lct-unknown-" + secrets.token_hex(12)},
}


def _credentials(target, case: dict) -> dict:
    if case.get("bearer_less"):
        return {"token": None, "headers": {"Authorization": target.token}}
    return {"token": case["token"]}


@pytest.mark.area("scopes")
@pytest.mark.assumed("1. Authentication and scopes")
@pytest.mark.parametrize("case", CREDENTIALS, ids=list(CREDENTIALS))
def test_get_without_valid_credentials_is_401(api, target, case):
    """Missing header, a header without "Bearer ", or an unknown token: 401 with an Error."""
    response = api.get(target.integrations(), **_credentials(target, CREDENTIALS[case]))
    refused(response, f"GET Integrations with {case}", 401)


@pytest.mark.area("scopes")
@pytest.mark.assumed("1. Authentication and scopes")
@pytest.mark.parametrize("case", CREDENTIALS, ids=list(CREDENTIALS))
def test_post_without_valid_credentials_is_401_and_creates_nothing(api, create, target, prefix, case):
    """Missing header, a header without "Bearer ", or an unknown token: 401 with an Error,
    and nothing is created."""
    body = _body(prefix, case)
    response = create(body, **_credentials(target, CREDENTIALS[case]))
    refused(response, f"POST Integrations with {case}", 401)
    _created_nothing(api, target, body["name"])
