"""Transport faults: what a loaded gateway or a bad network does to requests, in front
of the mock's request handling (not in Behaviour: they are not the API's contract).

A client must absorb them where that is safe (retries) and otherwise report "no answer",
never a verdict on the contract. Each fault hits every EVERY-th request the server
receives, counted across all connections, so a serial client meets them at the same
points on every run and a retry (the next request) always gets through.
"""

from __future__ import annotations

import hashlib
import itertools
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

from .handler import Handler
from .http import ApiError, Response

EVERY = 7
SLOW_SECONDS = 3.0  # past the 1 s timeout a self-test sets; well inside any default

#: name -> what it does. "before": the API never sees the request; "after": it acted.
FAULTS = {
    "transport-429": f"every {EVERY}th request: 429 with Retry-After: 0 before the API sees it",
    "transport-429-wait": f"every {EVERY}th request: 429 with Retry-After: 1 before the API sees it",
    "transport-503": f"every {EVERY}th request: 503 Service Unavailable before the API sees it",
    "transport-drop": f"every {EVERY}th request: connection closed without an answer, before the API sees it",
    "transport-slow": f"every {EVERY}th request: served, then answered after {SLOW_SECONDS:g} s (a timeout loses it)",
    "transport-504-after": f"every {EVERY}th request: served (the API acted), then a gateway answers 504",
}


@dataclass(frozen=True)
class Seen:
    """One request as it reached the server, for self-tests to inspect."""

    number: int
    method: str
    path: str
    body_digest: str  # sha256 of the body: equal digests, equal bodies
    fault: str | None  # the transport fault that hit it, if any


def split(names: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(transport fault names, every other name) from one list of fault names."""
    names = tuple(names)
    return tuple(n for n in names if n in FAULTS), tuple(n for n in names if n not in FAULTS)


class Transport:
    """Decides which request each named fault hits, and logs every request."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self.names = tuple(dict.fromkeys(names))
        unknown = [n for n in self.names if n not in FAULTS]
        if unknown:
            raise ValueError(f"unknown transport fault(s) {unknown}; known: {', '.join(FAULTS)}")
        self.seen: list[Seen] = []
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()

    def arrive(self, method: str, path: str, body: bytes) -> str | None:
        """Number and log a request; the fault that hits it (several faults take turns)."""
        with self._lock:
            number = next(self._numbers)
            fault = None
            for offset, name in enumerate(self.names):  # fault k hits numbers k less than a multiple
                if (number + offset) % EVERY == 0:
                    fault = name
            self.seen.append(Seen(number, method, path, hashlib.sha256(body).hexdigest(), fault))
            return fault


class TransportHandler(Handler):
    """The mock's handler with the transport faults of `server.transport` in front."""

    _late = False  # this request's answer is to be held back (transport-slow)
    _gateway = False  # this request's answer is to be replaced by a gateway's 504 (transport-504-after)

    def _serve(self) -> None:
        transport: Transport | None = getattr(self.server, "transport", None)
        if transport is None or not transport.names:
            return super()._serve()
        try:
            body = self._read_body()
        except ApiError:
            return super()._serve()  # framing refused: let the handler answer it as usual
        fault = transport.arrive(self.command, self.path, body)
        if fault == "transport-drop":
            self.close_connection = True  # nothing written: the client sees the socket close
            return None
        if fault in ("transport-429", "transport-429-wait", "transport-503"):
            status = 503 if fault == "transport-503" else 429
            headers = (("Retry-After", "1" if fault == "transport-429-wait" else "0"),) if status == 429 else ()
            error_type = "TooManyRequests" if status == 429 else "ServiceUnavailable"
            return self._write(Response(status, {"type": error_type, "message": f"{fault} (mock)"}, headers=headers))
        self._late = fault == "transport-slow"
        self._gateway = fault == "transport-504-after"
        self._pending_body = body  # the handler reads the body again: from here
        return super()._serve()

    def _read_body(self) -> bytes:
        pending = self.__dict__.pop("_pending_body", None)
        return super()._read_body() if pending is None else pending

    def _write(self, response: Response) -> None:
        if self._late:
            self._late = False
            time.sleep(SLOW_SECONDS)
        if self._gateway:
            self._gateway = False
            response = Response(504, {"type": "GatewayTimeout", "message": "transport-504-after (mock)"})
        super()._write(response)
