"""Request bodies beyond POST Integrations (contract-decisions.md section 8) and the looser
schemas of Losant's JavaScript client that section 4 allows (control js-client-schemas)."""

from __future__ import annotations

import json

import pytest
from mockkit import MQTT, Api, assert_error, body

from losant_contract.mock import MockServer

pytest_plugins = ("mockkit",)

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
