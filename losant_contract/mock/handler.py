"""HTTP/1.1 plumbing: read one request, route it, run it, write one JSON answer.

Every answer carries Content-Length, so connections stay alive. The request body is
read before anything else, so a refusal never leaves bytes behind on a kept-alive
connection; framing.py refuses what cannot be read safely. Whatever goes wrong inside
an action becomes a 500 Error naming the exception: a bug in the mock shows up as a
failing check instead of a hang.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import replace
from http.server import ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .behaviour import Behaviour
from .framing import FramedHandler
from .http import ApiError, Call, Response, encode
from .routes import CROSS_APPLICATION_SEAMS, Action, Found, match
from .store import Store


class MockHTTPServer(ThreadingHTTPServer):
    """Threaded server holding the state and the two behaviours (faulty and pristine)."""

    daemon_threads = True
    request_queue_size = 128
    transport: Any = None  # transport.Transport when transport faults are injected
    load: Any = None  # load.Load when a write delay or a rate limit is asked for
    latency = 0.0  # seconds every request waits before it is served: a network's round trip

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


class Handler(FramedHandler):
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

    def _serve(self) -> None:
        if self.server.latency:
            time.sleep(self.server.latency)
        try:
            body = self._read_body()
        except ApiError as error:
            return self._refuse(error)
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
