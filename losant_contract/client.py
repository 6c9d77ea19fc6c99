"""One HTTP client for the whole suite: a requests.Session with a timeout on every
request, retries in the transport (not at call sites), a request counter, a rate cap,
and listeners that see every exchange (for reports), with a curl line to reproduce it.
Independent requests may go out at once (`concurrently`, a bounded pool): the listeners
still hear every exchange on the caller's thread, in the order a serial run makes them.

Transport trouble (refused connection, timeout, a 429/502/503/504 left after the retries that
are safe, a redirect) raises TransportError, never an AssertionError: it is not a contract
verdict. Every request passes the guard (losant_contract.guard) in the transport itself, so
nothing built on this client (the suite, the preflight, the sweep) can send the token to
Losant's production host or in clear text across a network unless the settings allow it.
"""

from __future__ import annotations

import json as jsonlib
import shlex
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar, cast

import requests
import urllib3.exceptions
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import ConnectionPool
from urllib3.exceptions import ProtocolError, ReadTimeoutError
from urllib3.response import BaseHTTPResponse
from urllib3.util.retry import Retry

from losant_contract import guard, redact
from losant_contract.pacing import Meter, RateCap, Window, backoff, retry_after
from losant_contract.vocabulary import Kind

if TYPE_CHECKING:
    from typing_extensions import Self  # typing.Self from Python 3.11

RETRY_STATUSES = (502, 503, 504)  #: retried for reads by the transport (a 429: see ApiClient.request)
#: Answers that carry no verdict on the API, left after the retries that are safe: a gateway
#: or an overloaded service. They end a check as a transport error.
NO_VERDICT_STATUSES = frozenset({502, 503, 504})
#: Seconds a request may keep waiting out 429s outside a check (inside one, its deadline).
PATIENCE = 300.0
READS = frozenset({"GET", "HEAD", "OPTIONS"})
MIN_SECRET = 16  # a shorter "token" field is no minted token (and would mask too much)
DEFAULT_CONCURRENCY = 8  #: independent requests in flight at once (LOSANT_CONCURRENCY)
_UNSET: Any = object()
T = TypeVar("T")


class TransportError(Exception):
    """The request did not complete (no contract verdict can be drawn); one readable line."""

    kind = Kind.TRANSPORT


class DeadlinePassed(TransportError):
    """The check's deadline passed (a slow or rate-limited target): no verdict, and no
    request of the check is sent after it."""


class Redirected(TransportError):
    """The target answered 3xx. Redirects are never followed: the token would go with them,
    to a host nobody chose. Nor is a 3xx judged as the API's answer: the contract documents
    none, and what sends one is a gateway, a proxy or a moved deployment in front of the API
    (http to https, a new host), so it ends the check as a transport error that says where
    it points, and LOSANT_API_URL is what to change."""

    def __init__(self, message: str, status: int, location: str) -> None:
        super().__init__(message)
        self.status, self.location = status, location


class _GuardedAdapter(HTTPAdapter):
    """Every request, whoever builds it, is held to the guard before a connection is made."""

    def __init__(self, *, allow_production: bool, allow_insecure: bool, max_retries: Retry, pool_maxsize: int) -> None:
        super().__init__(max_retries=max_retries, pool_maxsize=pool_maxsize)
        self.allow_production, self.allow_insecure = allow_production, allow_insecure

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        refused = guard.refusal(
            request.url or "", allow_production=self.allow_production, allow_insecure=self.allow_insecure
        )
        if refused is not None:
            raise guard.RefusedTarget(f"{request.method} not sent: {refused}")
        return super().send(request, *args, **kwargs)


