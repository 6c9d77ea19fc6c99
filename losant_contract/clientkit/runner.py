"""Run scenarios for one adapter and keep a Result per scenario.

`judge` is the one place that turns what a scenario raised into its verdict: `run` (the
library's way in, which the self-tests use) and the pytest plugin both call it, so a
failure reads the same on every path. The failure comes from the exception's type,
never from its text.
"""

from __future__ import annotations

import time
import traceback
from collections.abc import Iterable
from pathlib import Path

from losant_contract import redact
from losant_contract.clientkit.adapter import AdapterError, Harness
from losant_contract.clientkit.catalogue import all_scenarios
from losant_contract.clientkit.outcomes import (
    FAIL,
    NOT_SUPPORTED,
    PASS,
    ClientFailure,
    ClientFault,
    KitError,
    NotSupported,
    Result,
)
from losant_contract.clientkit.scenario import Scenario
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


def judge(stage: Stage, scenario: Scenario) -> Result:
    """Play one scenario from a fresh state and say what came of it."""
    started = time.monotonic()
    result = Result(scenario.name, scenario.area, PASS)
    try:
        stage.fresh()
        scenario.play(stage)
    except NotSupported as missing:
        result.verdict, result.reason = NOT_SUPPORTED, str(missing)
    except Exception as error:
        result.verdict = FAIL
        result.failure, result.reason = failure(error)
    result.reason = redact.text(result.reason)
    result.seconds = time.monotonic() - started
    result.calls = list(stage.calls)
    return result


def failure(error: Exception) -> tuple[ClientFailure, str]:
    """Which failure `error` is, and the reason to show."""
    if isinstance(error, ClientFault):
        return error.failure, str(error)
    if isinstance(error, AdapterError):
        return ClientFailure.ADAPTER_ERROR, str(error)
    if isinstance(error, NotImplementedError):  # a claimed capability whose operation is missing
        return ClientFailure.ADAPTER_ERROR, f"not implemented: {error}"
    if isinstance(error, KitError):
        return ClientFailure.KIT_ERROR, str(error)
    where = traceback.extract_tb(error.__traceback__)[-1]  # a bug in the kit: say where
    return ClientFailure.KIT_ERROR, f"{type(error).__name__}: {error} ({Path(where.filename).name}:{where.lineno})"


def run(adapter: Harness, names: Iterable[str] | None = None) -> list[Result]:
    """Every chosen scenario's Result for `adapter`, in catalogue order."""
    scenarios = chosen(names)
    stage = Stage(adapter)
    try:
        return [judge(stage, scenario) for scenario in scenarios]
    finally:
        stage.close()
