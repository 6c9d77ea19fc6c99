"""One judge: what a scenario raised becomes its verdict and failure in one place, for the
runner and the pytest plugin alike (tests/test_clientkit_command.py runs the plugin)."""

from __future__ import annotations

import clientkit_adapters as adapters
import pytest

from losant_contract.clientkit.adapter import AdapterError
from losant_contract.clientkit.outcomes import (
    FAIL,
    NOT_SUPPORTED,
    PASS,
    ClientFailure,
    KitError,
    NotSupported,
    ReturnedWrong,
    SentWrong,
    UnsafeRepeat,
)
from losant_contract.clientkit.runner import judge, run
from losant_contract.clientkit.scenario import Scenario


class Bare:
    """A stage with nothing on it: the judge only asks it to start afresh and for its calls."""

    calls: list[object] = []

    def fresh(self) -> None:
        pass


def raising(error: BaseException | None) -> Scenario:
    def play(stage: object) -> None:
        if error is not None:
            raise error

    return Scenario("s", "records", "raises what it is given", play)


@pytest.mark.parametrize(
    "raised, verdict, failure, reason",
    [
        (None, PASS, None, ""),
        (SentWrong("sent x"), FAIL, ClientFailure.REQUEST_SENT, "request sent: sent x"),
        (ReturnedWrong("got x"), FAIL, ClientFailure.VALUE_RETURNED, "value returned: got x"),
        (UnsafeRepeat("twice"), FAIL, ClientFailure.UNSAFE_REPEAT, "unsafe repeat: twice"),
        (NotSupported("walk", "no pager"), NOT_SUPPORTED, None, "not supported by this client (walk): no pager"),
        (AdapterError("hung"), FAIL, ClientFailure.ADAPTER_ERROR, "adapter error: hung"),
        (NotImplementedError("no walk"), FAIL, ClientFailure.ADAPTER_ERROR, "adapter error: not implemented: no walk"),
        (KitError("mock down"), FAIL, ClientFailure.KIT_ERROR, "kit error: mock down"),
        (KeyError("items"), FAIL, ClientFailure.KIT_ERROR, "kit error: KeyError: 'items' (test_clientkit_judge.py:"),
    ],
)
def test_what_a_scenario_raised_is_judged_by_its_type(raised, verdict, failure, reason):
    result = judge(Bare(), raising(raised))
    assert (result.verdict, result.failure) == (verdict, failure)
    assert result.explained.startswith(reason) and (reason or not result.explained)


def test_an_interrupt_is_not_judged():
    with pytest.raises(KeyboardInterrupt):
        judge(Bare(), raising(KeyboardInterrupt()))


def test_a_claimed_operation_that_is_missing_is_an_adapter_error():
    adapter = adapters.ClaimsWalkWithoutPager()
    try:
        (result,) = run(adapter, ["walk all pages"])
    finally:
        adapter.close()
    assert (result.verdict, result.failure) == (FAIL, ClientFailure.ADAPTER_ERROR)
    assert result.reason == "not implemented: this client does not walk pages itself"