class _Retry(Retry):
    """Reads are retried on RETRY_STATUSES and on lost answers. A write (POST, PATCH,
    DELETE) is retried here only where the server certainly did nothing: a connection that
    never opened (a 429, refused before acting, is waited out by ApiClient.request). Any
    other trouble with a write (a 502/503/504, an answer lost on the way back) may come
    after the server acted, and a repeat's answer (a 404 after a DELETE that went through,
    say) would be judged in place of the lost one: so it ends as a TransportError instead.
    Every wait before a retry is metered."""

    meter: Meter | None = None

    def new(self, **kw: Any) -> Self:
        retry = super().new(**kw)
        retry.meter = self.meter
        return retry

    def sleep(self, response: BaseHTTPResponse | None = None) -> None:
        started = time.monotonic()
        super().sleep(response)
        if self.meter is not None:
            self.meter.waited_for(time.monotonic() - started, response is not None and response.status == 429)

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        if method.upper() not in READS:
            return False
        return super().is_retry(method, status_code, has_retry_after)

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: BaseHTTPResponse | None = None,
        error: Exception | None = None,
        _pool: ConnectionPool | None = None,
        _stacktrace: TracebackType | None = None,
    ) -> Self:
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
        allow_production: bool = False,
        allow_insecure: bool = False,
        concurrency: int = DEFAULT_CONCURRENCY,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.requests_made = 0
        self.meter = Meter()
        self.rate_cap = RateCap(max_per_second)
        self.deadline: float | None = None  #: time.monotonic() after which a check sends nothing more
        self.listeners: list[Callable[[requests.Response], None]] = []
        #: Told the method of every request that got no answer (from the thread that sent it).
        self.unanswered: list[Callable[[str], None]] = []
        self._lock = threading.Lock()
        self.concurrency = max(1, concurrency)
        self.window = Window(self.concurrency)
        self._pool: ThreadPoolExecutor | None = None
        self._local = threading.local()  # on a pool thread: the exchanges its call has heard
        self._sending: dict[int, tuple[str, str, float]] = {}  # thread -> (method, path, since) in flight
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
        retry.meter = self.meter
        self.session = requests.Session()
        # The environment's proxy and CA bundle settings are read once, here, not on every
        # request (a fifth of a request's cost against the mock); .netrc is never read, so
        # no credential but the token chosen here is sent.
        environment = self.session.merge_environment_settings(self.base_url, {}, None, None, None)
        self.session.proxies, self.session.verify = environment["proxies"], environment["verify"]
        self.session.trust_env = False
        adapter = _GuardedAdapter(
            allow_production=allow_production,
            allow_insecure=allow_insecure,
            max_retries=retry,
            pool_maxsize=max(10, self.concurrency),  # a connection kept for every call in flight
        )
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)

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
        response = self._send_until_not_rate_limited(method, path, params, data, sent_headers)
        _learn_minted_token(response)
        self._tell(response)
        if response.status_code in NO_VERDICT_STATUSES:
            raise TransportError(
                f"{method} {path}: {self.base_url} answered {response.status_code} {response.reason} "
                "(after the retries that are safe): rate-limited or unavailable, so no contract verdict"
            )
        if 300 <= response.status_code < 400:
            location = response.headers.get("Location", "")
            raise Redirected(
                f"{method} {path}: {self.base_url} answered {response.status_code} {response.reason}, "
                + (f"a redirect to {location[:200]!r}" if location else "without a Location")
                + ": not followed (the token would go with it), so no contract verdict; "
                "if you trust where it leads, point LOSANT_API_URL there",
                response.status_code,
                location,
            )
        return response

    def _send_until_not_rate_limited(
        self, method: str, path: str, params: Any, data: Any, headers: dict[str, str]
    ) -> requests.Response:
        """Send, and send again after every 429 once the wait it asks for (Retry-After, else a
        doubling back-off) is over: a 429'd request was not acted on, so it is never a
        verdict (decisions §9). The window of requests in flight narrows after each 429 and
        widens as answers come back. Past the check's deadline: DeadlinePassed, no verdict."""
        give_up = self.deadline or time.monotonic() + PATIENCE
        attempt = 0
        while True:
            if self.deadline is not None and time.monotonic() > self.deadline:
                raise DeadlinePassed(
                    f"{method} {path}: not sent, the check's deadline passed (a slow target): no verdict"
                )
            self.rate_cap.wait()
            self.window.acquire()
            pause: float | None = None  # set when the answer is a 429
            try:
                response = self._send(method, path, params, data, headers)
                if response.status_code == 429:
                    attempt += 1
                    asked = retry_after(response.headers.get("Retry-After"))
                    pause = asked if asked is not None else backoff(attempt)
            finally:
                self.window.release(rate_limited=pause is not None, pause=pause or 0.0)
            if pause is None:
                return response
            if time.monotonic() + pause > give_up:
                raise DeadlinePassed(
                    f"{method} {path}: rate-limited (429) past the check's deadline: no verdict; "
                    "the target limits requests harder than LOSANT_CHECK_TIMEOUT allows"
                )
            time.sleep(pause)
            self.meter.waited_for(pause, rate_limited=True)

    def _send(self, method: str, path: str, params: Any, data: Any, headers: dict[str, str]) -> requests.Response:
        """One request through the transport (its retries included); TransportError without an answer."""
        self._sending[threading.get_ident()] = (method, path, time.monotonic())
        try:
            response = self.session.request(
                method,
                self.base_url + path,
                params=params,
                data=data,
                headers=headers,
                timeout=self.timeout,
                allow_redirects=False,
            )
        except (requests.RequestException, urllib3.exceptions.HTTPError) as error:  # a host urllib3 cannot use
            self._count()
            for told in self.unanswered:
                told(method)
            raise TransportError(
                f"{method} {path}: no answer from {self.base_url} ({type(error).__name__}: "
                f"{redact.text(str(error))[:200]})"
            ) from None
        finally:
            self._sending.pop(threading.get_ident(), None)
        self._count()
        return response

    def in_flight(self) -> list[tuple[str, str, float]]:
        """(method, path, seconds so far) of every request waiting for its answer now."""
        now = time.monotonic()
        return [(method, path, now - since) for method, path, since in list(self._sending.values())]

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", path, **kwargs)

    def concurrently(self, calls: Sequence[Callable[[], T]]) -> list[T]:
        """Run independent calls (each making requests with this client) at once, at most
        `concurrency` in flight and still under the rate cap; their results in order. As if
        they ran one after another: listeners hear each call's exchanges on this thread, in
        the order of `calls`, and the first call (in that order) that raised raises here,
        after every exchange has been heard. Nested use runs serially."""
        if self.concurrency == 1 or len(calls) < 2 or getattr(self._local, "heard", None) is not None:
            return [call() for call in calls]
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.concurrency, thread_name_prefix="losant-contract")
        outcomes = list(self._pool.map(self._hearing, calls))
        for heard, _, _ in outcomes:
            for response in heard:
                self._tell(response)
        raised = next((error for _, _, error in outcomes if error is not None), None)
        if raised is not None:
            raise raised
        return [cast(T, result) for _, result, _ in outcomes]  # no call raised: each returned a T

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
        self.session.close()

    def _hearing(self, call: Callable[[], T]) -> tuple[list[requests.Response], T | None, BaseException | None]:
        """On a pool thread: (the exchanges `call` made, its result, what it raised)."""
        heard: list[requests.Response] = []
        self._local.heard = heard
        try:
            return heard, call(), None
        except Exception as error:  # raised on the caller's thread, in order
            return heard, None, error
        finally:
            self._local.heard = None

    def _tell(self, response: requests.Response) -> None:
        """Listeners hear an exchange now, or (on a pool thread) when the caller collects it."""
        heard = getattr(self._local, "heard", None)
        if heard is not None:
            heard.append(response)
            return
        for listener in self.listeners:
            listener(response)

    def _count(self) -> None:
        with self._lock:
            self.requests_made += 1


