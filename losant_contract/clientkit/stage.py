"""The stage a scenario plays on: the client under test (through its adapter), a mock
that records every request, and the kit's own client for set-up and read-backs.

Scenarios set data up and read results back with the kit's own client (ApiClient), so
the client under test is judged only on the calls the scenario asks of it. Each such
call is a `Call`: what was asked, what the client returned or raised, how long it took,
and the requests the mock recorded while it ran.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from losant_contract import redact
from losant_contract.client import ApiClient, TransportError
from losant_contract.clientkit.adapter import AdapterError, ClientConfig, ClientError, Harness
from losant_contract.clientkit.operations import BY_NAME
from losant_contract.clientkit.outcomes import KitError, ReturnedWrong
from losant_contract.mock import MockServer
from losant_contract.mock.recording import Recorded

#: Seconds the kit gives a client per call (a scenario about timeouts holds answers longer).
TIMEOUT = 1.0


@dataclass(frozen=True)
class Raised:
    """What the client raised: status, Error type and message as it carried them, and its class."""

    status: int | None
    type: str | None
    message: str | None
    raised: str

    def __str__(self) -> str:
        return f"{self.raised} (status {self.status}, type {self.type!r}, message {self.message!r:.120})"


@dataclass
class Call:
    op: str
    args: dict[str, Any]
    value: Any = None
    error: Raised | None = None
    seconds: float = 0.0
    requests: list[Recorded] = field(default_factory=list)

    def returned(self) -> Any:
        """The value the client returned; ReturnedWrong when it raised instead."""
        if self.error is not None:
            raise ReturnedWrong(f"{self.op} raised {self.error} where the API answered {self.answers()}")
        return self.value

    def answers(self) -> str:
        statuses = [str(r.status) if r.status is not None else "no answer" for r in self.requests]
        return ", ".join(statuses) or "nothing (no request reached it)"


class Stage:
    """One run's mock and kit client; `fresh()` before each scenario."""

    def __init__(self, adapter: Harness, timeout: float = TIMEOUT) -> None:
        self.adapter, self.timeout = adapter, timeout
        self.calls: list[Call] = []
        self._mock = MockServer(record=True).start()
        self._api = _kit_client(self._mock)

    @property
    def mock(self) -> MockServer:
        return self._mock

    @property
    def api(self) -> ApiClient:
        """The kit's own client (never the one under test)."""
        return self._api

    @property
    def application_id(self) -> str:
        return self._mock.application_id

    @property
    def recorded(self) -> list[Recorded]:
        recorder = self._mock.recorder
        assert recorder is not None
        return recorder.requests()

    def fresh(self) -> None:
        """Forget earlier scenarios: no integrations, no minted tokens, no recordings, no calls."""
        self._mock.reset()
        assert self._mock.recorder is not None
        self._mock.recorder.clear()
        self.calls = []

    def client(self, token: str | None = None, timeout: float | None = None) -> ClientConfig:
        return ClientConfig(self._mock.url, token or self._mock.admin_token, timeout or self.timeout)

    def call(self, op: str, *, token: str | None = None, timeout: float | None = None, **args: Any) -> Call:
        """Run one operation through the adapter (given `timeout` seconds, or the usual) and keep what happened."""
        if op not in BY_NAME:
            raise KitError(f"a scenario asked for {op!r}, which is no operation of the table")
        call = Call(op, args)
        before = len(self.recorded)
        started = time.monotonic()
        try:
            call.value = self.adapter.call(op, self.client(token, timeout), args)
        except ClientError as error:
            call.error = Raised(error.status, error.type, error.message, error.raised)
        except (AdapterError, NotImplementedError):
            raise
        except Exception as error:  # the client's own exception (timeout, connection, crash): shown as it is
            call.error = Raised(None, None, redact.text(str(error))[:300], type(error).__name__)
        call.seconds = time.monotonic() - started
        call.requests = self.recorded[before:]
        if not call.requests or any(record.status is None for record in call.requests):
            time.sleep(0.05)  # a request still in flight (a client that gave up early): let it land
            call.requests = self.recorded[before:]
        self.calls.append(call)
        return call

    # -- the kit's own requests ---------------------------------------------------------

    def create(self, body: dict[str, Any]) -> dict[str, Any]:
        """Create an integration with the kit's own client; its Integration body."""
        created: dict[str, Any] = self._json("POST", f"/applications/{self.application_id}/integrations", 201, body)
        return created

    def mint(self, scope: list[str]) -> dict[str, Any]:
        minted: dict[str, Any] = self._json(
            "POST", f"/applications/{self.application_id}/tokens", 201, {"name": "clientkit token", "scope": scope}
        )
        redact.register(minted.get("token"), "$MINTED_TOKEN")
        return minted

    def status_of(self, method: str, path: str, token: str | None = None, body: Any = None) -> int:
        """The status the API answers the kit for one request (token None: the admin token)."""
        kwargs: dict[str, Any] = {} if body is None else {"json": body}
        if token is not None:
            kwargs["token"] = token
        try:
            return self._api.request(method, path, **kwargs).status_code
        except TransportError as error:
            raise KitError(str(error)) from None

    def pad_to(self, count: int) -> None:
        """Send the kit's own reads until the mock has seen `count` requests, so the client's
        next request is number count + 1 (where a transport fault lands)."""
        while len(self.recorded) < count:
            self.status_of("GET", f"/applications/{self.application_id}")
        if len(self.recorded) != count:
            raise KitError(f"the mock saw {len(self.recorded)} requests while padding to {count}")

    @contextmanager
    def faulty(self, *faults: str) -> Iterator[None]:
        """Play on a mock of its own with `faults`, then return to the usual one."""
        usual, usual_api = self._mock, self._api
        with MockServer(faults=faults, record=True) as mock:
            self._mock, self._api = mock, _kit_client(mock)
            try:
                yield
            finally:
                self._api.close()
                self._mock, self._api = usual, usual_api

    def close(self) -> None:
        self._api.close()
        self._mock.stop()

    def _json(self, method: str, path: str, status: int, body: Any) -> Any:
        try:
            response = self._api.request(method, path, json=body)
        except TransportError as error:
            raise KitError(str(error)) from None
        if response.status_code != status:
            raise KitError(f"set-up {method} {path} answered {response.status_code}: {response.text[:160]}")
        return response.json()


def _kit_client(mock: MockServer) -> ApiClient:
    """The kit's own client for a local mock: no backoff, and no proxy settings read from the
    environment on every request (requests does that by default, and it was a fifth of a run)."""
    api = ApiClient(mock.url, mock.admin_token, backoff=0)
    api.session.trust_env = False
    return api
