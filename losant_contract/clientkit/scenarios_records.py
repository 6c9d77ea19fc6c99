"""Record scenarios: create (each integration type), get, patch and delete an integration,
and mint, use and delete a scoped token; each sent once, as asked, and returned as answered.

Rules: reference/integrations.md#post, integration.md, application-api-tokens.md#post,
application-api-token.md#delete; contract-decisions.md sections 1, 4 and 5.
"""

from __future__ import annotations

from functools import partial

from losant_contract.clientkit import seeds
from losant_contract.clientkit.judging import conforms_to, exchange, judging_returned, only_request, same_error
from losant_contract.clientkit.outcomes import ReturnedWrong
from losant_contract.clientkit.scenario import Scenario, scenario
from losant_contract.clientkit.stage import Stage
from losant_contract.oracles.records import echoes_post, patch_applied, same_record

ABSENT_ID = "0123456789abcdef01234567"


def _integration(stage: Stage, integration_id: str) -> str:
    return f"/applications/{stage.application_id}/integrations/{integration_id}"


def _create(integration_type: str, stage: Stage) -> None:
    body = seeds.body(f"kit create {integration_type}", integration_type)
    call = stage.call("create_integration", applicationId=stage.application_id, body=body)
    record = only_request(call, stage.mock.admin_token, body=body)
    value = call.returned()
    conforms_to(value, "Integration", "create_integration")
    with judging_returned("create_integration"):
        echoes_post(exchange(record), value, body, stage.application_id)
    if stage.status_of("GET", _integration(stage, value["id"])) != 200:
        raise ReturnedWrong(f"create_integration returned id {value['id']}, which the API does not know")


CREATES = tuple(
    Scenario(
        f"create {integration_type}",
        "records",
        f"An {integration_type} integration is created with one POST whose JSON body is the one asked, and the "
        "client returns the created Integration (integrations.md#post; decisions 4)",
        partial(_create, integration_type),
    )
    for integration_type in seeds.TYPES
)


@scenario("get", "records", "GET an integration returns it as created (integration.md#get; decisions 5)")
def get(stage: Stage) -> None:
    created = stage.create(seeds.body("kit get", "particle"))
    call = stage.call("get_integration", applicationId=stage.application_id, integrationId=created["id"])
    record = only_request(call, stage.mock.admin_token)
    value = call.returned()
    conforms_to(value, "Integration", "get_integration")
    with judging_returned("get_integration"):
        same_record(exchange(record), value, created, "get returns the integration")


@scenario(
    "patch",
    "records",
    "PATCH sends only the asked change as JSON; the client returns the patched Integration (integration.md#patch)",
)
def patch(stage: Stage) -> None:
    created = stage.create(seeds.body("kit patch", "mqtt"))
    change = {"topics": ["differentTopic"], "enabled": False}
    call = stage.call("patch_integration", applicationId=stage.application_id, integrationId=created["id"], body=change)
    record = only_request(call, stage.mock.admin_token, body=change)
    value = call.returned()
    conforms_to(value, "Integration", "patch_integration")
    with judging_returned("patch_integration"):
        patch_applied(exchange(record), value, created, change)


@scenario(
    "delete",
    "records",
    "DELETE sends no body and returns the Success body; the integration is gone (integration.md#delete)",
)
def delete(stage: Stage) -> None:
    created = stage.create(seeds.body("kit delete", "meridian"))
    call = stage.call("delete_integration", applicationId=stage.application_id, integrationId=created["id"])
    only_request(call, stage.mock.admin_token)
    value = call.returned()
    if value != {"success": True}:
        raise ReturnedWrong(f'delete_integration returned {value!r:.80}, not {{"success": true}}')
    if stage.status_of("GET", _integration(stage, created["id"])) != 404:
        raise ReturnedWrong("delete_integration returned success but the integration is still there")


@scenario(
    "token mint and delete",
    "tokens",
    "Minting a token sends the asked body and returns the API Token with its secret; the token works with its "
    "scope only; deleting it sends no body and it stops working (application-api-tokens.md#post; decisions 1)",
)
def token_mint_and_delete(stage: Stage) -> None:
    body = {"name": "kit reader", "scope": ["integrations.get"]}
    call = stage.call("create_token", applicationId=stage.application_id, body=body)
    only_request(call, stage.mock.admin_token, body=body)
    minted = call.returned()
    conforms_to(minted, "API Token", "create_token")
    secret, ident = minted.get("token"), minted.get("id")
    if not isinstance(secret, str) or not isinstance(ident, str):
        raise ReturnedWrong("create_token returned no 'token' or 'id': the client drops the new token's secret")
    listing = f"/applications/{stage.application_id}/integrations"
    if stage.status_of("GET", listing, token=secret) != 200:
        raise ReturnedWrong("the token create_token returned is refused for GET Integrations")
    if stage.status_of("POST", listing, token=secret, body=seeds.body("kit refused")) not in (401, 403):
        raise ReturnedWrong("the token create_token returned can create integrations: scope not as asked")
    call = stage.call("delete_token", applicationId=stage.application_id, apiTokenId=ident)
    only_request(call, stage.mock.admin_token)
    if call.returned() != {"success": True}:
        raise ReturnedWrong(f'delete_token returned {call.value!r:.80}, not {{"success": true}}')
    if stage.status_of("GET", listing, token=secret) != 401:
        raise ReturnedWrong("delete_token returned success but the token still works")


@scenario(
    "token scoped client",
    "tokens",
    "A client built with a read-only token sends it as its Bearer credential, lists, and surfaces the 401 or 403 "
    "for a create with its status, type and message; nothing is created (decisions 1)",
)
def token_scoped_client(stage: Stage) -> None:
    secret = stage.mint(["integrations.get"])["token"]
    call = stage.call("list_integrations", token=secret, applicationId=stage.application_id)
    only_request(call, secret, asked_query={})
    conforms_to(call.returned(), "Integrations", "list_integrations")
    body = seeds.body("kit refused")
    call = stage.call("create_integration", token=secret, applicationId=stage.application_id, body=body)
    record = only_request(call, secret, body=body)
    same_error(call, record, {401, 403})


SCENARIOS = (*CREATES, get, patch, delete, token_mint_and_delete, token_scoped_client)
