"""MockServer: the embedded Losant mock as a context manager.

Binds 127.0.0.1 (port 0: any free port), serves from a daemon thread, and hands out
what a client needs: the URL, the application id, an all.Application token and a
token for each scope an application token cannot carry. A second application of the
same organisation (`second_application_id`) is there for isolation checks: the
admin token does not reach it, the organisation and user tokens do.

Load options (load.py) make it a stand-in for a distant, rate-limited staging in
benchmarks: `latency` on every request, `write_delay` on writes, and the limits
`max_in_flight` and `max_per_second`, answered 429 (with Retry-After: 1 unless
`retry_after` is False); `rate_limited` counts those 429s.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from ..contracts import UNMINTABLE_SCOPES
from . import foreign, recording, transport
from .behaviour import Behaviour
from .echo import echoing
from .faults import install
from .foreign import siblings
from .handler import MockHTTPServer
from .load import Load, LoadHandler
from .scopes import env_name
from .store import Record, Store


class MockServer:
    """`with MockServer() as mock:` ... `mock.url`, `mock.admin_token`, ..."""

    def __init__(
        self,
        faults: Iterable[str] = (),
        foreign: int = 0,
        port: int = 0,
        record: bool = False,
        latency: float = 0.0,
        echo: bool = False,
        write_delay: float = 0.0,
        max_in_flight: int | None = None,
        max_per_second: int | None = None,
        retry_after: bool = True,
    ) -> None:
        self.faults = tuple(faults)
        self.latency = latency  # seconds each request waits, like a remote staging link
        self.load = Load(write_delay, max_in_flight, max_per_second, retry_after)  # a slow, rate-limited staging
        self.recorder = recording.Recorder() if record else None  # every request as sent, for client authors
        self.echo = echo  # echo.py: hand every request's token back (for the no-leaks self-test)
        carried, seams = transport.split(self.faults)  # transport faults sit in front of the handler
        self.transport = transport.Transport(carried)
        self.behaviour = install(Behaviour(), seams)  # unknown names fail here, not later
        self.store = Store()
        self.store.prefill([*_foreign(self.store, foreign), *siblings(self.store)])
        self.admin_token = self.store.mint({"name": "losant-mock admin"}, self.store.application_id, fixed=True).secret
        self.scope_tokens = {
            scope: self.store.mint({"name": f"losant-mock {scope}", "scope": [scope]}, fixed=True).secret
            for scope in UNMINTABLE_SCOPES
        }
        self._port = port
        self._httpd: MockHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def application_id(self) -> str:
        return self.store.application_id

    @property
    def second_application_id(self) -> str:
        return self.store.second_application_id

    @property
    def rate_limited(self) -> int:
        """How many requests the limits (max_in_flight, max_per_second) answered 429 so far."""
        return self.load.refused

    @property
    def url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("the mock is not started")
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def start(self) -> MockServer:
        if self._httpd is None:
            self._httpd = MockHTTPServer(("127.0.0.1", self._port), self.store, self.behaviour)
            self._httpd.latency = self.latency
            if self.transport.names or self.recorder is not None or self.load.active:
                recorded = self.recorder is not None
                self._httpd.RequestHandlerClass = recording.RecordingHandler if recorded else LoadHandler
                self._httpd.transport = self.transport
                self._httpd.load = self.load if self.load.active else None
                self._httpd.recorder = self.recorder  # type: ignore[attr-defined]
            if self.echo:
                self._httpd.RequestHandlerClass = echoing(self._httpd.RequestHandlerClass)
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.1},
                name="losant-mock",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            if self._thread is not None:
                self._thread.join()
            self._httpd = self._thread = None

    def reset(self) -> None:
        """Forget what clients did: integrations back to the prefilled ones, minted tokens gone."""
        self.store.reset()

    def tokens_env(self) -> list[str]:
        """The .env lines that point the suite (or any client) at this mock."""
        lines = [
            f"LOSANT_API_URL={self.url}",
            f"LOSANT_APPLICATION_ID={self.application_id}",
            f"LOSANT_API_TOKEN={self.admin_token}",
            f"LOSANT_SECOND_APPLICATION_ID={self.second_application_id}",
        ]
        return lines + [f"{env_name(scope)}={token}" for scope, token in self.scope_tokens.items()]

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _foreign(store: Store, count: int) -> Iterable[Record]:
    if count < 0:
        raise ValueError(f"foreign must be >= 0, got {count}")
    return foreign.integrations(store, count)
