"""Load options: what a distant, rate-limited staging does to requests, for benchmarks.

A write delay (writes that take a while) and rate limits (429 Too Many Requests) are not
the API's contract, so they sit in front of the mock's request handling, beside the
transport faults (transport.py), and never in Behaviour. Per contract-decisions.md §9 a
429'd request was not acted on: the limits answer before the API sees it.

A request is judged by the limits when it arrives. Let through, it is in flight until its
answer is written (latency and write delay included) and counts once in the per-second
window; refused, it counts in neither, so a client that backs off gets through again.
Limits come before the transport faults: a refused request is not numbered there.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque

from .http import ApiError, Response
from .transport import TransportHandler

WRITES = frozenset({"POST", "PATCH", "DELETE"})
WINDOW = 1.0  # seconds: the per-second limit counts requests let through in any such window
RETRY_AFTER = "1"  # seconds; always enough for the per-second window to let one more through


class Load:
    """The options and the state of the limits, shared by every connection's thread."""

    def __init__(
        self,
        write_delay: float = 0.0,
        max_in_flight: int | None = None,
        max_per_second: int | None = None,
        retry_after: bool = True,
    ) -> None:
        if not 0 <= write_delay < math.inf:
            raise ValueError(f"write_delay must be a number of seconds >= 0, got {write_delay}")
        for name, limit in (("max_in_flight", max_in_flight), ("max_per_second", max_per_second)):
            if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
                raise ValueError(f"{name} must be a whole number >= 1 (or None: no limit), got {limit!r}")
        self.write_delay, self.retry_after = write_delay, retry_after
        self.max_in_flight, self.max_per_second = max_in_flight, max_per_second
        self.refused = 0  # requests answered 429 by the limits so far
        self.in_flight = 0
        self._let_through: deque[float] = deque()  # when each request of the last WINDOW was let through
        self._lock = threading.Lock()

    @property
    def active(self) -> bool:
        """Whether anything is asked of the handler at all."""
        return bool(self.write_delay) or self.max_in_flight is not None or self.max_per_second is not None

    def admit(self) -> str | None:
        """Let a request through (None; call `leave` once it is answered) or say which limit refuses it."""
        now = time.monotonic()
        with self._lock:
            while self._let_through and now - self._let_through[0] >= WINDOW:
                self._let_through.popleft()
            if self.max_in_flight is not None and self.in_flight >= self.max_in_flight:
                reason = f"{self.max_in_flight} requests are in flight already"
            elif self.max_per_second is not None and len(self._let_through) >= self.max_per_second:
                reason = f"{self.max_per_second} requests were let through in the last second"
            else:
                self.in_flight += 1
                self._let_through.append(now)
                return None
            self.refused += 1
            return reason

    def leave(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def too_many(self, reason: str) -> Response:
        """The 429 of a refused request: an Error body and, unless told otherwise, Retry-After."""
        headers = (("Retry-After", RETRY_AFTER),) if self.retry_after else ()
        return Response(429, {"type": "TooManyRequests", "message": f"rate limited: {reason}"}, headers=headers)


class LoadHandler(TransportHandler):
    """The mock's handler (transport faults included) with the limits and the write delay
    of `server.load` in front."""

    def _serve(self) -> None:
        load: Load | None = getattr(self.server, "load", None)
        if load is None:
            return super()._serve()
        try:
            body = self._read_body()
        except ApiError:
            return super()._serve()  # framing refused: answered at once and closed, as without limits
        refused = load.admit()
        if refused is not None:
            time.sleep(self.server.latency)  # the 429 crosses the same remote link
            return self._write(load.too_many(refused))
        try:
            if self.command in WRITES:
                time.sleep(load.write_delay)
            self._pending_body = body  # the handler reads the body again: from here
            return super()._serve()
        finally:
            load.leave()
