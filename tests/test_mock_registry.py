"""The registry of faults and controls: every area has faults, every fault changes what its
area's probe sees, no control and no fault (but those that say so) answers a 5xx, and the
command line lists and injects them."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
import requests
from mockkit import MQTT, ROOT, UNKNOWN_ID, Api, body, standalone

from losant_contract.mock import MockServer
from losant_contract.mock.faults import AREAS, CONTROLS, FAULTS

pytest_plugins = ("mockkit",)


# -- faults and controls -------------------------------------------------------------------
# One probe per area turns a mock into a fingerprint of plain values (names, statuses,
# counts, key sets; never ids or dates, which differ between servers). The correct mock
# gives the same fingerprint every time; every fault of the area must change it.


def shape(response: requests.Response) -> tuple:
    """Status, media type and, for a JSON object, its sorted keys."""
    media = response.headers.get("Content-Type", "").split(";")[0]
    try:
        data = response.json()
    except ValueError:
        data = None
    return response.status_code, media, sorted(data) if isinstance(data, dict) else None


def names_of(response: requests.Response) -> object:
    if response.status_code != 200:
        return response.status_code
    listed = response.json()
    return [item.get("name") for item in listed["items"]], listed.get("totalCount")


def walk(api: Api, pages: int, **params: object) -> list:
    return [names_of(api("GET", params={**params, "page": page})) for page in range(pages)]


def probe_sorting(api: Api) -> dict:
    for name, kind in [
        ("b", "mqtt"),
        ("B", "particle"),
        ("a", "mqtt"),
        ("n-10", "particle"),
        ("n-9", "mqtt"),
    ]:
        api("POST", json=body(f"lct-{name}", kind))
    ours = {"filterField": "name", "filter": "lct-*"}
    return {
        "default": names_of(api("GET", params=ours)),
        "desc": names_of(api("GET", params={**ours, "sortDirection": "desc"})),
        "type": names_of(api("GET", params={**ours, "sortField": "integrationType"})),
        "created": names_of(api("GET", params={"sortField": "creationDate"})),
        "walk": walk(api, 19, sortField="integrationType", perPage=7),
        "desc one per page": walk(api, 3, **ours, sortDirection="desc", perPage=1),
        "echo": api("GET").json()["sortField"],
    }


def probe_filtering(api: Api) -> dict:
    for name, kind in [
        ("Alpha", "mqtt"),
        ("alpha-beta", "particle"),
        ("a.b", "mqtt"),
        ("aXb", "particle"),
        ("a?b", "mqtt"),
    ]:
        api("POST", json=body(f"lct-{name}", kind))
    queries = [
        ("name", "lct-alpha"),
        ("name", "LCT-ALPHA"),
        ("name", "lct-a.b"),
        ("name", "lct-a?b"),
        ("name", "alpha"),
        ("integrationType", "particle"),
        ("name", "lct-a*b"),
        ("name", ""),
        ("integrationType", "PARTICLE"),
        ("name", "*"),  # the foreign data holds a name with a line break
    ]
    found: dict = {
        f"{field}={pattern}": names_of(api("GET", params={"filterField": field, "filter": pattern, "perPage": 200}))
        for field, pattern in queries
    }
    echoed = api("GET", params={"filterField": "integrationType", "filter": "mqtt"}).json()
    found["echo of a type filter"] = (echoed.get("filterField"), echoed.get("filter"))
    return found


def probe_pagination(api: Api) -> dict:
    for i in range(3):
        api("POST", json=body(f"lct-{i}"))
    default = api("GET").json()
    filtered = api("GET", params={"filterField": "name", "filter": "lct-*", "perPage": 2}).json()
    by_type = api("GET", params={"filterField": "integrationType", "filter": "mqtt"}).json()
    bad = {
        value: api("GET", params={name: value}).status_code
        for name, value in [("perPage", "2000"), ("page", "1.5"), ("page", "2x"), ("page", "-1"), ("sortDirection", "")]
    }
    short = [api("GET", params={"page": page, "perPage": 10}) for page in (12, 50)]
    return {
        "default": (default["count"], default["perPage"], default["totalCount"]),
        "walk": walk(api, 14, perPage=10, sortField="name"),
        "past": shape(api("GET", params={"page": 50, "perPage": 10})),
        "counts": [(r.json()["count"], len(r.json()["items"])) if r.ok else r.status_code for r in short],
        "echo": (sorted(filtered), filtered["perPage"], sorted(by_type)),
        "bad": bad,
        "blank is only empty": api("GET", params={"sortField": "\ufeff"}).status_code,
    }


def probe_scopes(api: Api) -> dict:
    seen = {}
    for scope in (
        "all.Application.read",
        "integrations.get",
        "integrations.post",
        "integration.*",
        "integration.get",
        "integration.delete",
    ):
        auth = {"Authorization": f"Bearer {api.mint(scope)}"}
        seen[scope] = (
            api("GET", headers=auth).status_code,
            api("POST", json=body(), headers=auth).status_code,
        )
        item = f"/integrations/{api('POST', json=body()).json()['id']}"
        seen[f"{scope} item"] = tuple(
            api(method, item, json=sent, headers=auth).status_code
            for method, sent in (("GET", None), ("PATCH", {"name": "lct-p"}), ("DELETE", None))
        )
        after = api("GET", item)
        seen[f"{scope} item after"] = after.json().get("name") if after.status_code == 200 else after.status_code
    revoked = api("POST", "/tokens", json={"name": "lct-revoked"}).json()
    api("DELETE", f"/tokens/{revoked['id']}")
    seen["revoked"] = api("GET", headers={"Authorization": f"Bearer {revoked['token']}"}).status_code
    token = api.mock.admin_token
    for label, header in [
        ("none", ""),
        ("unknown", "Bearer nope"),
        ("Token", f"Token {token}"),
        ("bare", token),
    ]:
        seen[label] = api("GET", headers={"Authorization": header}).status_code
    seen["total"] = api("GET").json()["totalCount"]
    return seen


def probe_status(api: Api) -> dict:
    elsewhere = f"{api.mock.url}/applications/{UNKNOWN_ID}/integrations"
    created = api("POST", json=body())
    deleted = api("DELETE", f"/integrations/{created.json()['id']}")
    return {
        "created": created.status_code,
        "malformed": shape(api("POST", data=b"{", headers={"Content-Type": "application/json"})),
        "invalid": shape(api("POST", json=body(name=""))),
        "unknown app": (
            api.session.get(elsewhere, timeout=10).status_code,
            api.session.post(elsewhere, json=body(), timeout=10).status_code,
        ),
        "unknown integration": shape(api("GET", f"/integrations/{UNKNOWN_ID}")),
        "deleted": (deleted.status_code, deleted.content),
        "not blank": [api("GET", params={"sortField": value}).status_code for value in ("\ufeff", "\x1e")],
    }


def probe_validation(api: Api) -> dict:
    invalid = [
        {"integrationType": "mqtt"},
        body(bogus=1),
        body(mqttConfig={"port": 1, "protocol": "mqtt"}),
        body(mqttConfig={**MQTT, "port": 0}),
        body(kind="ftp"),
        body(name="x" * 1025),
        body(name=""),
        body(enabled="yes"),
    ]
    statuses = [api("POST", json=sent).status_code for sent in invalid]
    text = api("POST", data=json.dumps(body()), headers={"Content-Type": "text/plain"})
    created = api("POST", json=body()).json()
    patched = api("PATCH", f"/integrations/{created['id']}", json={"name": ""})
    listed = api("GET", params={"filterField": "name", "filter": "lct-*"}).json()["totalCount"]
    return {"posts": statuses, "text/plain": text.status_code, "patch": patched.status_code, "listed": listed}


def probe_persistence(api: Api) -> dict:
    created = api("POST", json=body("lct-kept", topics=["t/1"])).json()
    counted = [api("GET").json()["totalCount"]]
    path = f"/integrations/{created['id']}"
    read = api("GET", path)
    listed = [i for i in api("GET").json()["items"] if i["id"] == created["id"]]
    time.sleep(0.002)
    patched = api("PATCH", path, json={"name": "lct-changed"}).json()
    after = api("GET", path).json()
    api("DELETE", path)
    counted.append(api("GET").json()["totalCount"])
    return {
        "read": shape(read),
        "listed": [sorted((key, type(value).__name__) for key, value in item.items()) for item in listed],
        "ids": (
            created["integrationId"] == created["id"],
            created["applicationId"] == api.mock.application_id,
        ),
        "patched": (
            patched.get("name"),
            "topics" in patched,
            patched.get("lastUpdated", "") >= created["lastUpdated"],
        ),
        "after": after.get("name"),
        "deleted": api("GET", path).status_code,
        "counted": counted,
    }


def probe_boundaries(api: Api) -> dict:
    for i in range(3):
        api("POST", json=body(f"lct-{i}"))
    return {
        "perPage 1000": names_of(api("GET", params={"perPage": 1000, "filterField": "name", "filter": "lct-*"})),
        "pages": [shape(api("GET", params={"page": page, "perPage": 10})) for page in (2**31, 2**53, 50)],
        "name 1024": api("POST", json=body("n" * 1024)).status_code,
        "port 65535": api("POST", json=body(mqttConfig={**MQTT, "port": 65535})).status_code,
        "patch name 1024": api(
            "PATCH", f"/integrations/{api('POST', json=body('lct-p')).json()['id']}", json={"name": "n" * 1024}
        ).status_code,
    }


def probe_types(api: Api) -> dict:
    sent = [body(name={"a": 1}), body(name=[1]), body(mqttConfig={**MQTT, "port": None}), body(enabled="yes")]
    return {"posts": [api("POST", json=one).status_code for one in sent], "total": api("GET").json()["totalCount"]}


def probe_isolation(api: Api) -> dict:
    mock = api.mock
    org = {"Authorization": f"Bearer {mock.scope_tokens['all.Organization']}"}
    sibling = f"{mock.url}/applications/{mock.second_application_id}"
    created = api("POST", json=body()).json()
    minted = api("POST", "/tokens", json={"name": "lct-t"}).json()
    return {
        "sibling": api.session.get(f"{sibling}/integrations/{created['id']}", headers=org, timeout=10).status_code,
        "unknown": api.session.get(
            f"{mock.url}/applications/{UNKNOWN_ID}/integrations/{created['id']}", timeout=10
        ).status_code,
        "admin on sibling": api.session.get(f"{sibling}/integrations", timeout=10).status_code,
        "token delete": api.session.delete(f"{sibling}/tokens/{minted['id']}", headers=org, timeout=10).status_code,
        "filtered": names_of(api("GET", params={"filterField": "name", "filter": "sibling*"})),
    }


def probe_ownership(api: Api) -> dict:
    created = api("POST", json=body("lct-owned")).json()
    path = f"/integrations/{created['id']}"
    time.sleep(0.002)
    renamed = api("PATCH", path, json={"name": "lct-renamed"}).json()
    return {
        "kept": sorted(key for key in created if renamed.get(key) == created[key]),
        "server fields": [
            api("PATCH", path, json={key: value}).status_code
            for key, value in (("creationDate", "2001-01-01T00:00:00.000Z"), ("id", UNKNOWN_ID))
        ],
    }


PROBES = {
    "sorting": probe_sorting,
    "filtering": probe_filtering,
    "pagination": probe_pagination,
    "scopes": probe_scopes,
    "errors": probe_status,
    "validation": probe_validation,
    "read-after-write": probe_persistence,
    "boundaries": probe_boundaries,
    "isolation": probe_isolation,
    "ownership": probe_ownership,
    "types": probe_types,
}
#: Faults whose description is a 500: every other fault and control answers below 500.
ANSWERS_500 = {
    "malformed-json-500",
    "page-above-int32-500",
    "page-above-2-53-500",
    "name-not-string-500",
    "port-not-number-500",
}


def fingerprint(area: str, variations: tuple[str, ...] = ()) -> tuple[object, list[int]]:
    """(the area's fingerprint, every status seen) of a fresh mock with `variations`."""
    with (
        MockServer(faults=variations, foreign=120) as server,
        Api(server, server.admin_token) as api,
    ):
        return PROBES[area](api), api.statuses


@pytest.fixture(scope="module")
def correct() -> dict:
    return {area: fingerprint(area)[0] for area in PROBES}


def test_there_are_enough_faults_and_controls_in_every_area():
    assert len(FAULTS) >= 35 and len(CONTROLS) >= 5 and set(PROBES) == set(AREAS)
    assert {variation.area for variation in FAULTS.values()} == set(AREAS)
    assert all(v.description and v.area in AREAS for v in [*FAULTS.values(), *CONTROLS.values()])


@pytest.mark.parametrize("area", AREAS)
def test_the_correct_fingerprint_is_stable(correct, area):
    assert fingerprint(area)[0] == correct[area]


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_every_fault_is_observable_and_never_crashes_the_server(correct, name):
    seen, statuses = fingerprint(FAULTS[name].area, (name,))
    assert seen != correct[FAULTS[name].area]
    assert name in ANSWERS_500 or max(statuses) < 500


@pytest.mark.parametrize("name", sorted(CONTROLS))
def test_every_control_serves_every_probe_without_a_5xx(name):
    for area in PROBES:
        assert max(fingerprint(area, (name,))[1]) < 500


def test_unknown_variation_names_are_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="known: .*filter-substring"):
        MockServer(faults=["no-such-fault"])


def test_standalone_lists_faults_and_starts_with_them():
    listed = subprocess.run(
        [sys.executable, "-m", "losant_contract.mock", "--list-faults"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    assert all(name in listed for name in [*FAULTS, *CONTROLS])
    with standalone("--fault", "create-answers-200", "--fault", "refused-as-401") as (_, env):
        response = requests.post(
            f"{env['LOSANT_API_URL']}/applications/{env['LOSANT_APPLICATION_ID']}/integrations",
            json=body(),
            timeout=10,
            headers={"Authorization": f"Bearer {env['LOSANT_API_TOKEN']}"},
        )
        assert response.status_code == 200
