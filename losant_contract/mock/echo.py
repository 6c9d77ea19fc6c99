"""Echo mode: a target that hands the caller's credential back, as real gateways and debug
builds do. Every answer carries the bearer token of its request in the reason phrase, in
a header, as a Content-Type parameter, in an `echo` field first in a JSON object body (at
the start of any other body) and in an Error body's message.

Not a fault of the contract (the schemas allow the extra field), so not in the kill
matrix: it exists for the self-test that proves no token leaves the suite's process
(tests/test_no_leaks.py). `MockServer(echo=True)` turns it on; never on by default.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from .http import Response, encode


def echoing(base: Any) -> Any:
    """`base` (the mock's Handler, or the one with transport faults) with echoes added."""

    class Echoing(base):  # type: ignore[misc]
        def send_response(self, code: int, message: str | None = None) -> None:
            token = self._token()
            phrase = message or str(self.responses.get(code, ("",))[0])
            super().send_response(code, f"{phrase} {token}" if token else message)

        def _write(self, response: Response) -> None:
            token = self._token()
            if token:
                response = _echoed(response, token, self.headers.get("Authorization", ""))
            super()._write(response)

        def _token(self) -> str:
            """The credential of the request being answered (the part after 'Bearer ')."""
            headers = getattr(self, "headers", None)  # None before the request line is parsed
            authorization = headers.get("Authorization", "") if headers is not None else ""
            return authorization.partition(" ")[2].strip() if " " in authorization else authorization.strip()

    return Echoing


def _echoed(response: Response, token: str, authorization: str) -> Response:
    body = response.body if response.payload is None else encode(response.payload)
    try:
        document = json.loads(body) if body else None
    except ValueError:
        document = None
    if isinstance(document, dict):  # first, so any excerpt of the body holds it
        document = {"echo": token, **document}
        if isinstance(document.get("message"), str):
            document["message"] += f" (request sent with Authorization: {authorization})"
        body = encode(document)
    elif body:
        body = f"[{token}] ".encode() + body
    return replace(
        response,
        payload=None,
        body=body,
        content_type=f"{response.content_type}; echo={token}",
        headers=(*response.headers, ("X-Echo-Authorization", authorization)),
    )
