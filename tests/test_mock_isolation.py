"""Two applications in one organisation: an application API token reaches only its own
application, organisation and user tokens reach both, and an integration lives in exactly
one application (contract-decisions.md sections 1 and 2; OWASP API1)."""

from __future__ import annotations

import pytest
from mockkit import HEX24, UNKNOWN_ID, Api, assert_error, bearer, body

from losant_contract.contracts import UNMINTABLE_SCOPES, violations
from losant_contract.mock import MockServer

pytest_plugins = ("mockkit",)


@pytest.fixture
def sibling(mock: MockServer, api: Api):  # api first: it resets the mock
    """The organisation token on the second application."""
    with Api(mock, mock.scope_tokens["all.Organization"], mock.second_application_id) as client:
        yield client


def test_the_second_application_is_a_sibling_in_the_same_organisation(mock, sibling):
    assert HEX24.match(mock.second_application_id) and mock.second_application_id != mock.application_id
    assert f"LOSANT_SECOND_APPLICATION_ID={mock.second_application_id}" in mock.tokens_env()
    first = Api(mock, mock.scope_tokens["all.Organization"])("GET", "").json()
    second = sibling("GET", "").json()
    assert violations("Application", second) == [] and second["id"] == mock.second_application_id
    assert (second["ownerType"], second["ownerId"]) == (first["ownerType"], first["ownerId"])


def test_each_application_lists_only_its_own_integrations(api, sibling):
    ours = api.create("lct-ours")
    theirs = sibling.create("lct-theirs")
    assert [item["id"] for item in api.listing()["items"]] == [ours["id"]]
    listed = sibling.listing()["items"]
    assert theirs["id"] in {item["id"] for item in listed} and ours["id"] not in {item["id"] for item in listed}
    assert {item["applicationId"] for item in listed} == {sibling.application_id}
    assert theirs["applicationId"] == sibling.application_id


@pytest.mark.parametrize(
    ("method", "path", "sent"),
    [
        ("GET", "/integrations", None),
        ("POST", "/integrations", body()),
        ("GET", "", None),
        ("GET", "/tokens", None),
        ("POST", "/tokens", {"name": "lct-x"}),
    ],
)
def test_the_admin_token_does_not_reach_the_other_application(api, sibling, method, path, sent):
    before = sibling.listing()["totalCount"], len(sibling("GET", "/tokens").json()["items"])
    response = api.session.request(method, sibling.base + path, json=sent, timeout=10)
    assert_error(response, 403)
    assert (sibling.listing()["totalCount"], len(sibling("GET", "/tokens").json()["items"])) == before


def test_an_application_token_reaches_only_the_application_it_was_minted_for(api, sibling):
    theirs = sibling.create("lct-theirs")
    minted_here, minted_there = api.mint("all.Application"), sibling.mint("all.Application")
    item = f"/integrations/{theirs['id']}"
    assert_error(api.session.get(sibling.base + item, headers=bearer(minted_here), timeout=10), 403)
    assert_error(api.session.patch(sibling.base + item, json={}, headers=bearer(minted_here), timeout=10), 403)
    assert_error(api.session.delete(sibling.base + item, headers=bearer(minted_here), timeout=10), 403)
    assert_error(api("GET", headers=bearer(minted_there)), 403)
    assert sibling("GET", item, headers=bearer(minted_there)).json() == theirs


@pytest.mark.parametrize("scope", UNMINTABLE_SCOPES)
def test_organisation_and_user_tokens_reach_both_applications(mock, api, scope):
    for application_id in (mock.application_id, mock.second_application_id):
        with Api(mock, mock.scope_tokens[scope], application_id) as client:
            assert client.listing()["applicationId"] == application_id
            if not scope.endswith(".read"):
                created = client.create("lct-org")
                assert client("DELETE", f"/integrations/{created['id']}").json() == {"success": True}


@pytest.mark.parametrize(("method", "sent"), [("GET", None), ("PATCH", {"name": "lct-moved"}), ("DELETE", None)])
def test_an_integration_is_not_found_through_the_other_application(api, sibling, method, sent):
    ours = api.create("lct-ours")
    assert_error(sibling(method, f"/integrations/{ours['id']}", json=sent), 404)
    theirs = next(item for item in sibling.listing()["items"])
    assert_error(sibling.session.request(method, f"{api.base}/integrations/{theirs['id']}", json=sent, timeout=10), 404)
    assert api("GET", f"/integrations/{ours['id']}").json() == ours
    assert sibling("GET", f"/integrations/{theirs['id']}").json() == theirs


def test_a_token_is_deleted_only_through_its_own_application(api, sibling):
    minted = api.mint_token("all.Application")
    assert_error(sibling("DELETE", f"/tokens/{minted['id']}"), 404)
    assert api("GET", headers=bearer(minted["token"])).status_code == 200
    assert api("DELETE", f"/tokens/{minted['id']}").json() == {"success": True}
    assert_error(api("GET", headers=bearer(minted["token"])), 401)


def test_reset_brings_back_the_sibling_integrations(mock, sibling):
    before = sibling.listing()["items"]
    assert len(before) == 2
    sibling.create("lct-extra")
    sibling("DELETE", f"/integrations/{before[0]['id']}")
    mock.reset()
    assert sibling.listing()["items"] == before


