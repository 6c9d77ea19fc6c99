"""Server-owned fields: id, integrationId, applicationId and creationDate belong to the
server, and lastUpdated only moves forward (contract-decisions.md section 5). No PATCH,
however it is shaped, changes them, and a PATCH changes only the properties it names.

The model check (test_model.py) and every other PATCH in the suite hold the same rules on
generated patches; here they are tried deliberately, one field and one property at a time.
"""

from __future__ import annotations

import secrets

import pytest

from losant_contract.contracts import decided
from losant_contract.oracles.errors import is_error
from losant_contract.oracles.records import patch_applied, same_record, server_owned_kept
from losant_contract.oracles.schema import conforms, status_is
from losant_contract.strategies.boundaries import config_at

OWNED = ("id", "integrationId", "applicationId", "creationDate", "lastUpdated")
#: Each config object, and the string a patch changes in it.
CONFIGS = {
    "googlePubSubConfig": "projectId",
    "mqttConfig": "host",
    "particleConfig": "accessToken",
    "meridianConfig": "locationId",
}


def _full(prefix: str, label: str) -> dict:
    """A body with every property: every config object, topics, enabled false."""
    configs = {key: config_at(key, "minLength") for key in CONFIGS}
    return {"name": f"{prefix}{label}", "integrationType": "mqtt", "enabled": False, "topics": ["before"], **configs}


def _read(api, target, ident: str, rule: str) -> dict:
    response = api.get(target.integration(ident))
    status_is(response, 200, rule)
    return conforms(response, "Integration")


@pytest.fixture(scope="module")
def owned(create, prefix) -> dict:
    """One integration with every property, for the attempts on its server-owned fields."""
    response = create(_full(prefix, "owned"))
    status_is(response, 201, "POST Integrations (ownership target)")
    return conforms(response, "Integration")


@pytest.mark.area("ownership")
@pytest.mark.assumed("5. Integration (singular)")
@pytest.mark.parametrize("field", OWNED)
def test_patch_cannot_set_a_server_owned_field(api, target, owned, field):
    """A PATCH that sets a server-owned field (to another id, an unknown application, a date
    long past), alone or beside a valid change: Integration Patch does not allow the field,
    so 400 with an Error; and the integration reads exactly as before, every field."""
    ident = owned["id"]
    before = _read(api, target, ident, "GET Integration before the attempt")
    attempt = {
        "id": secrets.token_hex(12),
        "integrationId": secrets.token_hex(12),
        "applicationId": secrets.token_hex(12),  # never a real one: a faulty server would move it there
        "creationDate": "2001-01-01T00:00:00.000Z",
        "lastUpdated": "2001-01-01T00:00:00.000Z",
    }[field]
    allowed = field in decided("Integration Patch")["properties"]  # the schema decides; today it allows none
    for patch in ({field: attempt}, {field: attempt, "topics": ["after"]}):
        response = api.patch(target.integration(ident), json=patch)
        rule = f"PATCH Integration with {sorted(patch)}"
        if not allowed:
            is_error(response, 400, rule)
        else:
            status_is(response, 200, rule)
            server_owned_kept(response, conforms(response, "Integration"), before, rule)
    after = api.get(target.integration(ident))
    status_is(after, 200, "GET Integration after the attempts")
    if not allowed:
        same_record(after, conforms(after, "Integration"), before, f"a refused PATCH of {field} changes nothing")
    else:
        server_owned_kept(after, conforms(after, "Integration"), before, f"a PATCH of {field} does not move it")


def _one_property_patches(prefix: str) -> list[dict]:
    """A patch of each property alone, each a real change of the body `_full` made."""
    configs = [{key: config_at(key, "minLength", **{field: "changed"})} for key, field in CONFIGS.items()]
    renamed = {"name": f"{prefix}owned renamed"}
    return [renamed, {"integrationType": "particle"}, {"enabled": True}, {"topics": ["after"]}, *configs]


@pytest.mark.area("ownership")
@pytest.mark.assumed("5. Integration (singular)")
def test_a_patch_changes_only_what_it_names(api, target, create, prefix):
    """PATCH one property at a time (name, integrationType, enabled, topics, each config
    object): 200 with that property changed and every other one kept, config objects
    included; id, integrationId, applicationId and creationDate unchanged; lastUpdated never
    earlier. GET Integration then reads the last answer, every field."""
    response = create(_full(prefix, "patched one at a time"))
    status_is(response, 201, "POST Integrations (patch target)")
    before = conforms(response, "Integration")
    for patch in _one_property_patches(prefix):
        response = api.patch(target.integration(before["id"]), json=patch)
        status_is(response, 200, f"PATCH Integration with {sorted(patch)}")
        after = conforms(response, "Integration")
        patch_applied(response, after, before, patch)
        before = after
    read = api.get(target.integration(before["id"]))
    status_is(read, 200, "GET Integration after the patches")
    same_record(read, conforms(read, "Integration"), before, "GET Integration after the patches")
