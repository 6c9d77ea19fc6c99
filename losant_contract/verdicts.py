"""What kind of failure a failed check is, in the words a release manager acts on.

A scope leak blocks a release; a server error goes to the API team; contract drift goes
to whoever owns the contract; a transport or set-up error says nothing about the API at
all; a suite error is ours. The code that raises a failure knows which it is and says so
in the exception's `kind` (Violation and its subclasses, TransportError, SetupError);
nothing here reads message text. The kinds and their order are words of
losant_contract.vocabulary; the report writes "verdict: <kind>" from them, and the Allure
categories sort failures by that line.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from losant_contract.vocabulary import ORDER, Kind

E = TypeVar("E", bound=BaseException)


class SetupError(Exception):
    """The run could not set up what a check needs (a token the target will not mint, say);
    one readable line. No contract verdict."""

    kind = Kind.SETUP


def kind_of(error: BaseException) -> Kind:
    """The kind of one exception: what it says it is, else a defect of the suite."""
    kind = getattr(error, "kind", None)
    return kind if isinstance(kind, Kind) else Kind.SUITE


def classify(error: BaseException) -> Kind:
    """The kind of a failure; for a group (Hypothesis reports several at once), the kind
    a reader must see first among its members."""
    return min((kind_of(leaf) for leaf in leaves(error)), key=ORDER.index)


def first(error: BaseException, kind: type[E]) -> E | None:
    """`error` or the first exception of `kind` inside it (Hypothesis groups them), or None."""
    return next((leaf for leaf in leaves(error) if isinstance(leaf, kind)), None)


def leaves(error: BaseException) -> Iterator[BaseException]:
    """The exceptions inside `error`, groups opened."""
    inner: Any = getattr(error, "exceptions", None)
    if not inner:
        yield error
        return
    for each in inner:
        yield from leaves(each)
