"""What kind of failure a failed check is, in the words a release manager acts on.

A scope leak blocks a release; a server error goes to the API team; contract drift
goes to whoever owns the contract; a setup or transport error says nothing about the
API at all. The suite writes the verdict into every failure ("verdict: scope leak"),
and the report's categories sort failures by that line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from losant_contract.oracles import Violation

SCOPE_LEAK = "scope leak"
SERVER_ERROR = "server error"
CONTRACT_DRIFT = "contract drift"
SETUP_OR_TRANSPORT = "setup or transport error"
#: In the order a reader should look at them.
VERDICTS = {
    SCOPE_LEAK: "a request that had to be refused was served (or had an effect)",
    SERVER_ERROR: "the target answered 5xx",
    CONTRACT_DRIFT: "the answer breaks the documented contract or a decision",
    SETUP_OR_TRANSPORT: "no contract verdict: the run could not set up or reach the target",
}
_REFUSAL_SERVED = re.compile(r"expected 4\d\d(?: or 4\d\d)*, got 2\d\d")


def classify(error: BaseException, area: str) -> str:
    """The verdict for a check of `area` that failed with `error` (Hypothesis groups included)."""
    leaves = list(_leaves(error))
    violations = [leaf for leaf in leaves if isinstance(leaf, Violation)]
    if area == "scopes" and any(_leak(v) for v in violations):
        return SCOPE_LEAK
    if any(_server_error(v) for v in violations):
        return SERVER_ERROR
    if violations or any(isinstance(leaf, AssertionError) for leaf in leaves):
        return CONTRACT_DRIFT
    return SETUP_OR_TRANSPORT


def line(verdict: str) -> str:
    """The line the report's categories match: 'verdict: scope leak (...)'."""
    return f"verdict: {verdict} ({VERDICTS[verdict]})"


def first(error: BaseException, kind: type[BaseException]) -> Any:
    """`error` or the first exception of `kind` inside it (Hypothesis groups them), or None."""
    return next((leaf for leaf in _leaves(error) if isinstance(leaf, kind)), None)


def _leak(violation: Violation) -> bool:
    if violation.response is None or not 200 <= violation.response.status_code < 300:
        return False
    return "creates nothing" in violation.rule or bool(_REFUSAL_SERVED.search(violation.reason))


def _server_error(violation: Violation) -> bool:
    return violation.rule == "no 5xx" or (violation.response is not None and violation.response.status_code >= 500)


def _leaves(error: BaseException) -> Iterator[BaseException]:
    inner = getattr(error, "exceptions", None)
    if not inner:
        yield error
        return
    for each in inner:
        yield from _leaves(each)
