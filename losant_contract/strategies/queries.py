"""Query strings for GET Integrations, valid and invalid (contract-decisions.md section 3).

Values are strings, as they travel. A blank value counts as absent, so both are drawn.
"""

from __future__ import annotations

import string
from collections.abc import Iterable

from hypothesis import strategies as st

from losant_contract.contracts import schema
from losant_contract.query import FILTER_FIELDS, MAX_PER_PAGE, SORT_FIELDS

SORT_DIRECTIONS = tuple(schema("Integrations")["properties"]["sortDirection"]["enum"])
MAY_BE_ACCEPTED = ("ASC", "DESC")  #: neither valid nor invalid: the contract allows both answers
#: Sent by Losant's own clients or simply unknown: they must change nothing.
UNKNOWN_PARAMS = {"_actions": "false", "_links": "true", "_embedded": "true", "foo": "bar"}

_TEXT = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"))


def _blank_or(values: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.just(""), values)


# perPage mostly small, so pages run out and page > 0 is worth asking; 1000 itself now and then.
_per_page = st.one_of(st.integers(1, 10), st.integers(1, MAX_PER_PAGE), st.just(MAX_PER_PAGE))
# Not whitespace only: whether " " counts as blank is not decided.
_filter = st.one_of(st.just("*"), st.text(_TEXT, min_size=1, max_size=12).filter(str.strip))


def list_queries() -> st.SearchStrategy[dict[str, str]]:
    """Valid GET Integrations queries: any subset of the documented parameters, some
    blank, perPage mostly small, sometimes with unknown parameters that must be ignored."""
    known = {
        "sortField": st.sampled_from(("", *SORT_FIELDS)),
        "sortDirection": st.sampled_from(("", *SORT_DIRECTIONS)),
        "page": _blank_or(st.integers(0, 3).map(str)),
        "perPage": _blank_or(_per_page.map(str)),
        "filterField": st.sampled_from(("", *FILTER_FIELDS)),
        "filter": _blank_or(_filter),
    }
    unknown = {key: st.just(value) for key, value in UNKNOWN_PARAMS.items()}
    return st.fixed_dictionaries({}, optional={**known, **unknown})


def invalid_list_queries(only: Iterable[str] | None = None) -> st.SearchStrategy[tuple[str, dict[str, str]]]:
    """(label, query): a valid query with exactly one value made invalid, which must answer
    400 (labels: INVALID_QUERY_LABELS, or just those in `only`)."""

    def broken(label: str) -> st.SearchStrategy[tuple[str, dict[str, str]]]:
        key, bad = _INVALID_VALUES[label]
        return st.tuples(st.just(label), st.tuples(list_queries(), bad).map(lambda qb: {**qb[0], key: qb[1]}))

    return st.sampled_from(list(only or INVALID_QUERY_LABELS)).flatmap(broken)


def _outside(allowed: Iterable[str]) -> st.SearchStrategy[str]:
    """Non-blank values not in `allowed`: near misses first ("Name", "names"), then any.
    None has whitespace at either end, which a server might trim."""
    allowed = set(allowed)
    near = {v for a in allowed for v in (a.swapcase(), a.capitalize(), a + "s", a[:-1])} - allowed - {""}
    anything = st.text(_TEXT, min_size=1, max_size=12).filter(lambda v: v == v.strip() and v not in allowed)
    return st.one_of(st.sampled_from(sorted(near)), anything)


_negative = st.integers(max_value=-1).map(str)
# Not "1.0", "+1", "1e3" or "٣": some parsers read those as integers, and the contract does
# not say (boundaries.OPEN_SPELLINGS holds them to "refused, or read as what they denote").
_non_integer = st.one_of(
    st.sampled_from(("1.5", "abc", "1e-1", "0.5")),
    st.tuples(st.integers(0, 99), st.integers(1, 9)).map(lambda t: f"{t[0]}.{t[1]}"),
    st.text(string.ascii_letters, min_size=1, max_size=6),
)
_INVALID_VALUES = {
    "sortField outside enum": ("sortField", _outside(SORT_FIELDS)),
    "sortDirection outside enum": ("sortDirection", _outside(SORT_DIRECTIONS + MAY_BE_ACCEPTED)),
    "filterField outside enum": ("filterField", _outside(FILTER_FIELDS)),
    "page negative": ("page", _negative),
    "page not an integer": ("page", _non_integer),
    "perPage 0": ("perPage", st.just("0")),
    "perPage above 1000": (
        "perPage",
        st.one_of(st.just("1001"), st.integers(MAX_PER_PAGE + 1).map(str)),
    ),
    "perPage negative": ("perPage", _negative),
    "perPage not an integer": ("perPage", _non_integer),
}
INVALID_QUERY_LABELS = tuple(_INVALID_VALUES)
