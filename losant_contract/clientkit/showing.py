"""What a reader of a report sees of a scenario: each call the client was asked to make,
what it returned or raised, and the requests the mock recorded, with the answers they
got. Everything passes through redact last: tokens never reach a report."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from losant_contract import redact
from losant_contract.clientkit.outcomes import Result
from losant_contract.clientkit.stage import Call
from losant_contract.mock.recording import Recorded

MAX_BODY = 4000


def request_doc(record: Recorded) -> dict[str, Any]:
    return {
        "request": f"{record.method} {record.path}" + (f"?{record.query}" if record.query else ""),
        "headers": redact.headers(dict(record.headers)),
        "body": _body(record.body),
        "answer": record.status if record.status is not None else "none (connection dropped or cut short)",
        "answer body": _body(record.answer_body),
    }


def call_json(call: Call) -> str:
    """One call as a redacted JSON document: asked, returned or raised, requests sent."""
    doc: dict[str, Any] = {"operation": call.op, "arguments": call.args, "seconds": round(call.seconds, 3)}
    if call.error is None:
        doc["returned"] = call.value
    else:
        doc["raised"] = {
            "status": call.error.status,
            "type": call.error.type,
            "message": call.error.message,
            "raised": call.error.raised,
        }
    doc["requests sent"] = [request_doc(record) for record in call.requests]
    return redact.text(json.dumps(doc, indent=2, ensure_ascii=False, default=str))


def calls_text(calls: list[Call]) -> list[str]:
    """Each call and its requests in a few lines, for the terminal."""
    lines = []
    for call in calls:
        outcome = f"raised {call.error}" if call.error is not None else "returned"
        lines.append(f"  {call.op}: {outcome} in {call.seconds:.2f} s")
        for record in call.requests:
            target = record.path + (f"?{record.query}" if record.query else "")
            body = f" body {record.body[:80]!r}" if record.body else ""
            lines.append(f"    sent {record.method} {target[:160]}{body} -> {record.status or 'no answer'}")
    return [redact.text(line) for line in lines]


def table(results: list[Result]) -> list[str]:
    """One aligned line a scenario (verdict, seconds, the failure and reason), a count at the end."""
    width = max((len(result.name) for result in results), default=10)
    lines = [f"{'scenario':<{width}}  {'verdict':<13}  {'s':>5}  reason"]
    for r in results:
        lines.append(f"{r.name:<{width}}  {r.verdict:<13}  {r.seconds:5.2f}  {redact.text(r.explained)[:160]}")
    counts = Counter(result.verdict for result in results)
    lines.append(", ".join(f"{n} {verdict}" for verdict, n in counts.items()))
    return lines


def _body(raw: bytes) -> Any:
    if not raw:
        return None
    text = raw.decode("utf-8", errors="replace")
    try:
        return json.loads(text)
    except ValueError:
        return text[:MAX_BODY]
