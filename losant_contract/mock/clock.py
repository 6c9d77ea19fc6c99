"""Time and identity for the mock: millisecond timestamps and Mongo-like ObjectIds.

Losant ids are MongoDB ObjectIds (seconds, per-process random, counter), so ids the
mock issues grow with creation time like the real ones do. The clock never goes
backwards, so `lastUpdated` after a write is never earlier than before it.
"""

from __future__ import annotations

import os
import random
import time
from datetime import datetime, timezone

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def format_ms(ms: int) -> str:
    """ISO 8601 in UTC with milliseconds and Z, as Losant renders dates."""
    moment = datetime.fromtimestamp(ms / 1000, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def parse_instant(text: object) -> datetime:
    """The instant a date-time string names; EPOCH for anything that is not one."""
    if not isinstance(text, str):
        return EPOCH
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return EPOCH
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class Clock:
    """Non-decreasing wall clock in milliseconds. Callers hold the store's lock."""

    def __init__(self) -> None:
        self._last = 0

    def now_ms(self) -> int:
        self._last = max(self._last, time.time_ns() // 1_000_000)
        return self._last


class ObjectIds:
    """24-hex ids laid out like MongoDB ObjectIds. Callers hold the store's lock."""

    def __init__(self) -> None:
        self._process = int.from_bytes(os.urandom(5), "big")
        self._counter = random.randrange(1 << 20)  # far from the 24-bit wrap, so ids keep growing

    def new(self, ms: int) -> str:
        self._counter = (self._counter + 1) % (1 << 24)
        return f"{ms // 1000:08x}{self._process:010x}{self._counter:06x}"
