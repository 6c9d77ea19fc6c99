"""HTTP-level self-tests of the embedded mock: each decision of contract-decisions.md,
plus the plumbing (keep-alive, threads, standalone start, pytest plugin).

Everything goes through requests or http.client against a real socket; the store is
only used to reset state between tests.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st

from losant_contract.contracts import violations
from losant_contract.mock import MockServer
from losant_contract.mock.faults import AREAS, CONTROLS, FAULTS

ROOT = Path(__file__).resolve().parents[1]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
HEX24 = re.compile(r"^[0-9a-f]{24}$")
MQTT = {"host": "broker.example.com", "port": 8883, "protocol": "mqtts"}
UNKNOWN_ID = "0123456789abcdef01234567"


def body(name: str = "lct-one", kind: str = "mqtt", **extra: object) -> dict:
    configs = {
        "mqtt": {"mqttConfig": MQTT, "topics": ["a/b"]},
        "particle": {"particleConfig": {"accessToken": "t"}},
        "meridian": {"meridianConfig": {"authenticationToken": "a", "locationId": "l"}},
    }
    return {"name": name, "integrationType": kind, **configs.get(kind, {}), **extra}


class Api:
    """A requests.Session aimed at one application of one mock, with a token."""

    def __init__(self, mock: MockServer, token: str | None) -> None:
        self.mock, self.session = mock, requests.Session()
        self.base = f"{mock.url}/applications/{mock.application_id}"
        self.statuses: list[int] = []  # every status this client saw
        if token is not None:
            self.session.headers["Authorization"] = f"Bearer {token}"

    def __enter__(self) -> Api:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.session.close()

    def __call__(self, method: str, path: str = "/integrations", **kwargs: object) -> requests.Response:
        response = self.session.request(method, self.base + path, timeout=10, **kwargs)
        self.statuses.append(response.status_code)
        return response

    def create(self, name: str = "lct-one", kind: str = "mqtt", **extra: object) -> dict:
        response = self("POST", json=body(name, kind, **extra))
        assert response.status_code == 201, response.text
        return response.json()

    def listing(self, **params: object) -> dict:
        response = self("GET", params=params)
        assert response.status_code == 200, response.text
        assert violations("Integrations", response.json()) == []
        return response.json()

    def names(self, **params: object) -> list[str]:
        return [item["name"] for item in self.listing(**params)["items"]]

    def mint(self, scope: str) -> str:
        response = self("POST", "/tokens", json={"name": f"lct-{scope}", "scope": [scope]})
        assert response.status_code == 201, response.text
        return response.json()["token"]


def assert_error(response: requests.Response, status: int | tuple[int, ...]) -> None:
    statuses = status if isinstance(status, tuple) else (status,)
    assert response.status_code in statuses, (response.status_code, response.text)
    assert response.headers["Content-Type"].startswith("application/json")
    assert violations("Error", response.json()) == []
    assert isinstance(response.json()["type"], str) and isinstance(response.json()["message"], str)


@pytest.fixture(scope="module")
def mock():
    with MockServer() as server:
        yield server


@pytest.fixture
def api(mock):
    mock.reset()
    with Api(mock, mock.admin_token) as client:
        yield client


@pytest.fixture
def anonymous(mock):
    with Api(mock, None) as client:
        yield client


# -- POST, GET, PATCH, DELETE ---------------------------------------------------------


def test_post_answers_201_with_the_integration_as_sent(api):
    sent = body("lct-Echo ☃", topics=["x/#", "y"])
    response = api("POST", json=sent)
    assert response.status_code == 201
    created = response.json()
    assert violations("Integration", created) == []
    assert created["id"] == created["integrationId"] and HEX24.match(created["id"])
    assert created["applicationId"] == api.mock.application_id
    assert DATE.match(created["creationDate"]) and created["lastUpdated"] == created["creationDate"]
    assert created["enabled"] is True
    assert {key: created[key] for key in sent} == sent
    assert api("GET", f"/integrations/{created['id']}").json() == created
    assert api.listing()["items"] == [created]


def test_ids_are_unique_and_grow_like_object_ids(api):
    ids = [api.create(f"lct-{i}")["id"] for i in range(20)]
    assert ids == sorted(ids) and len(set(ids)) == 20


def test_enabled_given_is_kept(api):
    assert api.create(enabled=False)["enabled"] is False


def test_patch_applies_and_lastupdated_never_goes_back(api):
    created = api.create()
    response = api("PATCH", f"/integrations/{created['id']}", json={"topics": ["new"], "name": "lct-renamed"})
    assert response.status_code == 200
    patched = response.json()
    assert violations("Integration", patched) == []
    assert patched["topics"] == ["new"] and patched["name"] == "lct-renamed"
    assert patched["mqttConfig"] == MQTT and patched["creationDate"] == created["creationDate"]
    assert patched["lastUpdated"] >= created["lastUpdated"]
    assert api("GET", f"/integrations/{created['id']}").json() == patched


@pytest.mark.parametrize(
    "change",
    [
        {"name": ""},
        {"integrationType": "ftp"},
        {"mqttConfig": {"port": 1}},
        {"bogus": 1},
        {"enabled": "yes"},
    ],
)
def test_invalid_patch_is_400_and_changes_nothing(api, change):
    created = api.create()
    assert_error(api("PATCH", f"/integrations/{created['id']}", json=change), 400)
    assert api("GET", f"/integrations/{created['id']}").json() == created


def test_delete_answers_success_then_404(api):
    created = api.create()
    response = api("DELETE", f"/integrations/{created['id']}")
    assert (response.status_code, response.json()) == (200, {"success": True})
    assert_error(api("GET", f"/integrations/{created['id']}"), 404)
    assert_error(api("DELETE", f"/integrations/{created['id']}"), 404)
    assert api.listing()["totalCount"] == 0


# -- POST validation and body framing ------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "field"),
    [
        ({"integrationType": "mqtt"}, "name"),
        ({"name": "lct-x"}, "integrationType"),
        (body(name=""), "name"),
        (body(name="x" * 1025), "name"),
        (body(kind="ftp"), "integrationType"),
        (body(unknown=1), "unknown"),
        (body(topics="a/b"), "topics"),
        (body(topics=[""]), "topics"),
        (body(mqttConfig={**MQTT, "port": 0}), "port"),
        (body(mqttConfig={**MQTT, "port": 65536}), "port"),
        (body(mqttConfig={"port": 1, "protocol": "mqtt"}), "host"),
        (body(mqttConfig={**MQTT, "protocol": "http"}), "protocol"),
        (body(mqttConfig={**MQTT, "extra": True}), "extra"),
        (body(kind="particle", particleConfig={}), "accessToken"),
        (body(enabled="true"), "enabled"),
    ],
)
def test_invalid_post_is_400_naming_the_field_and_creates_nothing(api, sent, field):
    response = api("POST", json=sent)
    assert_error(response, 400)
    assert field in response.json()["message"]
    assert api.listing()["totalCount"] == 0


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"  ",
        b"{",
        b"{'name': 1}",
        b"[]",
        b'"text"',
        b"null",
        b"42",
        b'{"name": NaN}',
        b'{"mqttConfig": {"port": Infinity}}',
        b"\xff\xfe{}",
        b"[" * 100_000,
        b'{"name": "a"} trailing',
        b'{"port": 1' + b"0" * 5000 + b"}",
    ],
)
def test_malformed_bodies_are_400(api, raw):
    assert_error(api("POST", data=raw, headers={"Content-Type": "application/json"}), 400)
    assert api.listing()["totalCount"] == 0


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/jsonx",
        "multipart/form-data",
    ],
)
def test_post_not_declared_as_json_is_415(api, content_type):
    headers = {} if content_type is None else {"Content-Type": content_type}
    assert_error(api("POST", data=json.dumps(body()), headers=headers), 415)
    assert api.listing()["totalCount"] == 0


@pytest.mark.parametrize(
    "content_type",
    ["application/json; charset=utf-8", "Application/JSON", "application/json;charset=UTF-8"],
)
def test_json_content_type_parameters_are_fine(api, content_type):
    response = api("POST", data=json.dumps(body()).encode(), headers={"Content-Type": content_type})
    assert response.status_code == 201


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


# -- listing: parameters ------------------------------------------------------------------------


def test_listing_defaults_are_echoed(api):
    listed = api.listing()
    assert listed == {
        "items": [],
        "count": 0,
        "totalCount": 0,
        "sortField": "name",
        "sortDirection": "asc",
        "page": 0,
        "perPage": 1000,
        "applicationId": api.mock.application_id,
    }


def test_blank_values_count_as_absent(api):
    for name in ("a", "B"):
        api.create(name)
    blank = api.listing(sortField="", sortDirection="", page="", perPage="", filterField="", filter="")
    assert blank == api.listing()
    assert api.listing(filterField="name", filter="")["totalCount"] == 2
    assert "filterField" not in api.listing(filterField="name", filter="")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("sortField", "bogus"),
        ("sortField", "Name"),
        ("sortField", "topics"),
        ("sortDirection", "ASC"),
        ("sortDirection", "DESC"),
        ("sortDirection", "up"),
        ("filterField", "topics"),
        ("filterField", "id"),
        ("sortDirection", " "),  # white space is a value, not blank
        ("filterField", "\x1e"),  # Python counts this as space; Schemathesis sent it
        ("page", "-1"),
        ("page", "1.5"),
        ("page", "abc"),
        ("page", " 1"),
        ("page", "+1"),
        ("page", "1e2"),
        ("page", "٣"),
        ("page", "0x1"),
        ("perPage", "0"),
        ("perPage", "1001"),
        ("perPage", "-5"),
        ("perPage", "10.0"),
        ("perPage", "9" * 5000),
        ("page", "1" * 5000),
    ],
)
def test_invalid_listing_parameters_are_400(api, name, value):
    assert_error(api("GET", params={name: value}), 400)


def test_repeated_listing_parameter_is_400(api):
    assert_error(api("GET", params=[("page", "0"), ("page", "1")]), 400)


@pytest.mark.parametrize("per_page", ["1", "1000", "007"])
def test_valid_per_page(api, per_page):
    assert api.listing(perPage=per_page)["perPage"] == int(per_page)


def test_unknown_parameters_and_client_headers_change_nothing(api):
    for name in ("b", "A"):
        api.create(name)
    noisy = api.listing(_actions="false", _links="true", _embedded="true", foo="bar", sort="id")
    headers = {"Accept-Version": "^1.31.0", "losantdomain": "example.com"}
    assert noisy == api.listing() == api("GET", headers=headers).json()


# -- listing: order -------------------------------------------------------------------------------


def test_strings_sort_by_code_point_and_desc_reverses(api):
    names = ["b", "B", "a", "A", "_", "é", "Z", "😀", "\uff21", "aa"]
    for name in names:
        api.create(name)
    assert api.names() == sorted(names)
    assert api.names(sortDirection="desc") == sorted(names, reverse=True)


def test_dates_sort_as_instants_and_lastupdated_follows_patches(api):
    first, second, third = (api.create(f"lct-{n}") for n in "zyx")
    time.sleep(0.002)  # so the patch cannot share a millisecond with the last creation
    api("PATCH", f"/integrations/{first['id']}", json={"enabled": False})
    assert [i["id"] for i in api.listing(sortField="creationDate")["items"]] == [
        first["id"],
        second["id"],
        third["id"],
    ]
    assert api.listing(sortField="lastUpdated")["items"][-1]["id"] == first["id"]
    assert [i["id"] for i in api.listing(sortField="id", sortDirection="desc")["items"]] == [
        third["id"],
        second["id"],
        first["id"],
    ]


@pytest.mark.parametrize("field", ["name", "id", "creationDate", "integrationType", "lastUpdated"])
@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_walking_pages_yields_each_integration_once(api, field, direction):
    for i in range(11):
        api.create("lct-same" if i % 2 else f"lct-{i % 3}", ("mqtt", "particle")[i % 2])
    whole = api.listing(sortField=field, sortDirection=direction)["items"]
    walked = []
    for page in range(5):
        listed = api.listing(sortField=field, sortDirection=direction, perPage=3, page=page)
        assert listed["totalCount"] == 11 and listed["count"] == len(listed["items"])
        walked += listed["items"]
    assert walked == whole and len({item["id"] for item in walked}) == 11


def test_page_past_the_end_is_empty_with_the_true_total(api):
    for i in range(3):
        api.create(f"lct-{i}")
    listed = api.listing(page=7, perPage=2)
    assert (listed["items"], listed["count"], listed["totalCount"], listed["page"]) == ([], 0, 3, 7)


# -- listing: filter -----------------------------------------------------------------------------


FILTERED_NAMES = (
    "Alpha",
    "alpha",
    "ALPHA",
    "A.B",
    "A?B",
    "aXb",
    "a*b",
    "a[b]",
    "(x)",
    "$^|+{}\\",
    "line\nbreak",
)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("alpha", {"ALPHA", "Alpha", "alpha"}),
        ("a*", {"A.B", "A?B", "ALPHA", "Alpha", "a*b", "a[b]", "aXb", "alpha"}),
        ("*b", {"A.B", "A?B", "a*b", "aXb"}),
        ("a.b", {"A.B"}),
        ("a?b", {"A?B"}),
        ("a[b]", {"a[b]"}),
        ("a*b", {"A.B", "A?B", "a*b", "aXb"}),
        ("lph", set()),
        ("*lph*", {"ALPHA", "Alpha", "alpha"}),
        ("(x)", {"(x)"}),
        ("$^|+{}\\", {"$^|+{}\\"}),
        ("**", set(FILTERED_NAMES)),
        ("line*", {"line\nbreak"}),
        ("*a*a*a*a*a*a*a*a*a*a*a*a*a*b", set()),
    ],
)
def test_filter_is_an_anchored_case_insensitive_glob(api, pattern, expected):
    for name in FILTERED_NAMES:
        api.create(name)
    listed = api.listing(filterField="name", filter=pattern)
    assert [item["name"] for item in listed["items"]] == sorted(expected)
    assert (listed["filterField"], listed["filter"], listed["totalCount"]) == (
        "name",
        pattern,
        len(expected),
    )


def test_filter_by_integration_type_and_filter_without_field_is_ignored(api):
    api.create("lct-a", "mqtt")
    api.create("lct-b", "particle")
    assert api.names(filterField="integrationType", filter="PART*") == ["lct-b"]
    unfiltered = api.listing(filter="lct-a")
    assert unfiltered["totalCount"] == 2 and "filter" not in unfiltered and "filterField" not in unfiltered


def test_total_count_counts_matches_on_all_pages(api):
    for i in range(5):
        api.create(f"lct-{i}", ("mqtt", "particle")[i % 2])
    listed = api.listing(filterField="integrationType", filter="mqtt", perPage=2, page=1)
    assert (listed["count"], listed["totalCount"]) == (1, 3)


# -- errors and plumbing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/nothing",
        "/applications",
        "/applications/x/devices",
        "/applications/x/integrations/y/z",
    ],
)
def test_unknown_routes_are_404(api, path):
    assert_error(api.session.get(api.mock.url + path, timeout=10), 404)


@pytest.mark.parametrize("method", ["PUT", "OPTIONS", "BREW", "DELETE"])
def test_unsupported_methods_are_405(api, method):
    response = api(method)
    assert_error(response, 405)
    assert set(response.headers["Allow"].split(", ")) == {"GET", "POST"}


def port(mock: MockServer) -> int:
    return int(mock.url.rsplit(":", 1)[1])


@pytest.mark.parametrize(
    "line",
    [
        b"GET /applications HTTP/2.0",
        b"GET /applications HTTP/1.x",
        b"NONSENSE",
        b"GET /" + b"a" * 70_000 + b" HTTP/1.1",
        b"GET //[abc/x HTTP/1.1",
        b"GET /applications/%zz/integrations?%%=&a=%ff HTTP/1.1",
    ],
)
def test_malformed_request_lines_get_a_json_4xx_not_a_5xx(mock, line):
    with socket.create_connection(("127.0.0.1", port(mock)), timeout=10) as raw:
        raw.sendall(line + b"\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = raw.makefile("rb").read()
    head, _, payload = answer.partition(b"\r\n\r\n")
    status = int(head.split()[1])
    assert 400 <= status < 500 and b"application/json" in head and json.loads(payload)["type"]


def test_keep_alive_serves_many_requests_on_one_connection(api):
    connection = http.client.HTTPConnection("127.0.0.1", port(api.mock), timeout=10)
    headers = {
        "Authorization": f"Bearer {api.mock.admin_token}",
        "Content-Type": "application/json",
    }
    path = f"/applications/{api.mock.application_id}/integrations"
    sockets = set()
    for method, payload in [
        ("GET", None),
        ("POST", json.dumps(body())),
        ("POST", "{"),
        ("PUT", "x"),
        ("GET", None),
    ]:
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        assert int(response.headers["Content-Length"]) == len(response.read())
        sockets.add(id(connection.sock))
    assert len(sockets) == 1 and response.status == 200
    connection.close()


def test_concurrent_posts_get_unique_ids(api):
    def post_many(results: list) -> None:
        with requests.Session() as session:
            for i in range(25):
                response = session.post(
                    f"{api.base}/integrations",
                    json=body(f"lct-{i}"),
                    timeout=10,
                    headers={"Authorization": f"Bearer {api.mock.admin_token}"},
                )
                results.append((response.status_code, response.json()["id"]))

    results: list = []
    threads = [threading.Thread(target=post_many, args=(results,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {status for status, _ in results} == {201}
    assert len({integration_id for _, integration_id in results}) == 200
    assert api.listing()["totalCount"] == 200


def test_an_exception_inside_an_action_is_a_visible_500():
    broken = MockServer().start()
    broken.behaviour.parse_listing = lambda pairs, spec: 1 / 0
    try:
        response = requests.get(
            f"{broken.url}/applications/{broken.application_id}/integrations",
            timeout=10,
            headers={"Authorization": f"Bearer {broken.admin_token}"},
        )
        assert response.status_code == 500 and "ZeroDivisionError" in response.json()["message"]
    finally:
        broken.stop()


LISTING_KEYS = st.sampled_from(["sortField", "sortDirection", "page", "perPage", "filterField", "filter", "x"])


@given(st.dictionaries(LISTING_KEYS, st.text(max_size=30)))
def test_no_query_gets_a_5xx(mock, query):
    with requests.Session() as session:
        response = session.get(
            f"{mock.url}/applications/{mock.application_id}/integrations",
            params=query,
            headers={"Authorization": f"Bearer {mock.admin_token}"},
            timeout=10,
        )
    assert response.status_code in (200, 400), response.text


@given(
    st.one_of(
        st.binary(max_size=200),
        st.text(max_size=200).map(str.encode),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=5),
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(
                    st.sampled_from(["name", "integrationType", "mqttConfig", "port", "topics"]),
                    inner,
                    max_size=4,
                )
            ),
        ).map(lambda value: json.dumps(value).encode()),
    )
)
def test_no_body_gets_a_5xx(mock, raw):
    with requests.Session() as session:
        response = session.post(
            f"{mock.url}/applications/{mock.application_id}/integrations",
            data=raw,
            headers={
                "Authorization": f"Bearer {mock.admin_token}",
                "Content-Type": "application/json",
            },
            timeout=10,
        )
    assert response.status_code in (201, 400), response.text


# -- foreign data, standalone process, pytest plugin ----------------------------------------


def test_foreign_integrations_are_awkward_valid_and_come_back_after_reset():
    with MockServer(foreign=120) as foreign, Api(foreign, foreign.admin_token) as api:
        listed = api.listing()
        names = [item["name"] for item in listed["items"]]
        assert listed["totalCount"] == 120 and not any(n.lower().startswith("lct-") for n in names)
        assert len(set(names)) < len(names) and {"Alpha", "alpha", "*", "?"} <= set(names)
        api.create()
        foreign.reset()
        assert api.listing()["items"] == listed["items"]


def test_standalone_module_prints_env_lines_and_stops_cleanly_on_signals():
    for sent in (signal.SIGINT, signal.SIGTERM):
        process = subprocess.Popen(
            [sys.executable, "-m", "losant_contract.mock", "--foreign", "3"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert process.stdout.readline().startswith("# Losant mock serving at http://127.0.0.1:")
            env = dict(process.stdout.readline().strip().split("=", 1) for _ in range(8))
            response = requests.get(
                f"{env['LOSANT_API_URL']}/applications/{env['LOSANT_APPLICATION_ID']}/integrations",
                headers={"Authorization": f"Bearer {env['LOSANT_API_TOKEN']}"},
                timeout=10,
            )
            assert response.json()["totalCount"] == 3
            assert set(env) >= {
                "LOSANT_SECOND_APPLICATION_ID",
                "LOSANT_SCOPE_TOKEN_ALL_ORGANIZATION_READ",
                "LOSANT_SCOPE_TOKEN_ALL_USER_READ",
            }
            assert env["LOSANT_SECOND_APPLICATION_ID"] not in ("", env["LOSANT_APPLICATION_ID"])
            process.send_signal(sent)
            assert process.wait(timeout=10) == 0
            assert "Traceback" not in process.stderr.read()
        finally:
            process.kill()
            process.wait()
            process.stdout.close()
            process.stderr.close()


def test_pytest_plugin_gives_each_test_a_fresh_mock(tmp_path):
    (tmp_path / "test_client.py").write_text(
        textwrap.dedent("""
        import requests

        def _integrations(mock):
            return f"{mock.url}/applications/{mock.application_id}/integrations"

        def test_create(losant_mock):
            auth = {"Authorization": "Bearer " + losant_mock.token}
            sent = {"name": "mine", "integrationType": "particle",
                    "particleConfig": {"accessToken": "t"}}
            response = requests.post(_integrations(losant_mock), json=sent, headers=auth)
            assert response.status_code == 201

        def test_fresh(losant_mock):
            auth = {"Authorization": "Bearer " + losant_mock.token}
            assert requests.get(_integrations(losant_mock), headers=auth).json()["totalCount"] == 0
    """)
    )
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "losant_contract.pytest_plugin",
            "-p",
            "no:cacheprovider",
            str(tmp_path),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


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
    ]
    return {
        f"{field}={pattern}": names_of(api("GET", params={"filterField": field, "filter": pattern, "perPage": 200}))
        for field, pattern in queries
    }


def probe_pagination(api: Api) -> dict:
    for i in range(3):
        api("POST", json=body(f"lct-{i}"))
    default = api("GET").json()
    filtered = api("GET", params={"filterField": "name", "filter": "lct-*", "perPage": 2}).json()
    bad = {
        value: api("GET", params={name: value}).status_code
        for name, value in [("perPage", "2000"), ("page", "1.5"), ("page", "2x"), ("page", "-1")]
    }
    return {
        "default": (default["count"], default["perPage"], default["totalCount"]),
        "walk": walk(api, 14, perPage=10, sortField="name"),
        "past": shape(api("GET", params={"page": 50, "perPage": 10})),
        "echo": (sorted(filtered), filtered["perPage"]),
        "bad": bad,
    }


def probe_scopes(api: Api) -> dict:
    seen = {}
    for scope in (
        "all.Application.read",
        "integrations.get",
        "integrations.post",
        "integration.*",
        "integration.get",
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
    return {"posts": statuses, "text/plain": text.status_code, "patch": patched.status_code}


def probe_persistence(api: Api) -> dict:
    created = api("POST", json=body("lct-kept", topics=["t/1"])).json()
    path = f"/integrations/{created['id']}"
    read = api("GET", path)
    listed = [i for i in api("GET").json()["items"] if i["id"] == created["id"]]
    time.sleep(0.002)
    patched = api("PATCH", path, json={"name": "lct-changed"}).json()
    after = api("GET", path).json()
    api("DELETE", path)
    return {
        "read": shape(read),
        "listed": [sorted(item) for item in listed],
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
    }


def probe_boundaries(api: Api) -> dict:
    for i in range(3):
        api("POST", json=body(f"lct-{i}"))
    return {
        "perPage 1000": names_of(api("GET", params={"perPage": 1000, "filterField": "name", "filter": "lct-*"})),
        "pages": [shape(api("GET", params={"page": page, "perPage": 10})) for page in (2**31, 2**53, 50)],
        "name 1024": api("POST", json=body("n" * 1024)).status_code,
        "port 65535": api("POST", json=body(mqttConfig={**MQTT, "port": 65535})).status_code,
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
    "status": probe_status,
    "validation": probe_validation,
    "persistence": probe_persistence,
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
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "losant_contract.mock",
            "--fault",
            "create-answers-200",
            "--fault",
            "refused-as-401",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        process.stdout.readline()
        env = dict(process.stdout.readline().strip().split("=", 1) for _ in range(3))
        response = requests.post(
            f"{env['LOSANT_API_URL']}/applications/{env['LOSANT_APPLICATION_ID']}/integrations",
            json=body(),
            timeout=10,
            headers={"Authorization": f"Bearer {env['LOSANT_API_TOKEN']}"},
        )
        assert response.status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()
