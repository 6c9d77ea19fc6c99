"""Behaviour: every decision a real API could get wrong, as one small method each.

The handler only sequences calls to these seams. A fault (faults.py) replaces one
seam on one Behaviour instance, so a faulty mock differs from the correct one in
exactly one named place, and the correct logic exists once.
"""

from __future__ import annotations

import itertools

from .access import AccessSeams
from .listing import ListingSeams
from .writes import WriteSeams


class Behaviour(AccessSeams, ListingSeams, WriteSeams):
    """The contract-compliant behaviour; faults patch instances, never this class."""

    def __init__(self) -> None:
        self.served = itertools.count(1)  # for variations that act on every n-th request
