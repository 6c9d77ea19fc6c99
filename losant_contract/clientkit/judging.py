"""Shared steps of the scenarios: one request per call, the value checked with the suite's
oracles, an error checked against the answer the API gave.

The oracles judge a requests.Response; `exchange` rebuilds one from a recorded request
and the mock's answer, so an oracle's Violation names the exchange it is about.
A Violation found in what the client returned becomes ReturnedWrong.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import requests

from losant_contract import contracts
from losant_contract.clientkit import sent
from losant_contract.clientkit.outcomes import ReturnedWrong, SentWrong
from losant_contract.clientkit.stage import Call
from losant_contract.mock.recording import Recorded
from losant_contract.oracles import Violation


def exchange(record: Recorded) -> requests.Response:
    """The recorded request and the mock's answer as a requests.Response (for the oracles)."""
    prepared = requests.PreparedRequest()
    prepared.method = record.method
    prepared.url = record.path + (f"?{record.query}" if record.query else "")
    prepared.headers = requests.structures.CaseInsensitiveDict(dict(record.headers))
    prepared.body = record.body
    response = requests.Response()
    response.request = prepared
    response.status_code = record.status or 0
    response.headers = requests.structures.CaseInsensitiveDict(dict(record.answer_headers))
    response._content = record.answer_body
    response.encoding = "utf-8"
    return response


def answer(record: Recorded) -> Any:
    """The mock's answer body, parsed (None when there was none)."""
    return json.loads(record.answer_body) if record.answer_body else None


def only_request(call: Call, token: str, asked_query: dict[str, Any] | None = None, body: Any = None) -> Recorded:
    """The call sent exactly one request, conforming to the contract and carrying what was asked."""
    if len(call.requests) != 1:
        seen = ", ".join(f"{r.method} {r.path}" for r in call.requests) or "none"
        raise SentWrong(f"{call.op} should send one request, sent {len(call.requests)}: {seen[:160]}")
    record = call.requests[0]
    sent.conforms(record, token, asked_query)
    if asked_query is not None:
        sent.sent_query(record, asked_query)
    if body is not None:
        sent.sent_body(record, body)
    return record


@contextmanager
def judging_returned(op: str) -> Iterator[None]:
    """An oracle's Violation about what the client returned is the client's fault."""
    try:
        yield
    except Violation as violation:
        raise ReturnedWrong(f"{op} returned a value that breaks '{violation.rule}': {violation.reason}") from None


def conforms_to(value: Any, schema: str, op: str) -> None:
    problems = contracts.violations(schema, value)
    if problems:
        raise ReturnedWrong(f"{op} returned a value that is not a {schema}: {problems[0]}")


def same_error(call: Call, record: Recorded, allowed: set[int] | None = None) -> None:
    """The client raised an error carrying the answer's status, Error type and message."""
    status = record.status
    if allowed is not None and status not in allowed:
        raise ReturnedWrong(f"{call.op}: the API answered {status}, expected one of {sorted(allowed)} (kit set-up?)")
    body = answer(record) or {}
    if call.error is None:
        raise ReturnedWrong(f"{call.op} returned {json.dumps(call.value)[:100]} where the API answered {status}")
    error = call.error
    if error.status != status:
        raise ReturnedWrong(f"{call.op} raised {error.raised} with status {error.status}, the API answered {status}")
    for field, carried in (("type", error.type), ("message", error.message)):
        if carried != body.get(field):
            raise ReturnedWrong(
                f"{call.op} raised an error with {field} {carried!r:.80}, "
                f"the API's Error body has {body.get(field)!r:.80}"
            )
