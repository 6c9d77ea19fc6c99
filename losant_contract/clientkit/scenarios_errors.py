"""Error scenarios: every documented error status reaches the caller as an error carrying
the status, and the Error body's type and message, the API answered.

Rules: the Error Responses tables of reference/integrations.md, integration.md and
application-api-token.md; contract-decisions.md sections 1, 2 and 6.
"""

from __future__ import annotations

from typing import Any

from losant_contract.clientkit.judging import only_request, same_error
from losant_contract.clientkit.outcomes import NotSupported, ReturnedWrong
from losant_contract.clientkit.scenario import scenario
from losant_contract.clientkit.stage import Stage

ABSENT_ID = "0123456789abcdef01234567"


def _refused(stage: Stage, op: str, statuses: set[int], token: str | None = None, **args: Any) -> None:
    """Call op, which the API must refuse with one of `statuses`; the client surfaces that answer."""
    call = stage.call(op, token=token, **args)
    if not call.requests and call.error is not None:
        raise NotSupported("passing invalid values on", f"the client refused the call itself ({call.error})")
    query = {k: v for k, v in args.items() if k in ("sortField", "sortDirection", "page", "perPage")}
    record = only_request(call, token or stage.mock.admin_token, asked_query=query, body=args.get("body"))
    same_error(call, record, statuses)


@scenario(
    "error 400 query",
    "errors",
    "sortDirection=sideways is sent as asked and the 400 Error is surfaced (integrations.md#get-error-responses)",
)
def error_400_query(stage: Stage) -> None:
    _refused(stage, "list_integrations", {400}, applicationId=stage.application_id, sortDirection="sideways")


@scenario(
    "error 400 body",
    "errors",
    "A body without integrationType is sent as asked and the 400 Error is surfaced (integrations.md#post; decisions 4)",
)
def error_400_body(stage: Stage) -> None:
    _refused(stage, "create_integration", {400}, applicationId=stage.application_id, body={"name": "kit no type"})


@scenario("error 401 token", "errors", "An unknown token's 401 Error is surfaced (decisions 1)")
def error_401_token(stage: Stage) -> None:
    _refused(stage, "list_integrations", {401}, token="not-a-known-token-0000", applicationId=stage.application_id)


@scenario("error 404 integration", "errors", "GET of an unknown integration: 404 Error (integration.md#get)")
def error_404_integration(stage: Stage) -> None:
    _refused(stage, "get_integration", {404}, applicationId=stage.application_id, integrationId=ABSENT_ID)


@scenario("error 404 application", "errors", "Listing an unknown application: 404 Error (integrations.md#get)")
def error_404_application(stage: Stage) -> None:
    _refused(stage, "list_integrations", {404}, applicationId=ABSENT_ID)


@scenario(
    "error 404 token",
    "errors",
    "Deleting an unknown token: 404 Error (application-api-token.md#delete-error-responses)",
)
def error_404_token(stage: Stage) -> None:
    _refused(stage, "delete_token", {404}, applicationId=stage.application_id, apiTokenId=ABSENT_ID)


def _status_kept(stage: Stage, fault: str, what: str) -> None:
    """On a mock with `fault`, a 404 whose body is not an Error still reaches the caller with its status."""
    with stage.faulty(fault):
        call = stage.call("get_integration", applicationId=stage.application_id, integrationId=ABSENT_ID)
        record = only_request(call, stage.mock.admin_token)
        if call.error is None:
            raise ReturnedWrong(f"get_integration returned {call.value!r:.80} where the API answered {record.status}")
        if call.error.status != record.status:
            raise ReturnedWrong(
                f"get_integration raised {call.error} for a {record.status} answer whose body is {what}: "
                "the status is lost"
            )


@scenario(
    "error status without an Error body",
    "errors",
    "When an error answer is not JSON (a proxy's text page, a server that breaks decisions 6) the client still "
    "surfaces its status",
)
def error_status_without_error_body(stage: Stage) -> None:
    _status_kept(stage, "errors-as-text", "text")


@scenario(
    "error status with a null body",
    "errors",
    "When an error answer's body is the JSON value null (a server that breaks decisions 6) the client still "
    "surfaces its status, and does not crash reading a message from it",
)
def error_status_with_null_body(stage: Stage) -> None:
    _status_kept(stage, "error-body-null", "the JSON value null")


SCENARIOS = (
    error_400_query,
    error_400_body,
    error_401_token,
    error_404_integration,
    error_404_application,
    error_404_token,
    error_status_without_error_body,
    error_status_with_null_body,
)
