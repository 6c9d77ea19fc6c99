"""Scope enforcement for GET and POST Integrations and for GET, PATCH and DELETE
Integration: every scope the reference pages and the decisions name (the scope universe,
losant_contract.contracts.scope_universe) on each of the five operations. The scopes the
operation's reference page lists are let in; every other one is kept out with an Error and
no side effect. Missing, bad or revoked credentials get 401."""

from __future__ import annotations

import secrets
from typing import Any

import pytest

from losant_contract import actions, redact
from losant_contract.contracts import accepted_scopes, refused_scopes
from losant_contract.oracles import ScopeLeak, Violation
from losant_contract.oracles.records import deleted
from losant_contract.oracles.schema import conforms, status_is
from losant_contract.oracles.scopes import created_nothing, refused
from losant_contract.query import ListQuery

# One source for every table: the accepted scopes are the reference pages' lists
# (contracts/reference-facts.json), the refused ones the rest of the universe (decisions 1:
# accepted scopes are exactly those lists). The .read and organisation/user scopes need
# configured tokens on a live target, since Losant will not mint them for an application.
GET_ACCEPTED = accepted_scopes("integrations.get")
GET_REFUSED = refused_scopes("integrations.get")
POST_ACCEPTED = accepted_scopes("integrations.post")
POST_REFUSED = refused_scopes("integrations.post")


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


# -- the singular Integration resource: its own scopes (reference/integration.md) ---------------

ITEM_METHODS = ("GET", "PATCH", "DELETE")
ITEM_ACCEPTED = {method: accepted_scopes(f"integration.{method.lower()}") for method in ITEM_METHODS}
# The collection's scopes never open the item, nor do another verb's scopes or a read scope a
# write; and nothing outside integrations does: every scope of the universe the page does not list.
ITEM_REFUSED = {method: refused_scopes(f"integration.{method.lower()}") for method in ITEM_METHODS}


def _pairs(table: dict) -> list[tuple[str, str]]:
    return [(method, scope) for method, scopes in table.items() for scope in scopes]


def _new_item(create, prefix: str, label: str) -> dict:
    response = create({"name": f"{prefix}item scopes {label}", "integrationType": "mqtt", "topics": ["kept"]})
    status_is(response, 201, "POST Integrations (item-scope target)")
    return conforms(response, "Integration")


@pytest.fixture(scope="module")
def item(create, prefix):
    """One integration of this run that the item-scope checks read and try to change (the
    refused DELETEs have their own, `spare`: a leak must not take the others' target with it)."""
    return _new_item(create, prefix, "shared")


@pytest.fixture(scope="module")
def spare(api, target, create, prefix):
    """-> (the integration a refused DELETE is tried on, its GET before the attempt): one for
    all of them, and a new one once a refusal has deleted it anyway (that check failed as a
    scope leak; the next one judges its own scope, not that leak)."""
    kept: list[dict] = []

    def ready() -> tuple[dict, Any]:
        if kept:
            read = api.get(target.integration(kept[-1]["id"]))
            if read.status_code != 404:
                return kept[-1], read
        kept.append(_new_item(create, prefix, f"delete target {len(kept) + 1}"))
        return kept[-1], api.get(target.integration(kept[-1]["id"]))

    return ready


def _send(api, target, method: str, ident: str, token: str):
    kwargs = {"json": {"topics": [f"patched {secrets.token_hex(2)}"]}} if method == "PATCH" else {}
    return api.request(method, target.integration(ident), token=token, **kwargs)


def _unchanged(api, target, before: dict, rule: str) -> None:
    """The integration reads (with the suite's own token) exactly as before, lastUpdated included."""
    response = api.get(target.integration(before["id"]))
    if response.status_code == 404:
        raise ScopeLeak(rule, f"integration {before['id']} is gone: the refused request deleted it", response)
    status_is(response, 200, f"GET Integration after: {rule}")
    after = conforms(response, "Integration")
    changed = [key for key in (*before.keys(), *after.keys()) if key != "status" and before.get(key) != after.get(key)]
    if changed:
        raise ScopeLeak(rule, f"{changed[0]} changed from {before.get(changed[0])!r:.60}: the refusal acted", response)


@pytest.mark.area("scopes")
@pytest.mark.documented("integration.md#get-authentication")
@pytest.mark.parametrize("method, scope", _pairs(ITEM_ACCEPTED))
def test_item_accepts_scope(api, target, create, prefix, item, scope_token, method, scope):
    """A token with only this documented scope may GET, PATCH or DELETE an integration:
    200 with the Integration (GET, PATCH) or 200 Success (DELETE)."""
    rule = f"{method} Integration with scope {scope}"
    if method == "DELETE":
        made = create({"name": f"{prefix}delete with {scope}", "integrationType": "mqtt"})
        status_is(made, 201, "POST Integrations (to delete)")
        deleted(_send(api, target, method, made.json()["id"], scope_token(scope)), rule)
        return
    response = _send(api, target, method, item["id"], scope_token(scope))
    status_is(response, 200, rule)
    conforms(response, "Integration")


@pytest.mark.area("scopes")
@pytest.mark.assumed("1. Authentication and scopes")
@pytest.mark.parametrize("method, scope", _pairs(ITEM_REFUSED))
def test_item_refuses_scope_and_changes_nothing(api, target, item, spare, scope_token, method, scope):
    """A token whose only scope is not accepted for this item operation is refused with 401
    or 403 and an Error, and the integration reads exactly as before."""
    if method == "DELETE":
        item, read = spare()
    else:
        read = api.get(target.integration(item["id"]))
    status_is(read, 200, "GET Integration (before the refused request)")
    before = conforms(read, "Integration")
    rule = f"{method} Integration with scope {scope} must be refused"
    refused(_send(api, target, method, item["id"], scope_token(scope)), rule)
    _unchanged(api, target, before, rule)


# -- a revoked token ------------------------------------------------------------------------------


@pytest.mark.area("scopes")
@pytest.mark.assumed("1. Authentication and scopes")
def test_a_deleted_token_no_longer_authenticates(api, target, ledger, prefix):
    """An application API token that was deleted is unknown from then on: 401 with an Error,
    on the collection and on an item, though it was accepted a moment before."""
    name = f"{prefix}revoked token"
    minted = api.post(target.tokens(), json={"name": name, "scope": ["all.Application"]})
    status_is(minted, 201, "POST tokens (the token to revoke)")
    token = conforms(minted, "API Token")
    if not isinstance(token.get("token"), str):
        raise Violation("POST tokens", "the API Token carries no token to authenticate with", minted)
    ledger.created_token(token["id"], name)
    redact.register(token["token"], "<revoked token>")
    status_is(api.get(target.integrations(), token=token["token"]), 200, "GET Integrations with the token")
    deleted(api.delete(target.token_path(token["id"])), "DELETE the token")
    ledger.forget_token(token["id"])
    refused(api.get(target.integrations(), token=token["token"]), "GET Integrations with a deleted token", 401)
    refused(
        api.get(target.integration(secrets.token_hex(12)), token=token["token"]), "GET Integration, deleted token", 401
    )
