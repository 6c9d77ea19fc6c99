"""Fields the server owns and a PATCH that changes only what it names (contract-decisions.md
section 5): the correct mock, and each fault of the ownership area."""

from __future__ import annotations

import time

import pytest
from mockkit import MQTT, UNKNOWN_ID, Api, assert_error

from losant_contract.mock import MockServer

pytest_plugins = ("mockkit",)

OLD_DATE = "2001-01-01T00:00:00.000Z"
SERVER_FIELDS = {
    "id": UNKNOWN_ID,
    "integrationId": UNKNOWN_ID,
    "creationDate": OLD_DATE,
    "applicationId": "second",  # replaced by the second application's id
}


def patches(faults: tuple[str, ...] = ()) -> dict[str, object]:
    """PATCHes of one integration (a rename, then a config change) and of others (one
    server-owned field each): what each answered and what the integration then holds."""
    with MockServer(faults=faults) as mock, Api(mock, mock.admin_token) as api:
        created = api.create("lct-owned", topics=["t/1"], enabled=False)
        path = f"/integrations/{created['id']}"
        time.sleep(0.002)  # so a patch cannot share the creation's millisecond
        renamed = api("PATCH", path, json={"name": "lct-renamed"}).json()
        seen: dict[str, object] = {
            "rename": {key: renamed.get(key) == created[key] for key in created if key not in ("name", "lastUpdated")},
            "lastUpdated moved forward": renamed["lastUpdated"] >= created["lastUpdated"],
        }
        changed = api("PATCH", path, json={"mqttConfig": {**MQTT, "port": 1883}}).json()
        seen["config"] = (changed["mqttConfig"]["port"], changed["name"], changed["topics"], changed["enabled"])
        for field, value in SERVER_FIELDS.items():  # each on an integration of its own
            path = f"/integrations/{api.create(f'lct-{field}')['id']}"
            sent = mock.second_application_id if value == "second" else value
            response = api("PATCH", path, json={field: sent})
            if response.status_code != 200:
                assert_error(response, 400)
            seen[field] = (response.status_code, api("GET", path).json().get(field) == sent)
        return seen


KEPT = ("id", "integrationId", "applicationId", "creationDate", "integrationType", "enabled", "topics", "mqttConfig")
CORRECT = {
    "rename": dict.fromkeys(KEPT, True),
    "lastUpdated moved forward": True,
    "config": (1883, "lct-renamed", ["t/1"], False),
    **{field: (400, False) for field in SERVER_FIELDS},
}


def test_patch_changes_only_what_it_names_and_refuses_server_fields():
    assert patches() == CORRECT


def _lost(field: str) -> dict[str, object]:
    """After a rename, `field` no longer holds what it held."""
    return {"rename": {**dict.fromkeys(KEPT, True), field: False}}


@pytest.mark.parametrize(
    ("fault", "changed"),
    [
        ("patch-resets-creation-date", _lost("creationDate")),
        (
            "patch-applies-server-fields",
            {
                "id": (200, True),
                "integrationId": (200, True),
                "creationDate": (200, True),
                "applicationId": (200, True),
            },
        ),
        ("patch-drops-unsent-config", _lost("mqttConfig")),
    ],
)
def test_each_ownership_fault_changes_exactly_what_it_says(fault, changed):
    assert patches((fault,)) == {**CORRECT, **changed}
