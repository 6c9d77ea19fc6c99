"""pytest plugin `losant_mock`: an embedded Losant mock for client authors' tests.

In the manner of pytest-httpserver: one server per session on a free port, served
from a daemon thread, and a per-test `losant_mock` fixture that first forgets what
earlier tests created. Only fixtures are registered here, no hooks, because the
contract suite runs with this plugin loaded too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import pytest

from losant_contract.mock import MockServer


class LosantMock(NamedTuple):
    url: str
    application_id: str
    token: str  # all.Application
    scope_tokens: dict[str, str]  # all.Organization[.read], all.User[.read]


@pytest.fixture(scope="session")
def losant_mock_server() -> Iterator[MockServer]:
    with MockServer() as server:
        yield server


@pytest.fixture
def losant_mock(losant_mock_server: MockServer) -> LosantMock:
    """The session's mock, emptied of integrations and minted tokens."""
    losant_mock_server.reset()
    return LosantMock(
        losant_mock_server.url,
        losant_mock_server.application_id,
        losant_mock_server.admin_token,
        dict(losant_mock_server.scope_tokens),
    )
