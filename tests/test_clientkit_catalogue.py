"""The scenarios are listed, not registered: each scenarios_*.py module lists its own, the
catalogue composes the lists in a fixed order, and no import goes back from a scenarios
module to the catalogue."""

from __future__ import annotations

import json
import subprocess
import sys

from losant_contract.clientkit import catalogue
from losant_contract.clientkit.scenario import AREAS, Scenario


def test_every_scenario_a_module_defines_is_in_its_list_and_in_the_catalogue():
    for module in catalogue.MODULES:
        defined = {value.name for value in vars(module).values() if isinstance(value, Scenario)}
        listed = [scenario.name for scenario in module.SCENARIOS]
        assert defined <= set(listed), (module.__name__, defined - set(listed))
        assert len(listed) == len(set(listed)), module.__name__
    composed = [scenario.name for module in catalogue.MODULES for scenario in module.SCENARIOS]
    assert list(catalogue.all_scenarios()) == composed


def test_the_catalogue_runs_area_by_area():
    areas = [scenario.area for scenario in catalogue.all_scenarios().values()]
    assert areas == sorted(areas, key=AREAS.index)


def test_a_scenarios_module_imports_without_the_catalogue():
    modules = [module.__name__ for module in catalogue.MODULES]
    probe = (
        f"import importlib, json, sys\nfor name in {modules!r}:\n    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('losant_contract.clientkit.'))))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    loaded = json.loads(done.stdout)
    assert "losant_contract.clientkit.scenario" in loaded
    assert "losant_contract.clientkit.catalogue" not in loaded
