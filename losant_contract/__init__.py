"""Contract-testing library for the Losant Integrations API.

The library (client, contracts loader, strategies, oracles, mock) never imports
pytest or the suites; see ARCHITECTURE.md for what may import what.

PYTEST_DONT_REWRITE: the `losant-contract` command imports this package before it starts
pytest, and pytest would warn (an error under the suite's filterwarnings) that it cannot
rewrite asserts here. There are none; modules below this one are rewritten as usual.
"""

__version__ = "0.1.0"
