"""Writes: POST, GET, PATCH and DELETE of an integration (sections 4 and 5), the validation
and framing of request bodies, the same rules on PATCH and token POST (section 8), and the
looser schemas of Losant's JavaScript client that section 4 allows (control js-client-schemas)."""

from __future__ import annotations

import json

import pytest
from mockkit import DATE, HEX24, MQTT, Api, assert_error, body

from losant_contract.contracts import violations
from losant_contract.mock import MockServer

pytest_plugins = ("mockkit",)


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


# -- section 8 on PATCH and token POST; the JavaScript client's looser schemas ---------------


#: (what is sent, the statuses the decisions allow for it)
UNUSABLE_BODIES = [
    ({"data": b'{"name": "lct-x"}', "headers": {"Content-Type": "text/plain"}}, (400, 415)),
    ({"data": b'{"name": "lct-x"}'}, (400, 415)),  # no Content-Type at all
    ({"data": b'{"name": ', "headers": {"Content-Type": "application/json"}}, (400,)),
    ({"data": b"", "headers": {"Content-Type": "application/json"}}, (400,)),
    ({"data": b'["lct-x"]', "headers": {"Content-Type": "application/json"}}, (400,)),
    ({"data": b'"lct-x"', "headers": {"Content-Type": "application/json"}}, (400,)),
    ({"data": b"null", "headers": {"Content-Type": "application/json"}}, (400,)),
]


@pytest.mark.parametrize(("sent", "allowed"), UNUSABLE_BODIES)
def test_patch_with_an_unusable_body_is_refused_and_changes_nothing(api, sent, allowed):
    created = api.create()
    assert_error(api("PATCH", f"/integrations/{created['id']}", **sent), allowed)
    assert api("GET", f"/integrations/{created['id']}").json() == created


@pytest.mark.parametrize(("sent", "allowed"), UNUSABLE_BODIES)
def test_token_post_with_an_unusable_body_is_refused_and_mints_nothing(api, sent, allowed):
    before = api("GET", "/tokens").json()["items"]
    assert_error(api("POST", "/tokens", **sent), allowed)
    assert api("GET", "/tokens").json()["items"] == before


def test_content_type_400_control_answers_400_for_patch_and_token_post():
    with MockServer(faults=["content-type-400"]) as other, Api(other, other.admin_token) as api:
        created = api.create()
        plain = {"data": json.dumps({"name": "lct-x"}), "headers": {"Content-Type": "text/plain"}}
        assert_error(api("PATCH", f"/integrations/{created['id']}", **plain), 400)
        assert_error(api("POST", "/tokens", **plain), 415)  # support routes are never varied


KEY = "-----BEGIN KEY-----"[:12]  # 12 characters: inside the 4..49 the JavaScript client allows
LOOSE = {
    "privateKey": body(mqttConfig={**MQTT, "privateKey": KEY}),
    "certificate": body(mqttConfig={**MQTT, "certificate": KEY}),
    "caCertificate": body(mqttConfig={**MQTT, "caCertificate": KEY}),
    "keyJson": body("lct-g", "googlePubSub", googlePubSubConfig={"projectId": "p", "keyJson": "{}{}"}),
    "disableSSLVerification": body(mqttConfig={**MQTT, "disableSSLVerification": True}),
}
STILL_INVALID = {
    "privateKey of 3": body(mqttConfig={**MQTT, "privateKey": "abc"}),
    "keyJson of 3": body("lct-g", "googlePubSub", googlePubSubConfig={"projectId": "p", "keyJson": "{}}"}),
    "disableSSLVerification not boolean": body(mqttConfig={**MQTT, "disableSSLVerification": "yes"}),
    "unknown mqttConfig property": body(mqttConfig={**MQTT, "verify": True}),
}


def loose_statuses(faults: tuple[str, ...] = ()) -> dict[str, int]:
    """POST each body of LOOSE and STILL_INVALID, then PATCH the LOOSE ones' configs onto
    an integration; the statuses."""
    with MockServer(faults=faults) as mock, Api(mock, mock.admin_token) as api:
        seen = {label: api("POST", json=sent).status_code for label, sent in {**LOOSE, **STILL_INVALID}.items()}
        target = api.create()
        for label, sent in LOOSE.items():
            change = {key: value for key, value in sent.items() if key.endswith("Config")}
            seen[f"PATCH {label}"] = api("PATCH", f"/integrations/{target['id']}", json=change).status_code
        return seen


def test_the_docs_schemas_refuse_what_the_javascript_client_allows():
    assert loose_statuses() == dict.fromkeys([*LOOSE, *STILL_INVALID, *(f"PATCH {label}" for label in LOOSE)], 400)


def test_js_client_schemas_accept_exactly_the_looser_keys_and_the_boolean():
    seen = loose_statuses(("js-client-schemas",))
    assert seen == {
        **dict.fromkeys(LOOSE, 201),
        **dict.fromkeys(STILL_INVALID, 400),
        **{f"PATCH {label}": 200 for label in LOOSE},
    }
