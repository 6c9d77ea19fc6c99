"""Acceptance tests for client authors: the contract's scenarios run through *their* client.

An adapter (adapter.py for Python; for any language, a subprocess speaking the protocol of
protocol.py and schemas/v1/) maps the operations in scope (operations.py) onto the client;
scenarios (scenarios_*.py) drive it against a mock that records every request, and judge
what it returned and what it sent.
`losant-contract clients run ...` (cli.py) reports them like the suite does.
"""

from losant_contract.clientkit.adapter import Adapter, AdapterError, ClientConfig, ClientError, Implementation

__all__ = ["Adapter", "AdapterError", "ClientConfig", "ClientError", "Implementation"]