def test_an_unknown_application_is_still_404_for_every_token(mock, api):
    for token in (mock.admin_token, *mock.scope_tokens.values()):
        with Api(mock, token, UNKNOWN_ID) as elsewhere:
            assert_error(elsewhere("GET"), 404)
            assert_error(elsewhere("GET", f"/integrations/{UNKNOWN_ID}"), 404)


# -- faults and the control of the isolation area ---------------------------------------------


def crossings(faults: tuple[str, ...] = ()) -> dict[str, object]:
    """Requests that cross from one application to the other, on a fresh mock with `faults`:
    an integration of the first application read, patched and deleted through the second
    application's path (organisation token) and through an unknown application's path (admin
    token); its name afterwards; and an admin-token token deleted through the second path."""
    with MockServer(faults=faults) as mock, Api(mock, mock.admin_token) as admin:
        org = bearer(mock.scope_tokens["all.Organization"])
        sibling = f"{mock.url}/applications/{mock.second_application_id}"
        unknown = f"{mock.url}/applications/{UNKNOWN_ID}"
        seen: dict[str, object] = {}
        for where, base, headers in (("sibling", sibling, org), ("unknown", unknown, {})):
            created = admin.create(f"lct-{where}")
            path = f"{base}/integrations/{created['id']}"
            seen[where] = (
                admin.session.get(path, headers=headers, timeout=10).status_code,
                admin.session.patch(path, json={"name": f"lct-{where}-moved"}, headers=headers, timeout=10).status_code,
            )
            seen[f"{where} name"] = admin("GET", f"/integrations/{created['id']}").json()["name"]
            seen[f"{where} delete"] = admin.session.delete(path, headers=headers, timeout=10).status_code
            seen[f"{where} after"] = admin("GET", f"/integrations/{created['id']}").status_code
        minted = admin.mint_token("all.Application")
        seen["token delete"] = admin.session.delete(
            f"{sibling}/tokens/{minted['id']}", headers=org, timeout=10
        ).status_code
        seen["token after"] = admin("GET", headers=bearer(minted["token"])).status_code
        seen["admin on sibling"] = admin.session.get(f"{sibling}/integrations", timeout=10).status_code
        return seen


CORRECT = {
    "sibling": (404, 404),
    "sibling name": "lct-sibling",
    "sibling delete": 404,
    "sibling after": 200,
    "unknown": (404, 404),
    "unknown name": "lct-unknown",
    "unknown delete": 404,
    "unknown after": 200,
    "token delete": 404,
    "token after": 200,
    "admin on sibling": 403,
}


def _reached(where: str) -> dict[str, object]:
    return {where: (200, 200), f"{where} name": f"lct-{where}-moved", f"{where} delete": 200, f"{where} after": 404}


def test_the_correct_mock_keeps_applications_apart():
    assert crossings() == CORRECT


@pytest.mark.parametrize(
    ("fault", "changed"),
    [
        ("integration-found-by-id-alone", {**_reached("sibling"), **_reached("unknown")}),
        ("integration-reachable-from-sibling", _reached("sibling")),
        ("token-delete-ignores-application", {"token delete": 200, "token after": 401}),
        ("wrong-application-401", {"admin on sibling": 401}),
    ],
)
def test_each_isolation_variation_changes_exactly_what_it_says(fault, changed):
    assert crossings((fault,)) == {**CORRECT, **changed}


def filtered_listings(faults: tuple[str, ...] = ()) -> dict[str, object]:
    """What the admin token lists of its own application, filtered and not: (name, whose) of
    each item, and totalCount."""
    with MockServer(faults=faults) as mock, Api(mock, mock.admin_token) as admin:
        admin.create("lct-ours", "particle")

        def seen(**params: object) -> tuple[list[tuple[str, bool]], int]:
            page = admin.listing(**params)
            items = [(item["name"], item["applicationId"] == mock.application_id) for item in page["items"]]
            return items, page["totalCount"]

        return {
            "unfiltered": seen(),
            "name=*": seen(filterField="name", filter="*"),
            "name=SIBLING*": seen(filterField="name", filter="SIBLING*"),
            "integrationType=particle": seen(filterField="integrationType", filter="particle"),
            "filter without filterField": seen(filter="*"),
        }


OURS = ([("lct-ours", True)], 1)
FILTERED = {
    "unfiltered": OURS,
    "name=*": OURS,
    "name=SIBLING*": ([], 0),
    "integrationType=particle": OURS,
    "filter without filterField": OURS,
}


def test_filtered_listings_hold_only_the_applications_own_integrations():
    assert filtered_listings() == FILTERED


def test_filtered_listing_crosses_applications_lists_and_counts_the_siblings_matches():
    theirs = [("sibling mqtt", False), ("sibling particle", False)]
    assert filtered_listings(("filtered-listing-crosses-applications",)) == {
        **FILTERED,
        "name=*": ([("lct-ours", True), *theirs], 3),
        "name=SIBLING*": (theirs, 2),
        "integrationType=particle": ([("lct-ours", True), ("sibling particle", False)], 2),
    }


def test_token_deletion_fault_leaves_the_suites_own_clean_up_alone():
    with MockServer(faults=["token-delete-ignores-application"]) as mock, Api(mock, mock.admin_token) as admin:
        minted = admin.mint_token("integrations.get")
        assert admin("DELETE", f"/tokens/{minted['id']}").json() == {"success": True}
        assert_error(admin("DELETE", f"/tokens/{minted['id']}"), 404)
        assert_error(admin("GET", headers=bearer(minted["token"])), 401)
