"""HTTP/1.1 plumbing: read one request, route it, run it, write one JSON answer.

Every answer carries Content-Length, so connections stay alive. The request body is
read before anything else, so a refusal never leaves bytes behind on a kept-alive
connection. Whatever goes wrong inside an action becomes a 500 Error naming the
exception: a bug in the mock shows up as a failing check instead of a hang.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .behaviour import Behaviour
from .http import ApiError, Call, Response, encode
from .routes import CROSS_APPLICATION_SEAMS, Action, Found, match
from .store import Store

MAX_BODY = 1 << 20  # far above the largest valid Integration Post (a few 32 KiB keys)
_LENGTH = re.compile(r"[0-9]{1,12}")


class MockHTTPServer(ThreadingHTTPServer):
    """Threaded server holding the state and the two behaviours (faulty and pristine)."""

    daemon_threads = True
    request_queue_size = 128
    transport: Any = None  # transport.Transport when transport faults are injected

    def __init__(self, address: tuple[str, int], store: Store, behaviour: Behaviour) -> None:
        super().__init__(address, Handler)
        self.store, self.behaviour, self.pristine = store, behaviour, Behaviour()
        for seam in CROSS_APPLICATION_SEAMS:  # faults there bite only across applications
            if seam in vars(behaviour):
                setattr(self.pristine, seam, getattr(behaviour, seam))

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client hanging up is not an error worth a traceback; anything else is."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "losant-mock"
    disable_nagle_algorithm = True  # header and body go out together on keep-alive
    timeout = 300  # an idle kept-alive connection is closed after this many seconds
    server: MockHTTPServer

    def __getattr__(self, name: str) -> Callable[[], None]:
        """Every method (GET, BREW, ...) reaches the router, which answers 405 if unserved."""
        if name.startswith("do_"):
            return self._serve
        raise AttributeError(name)

    def log_message(self, format: str, *args: object) -> None:
        """Silent: the suite's reports carry the exchanges that matter."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Errors raised by the HTTP parser (bad request line, header too long) as JSON.
        The parser's 5xx (HTTP version) becomes 400: no request gets a 5xx."""
        self.close_connection = True
        self.request_version = self.protocol_version  # answer with a status line, not HTTP/0.9
        status = code if code < 500 else 400
        self._write(Response(status, {"type": "BadRequest", "message": message or "malformed request"}))

    def _serve(self) -> None:
        try:
            body = self._read_body()
        except ApiError as error:
            self.close_connection = True  # the body's framing is unknown: cannot resync
            return self._write(Response(error.status, {"type": error.type, "message": error.message}))
        behaviour = self.server.pristine  # until the route says the faulty one applies
        try:
            try:
                split = urlsplit(self.path)
                found = match(split.path)
                action = found[0].get(self.command) if found else None
                if action is not None and action.faultable:
                    behaviour = self.server.behaviour
                response = self._dispatch(behaviour, found, action, split.query, body)
            except ApiError as error:
                response = behaviour.error(error.status, error.type, error.message)
                response = replace(response, headers=response.headers + error.headers)
            if response.payload is not None:
                response = replace(response, payload=None, body=encode(behaviour.decorate(response.payload)))
        except Exception as error:  # a bug: visible as a 500 naming it, never a dropped connection
            message = f"{type(error).__name__}: {error}"[:500]
            response = Response(500, body=encode({"type": "InternalError", "message": message}))
        self._write(response)

    def _dispatch(self, b: Behaviour, found: Found | None, action: Action | None, query: str, body: bytes) -> Response:
        if found is None:
            raise ApiError(404, "NotFound", f"no resource at {self.path[:200]}")
        methods, params = found
        if action is None:
            raise ApiError(
                405,
                "MethodNotAllowed",
                f"{self.command} is not supported here",
                (("Allow", ", ".join(methods)),),
            )
        time.sleep(b.latency())
        token = b.authenticate(self.server.store, self.headers.get("Authorization"))
        if token is None:
            raise ApiError(
                401,
                "Unauthorized",
                "a valid token is required: Authorization: Bearer <token>",
                (("WWW-Authenticate", "Bearer"),),
            )
        call = Call(params, parse_qsl(query, keep_blank_values=True), self.headers, body, token)

        def proceed() -> Response:
            return action.run(b, self.server.store, call)

        if not b.scope_allows(token.scopes, b.accepted_scopes(action.scope)):
            return b.refuse(action.scope, proceed)
        return proceed()

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding"):
            raise ApiError(411, "LengthRequired", "send the body with a Content-Length, not chunked")
        length = (self.headers.get("Content-Length") or "0").strip()
        if not _LENGTH.fullmatch(length):
            raise ApiError(400, "BadRequest", "Content-Length must be a non-negative integer")
        if int(length) > MAX_BODY:
            raise ApiError(413, "PayloadTooLarge", f"bodies above {MAX_BODY} bytes are refused")
        return self.rfile.read(int(length))

    def _write(self, response: Response) -> None:
        body = response.body if response.payload is None else encode(response.payload)
        bodiless = response.status in (204, 304)
        self.send_response(response.status)
        if not bodiless:
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(body)))
        for name, value in response.headers:
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and not bodiless:
            self.wfile.write(body)
