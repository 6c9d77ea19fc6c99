"""The scenarios, in the order they run and are listed: each scenarios_*.py module's own
list, composed here. An adapter never edits them; it only chooses which to run.

The modules import only `scenario` (the dataclass), never this catalogue, and register
nothing on import: what runs is what is listed below.
"""

from __future__ import annotations

from losant_contract.clientkit import scenarios_errors, scenarios_listing, scenarios_records, scenarios_resilience
from losant_contract.clientkit.scenario import Scenario

MODULES = (scenarios_listing, scenarios_records, scenarios_errors, scenarios_resilience)


def _composed() -> dict[str, Scenario]:
    every: dict[str, Scenario] = {}
    for module in MODULES:
        for scenario in module.SCENARIOS:
            if scenario.name in every:
                raise ImportError(f"two client scenarios are named {scenario.name!r}")
            every[scenario.name] = scenario
    return every


SCENARIOS = _composed()


def all_scenarios() -> dict[str, Scenario]:
    """Every scenario by name, in catalogue order."""
    return dict(SCENARIOS)
