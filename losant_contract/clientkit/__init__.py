"""Acceptance tests for client authors: the contract's scenarios run through *their* client.

An adapter (adapter.py for Python, protocol.py over a subprocess for any language) maps
the operations in scope onto the client; scenarios (scenarios_*.py) drive it against a
mock that records every request, and judge what it returned and what it sent.
`losant-contract clients run ...` (cli.py) reports them like the suite does.
"""

from losant_contract.clientkit.adapter import Adapter, AdapterError, ClientConfig, ClientError, Implementation

__all__ = ["Adapter", "AdapterError", "ClientConfig", "ClientError", "Implementation"]
