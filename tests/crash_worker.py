"""A pytest plugin for the self-tests: every pytest-xdist worker fails as it starts (as one
would whose set-up broke), so a test can show such a run never passes."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    if hasattr(config, "workerinput"):
        raise pytest.UsageError("this worker fails as it starts (tests/crash_worker.py)")
