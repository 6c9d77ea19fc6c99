"""Recording: every request the mock receives, exactly as it arrived, and what it answered.

Client authors' acceptance tests judge what a client *sent* (the raw query string with
its percent-encoding, headers, body), which only the server sees. Recording is off
unless asked for (`MockServer(record=True)`); it observes and never changes an answer.
Headers are kept as sent, secrets included: whoever shows them redacts them first.
"""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass, field

from .handler import Handler
from .http import ApiError, Response, encode
from .load import LoadHandler


@dataclass
class Recorded:
    """One request as it reached the server, and the answer it got (status None: none)."""

    number: int
    arrived: float  # time.monotonic() once the request was read
    method: str
    path: str  # as sent, percent-encoding untouched, without the query
    query: str  # the raw query string, as sent ("" when there is none)
    headers: tuple[tuple[str, str], ...]  # in the order sent; repeated names repeat
    body: bytes
    status: int | None = None
    answer_headers: tuple[tuple[str, str], ...] = ()
    answer_body: bytes = b""
    answered: float | None = field(default=None)  # time.monotonic() when the answer went out

    def header(self, name: str) -> str | None:
        """The first value of header `name` (case-insensitive), or None."""
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)

    def answer_header(self, name: str) -> str | None:
        return next((value for key, value in self.answer_headers if key.lower() == name.lower()), None)


class Recorder:
    """Thread-safe list of Recorded requests, in arrival order."""

    def __init__(self) -> None:
        self._entries: list[Recorded] = []
        self._numbers = itertools.count(1)
        self._lock = threading.Lock()

    def arrive(self, method: str, target: str, headers: tuple[tuple[str, str], ...], body: bytes) -> Recorded:
        path, _, query = target.partition("?")
        with self._lock:
            entry = Recorded(next(self._numbers), time.monotonic(), method, path, query, headers, body)
            self._entries.append(entry)
        return entry

    def requests(self) -> list[Recorded]:
        """Every request so far (a copy)."""
        with self._lock:
            return list(self._entries)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class _RecordsAnswers(Handler):
    """Keeps the answer as it goes out: placed after the transport faults in the MRO, so it
    sees what the client got (a 429, a gateway's 504, an answer held back), not what the API meant."""

    _entry: Recorded | None = None

    def _write(self, response: Response) -> None:
        entry, self._entry = self._entry, None
        if entry is not None:
            entry.status = response.status
            entry.answer_headers = tuple(response.headers) + (("Content-Type", response.content_type),)
            entry.answer_body = response.body if response.payload is None else encode(response.payload)
            entry.answered = time.monotonic()
        super()._write(response)


class RecordingHandler(LoadHandler, _RecordsAnswers):
    """The mock's handler (load limits and transport faults included) with every request
    recorded as it arrives, before any of them, and its answer as it leaves, after them."""

    def _serve(self) -> None:
        recorder: Recorder | None = getattr(self.server, "recorder", None)
        if recorder is None:
            return super()._serve()
        headers = tuple((str(k), str(v)) for k, v in self.headers.items())
        try:
            body = self._read_body()
        except ApiError:  # framing refused: recorded without a body, answered as usual
            self._entry = recorder.arrive(self.command, self.path, headers, b"")
            return super()._serve()
        self._entry = recorder.arrive(self.command, self.path, headers, body)
        self._pending_body = body  # the handler reads the body again: from here
        return super()._serve()
