"""How fast the client may go: a cap on requests per second, a window of requests in flight
that narrows after a 429 and widens again as answers come back, the waits a 429 asks for,
and what was met on the way (decisions §9: a 429 is never a verdict, a slow target is not
one either).

One of each per client, shared by its threads; under pytest-xdist each worker has its own
(the rate cap is shared out among them).
"""

from __future__ import annotations

import threading
import time
from email.utils import parsedate_to_datetime

#: Seconds to wait after a 429 without Retry-After: doubling from the first, up to the last.
BACKOFF_FIRST, BACKOFF_MAX = 0.5, 30.0


class Meter:
    """What the run met on the way: 429s (each waited out and sent again) and the seconds
    spent waiting before a retry, across every thread of one client."""

    def __init__(self) -> None:
        self.rate_limited = 0
        self.waited = 0.0
        self._lock = threading.Lock()

    def waited_for(self, seconds: float, rate_limited: bool) -> None:
        with self._lock:
            self.rate_limited += rate_limited
            self.waited += seconds


class RateCap:
    """At most `per_second` requests a second, across threads (None: no cap)."""

    def __init__(self, per_second: float | None) -> None:
        self._interval = 1.0 / per_second if per_second else 0.0
        self._next = 0.0
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self._interval:
            return
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next)
            self._next = slot + self._interval
        if slot > now:
            time.sleep(slot - now)


class Window:
    """Requests in flight at once: at most `ceiling`, halved after a 429, widened by one
    request per window's worth of answers that were not 429 (additive increase,
    multiplicative decrease, as TCP does), never below one. After a 429 that names a wait,
    no request of this client leaves before it is over."""

    def __init__(self, ceiling: int) -> None:
        self.ceiling = max(1, ceiling)
        self.limit = float(self.ceiling)
        self.in_flight = 0
        self._paused_until = 0.0
        self._turn = threading.Condition()

    def acquire(self) -> None:
        with self._turn:
            while True:
                pause = self._paused_until - time.monotonic()
                if pause > 0:
                    self._turn.wait(pause)
                elif self.in_flight >= int(self.limit):
                    self._turn.wait()
                else:
                    self.in_flight += 1
                    return

    def release(self, rate_limited: bool, pause: float = 0.0) -> None:
        with self._turn:
            self.in_flight -= 1
            if rate_limited:
                self.limit = max(1.0, self.limit / 2)
                self._paused_until = max(self._paused_until, time.monotonic() + pause)
            else:
                self.limit = min(float(self.ceiling), self.limit + 1 / self.limit)
            self._turn.notify_all()


def retry_after(header: str | None) -> float | None:
    """Seconds a Retry-After header asks for (a number of seconds or an HTTP date), or None."""
    if header is None or not header.strip():
        return None
    try:
        return max(0.0, float(header))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(header).timestamp() - time.time())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def backoff(attempt: int) -> float:
    """The wait before repeat number `attempt` (from 1) of a 429 that named none."""
    return min(BACKOFF_MAX, BACKOFF_FIRST * 2.0 ** (attempt - 1))
