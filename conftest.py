"""The Hypothesis profiles and the seed, for the suite and the self-tests: one home in the
library (losant_contract/pytest/profiles.py), so the suite installed from the wheel has them too."""

pytest_plugins = ["losant_contract.pytest.profiles"]
