"""Ctrl-C (SIGINT) and SIGTERM at any moment end the run as interrupted (exit 2), with the
clean-up done and the reports whole, never with an INTERNALERROR traceback.

Python raises KeyboardInterrupt wherever the main thread happens to be. Inside a check or
a fixture (where the requests and the time are) that is what we want: pytest stops and
cleans up. Inside the hooks around them it is not: allure-pytest's and Hypothesis's
old-style hook wrappers re-raise it from their teardown, which pluggy reports as a
PluggyTeardownRaisedWarning, an error under `filterwarnings = error`: INTERNALERROR, exit
3. A KeyboardInterrupt in the middle of the session's clean-up escapes pytest altogether.

So the signal is deferred while pytest runs its own and the report plugins' code around a
check (the whole runtest protocol except the check's call and fixture set-up), while
the reporting listener attaches an exchange, and through pytest_sessionfinish and
pytest_unconfigure (clean-up, the reports' last files). A deferred interrupt is raised at
the next safe point: when a check or fixture starts, or when the check's protocol ends;
in the clean-up, it only sets the exit status. A second signal while one is pending is
raised at once: the person means it (it may cut the clean-up short; the sweep finishes it).
An interrupt stays pending until pytest has it: one raised where Python swallows it (a
gc callback) is raised again at the next safe point.
"""

from __future__ import annotations

import functools
import signal
import sys
import threading
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

import pytest

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupts:
    """The signal handler and the hooks that mark where an interrupt may land."""

    def __init__(self, config: pytest.Config) -> None:
        self.deferring = 0
        self.pending = False
        self.session: pytest.Session | None = None
        if threading.current_thread() is threading.main_thread():
            previous = {number: signal.signal(number, self._on_signal) for number in SIGNALS}
            config.add_cleanup(lambda: _restore(previous))

    def _on_signal(self, number: int, frame: FrameType | None) -> None:
        if self.deferring and not self.pending:
            self.pending = True
            return
        self.pending = True  # until pytest has it: raised inside a gc callback, it is swallowed
        raise KeyboardInterrupt

    def _unraisable(self, previous: Any, unraisable: Any) -> None:
        """A KeyboardInterrupt swallowed where Python cannot raise (a gc callback: Hypothesis
        times garbage collection) is kept pending, not reported as a check's failure."""
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            self.pending = True
            return
        previous(unraisable)

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """No KeyboardInterrupt inside; a pending one is raised on the way out."""
        self.deferring += 1
        try:
            yield
        finally:
            self.deferring -= 1
        self._raise_pending()

    @contextmanager
    def allowed(self) -> Iterator[None]:
        """A KeyboardInterrupt may land anywhere inside (a pending one lands at once)."""
        saved, self.deferring = self.deferring, 0
        try:
            self._raise_pending()
            yield
        finally:
            self.deferring = saved

    def _raise_pending(self) -> None:
        if self.pending and not self.deferring:
            raise KeyboardInterrupt

    def pytest_keyboard_interrupt(self, excinfo: Any) -> None:
        """pytest has it: nothing is pending any more."""
        self.pending = False

    # -- where it is deferred, where it is allowed --------------------------------------

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        """After every pytest_configure, so after pytest's own unraisable hook is set."""
        self.session = session
        previous = sys.unraisablehook
        sys.unraisablehook = functools.partial(self._unraisable, previous)
        session.config.add_cleanup(lambda: setattr(sys, "unraisablehook", previous))

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, Any, Any]:
        with self.deferred():
            return (yield)

    @pytest.hookimpl(wrapper=True, trylast=True)
    def pytest_pyfunc_call(self, pyfuncitem: pytest.Function) -> Generator[None, Any, Any]:
        with self.allowed():
            return (yield)

    @pytest.hookimpl(wrapper=True, trylast=True)
    def pytest_fixture_setup(self, fixturedef: Any, request: Any) -> Generator[None, Any, Any]:
        with self.allowed():
            return (yield)

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> Generator[None, Any, Any]:
        return (yield from self._finishing(session.config))

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_unconfigure(self, config: pytest.Config) -> Generator[None, Any, Any]:
        return (yield from self._finishing(config))

    def _finishing(self, config: pytest.Config) -> Generator[None, Any, Any]:
        """Clean-up and the reports' last files: a first signal waits for them, a second
        stops them (and is reported, not raised: pytest has nothing left to catch it)."""
        self.deferring += 1
        try:
            return (yield)
        except KeyboardInterrupt:
            self.pending = False
            self._interrupted(config, "clean-up cut short by a second interrupt: run python -m losant_contract.sweep")
            return None
        finally:
            self.deferring -= 1
            if self.pending:
                self.pending = False
                self._interrupted(config, "interrupted: clean-up and reports were finished first")

    def _interrupted(self, config: pytest.Config, line: str) -> None:
        if self.session is not None:
            self.session.exitstatus = pytest.ExitCode.INTERRUPTED
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(line, yellow=True)


def _restore(handlers: dict[signal.Signals, Any]) -> None:
    for number, handler in handlers.items():
        signal.signal(number, handler)


_active: Interrupts | None = None


def install(config: pytest.Config) -> Interrupts:
    """Take SIGINT and SIGTERM over for this run (from conftest's pytest_configure)."""
    global _active
    _active = Interrupts(config)
    config.pluginmanager.register(_active, "losant-interrupts")
    return _active


@contextmanager
def deferred() -> Iterator[None]:
    """For report code called from inside a check (an exchange being attached)."""
    if _active is None:
        yield
        return
    with _active.deferred():
        yield
