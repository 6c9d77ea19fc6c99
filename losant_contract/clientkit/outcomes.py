"""What a scenario can find, as types: the code that raises knows which kind it is.

A scenario passes by returning. It fails by raising ClientFault (an AssertionError)
whose one-line message says what the client did wrong and what to change: SentWrong
for a request the client sent, ReturnedWrong for what it returned or raised,
UnsafeRepeat for a request repeated where that can act twice. NotSupported says the
client lacks an optional capability and behaved safely without it. KitError says the
kit could not set the scenario up: no verdict on the client.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PASS, FAIL, NOT_SUPPORTED = "pass", "fail", "not supported"


class ClientFault(AssertionError):
    """The client under test broke the contract or what it was asked to do."""

    kind = "client fault"


class SentWrong(ClientFault):
    kind = "request sent"


class ReturnedWrong(ClientFault):
    kind = "value returned"


class UnsafeRepeat(ClientFault):
    kind = "unsafe repeat"


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
    kind: str = ""  # for a failure: request sent, value returned, unsafe repeat, adapter error, kit error
    seconds: float = 0.0
    calls: list[Any] = field(default_factory=list)  # stage.Call, each with its recorded requests
