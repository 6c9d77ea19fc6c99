"""What a scenario can find, as types: the code that raises knows which failure it is.

A scenario passes by returning. It fails by raising ClientFault (an AssertionError)
whose one-line message says what the client did wrong and what to change: SentWrong
for a request the client sent, ReturnedWrong for what it returned or raised,
UnsafeRepeat for a request repeated where that can act twice. NotSupported says the
client lacks an optional capability and behaved safely without it. KitError says the
kit could not set the scenario up: no verdict on the client. runner.judge turns each
into a Result with one ClientFailure, the one list of how a scenario can fail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, ClassVar

PASS, FAIL, NOT_SUPPORTED = "pass", "fail", "not supported"


class ClientFailure(Enum):
    """How a scenario failed (never called a kind: that word is the suite's verdict kinds)."""

    REQUEST_SENT = "request sent"
    VALUE_RETURNED = "value returned"
    UNSAFE_REPEAT = "unsafe repeat"
    ADAPTER_ERROR = "adapter error"  # it broke the protocol, hung, died or lacks a claimed operation
    KIT_ERROR = "kit error"  # the kit failed: no verdict on the client

    @property
    def judges_the_client(self) -> bool:
        """False where the adapter or the kit failed: then nothing is said of the client."""
        return self not in (ClientFailure.ADAPTER_ERROR, ClientFailure.KIT_ERROR)


class ClientFault(AssertionError):
    """The client under test broke the contract or what it was asked to do."""

    failure: ClassVar[ClientFailure]


class SentWrong(ClientFault):
    failure = ClientFailure.REQUEST_SENT


class ReturnedWrong(ClientFault):
    failure = ClientFailure.VALUE_RETURNED


class UnsafeRepeat(ClientFault):
    failure = ClientFailure.UNSAFE_REPEAT


class NotSupported(Exception):
    """An optional capability (operations.CAPABILITIES) the client does not have."""

    def __init__(self, capability: str, reason: str) -> None:
        super().__init__(f"not supported by this client ({capability}): {reason}")
        self.capability, self.reason = capability, reason


class KitError(Exception):
    """The kit could not set the scenario up (the mock or its own client failed)."""


@dataclass
class Result:
    """One scenario's verdict, the reason behind it, its duration and what the client did."""

    name: str
    area: str
    verdict: str
    reason: str = ""
    failure: ClientFailure | None = None  # for a failed scenario
    seconds: float = 0.0
    calls: list[Any] = field(default_factory=list)  # stage.Call, each with its recorded requests

    @property
    def explained(self) -> str:
        """The reason, led by the failure where there is one: "request sent: ..."."""
        return f"{self.failure.value}: {self.reason}" if self.failure else self.reason
