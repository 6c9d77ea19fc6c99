"""A mock request (Call) and what it turns into: a Response, or an ApiError raised on the way.

Handlers raise ApiError wherever they refuse; the request's Behaviour renders it,
so faults that change error bodies apply to every error alike.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from email.message import Message

from .store import Token

JSON = "application/json; charset=utf-8"


@dataclass(frozen=True)
class Call:
    """One request as the resources see it: path parameters, query pairs, headers, body,
    and the token that authenticated it."""

    params: dict[str, str]
    query: list[tuple[str, str]]
    headers: Message
    body: bytes
    token: Token


@dataclass(frozen=True)
class Response:
    status: int
    payload: object = None  # JSON-serialisable; when None, `body` is sent as is
    body: bytes = b""
    content_type: str = JSON
    headers: tuple[tuple[str, str], ...] = ()


class ApiError(Exception):
    """A refusal with its status, Losant-style error type and a human message."""

    def __init__(self, status: int, type_: str, message: str, headers: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(f"{status} {type_}: {message}")
        self.status, self.type, self.message, self.headers = status, type_, message, headers


def encode(payload: object) -> bytes:
    """Compact JSON; ASCII-escaped so any string a client sent (lone surrogates too) encodes."""
    return json.dumps(payload, separators=(",", ":")).encode("ascii")
