"""Resilience scenarios, on a mock with one transport fault (mock/transport.py) that hits
the client's first request: does the client retry where that is safe, honour Retry-After,
give up on a slow answer, and never repeat a POST that may have been acted on?

The 429s carry `Retry-After: 1` (transport-429-wait), so a client that retries is seen to
wait the announced second, measured on the mock from the answer leaving to the retry arriving.

Retrying and timing out are optional capabilities: a client without them passes as "not
supported" when it surfaces the failure safely, and fails when it claims them and does
not deliver. Never repeating a possibly-acted-on POST is not optional.
"""

from __future__ import annotations

from typing import Any

from losant_contract.clientkit import seeds, sent
from losant_contract.clientkit.judging import conforms_to
from losant_contract.clientkit.outcomes import KitError, NotSupported, ReturnedWrong, SentWrong, UnsafeRepeat
from losant_contract.clientkit.scenario import scenario
from losant_contract.clientkit.stage import Call, Stage
from losant_contract.mock.transport import EVERY, SLOW_SECONDS

#: What each fault does to the request it hits, as a reason reads it.
WHAT = {
    "transport-429-wait": "429 Too Many Requests (Retry-After: 1)",
    "transport-503": "503 Service Unavailable",
    "transport-drop": "connection dropped without an answer",
    "transport-slow": f"answer held {SLOW_SECONDS:g} s",
    "transport-504-after": "504 from a gateway after the API acted",
}
#: Seconds a client is given in the retry scenarios: Retry-After's 1 s and a retry fit in it.
RETRY_TIMEOUT = 5.0
#: Slack on the Retry-After wait for clock and scheduling granularity (seconds).
SLACK = 0.05


def _hit(stage: Stage, fault: str, op: str, timeout: float | None = None, **args: Any) -> Call:
    """Run `op` with `fault` landing on the client's first request; every request it sent conforms."""
    stage.pad_to(EVERY - 1)
    call = stage.call(op, timeout=timeout, applicationId=stage.application_id, **args)
    seen = stage.mock.transport.seen
    if not call.requests or len(seen) < EVERY or seen[EVERY - 1].fault != fault:
        raise KitError(f"{fault} did not land on the client's first request")
    for record in call.requests:
        sent.conforms(record, stage.mock.admin_token)
    return call


def _created(stage: Stage, name: str) -> int:
    path = f"/applications/{stage.application_id}/integrations"
    response = stage.api.get(path, params={"filterField": "name", "filter": name})
    return int(response.json()["totalCount"])


def _retry(stage: Stage, fault: str, op: str, status: int | None, **args: Any) -> Call:
    """A retry after `fault`: pass when the client got through safely; NotSupported when it
    surfaced the failure (with its status) instead; a fault otherwise. The client gets RETRY_TIMEOUT
    seconds, so a deadline on the whole call leaves room for the announced wait and a retry."""
    call = _hit(stage, fault, op, timeout=RETRY_TIMEOUT, **args)
    claimed = "retries" in stage.adapter.capabilities
    if call.error is None:
        if len(call.requests) < 2:
            raise ReturnedWrong(f"{op} returned a value though its only request got {WHAT[fault]}")
        first, retry = call.requests[0], call.requests[1]
        wait = first.answer_header("Retry-After") if first.status == 429 else None
        if wait is not None and first.answered is not None and retry.arrived - first.answered < float(wait) - SLACK:
            raise SentWrong(
                f"{op} retried {retry.arrived - first.answered:.2f} s after a 429 with Retry-After: {wait}; "
                f"wait the {wait} s the server asked for"
            )
        return call
    if len(call.requests) > 1:
        raise ReturnedWrong(f"{op} retried but raised {call.error} though the retry was answered {call.answers()}")
    if call.error.status != status:
        raise ReturnedWrong(f"{op} met {WHAT[fault]} and raised {call.error}: expected status {status}")
    if claimed:
        raise ReturnedWrong(f"{op} claims retries but surfaced the first {WHAT[fault]} without retrying")
    raise NotSupported("retries", f"does not retry; surfaced the {WHAT[fault]} as {call.error.raised} (safe)")


@scenario(
    "retry list after 429",
    "resilience",
    "A 429 with Retry-After: 1 is retried no sooner than 1 s later; a client that does not retry surfaces status 429",
    capability="retries",
)
def retry_list_after_429(stage: Stage) -> None:
    with stage.faulty("transport-429-wait"):
        call = _retry(stage, "transport-429-wait", "list_integrations", 429)
        conforms_to(call.value, "Integrations", "list_integrations")


@scenario(
    "retry create after 429",
    "resilience",
    "A 429 was refused before anything was done, so even a POST may be retried, no sooner than its Retry-After: "
    "once created, not twice",
    capability="retries",
)
def retry_create_after_429(stage: Stage) -> None:
    with stage.faulty("transport-429-wait"):
        _retry(stage, "transport-429-wait", "create_integration", 429, body=seeds.body("kit retried"))
        if _created(stage, "kit retried") != 1:
            raise UnsafeRepeat(f"create_integration after a 429 created {_created(stage, 'kit retried')} integrations")


