"""One HTTP client for the whole suite: a requests.Session with a timeout on every
request, retries in the transport (not at call sites), a request counter, a rate cap,
and listeners that see every exchange (for reports), with a curl line to reproduce it.

Transport trouble (refused connection, timeout, a 429/502/503/504 left after the retries that
are safe) raises TransportError, never an AssertionError: it is not a contract verdict.
"""

from __future__ import annotations

import json as jsonlib
import shlex
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ProtocolError, ReadTimeoutError
from urllib3.util.retry import Retry

from losant_contract import redact
from losant_contract.verdicts import Kind

RETRY_STATUSES = (429, 502, 503, 504)
#: Answers that carry no verdict on the API, left after the retries that are safe: a rate
#: limit, a gateway or an overloaded service. They end a check as a transport error.
NO_VERDICT_STATUSES = frozenset({429, 502, 503, 504})
READS = frozenset({"GET", "HEAD", "OPTIONS"})
_UNSET: Any = object()


class TransportError(Exception):
    """The request did not complete (no contract verdict can be drawn); one readable line."""

    kind = Kind.TRANSPORT


class _Retry(Retry):
    """Reads are retried on RETRY_STATUSES and on lost answers. A write (POST, PATCH,
    DELETE) is retried only where the server certainly did nothing: a 429 (refused before
    acting) or a connection that never opened. Any other trouble with a write (a 502/503/504,
    an answer lost on the way back) may come after the server acted, and a repeat's answer
    (a 404 after a DELETE that went through, say) would be judged in place of the lost one:
    so it ends as a TransportError instead."""

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        if method.upper() not in READS:
            return status_code == 429 and bool(self.total)
        return super().is_retry(method, status_code, has_retry_after)

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        if isinstance(error, (ReadTimeoutError, ProtocolError)) and (method or "").upper() not in READS:
            raise error
        return super().increment(method, url, response, error, _pool, _stacktrace)


class ApiClient:
    """Talks to one Losant-compatible base URL with one default token."""

    def __init__(
        self,
        base_url: str,
        token: str | None,
        *,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 0.2,
        max_per_second: float | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.requests_made = 0
        self.listeners: list[Callable[[requests.Response], None]] = []
        self._min_interval = 1.0 / max_per_second if max_per_second else 0.0
        self._next_slot = 0.0
        self._lock = threading.Lock()
        redact.register(token, "$LOSANT_API_TOKEN")
        retry = _Retry(
            total=retries,
            connect=retries,
            read=retries,  # only for methods that read (see _Retry.increment)
            status=retries,
            backoff_factor=backoff,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=READS,  # writes: see _Retry.is_retry
            respect_retry_after_header=True,
            raise_on_status=False,
        )
        self.session = requests.Session()
        self.session.mount("http://", HTTPAdapter(max_retries=retry))
        self.session.mount("https://", HTTPAdapter(max_retries=retry))

    def request(
        self,
        method: str,
        path: str,
        *,
        token: str | None = _UNSET,
        params: Mapping[str, Any] | None = None,
        json: Any = _UNSET,
        data: bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """Send one request; `token=None` sends no Authorization (unless `headers` has one)."""
        sent_headers = {"Accept": "application/json"}
        chosen = self.token if token is _UNSET else token
        if chosen is not None:
            sent_headers["Authorization"] = f"Bearer {chosen}"
        if json is not _UNSET:
            data = jsonlib.dumps(json).encode()
            sent_headers["Content-Type"] = "application/json"
        sent_headers.update(headers or {})
        self._wait_for_slot()
        try:
            response = self.session.request(
                method,
                self.base_url + path,
                params=params,
                data=data,
                headers=sent_headers,
                timeout=self.timeout,
            )
        except requests.RequestException as error:
            raise TransportError(
                f"{method} {path}: no answer from {self.base_url} ({type(error).__name__}: "
                f"{redact.text(str(error))[:200]})"
            ) from None
        finally:
            with self._lock:
                self.requests_made += 1
        for listener in self.listeners:
            listener(response)
        if response.status_code in NO_VERDICT_STATUSES:
            raise TransportError(
                f"{method} {path}: {self.base_url} answered {response.status_code} {response.reason} "
                "(after the retries that are safe): rate-limited or unavailable, so no contract verdict"
            )
        return response

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", path, **kwargs)

    def close(self) -> None:
        self.session.close()

    def _wait_for_slot(self) -> None:
        """Hold requests to at most max_per_second across threads."""
        if not self._min_interval:
            return
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot)
            self._next_slot = slot + self._min_interval
        if slot > now:
            time.sleep(slot - now)


def curl(request: requests.PreparedRequest) -> str:
    """A shell line that repeats `request`, with every credential redacted."""
    parts = ["curl", "-X", request.method or "GET", request.url or ""]
    for name, value in redact.headers(dict(request.headers)).items():
        if name.lower() in {"user-agent", "accept-encoding", "connection", "content-length"}:
            continue
        parts += ["-H", f"{name}: {value}"]
    if request.body:
        body = request.body.decode(errors="replace") if isinstance(request.body, bytes) else request.body
        parts += ["--data-raw", redact.text(body)]
    return redact.text(" ".join(_quote(part) for part in parts))


def _quote(part: str) -> str:
    """Quote for the shell, in double quotes where a $LOSANT_... label should expand."""
    if "$LOSANT_" not in part:
        return shlex.quote(part)
    return '"' + "".join("\\" + ch if ch in '"\\`' else ch for ch in part) + '"'
