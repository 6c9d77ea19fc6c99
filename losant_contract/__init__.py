"""Contract-testing library for the Losant Integrations API.

The library (client, contracts loader, strategies, oracles, mock) never imports
pytest or the suites; see ARCHITECTURE.md for what may import what.
"""

__version__ = "0.1.0"
