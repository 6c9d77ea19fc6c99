"""One HTTP exchange as a reader of a report needs it: the request and the response as
JSON documents and a curl line that repeats the request.

Reports leave the machine (CI artifacts, mail), so everything here passes through
redact, the one place secrets are hidden, as the last step before it is returned.
Bodies are cut to MAX_BODY characters: a report must open, whatever the target sent.
"""

from __future__ import annotations

import json
from typing import Any

import requests

from losant_contract import redact
from losant_contract.client import curl

MAX_BODY = 64_000


def request_json(request: requests.PreparedRequest) -> str:
    """The request as a redacted JSON document: method, URL, headers, body."""
    raw = request.body.decode(errors="replace") if isinstance(request.body, bytes) else str(request.body or "")
    sent = {
        name: value if isinstance(value, str) else value.decode("latin-1") for name, value in request.headers.items()
    }
    return _dump(
        {
            "method": request.method,
            "url": request.url,
            "headers": redact.headers(sent),
            "body": _body(raw),
        }
    )


def response_json(response: requests.Response) -> str:
    """The response as a redacted JSON document: status, headers, body, time taken."""
    return _dump(
        {
            "status": response.status_code,
            "reason": response.reason,
            "elapsed_ms": round(response.elapsed.total_seconds() * 1000, 1),
            "headers": redact.headers(dict(response.headers)),
            "body": _body(response.text),
        }
    )


def reproduce(response: requests.Response) -> str:
    """A redacted curl line that sends the request again."""
    return curl(response.request)


def _body(text: str) -> Any:
    """Parsed JSON where the body is JSON (readable in the report), else the text; cut to MAX_BODY."""
    if len(text) > MAX_BODY:
        return text[:MAX_BODY] + f"... [cut: {len(text)} characters in all]"
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def _dump(record: dict[str, Any]) -> str:
    return redact.text(json.dumps(record, indent=2, ensure_ascii=False))