def _learn_minted_token(response: requests.Response) -> None:
    """A token the target minted (POST tokens answers it once, in `token`) is a secret from
    the moment it arrives: registered before any listener or report sees the answer."""
    if b'"token"' not in response.content:
        return
    try:
        body = response.json()
    except ValueError:
        return
    minted = body.get("token") if isinstance(body, dict) else None
    if isinstance(minted, str) and len(minted) >= MIN_SECRET:
        redact.learn(minted, "<minted token>")


def curl(request: requests.PreparedRequest) -> str:
    """A shell line that repeats `request`, with every credential redacted."""
    parts = ["curl", "-X", request.method or "GET", request.url or ""]
    sent = {
        name: value if isinstance(value, str) else value.decode("latin-1") for name, value in request.headers.items()
    }
    for name, value in redact.headers(sent).items():
        if name.lower() in {"user-agent", "accept-encoding", "connection", "content-length"}:
            continue
        parts += ["-H", f"{name}: {value}"]
    if request.body:
        body = request.body.decode(errors="replace") if isinstance(request.body, bytes) else str(request.body)
        parts += ["--data-raw", redact.text(body)]
    return redact.text(" ".join(_quote(part) for part in parts))


def _quote(part: str) -> str:
    """Quote for the shell, in double quotes where a $LOSANT_... label should expand."""
    if "$LOSANT_" not in part:
        return shlex.quote(part)
    return '"' + "".join("\\" + ch if ch in '"\\`' else ch for ch in part) + '"'
