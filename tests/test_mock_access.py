"""Who may do what: authentication (section 1), the documented scopes of the collection and
of the singular Integration resource, token minting and deletion, unknown and malformed
identifiers (section 2); and each fault of the scopes area that bends the singular resource
or deleted tokens."""

from __future__ import annotations

import pytest
from mockkit import UNKNOWN_ID, Api, assert_error, bearer, body

from losant_contract.contracts import violations
from losant_contract.mock import MockServer

pytest_plugins = ("mockkit",)


# -- authentication and scopes ----------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        "Bearer nope",
        "Token {t}",
        "{t}",
        "bearer {t}",
        "Basic {t}",
        "Bearer  {t}",
    ],
)
def test_unauthenticated_is_401_before_anything_else(mock, anonymous, header):
    headers = {} if header is None else {"Authorization": header.format(t=mock.admin_token)}
    for path in ("/integrations", f"/integrations/{UNKNOWN_ID}"):
        assert_error(anonymous("GET", path, headers=headers), 401)
    assert_error(anonymous("POST", headers=headers, json=body()), 401)
    wrong_app = f"{mock.url}/applications/{UNKNOWN_ID}/integrations"
    assert_error(anonymous.session.get(wrong_app, headers=headers, timeout=10), 401)


GET_OK = (
    "all.Application",
    "all.Application.read",
    "integrations.*",
    "integrations.get",
    "all.Organization",
    "all.Organization.read",
    "all.User",
    "all.User.read",
)
POST_OK = ("all.Application", "integrations.*", "integrations.post", "all.Organization", "all.User")
REFUSED_GET = (
    "integrations.post",
    "integration.*",
    "integration.get",
    "all.Device",
    "devices.*",
    "application.*",
    "applicationApiTokens.*",
)
REFUSED_POST = (
    "integrations.get",
    "all.Application.read",
    "all.Organization.read",
    "all.User.read",
    "integration.*",
    "integration.patch",
    "all.Device",
    "devices.*",
)


def token_for(api: Api, scope: str) -> str:
    return api.mock.scope_tokens.get(scope) or api.mint(scope)


@pytest.mark.parametrize("scope", GET_OK)
def test_get_accepts_its_documented_scopes(api, scope):
    response = api("GET", headers={"Authorization": f"Bearer {token_for(api, scope)}"})
    assert response.status_code == 200


@pytest.mark.parametrize("scope", POST_OK)
def test_post_accepts_its_documented_scopes(api, scope):
    response = api("POST", json=body(), headers={"Authorization": f"Bearer {token_for(api, scope)}"})
    assert response.status_code == 201


@pytest.mark.parametrize("scope", REFUSED_GET)
def test_get_refuses_other_scopes(api, scope):
    assert_error(api("GET", headers={"Authorization": f"Bearer {token_for(api, scope)}"}), 403)


@pytest.mark.parametrize("scope", REFUSED_POST)
def test_post_refuses_other_scopes_and_creates_nothing(api, scope):
    response = api("POST", json=body(), headers={"Authorization": f"Bearer {token_for(api, scope)}"})
    assert_error(response, 403)
    assert api.listing()["totalCount"] == 0


def test_singular_scopes_open_only_the_singular_resource(api):
    created = api.create()
    token = api.mint("integration.*")
    headers = {"Authorization": f"Bearer {token}"}
    assert api("GET", f"/integrations/{created['id']}", headers=headers).status_code == 200
    assert api("PATCH", f"/integrations/{created['id']}", headers=headers, json={}).status_code == 200
    assert_error(api("GET", headers=headers), 403)
    reader = {"Authorization": f"Bearer {api.mint('all.Application.read')}"}
    assert_error(api("PATCH", f"/integrations/{created['id']}", headers=reader, json={"name": "lct-z"}), 403)
    assert_error(api("DELETE", f"/integrations/{created['id']}", headers=reader), 403)
    assert api("GET", f"/integrations/{created['id']}").json()["name"] == created["name"]


def test_minting_defaults_and_refuses_org_and_user_scopes(api):
    response = api("POST", "/tokens", json={"name": "lct-default"})
    assert response.status_code == 201
    minted = response.json()
    assert violations("API Token", minted) == []
    assert minted["scope"] == ["all.Application"] and minted["status"] == "active"
    assert {
        "token",
        "id",
        "apiTokenId",
        "ownerId",
        "ownerType",
        "name",
        "creationDate",
        "lastUpdated",
    } <= set(minted)
    for scope in ("all.Organization", "all.User.read"):
        assert_error(api("POST", "/tokens", json={"name": "lct-x", "scope": [scope]}), 400)
    listed = api("GET", "/tokens", params={"filterField": "name", "filter": "lct-*"}).json()
    assert violations("API Tokens", listed) == []
    assert [item["id"] for item in listed["items"]] == [minted["id"]]
    assert all("token" not in item for item in listed["items"])
    assert api("DELETE", f"/tokens/{minted['id']}").json() == {"success": True}
    assert_error(api("GET", headers={"Authorization": f"Bearer {minted['token']}"}), 401)
    assert_error(api("DELETE", f"/tokens/{minted['id']}"), 404)


def test_inactive_and_expired_tokens_authenticate_nobody(api):
    for extra in ({"status": "inactive"}, {"expirationDate": "2001-01-01T00:00:00.000Z"}):
        token = api("POST", "/tokens", json={"name": "lct-t", **extra}).json()["token"]
        assert_error(api("GET", headers={"Authorization": f"Bearer {token}"}), 401)


def test_application_get_for_a_preflight(api):
    response = api("GET", "")
    assert response.status_code == 200 and violations("Application", response.json()) == []
    assert response.json()["id"] == api.mock.application_id


# -- unknown and malformed identifiers ----------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        f"/applications/{UNKNOWN_ID}/integrations",
        f"/applications/{UNKNOWN_ID}",
        "/applications/not-an-id/integrations",
        "/applications/0123/integrations",
        f"/applications/{UNKNOWN_ID.upper()}/integrations",
        f"/applications/{UNKNOWN_ID}/tokens",
    ],
)
def test_unknown_or_malformed_application_is_404(api, path):
    assert_error(api.session.get(api.mock.url + path, timeout=10), 404)
    assert_error(api.session.post(api.mock.url + path, json=body(), timeout=10), (404, 405))


@pytest.mark.parametrize("integration_id", [UNKNOWN_ID, "123", "zz" * 12, "%00", "a" * 25])
def test_unknown_or_malformed_integration_is_404(api, integration_id):
    for method, kwargs in (("GET", {}), ("PATCH", {"json": {}}), ("DELETE", {})):
        assert_error(api(method, f"/integrations/{integration_id}", **kwargs), 404)


# -- the singular resource's scopes and deleted tokens: correct, and each fault ----------------


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
        ("item-write-scope-can-read", {"integration.patch": (200, 200, 403), "integration.delete": (200, 403, 200)}),
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
