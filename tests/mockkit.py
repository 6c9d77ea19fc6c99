"""Shared by the mock's self-tests (tests/test_mock_*.py): request bodies, a client aimed
at one application of a mock, the Error-body check, and the fixtures. Test modules load
it with `pytest_plugins = ("mockkit",)` and import the helpers they use.

Everything goes through requests or raw sockets against a real server; the store is only
touched to reset state between tests.

PYTEST_DONT_REWRITE: test modules import the helpers before pytest loads this module as
a plugin, so pytest could not rewrite its asserts anyway; they carry their own messages.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests

from losant_contract.contracts import violations
from losant_contract.mock import MockServer

ROOT = Path(__file__).resolve().parents[1]
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
HEX24 = re.compile(r"^[0-9a-f]{24}$")
MQTT = {"host": "broker.example.com", "port": 8883, "protocol": "mqtts"}
UNKNOWN_ID = "0123456789abcdef01234567"


def body(name: str = "lct-one", kind: str = "mqtt", **extra: object) -> dict[str, Any]:
    """A valid Integration Post body of `kind`, with `extra` properties on top."""
    configs: dict[str, dict[str, Any]] = {
        "mqtt": {"mqttConfig": MQTT, "topics": ["a/b"]},
        "particle": {"particleConfig": {"accessToken": "t"}},
        "meridian": {"meridianConfig": {"authenticationToken": "a", "locationId": "l"}},
    }
    return {"name": name, "integrationType": kind, **configs.get(kind, {}), **extra}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class Api:
    """A requests.Session aimed at one application of one mock (the first unless told), with a token."""

    def __init__(self, mock: MockServer, token: str | None, application_id: str | None = None) -> None:
        self.mock, self.session = mock, requests.Session()
        self.application_id = application_id or mock.application_id
        self.base = f"{mock.url}/applications/{self.application_id}"
        self.statuses: list[int] = []  # every status this client saw
        if token is not None:
            self.session.headers.update(bearer(token))

    def __enter__(self) -> Api:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.session.close()

    def __call__(self, method: str, path: str = "/integrations", **kwargs: Any) -> requests.Response:
        response = self.session.request(method, self.base + path, timeout=10, **kwargs)
        self.statuses.append(response.status_code)
        return response

    def create(self, name: str = "lct-one", kind: str = "mqtt", **extra: object) -> dict[str, Any]:
        response = self("POST", json=body(name, kind, **extra))
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        return created

    def listing(self, schema: bool = True, **params: object) -> dict[str, Any]:
        """GET Integrations answered 200; its body checked against the Integrations schema
        unless `schema` is False (a control may echo what the schema's enum lacks)."""
        response = self("GET", params=params)
        assert response.status_code == 200, response.text
        if schema:
            assert violations("Integrations", response.json()) == []
        listed: dict[str, Any] = response.json()
        return listed

    def names(self, **params: object) -> list[str]:
        return [item["name"] for item in self.listing(**params)["items"]]

    def mint(self, scope: str) -> str:
        return str(self.mint_token(scope)["token"])

    def mint_token(self, scope: str) -> dict[str, Any]:
        """An application API token of this client's application: its API Token body with the secret."""
        response = self("POST", "/tokens", json={"name": f"lct-{scope}", "scope": [scope]})
        assert response.status_code == 201, response.text
        minted: dict[str, Any] = response.json()
        return minted


def assert_error(response: requests.Response, status: int | tuple[int, ...]) -> None:
    """`response` is one of `status` with a JSON Error body carrying type and message."""
    statuses = status if isinstance(status, tuple) else (status,)
    assert response.status_code in statuses, (response.status_code, response.text)
    assert response.headers["Content-Type"].startswith("application/json")
    assert violations("Error", response.json()) == []
    assert isinstance(response.json()["type"], str) and isinstance(response.json()["message"], str)


def port(mock: MockServer) -> int:
    return int(mock.url.rsplit(":", 1)[1])


@pytest.fixture(scope="module")
def mock() -> Iterator[MockServer]:
    with MockServer() as server:
        yield server


@pytest.fixture
def api(mock: MockServer) -> Iterator[Api]:
    """The admin token on the first application of a freshly reset mock."""
    mock.reset()
    with Api(mock, mock.admin_token) as client:
        yield client


@pytest.fixture
def anonymous(mock: MockServer) -> Iterator[Api]:
    with Api(mock, None) as client:
        yield client


@contextmanager
def standalone(*flags: str) -> Iterator[tuple[subprocess.Popen[str], dict[str, str]]]:
    """The standalone mock (`python -m losant_contract.mock *flags`) and the first settings
    it prints (URL, application, token); stopped on the way out, killed if it will not stop."""
    process = subprocess.Popen(
        [sys.executable, "-m", "losant_contract.mock", *flags], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    try:
        process.stdout.readline()
        yield process, dict(process.stdout.readline().strip().split("=", 1) for _ in range(3))
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()
