"""Small domains sent whole (contract-decisions.md section 3): every case form of a value
with `*` at every place, and the corners of perPage for a collection. Fixed lists, not
drawn: a server that fails on one of them is caught on every run. The generated checks
(names.py, queries.py) stay on top for what is too large to enumerate.

Case forms change only characters whose case mapping is unambiguous (one character each
way, the same under str.lower and str.casefold); any other character is kept as written,
since a correct server may fold it either way (see names.py).
"""

from __future__ import annotations

from collections.abc import Callable

from losant_contract.query import MAX_PER_PAGE

CASE_FORMS = ("lower-case", "UPPER-CASE", "mIxEd case", "as written")
PLACEMENTS = ("whole", "* before", "* after", "* inside")

#: Corpus names (names.CORPUS_STEMS, after the corpus prefix) every case form is tried on:
#: Latin letters whose case twins are in the corpus too ("alpha" twice, "ALPHA"), and a
#: letter beyond ASCII whose case differs (fullwidth U+FF21, lower U+FF41) beside Latin ones.
CASE_STEMS = ("Alpha", "\uff21 fullwidth")


def _settled(c: str) -> bool:
    """Whether `c` has one unambiguous case partner (or none)."""
    s = c.swapcase()
    return len(s) == 1 and s.swapcase() == c and c.lower() == c.casefold() and s.lower() == s.casefold()


def _cased(c: str) -> bool:
    return _settled(c) and c.lower() != c.upper()


def _each(text: str, change: Callable[[str], str]) -> str:
    return "".join(change(c) if _settled(c) else c for c in text)


def _mixed(text: str) -> str:
    """Cased characters alternately lower and upper, the first lower: 'mQtT'."""
    out, turn = [], 0
    for c in text:
        if _cased(c):
            out.append(c.upper() if turn % 2 else c.lower())
            turn += 1
        else:
            out.append(c)
    return "".join(out)


def case_forms(value: str) -> dict[str, str]:
    """CASE_FORMS label -> `value` in that form; a form equal to an earlier one is left out
    ("mqtt" as written is its lower-case form). Every form has the length of `value`."""
    forms = {
        "lower-case": _each(value, str.lower),
        "UPPER-CASE": _each(value, str.upper),
        "mIxEd case": _mixed(value),
        "as written": value,
    }
    distinct: dict[str, str] = {}
    for label, form in forms.items():
        if form not in distinct.values():
            distinct[label] = form
    return distinct


def glob_forms(value: str, anchor: str = "") -> list[tuple[str, str]]:
    """(label, pattern) for `anchor + value` in every case form, each whole and with `*`
    before, after and inside `value` (after its first half): 'mqtt', '*MQTT', 'mQtT*',
    'mq*tt'. The anchor keeps its place in front, in the same case form, so every pattern is
    anchored by it. Distinct patterns only, in CASE_FORMS x PLACEMENTS order."""
    if len(value) < 2:
        raise ValueError(f"{value!r} leaves no room for a * inside it")
    middle = len(value) // 2
    patterns: dict[str, str] = {}
    for form_label, form in case_forms(anchor + value).items():
        head, body = form[: len(anchor)], form[len(anchor) :]
        placed = {
            "whole": head + body,
            "* before": head + "*" + body,
            "* after": head + body + "*",
            "* inside": head + body[:middle] + "*" + body[middle:],
        }
        for place_label, pattern in placed.items():
            patterns.setdefault(pattern, f"{form_label}, {place_label}")
    return [(label, pattern) for pattern, label in patterns.items()]


def page_corners(n: int, maximum: int = MAX_PER_PAGE) -> list[tuple[int, int]]:
    """(perPage, page) at the corners of perPage for a collection of `n`: perPage=1, the
    first and the last page; perPage=n-1, both pages; perPage=n, the full page and the empty
    one after it; perPage=maximum, page 0. Each once, in that order."""
    if not 2 <= n <= maximum:
        raise ValueError(f"the corners of perPage need a collection of 2 to {maximum}, not {n}")
    corners = [(1, 0), (1, n - 1), (n - 1, 0), (n - 1, 1), (n, 0), (n, 1), (maximum, 0)]
    return list(dict.fromkeys(corners))
