"""Shared by the suite and the self-tests: Hypothesis profiles and a reproducible seed.

LOSANT_PROFILE picks the profile; LOSANT_SEED (or pytest's --hypothesis-seed) repeats a
run exactly. Without one, a seed is drawn and printed so any run can be repeated.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, Phase, settings

from losant_contract.settings import SettingsError, load

# Requests go over HTTP, so no per-example deadline; fixtures are session-scoped on purpose.
# No "explain" phase: the lines it points at are our library's, not the API's, and mislead.
_COMMON = dict(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
)
settings.register_profile("quick", max_examples=12, stateful_step_count=12, **_COMMON)
settings.register_profile("drift", max_examples=40, stateful_step_count=25, **_COMMON)
settings.register_profile("release", max_examples=150, stateful_step_count=50, **_COMMON)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    try:
        chosen = load()
    except SettingsError as error:
        raise pytest.UsageError(str(error)) from None
    settings.load_profile(chosen.profile)
    if config.getoption("hypothesis_seed", None) is None:
        config.option.hypothesis_seed = chosen.seed if chosen.seed is not None else random.randrange(2**32)


def pytest_report_header(config: pytest.Config) -> str:
    return f"repeat this run exactly with LOSANT_SEED={config.option.hypothesis_seed}"
