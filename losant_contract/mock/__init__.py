"""An embedded Losant mock: the Integrations API served over HTTP on 127.0.0.1.

It implements the contract (reference/ and contract-decisions.md) with code of its own:
listing, access and scopes share nothing with the suite's oracles. Body validation does
share one reading, the pinned schemas and their validator (ARCHITECTURE.md says what that
means for what the kill matrix proves). Faults and controls (faults.py) make it deviate
in one named way at a time.
"""

from .server import MockServer

__all__ = ["MockServer"]
