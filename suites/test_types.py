"""Type confusion: every property of the Integration Post and Patch bodies, nested config
properties included, with every JSON type it does not allow (null among them): 400 with an
Error, never a 5xx, and nothing created or changed.

The (property, type) pairs are enumerated, not drawn (losant_contract.strategies.types), so
a server that fails on one of them is caught on every run. One check per object the
properties belong to (the body, or a config object) sends its pairs and then verifies
once, by exact comparison, that none of them acted.
"""

from __future__ import annotations

from functools import partial

import pytest

from losant_contract import actions
from losant_contract.oracles.errors import is_error
from losant_contract.oracles.records import created_none, same_record
from losant_contract.oracles.schema import conforms, status_is
from losant_contract.strategies.boundaries import config_at
from losant_contract.strategies.types import by_object, confused_patch, confused_post, wrong_types

POST_GROUPS = by_object(wrong_types("Integration Post"))
PATCH_GROUPS = by_object(wrong_types("Integration Patch"))
CONFIGS = ("googlePubSubConfig", "mqttConfig", "particleConfig", "meridianConfig")


@pytest.mark.area("types")
@pytest.mark.assumed("4. POST Integrations")
@pytest.mark.parametrize("group", POST_GROUPS)
def test_post_refuses_every_wrong_type(api, target, create, ledger, prefix, group):
    """POST Integrations with one property of the wrong JSON type (each property of this
    object, each type it does not allow): 400 with an Error every time, never a 5xx, and
    nothing created (every listed name and topic compared here)."""
    wrongs = POST_GROUPS[group]
    tags = [f"{prefix}type {wrong.label}" for wrong in wrongs]
    answers = api.concurrently(
        [partial(create, confused_post(wrong, tag)) for wrong, tag in zip(wrongs, tags, strict=True)]
    )
    for wrong, answer in zip(wrongs, answers, strict=True):
        is_error(answer, 400, f"POST Integrations with {wrong.label}")
    response, made = actions.find_tagged(api, target, ledger, set(tags))
    created_none(response, made, "a body with a property of the wrong type creates nothing")


@pytest.fixture(scope="module")
def confusable(create, prefix) -> dict:
    """One integration with every config object, for the PATCH attempts."""
    configs = {key: config_at(key, "minLength") for key in CONFIGS}
    response = create({"name": f"{prefix}type target", "integrationType": "mqtt", "topics": ["t"], **configs})
    status_is(response, 201, "POST Integrations (type confusion target)")
    return conforms(response, "Integration")


@pytest.mark.area("types")
@pytest.mark.assumed("5. Integration (singular)")
@pytest.mark.parametrize("group", PATCH_GROUPS)
def test_patch_refuses_every_wrong_type(api, target, confusable, group):
    """PATCH Integration with one property of the wrong JSON type (each property of this
    object, each type it does not allow): 400 with an Error every time, never a 5xx, and
    the integration then reads exactly as before, every field."""
    path = target.integration(confusable["id"])
    read = api.get(path)
    status_is(read, 200, "GET Integration before the attempts")
    before = conforms(read, "Integration")
    wrongs = PATCH_GROUPS[group]
    answers = api.concurrently([partial(api.patch, path, json=confused_patch(wrong)) for wrong in wrongs])
    for wrong, answer in zip(wrongs, answers, strict=True):
        is_error(answer, 400, f"PATCH Integration with {wrong.label}")
    read = api.get(path)
    status_is(read, 200, "GET Integration after the attempts")
    same_record(read, conforms(read, "Integration"), before, "a PATCH with a wrong type changes nothing")
