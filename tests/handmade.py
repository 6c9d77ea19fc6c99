"""Hand-made responses for testing checks without a server."""

from __future__ import annotations

import json

import requests


def response(
    status: int = 200,
    body: object = None,
    *,
    method: str = "GET",
    path: str = "/applications/a/integrations",
    content_type: str = "application/json",
    raw: bytes | None = None,
) -> requests.Response:
    made = requests.Response()
    made.status_code = status
    made._content = raw if raw is not None else json.dumps(body).encode()
    made.headers["Content-Type"] = content_type
    made.request = requests.Request(method, "http://mock" + path).prepare()
    return made
