"""Faults and controls in listing: sorting, filtering, pagination.

Each function has the signature of the seam it replaces and, where it only bends
the correct logic, calls the Behaviour class's own method for the rest.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from operator import itemgetter
from typing import Any

from .behaviour import Behaviour
from .clock import EPOCH
from .http import ApiError
from .listing import (
    DATE_FIELDS,
    MAX_PER_PAGE,
    WHITE_SPACE,
    ListQuery,
    ListSpec,
    SortKey,
    bad_request,
    instant,
    natural,
)
from .store import Record
from .variation import Catalogue
from .wildcard import glob_matcher

sorting, filtering = Catalogue("sorting"), Catalogue("filtering")
pagination = Catalogue("pagination")
FLAGS = re.IGNORECASE | re.DOTALL
Matcher = Callable[[str], bool]


def _text_key(field: str, fold: Callable[[str], Any]) -> SortKey:
    return lambda record: fold(value) if isinstance(value := record.get(field), str) else fold("")


# -- sorting -----------------------------------------------------------------------------


@sorting.fault("sort-direction-ignored", "apply_direction", "sortDirection=desc answers ascending")
def _(self: Behaviour, records: list[Record], direction: str) -> list[Record]:
    return records


@sorting.fault("default-sort-by-id", "default_sort_field", "without sortField, sorts by id")
def _(self: Behaviour, spec: ListSpec) -> str:
    return "id"


@sorting.fault("type-sorted-by-name", "sort_key", "sortField=integrationType sorts by name")
def _(self: Behaviour, field: str) -> SortKey:
    return Behaviour.sort_key(self, "name" if field == "integrationType" else field)


@sorting.fault("case-folded-sort", "sort_key", "strings sort case-insensitively, not by code point")
def _(self: Behaviour, field: str) -> SortKey:
    if field in DATE_FIELDS:
        return Behaviour.sort_key(self, field)
    return _text_key(field, str.casefold)


def _natural(text: str) -> list[Any]:
    return [int(part) if i % 2 else part for i, part in enumerate(re.split(r"([0-9]+)", text))]


@sorting.fault("natural-sort", "sort_key", "digit runs sort as numbers: name-9 before name-10")
def _(self: Behaviour, field: str) -> SortKey:
    return Behaviour.sort_key(self, field) if field in DATE_FIELDS else _text_key(field, _natural)


@sorting.fault(
    "dates-sorted-as-text",
    "sort_key",
    "dates sort as 'Www Mmm DD YYYY HH:MM:SS' text: weekday first, whole seconds, ties by id",
)
def _(self: Behaviour, field: str) -> SortKey:
    if field not in DATE_FIELDS:
        return Behaviour.sort_key(self, field)
    return lambda record: (instant(value) if isinstance(value := record.get(field), str) else EPOCH).strftime(
        "%a %b %d %Y %H:%M:%S GMT+0000"
    )


@sorting.fault("unstable-ties", "tie_order", "ties come in a new random order per request")
def _(self: Behaviour, records: list[Record]) -> list[Record]:
    return random.sample(records, len(records))


@sorting.control("ties-by-id-desc", "tie_order", "equal sort values ordered by id descending")
def _(self: Behaviour, records: list[Record]) -> list[Record]:
    return sorted(records, key=itemgetter("id"), reverse=True)


@sorting.control("upper-case-directions", "parse_sort_direction", "ASC and DESC accepted too")
def _(self: Behaviour, raw: str | None) -> str:
    return Behaviour.parse_sort_direction(self, raw.lower() if raw in ("ASC", "DESC") else raw)


@sorting.control(
    "directions-echoed-as-sent",
    "parse_sort_direction",
    "ASC and DESC accepted, honoured and echoed as sent",
)
def _(self: Behaviour, raw: str | None) -> str:
    return raw if raw in ("ASC", "DESC") else Behaviour.parse_sort_direction(self, raw)


@sorting.control(
    "blank-direction-echoed-empty",
    "parse_sort_direction",
    "a blank sortDirection sorts ascending and is echoed as ''",
)
def _(self: Behaviour, raw: str | None) -> str:
    return "" if raw == "" else Behaviour.parse_sort_direction(self, raw)


# -- filtering ----------------------------------------------------------------------------


@filtering.fault("filter-substring", "compile_filter", "the glob matches anywhere in the value")
def _(self: Behaviour, pattern: str) -> Matcher:
    return glob_matcher(f"*{pattern}*")


@filtering.fault("filter-prefix", "compile_filter", "the glob is anchored at the start only")
def _(self: Behaviour, pattern: str) -> Matcher:
    return glob_matcher(f"{pattern}*")


@filtering.fault("filter-case-sensitive", "compile_filter", "the glob is matched case-sensitively")
def _(self: Behaviour, pattern: str) -> Matcher:
    return glob_matcher(pattern, fold=str)


@filtering.fault("filter-regex-live", "compile_filter", "regex metacharacters work: '.', '[ab]'")
def _(self: Behaviour, pattern: str) -> Matcher:
    """A server that hands the glob to its regex engine: the one filter that compiles a regex."""
    try:
        compiled = re.compile(_regex_glob(pattern), FLAGS)
    except re.error:  # not a valid regex: match it literally, as the contract says
        return Behaviour.compile_filter(self, pattern)
    return lambda value: compiled.fullmatch(value) is not None


def _regex_glob(pattern: str) -> str:
    """`*` as `.*`, each piece between stars as a regex found leftmost and kept (an atomic
    lookahead), so no pattern backtracks exponentially."""
    if "*" not in pattern:
        return pattern
    first, *middle, last = pattern.split("*")
    pieces = [piece for piece in middle if piece]
    kept = "".join(f"(?=(?P<p{i}>.*?(?:{piece})))(?P=p{i})" for i, piece in enumerate(pieces))
    return f"(?:{first}){kept}.*(?:{last})"


def _find_with_any(text: str, piece: str, start: int, end: int) -> int:
    """str.find where `?` in `piece` matches any one character."""
    if "?" not in piece:
        return text.find(piece, start, end)
    for i in range(start, end - len(piece) + 1):
        if all(wanted in ("?", got) for wanted, got in zip(piece, text[i : i + len(piece)], strict=True)):
            return i
    return -1


@filtering.fault("filter-question-wildcard", "compile_filter", "'?' matches any one character")
def _(self: Behaviour, pattern: str) -> Matcher:
    return glob_matcher(pattern, find=_find_with_any)


@filtering.fault("filter-wrong-field", "filter_key", "filterField=integrationType filters on name")
def _(self: Behaviour, field: str) -> Callable[[Record], str]:
    return Behaviour.filter_key(self, "name")


@filtering.fault("filter-ignored", "select", "the filter is echoed but not applied")
def _(self: Behaviour, records: list[Record], query: ListQuery) -> list[Record]:
    return records


@filtering.fault("total-count-unfiltered", "total_count", "totalCount counts all, not the matches")
def _(self: Behaviour, matching: list[Record], everything: list[Record], page: list[Record]) -> int:
    return len(everything)


@filtering.fault("blank-filter-matches-nothing", "parse_filter", "filterField with a blank filter lists nothing")
def _(self: Behaviour, field: str | None, pattern: str | None, spec: ListSpec) -> tuple[str, str] | None:
    found = Behaviour.parse_filter(self, field, pattern, spec)
    return (field, "") if found is None and field and self.given_value(field) is not None else found


@filtering.control("filter-without-field-by-name", "parse_filter", "a filter without filterField filters by name")
def _(self: Behaviour, field: str | None, pattern: str | None, spec: ListSpec) -> tuple[str, str] | None:
    value = self.given_value(pattern)
    if self.given_value(field) is None and value is not None:
        return "name", value
    return Behaviour.parse_filter(self, field, pattern, spec)


# -- pagination ---------------------------------------------------------------------------


@pagination.control(
    "white-space-is-blank",
    "given_value",
    "a query value of only Unicode White_Space (sortField='  ', page='\\t') counts as blank",
)
def _(self: Behaviour, raw: str | None) -> str | None:
    return None if raw is None or all(char in WHITE_SPACE for char in raw) else raw


@pagination.fault("default-per-page-100", "default_per_page", "without perPage, pages hold 100")
def _(self: Behaviour) -> int:
    return 100


@pagination.fault("pages-one-based", "paginate", "page=1 is the first page; page 0 repeats it")
def _(self: Behaviour, records: list[Record], page: int, per_page: int) -> list[Record]:
    return Behaviour.paginate(self, records, max(page - 1, 0), per_page)


@pagination.fault("page-short-by-one", "paginate", "each page holds one item fewer than perPage")
def _(self: Behaviour, records: list[Record], page: int, per_page: int) -> list[Record]:
    return records[page * per_page : (page + 1) * per_page - 1]


@pagination.fault("per-page-ignored", "paginate", "perPage is echoed but pages hold up to 1000")
def _(self: Behaviour, records: list[Record], page: int, per_page: int) -> list[Record]:
    return Behaviour.paginate(self, records, page, MAX_PER_PAGE)


@pagination.fault("past-the-end-404", "paginate", "a page past the end answers 404, not empty")
def _(self: Behaviour, records: list[Record], page: int, per_page: int) -> list[Record]:
    if page and page * per_page >= len(records):
        raise ApiError(404, "NotFound", f"page {page} does not exist")
    return Behaviour.paginate(self, records, page, per_page)


@pagination.fault("total-count-is-count", "total_count", "totalCount is the number on this page")
def _(self: Behaviour, matching: list[Record], everything: list[Record], page: list[Record]) -> int:
    return len(page)


@pagination.fault("echo-per-page-default", "echo", "perPage is echoed as 1000 whatever was asked")
def _(self: Behaviour, query: ListQuery) -> Record:
    return {**Behaviour.echo(self, query), "perPage": MAX_PER_PAGE}


@pagination.fault("echo-filter-missing", "echo", "filterField and filter are never echoed")
def _(self: Behaviour, query: ListQuery) -> Record:
    echoed = Behaviour.echo(self, query)
    return {key: value for key, value in echoed.items() if key not in ("filterField", "filter")}


@pagination.fault("per-page-clamped", "parse_per_page", "perPage above 1000 is served as 1000")
def _(self: Behaviour, raw: str | None) -> int:
    value = self.given_value(raw)
    if value is not None and re.fullmatch(r"[0-9]+", value) and natural(value, "perPage") > 1000:
        return MAX_PER_PAGE
    return Behaviour.parse_per_page(self, raw)


@pagination.fault("page-parse-int", "parse_page", "page read like parseInt: '1.5' is 1, '2x' is 2")
def _(self: Behaviour, raw: str | None) -> int:
    value = self.given_value(raw)
    leading = re.match(r"\s*\+?([0-9]{1,9})", value) if value is not None else None
    if value is not None and leading is None:
        raise bad_request("page must be a number")
    return int(leading.group(1)) if leading else 0


@pagination.fault("negative-page-as-zero", "parse_page", "a negative page is served as page 0")
def _(self: Behaviour, raw: str | None) -> int:
    negative = raw is not None and re.fullmatch(r"-[0-9]+", raw)
    return 0 if negative else Behaviour.parse_page(self, raw)


CATALOGUES = (sorting, filtering, pagination)
