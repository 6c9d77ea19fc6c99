"""Access to the singular Integration resource (reference/integration.md), and deleted
tokens: the correct mock, and each fault of the scopes area that bends them."""

from __future__ import annotations

import pytest
from mockkit import Api, assert_error, bearer

from losant_contract.mock import MockServer

pytest_plugins = ("mockkit",)

ALL = (200, 200, 200)
NONE = (403, 403, 403)
READ = (200, 403, 403)
#: scope -> statuses of (GET, PATCH, DELETE) Integration, as reference/integration.md lists them
ITEM = {
    "all.Application": ALL,
    "all.Application.read": READ,
    "all.Organization": ALL,
    "all.Organization.read": READ,
    "all.User": ALL,
    "all.User.read": READ,
    "integration.*": ALL,
    "integration.get": READ,
    "integration.patch": (403, 200, 403),
    "integration.delete": (403, 403, 200),
    "integrations.*": NONE,
    "integrations.get": NONE,
    "integrations.post": NONE,
    "devices.*": NONE,
}


def item_statuses(mock: MockServer, scope: str) -> tuple[int, ...]:
    """GET, PATCH, then DELETE one integration with a token for `scope` (minted where it can be);
    a refused PATCH or DELETE must leave the integration as it was."""
    with Api(mock, mock.admin_token) as admin:
        created = admin.create("lct-item")
        token = mock.scope_tokens.get(scope) or admin.mint(scope)
        path = f"/integrations/{created['id']}"
        statuses = []
        for method, sent in (("GET", None), ("PATCH", {"name": "lct-patched"}), ("DELETE", None)):
            before = admin("GET", path).json()
            response = admin(method, path, json=sent, headers=bearer(token))
            if response.status_code != 200:
                assert_error(response, 403)
                assert admin("GET", path).json() == before, method
            statuses.append(response.status_code)
        return tuple(statuses)


def item_table(faults: tuple[str, ...] = ()) -> dict[str, tuple[int, ...]]:
    with MockServer(faults=faults) as mock:
        return {scope: item_statuses(mock, scope) for scope in ITEM}


def test_the_singular_resource_accepts_exactly_its_documented_scopes():
    assert item_table() == ITEM


@pytest.mark.parametrize(
    ("fault", "changed"),
    [
        ("collection-scopes-open-item", {"integrations.*": ALL, "integrations.get": ALL, "integrations.post": ALL}),
        ("item-get-scope-refused", {"integration.get": NONE}),
        ("read-scope-can-change-item", {"integration.get": ALL, "all.Application.read": ALL}),
    ],
)
def test_each_item_scope_fault_changes_exactly_the_scopes_it_names(fault, changed):
    assert item_table((fault,)) == {**ITEM, **changed}


def revoked_statuses(faults: tuple[str, ...] = ()) -> dict[str, int]:
    """What a deleted application API token is answered on each route."""
    with MockServer(faults=faults) as mock, Api(mock, mock.admin_token) as admin:
        created = admin.create()
        minted = admin.mint_token("all.Application")
        assert admin("DELETE", f"/tokens/{minted['id']}").json() == {"success": True}
        revoked = bearer(minted["token"])
        return {
            "list": admin("GET", headers=revoked).status_code,
            "create": admin("POST", json={"name": "lct-x", "integrationType": "mqtt"}, headers=revoked).status_code,
            "read": admin("GET", f"/integrations/{created['id']}", headers=revoked).status_code,
            "tokens": admin("GET", "/tokens", headers=revoked).status_code,
            "application": admin("GET", "", headers=revoked).status_code,
        }


def test_a_deleted_token_authenticates_nobody():
    assert set(revoked_statuses().values()) == {401}


def test_revoked_token_still_authenticates_on_the_integration_routes_only():
    seen = revoked_statuses(("revoked-token-still-authenticates",))
    assert seen == {"list": 200, "create": 201, "read": 200, "tokens": 401, "application": 401}
