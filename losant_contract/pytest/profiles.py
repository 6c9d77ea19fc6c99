"""pytest plugin: the Hypothesis profiles and a reproducible seed, for the suite and the
self-tests alike (the root conftest loads it in a checkout; `losant-contract run` loads it
for the suite in an installed wheel, where no conftest of the project exists).

LOSANT_PROFILE picks the profile; LOSANT_SEED (or pytest's --hypothesis-seed) repeats a
run exactly. Without one, a seed is drawn and printed so any run can be repeated.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, Phase, settings

from losant_contract.profiles import PROFILES
from losant_contract.settings import SettingsError, load

# Requests go over HTTP, so no per-example deadline; fixtures are session-scoped on purpose.
# No "explain" phase: the lines it points at are our library's, not the API's, and mislead.
_PHASES = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink]
_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large]
for _profile in PROFILES.values():
    settings.register_profile(
        _profile.name,
        max_examples=_profile.examples,
        stateful_step_count=_profile.steps,
        deadline=None,
        suppress_health_check=_HEALTH,
        phases=_PHASES,
    )


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
