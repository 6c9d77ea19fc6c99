"""Run scenarios for one adapter and keep a Result per scenario.

This is the library's way in (the self-tests use it, the pytest plugin reuses `play`):
`run(adapter)` plays every scenario on one recording mock, each from a fresh state, and
turns what each raised into a verdict. The kind of a failure comes from the exception's
type, never from its text.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from losant_contract import redact
from losant_contract.clientkit.adapter import AdapterError, Harness
from losant_contract.clientkit.catalogue import Scenario, all_scenarios
from losant_contract.clientkit.outcomes import FAIL, NOT_SUPPORTED, PASS, ClientFault, KitError, NotSupported, Result
from losant_contract.clientkit.stage import Stage


def chosen(names: Iterable[str] | None = None) -> list[Scenario]:
    """The scenarios called `names` (all when None); ValueError naming any unknown one."""
    every = all_scenarios()
    if names is None:
        return list(every.values())
    names = list(names)
    unknown = [name for name in names if name not in every]
    if unknown:
        raise ValueError(f"unknown scenario(s) {unknown}; `losant-contract clients list` lists them")
    return [every[name] for name in names]


def play(stage: Stage, scenario: Scenario) -> None:
    """Play one scenario from a fresh state; raises what the scenario raised."""
    stage.fresh()
    scenario.play(stage)


def judge(stage: Stage, scenario: Scenario) -> Result:
    """Play one scenario and say what came of it."""
    started = time.monotonic()
    result = Result(scenario.name, scenario.area, PASS)
    try:
        play(stage, scenario)
    except ClientFault as fault:
        result.verdict, result.kind, result.reason = FAIL, fault.kind, str(fault)
    except NotSupported as missing:
        result.verdict, result.reason = NOT_SUPPORTED, str(missing)
    except AdapterError as error:
        result.verdict, result.kind, result.reason = FAIL, "adapter error", str(error)
    except NotImplementedError as error:  # a claimed capability whose operation is missing
        result.verdict, result.kind, result.reason = FAIL, "adapter error", f"not implemented: {error}"
    except KitError as error:
        result.verdict, result.kind, result.reason = FAIL, "kit error", str(error)
    result.reason = redact.text(result.reason)
    result.seconds = time.monotonic() - started
    result.calls = list(stage.calls)
    return result


def run(adapter: Harness, names: Iterable[str] | None = None) -> list[Result]:
    """Every chosen scenario's Result for `adapter`, in catalogue order."""
    scenarios = chosen(names)
    stage = Stage(adapter)
    try:
        return [judge(stage, scenario) for scenario in scenarios]
    finally:
        stage.close()