@scenario(
    "retry list after 503",
    "resilience",
    "A read that got 503 may be repeated; a client that does not retry surfaces status 503",
    capability="retries",
)
def retry_list_after_503(stage: Stage) -> None:
    with stage.faulty("transport-503"):
        call = _retry(stage, "transport-503", "list_integrations", 503)
        conforms_to(call.value, "Integrations", "list_integrations")


@scenario(
    "retry list after a dropped connection",
    "resilience",
    "A read whose connection dropped may be repeated; a client that does not retry raises an error",
    capability="retries",
)
def retry_list_after_drop(stage: Stage) -> None:
    with stage.faulty("transport-drop"):
        call = _retry(stage, "transport-drop", "list_integrations", None)
        conforms_to(call.value, "Integrations", "list_integrations")


def _no_repeat(stage: Stage, fault: str, status: int | None) -> Call:
    name = f"kit once {fault}"
    call = _hit(stage, fault, "create_integration", body=seeds.body(name))
    posts = [record for record in call.requests if record.method == "POST"]
    if len(posts) > 1:
        raise UnsafeRepeat(
            f"create_integration sent its POST {len(posts)} times after a {WHAT[fault]}: the API may have acted, "
            "so it can create twice; repeat a POST only after a 429"
        )
    if fault == "transport-504-after" and _created(stage, name) != 1:
        raise KitError(f"the API should have acted on the POST before the 504; it holds {_created(stage, name)}")
    if fault != "transport-slow":
        if call.error is None:
            raise ReturnedWrong(f"create_integration returned a value though its POST got {WHAT[fault]}")
        if call.error.status != status:
            raise ReturnedWrong(
                f"create_integration met {WHAT[fault]} and raised {call.error}: expected status {status}"
            )
    return call


@scenario(
    "no repeated create after 503",
    "resilience",
    "A POST answered 503 is not sent again (it may have been acted on) and the 503 is surfaced with its status",
)
def no_repeat_after_503(stage: Stage) -> None:
    with stage.faulty("transport-503"):
        _no_repeat(stage, "transport-503", 503)


@scenario(
    "no repeated create after a 504",
    "resilience",
    "A POST answered 504 by a gateway after the API created the integration is not sent again (a repeat creates "
    "a second one) and the 504 is surfaced with its status",
)
def no_repeat_after_504(stage: Stage) -> None:
    with stage.faulty("transport-504-after"):
        _no_repeat(stage, "transport-504-after", 504)


@scenario(
    "no repeated create after a dropped connection",
    "resilience",
    "A POST whose connection dropped is not sent again (it may have been acted on); an error is raised",
)
def no_repeat_after_drop(stage: Stage) -> None:
    with stage.faulty("transport-drop"):
        _no_repeat(stage, "transport-drop", None)


@scenario(
    "timeout on a slow answer",
    "resilience",
    "A client told to give up after 1 s does not wait for an answer held 3 s",
    capability="timeout",
)
def timeout_on_slow_answer(stage: Stage) -> None:
    with stage.faulty("transport-slow"):
        call = _hit(stage, "transport-slow", "list_integrations")
        if call.seconds >= SLOW_SECONDS - 0.25:
            if "timeout" in stage.adapter.capabilities:
                raise ReturnedWrong(f"list_integrations claims a timeout but waited {call.seconds:.1f} s")
            raise NotSupported("timeout", f"no timeout: waited {call.seconds:.1f} s for the held answer")
        if call.error is not None and call.error.status is not None:
            raise ReturnedWrong(f"list_integrations timed out but raised status {call.error.status}, which nobody sent")
        if call.error is None and len(call.requests) < 2:
            raise ReturnedWrong("list_integrations returned a value before the only answer came")


@scenario(
    "no repeated create after a timeout",
    "resilience",
    "A POST that timed out is not sent again: the API acted on it, only the answer was late",
)
def no_repeat_after_timeout(stage: Stage) -> None:
    with stage.faulty("transport-slow"):
        call = _no_repeat(stage, "transport-slow", None)
        if call.seconds >= SLOW_SECONDS - 0.25 and call.error is None:
            raise NotSupported("timeout", f"no timeout: the POST waited {call.seconds:.1f} s, so nothing was repeated")
        if call.error is not None and call.error.status is not None:
            raise ReturnedWrong(
                f"create_integration timed out but raised status {call.error.status}, which nobody sent"
            )


SCENARIOS = (
    retry_list_after_429,
    retry_create_after_429,
    retry_list_after_503,
    retry_list_after_drop,
    no_repeat_after_503,
    no_repeat_after_504,
    no_repeat_after_drop,
    timeout_on_slow_answer,
    no_repeat_after_timeout,
)
