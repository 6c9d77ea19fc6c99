"""The client adapter: the operations in scope (operations.py), mapped onto a client
author's client.

A Python adapter subclasses `Adapter` and implements each operation by calling its
client; it returns what the client returned and lets the client's exception through,
turned into `ClientError` where it carries an HTTP status (so the kit can read status,
type and message). Anything else the client raises is reported as it is, by class
name: a timeout, a refused connection, or a crash such as a TypeError.

Any other language speaks the same operations as JSON lines (protocol.py, process.py).
The kit drives both through `Harness.call`; the client under test never imports the
kit, only its adapter does.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from losant_contract.clientkit.operations import BY_NAME


@dataclass(frozen=True)
class ClientConfig:
    """How to build the client for one call: base URL, token and timeout in seconds."""

    url: str
    token: str = field(repr=False)
    timeout: float


@dataclass(frozen=True)
class Implementation:
    """What the adapter drives, as the report names it."""

    name: str
    version: str
    language: str
    homepage: str = ""


class ClientError(Exception):
    """An error the client raised for an HTTP answer: its status, Error type and message
    (None where the client's error carries none)."""

    def __init__(self, status: int | None, type_: str | None, message: str | None, raised: str = "") -> None:
        super().__init__(f"{status} {type_}: {message}")
        self.status, self.type, self.message = status, type_, message
        self.raised = raised or type(self).__name__


class AdapterError(Exception):
    """The adapter broke the protocol, hung or died: no verdict on the client can be drawn."""


class Harness(ABC):
    """What the kit drives: a client under test that runs any operation of the table by
    name. Authors subclass `Adapter`; `ProcessAdapter` drives an adapter in any language."""

    #: Optional capabilities claimed (operations.CAPABILITIES); each claim is checked.
    capabilities: frozenset[str] = frozenset()

    @property
    @abstractmethod
    def implementation(self) -> Implementation: ...

    @abstractmethod
    def call(self, operation: str, client: ClientConfig, args: dict[str, Any]) -> Any:
        """Run one operation of the table (operations.OPERATIONS) with `args` by their names."""

    def close(self) -> None:
        """Release what the adapter holds (a subprocess, sessions); nothing by default."""
        return None


class Adapter(Harness):
    """One client under test. Every operation takes the ClientConfig to build (or reuse)
    the client with, and the API's own argument names; query arguments not given are
    left out (never passed as None)."""

    def call(self, operation: str, client: ClientConfig, args: dict[str, Any]) -> Any:
        """The kit's one way in: the operation's method below, by its name in the table."""
        method: Callable[..., Any] = getattr(self, BY_NAME[operation].name)
        return method(client, **args)

    @abstractmethod
    def list_integrations(self, client: ClientConfig, applicationId: str, **query: Any) -> Any:  # noqa: N803
        """One page of integrations; query holds any of sortField, sortDirection, filterField,
        filter, perPage and page."""

    def walk_integrations(self, client: ClientConfig, applicationId: str, **query: Any) -> Any:  # noqa: N803
        """Every page, as one list of integrations (capability "walk"); query holds any of
        sortField, sortDirection, filterField, filter and perPage."""
        raise NotImplementedError("this client does not walk pages itself")

    @abstractmethod
    def create_integration(self, client: ClientConfig, applicationId: str, body: dict[str, Any]) -> Any:  # noqa: N803
        """Create an integration from the Integration Post `body`; the Integration created."""

    @abstractmethod
    def get_integration(self, client: ClientConfig, applicationId: str, integrationId: str) -> Any:  # noqa: N803
        """One integration."""

    @abstractmethod
    def patch_integration(
        self,
        client: ClientConfig,
        applicationId: str,  # noqa: N803
        integrationId: str,  # noqa: N803
        body: dict[str, Any],
    ) -> Any:
        """Change an integration by the Integration Patch `body`; the Integration patched."""

    @abstractmethod
    def delete_integration(self, client: ClientConfig, applicationId: str, integrationId: str) -> Any:  # noqa: N803
        """Delete an integration; the Success body."""

    @abstractmethod
    def create_token(self, client: ClientConfig, applicationId: str, body: dict[str, Any]) -> Any:  # noqa: N803
        """Mint an application API token from the Application API Token Post `body`; the API Token, with its secret."""

    @abstractmethod
    def delete_token(self, client: ClientConfig, applicationId: str, apiTokenId: str) -> Any:  # noqa: N803
        """Delete an application API token; the Success body."""
