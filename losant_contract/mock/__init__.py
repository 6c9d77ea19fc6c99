"""An embedded Losant mock: the Integrations API served over HTTP on 127.0.0.1.

It implements the contract (reference/ and contract-decisions.md) independently of
the suite's oracles, so a misreading shared by both cannot hide. Faults and
controls (faults.py) make it deviate in one named way at a time.
"""

from .server import MockServer

__all__ = ["MockServer"]
