"""A pytest plugin loaded into a suite run (`-p signal_in_hook`): the process sends itself a
signal from inside one hook, the Nth time that hook runs, so an interrupt lands exactly
where a Ctrl-C only sometimes does. SIGNAL_IN_HOOK=<hook>:<SIGINT|SIGTERM>:<N>, hook one
of makereport, logreport, allure-result (allure-commons writing a result), sessionfinish
(before the suite's clean-up) or gc (a garbage-collection callback as a check starts,
where Python swallows the KeyboardInterrupt; Hypothesis keeps one such callback)."""

from __future__ import annotations

import gc
import os
import signal

import allure_commons
import pytest

HOOK, SIGNAL, NTH = os.environ["SIGNAL_IN_HOOK"].split(":")
_seen = {"count": 0}


def _here(hook: str) -> None:
    if hook != HOOK:
        return
    _seen["count"] += 1
    if _seen["count"] == int(NTH):
        os.kill(os.getpid(), getattr(signal, SIGNAL))  # handled before the next line runs


def pytest_runtest_makereport(item, call):
    _here("makereport")


def pytest_runtest_logreport(report):
    _here("logreport")


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session):
    _here("sessionfinish")


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    if HOOK == "gc":
        gc.callbacks.append(_in_gc)
        try:
            gc.collect()
        finally:
            gc.callbacks.remove(_in_gc)


def _in_gc(phase, info):
    if phase == "start":
        _here("gc")


class _AllureHooks:
    @allure_commons.hookimpl
    def report_result(self, result):
        _here("allure-result")


allure_commons.plugin_manager.register(_AllureHooks(), "signal-in-hook")
