"""Faults in corners the other catalogues left open, for the classes of checks the suite
is growing: invariants held on every answer, counts that must follow writes, and small
domains covered exhaustively (contract-decisions.md section 3 unless said otherwise).

Each is how independent servers got a corner wrong: a count cached for a few seconds, an
enum matched as stored, a glob handed to a regex engine without dotall, `count` worked
out from perPage, a filter path that echoes nothing, blanks decided by a language's own
trim, an enum validator that does not allow "", and a one-item fast path.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from .behaviour import Behaviour
from .clock import EPOCH
from .listing import ListQuery, bad_request, instant
from .store import Record, Store
from .variation import Catalogue
from .wildcard import glob_matcher

sorting, filtering, pagination = Catalogue("sorting"), Catalogue("filtering"), Catalogue("pagination")
persistence, status = Catalogue("read-after-write"), Catalogue("errors")
LAG_SECONDS = 3
#: What JavaScript's (and PCRE's) `.` does not match without the dotall flag.
LINE_BREAKS = re.compile("([\n\r\u2028\u2029])")
#: What JavaScript's String.prototype.trim() removes: its WhiteSpace (U+FEFF included) and LineTerminators.
JS_TRIMMED = frozenset(
    "\t\n\x0b\x0c\r \xa0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff" + "".join(map(chr, range(0x2000, 0x200B)))
)


# -- persistence (decisions 4 and 5: what is written is what is read, totalCount included) -----------


@persistence.fault(
    "total-count-lags-writes",
    "counted",
    f"totalCount counts the integrations as they were {LAG_SECONDS} s ago (a cached count): "
    "right after a create or a delete it is off by that write, while the items are current",
)
def _(self: Behaviour, store: Store, application_id: str, records: list[Record]) -> list[Record]:
    then = store.now_ms() - LAG_SECONDS * 1000  # what existed then: created by then, not deleted by then
    moment = EPOCH + timedelta(milliseconds=then)
    since = store.removed_since(application_id, then)
    return [record for record in records + since if instant(record.get("creationDate")) <= moment]


# -- filtering ----------------------------------------------------------------------------------------


@filtering.fault(
    "type-filter-case-sensitive",
    "filter_matcher",
    "filterField=integrationType matches case-sensitively (googlepubsub finds nothing); name stays case-insensitive",
)
def _(self: Behaviour, field: str, pattern: str) -> Callable[[Record], bool]:
    if field != "integrationType":
        return Behaviour.filter_matcher(self, field, pattern)
    matches, value = glob_matcher(pattern, fold=str), self.filter_key(field)
    return lambda record: matches(value(record))


@filtering.fault(
    "star-stops-at-line-breaks",
    "compile_filter",
    "`*` never matches a line break (a regex .* without dotall): filter=* skips names holding one",
)
def _(self: Behaviour, pattern: str) -> Callable[[str], bool]:
    """Exactly `^...$` with `.*` per star and no dotall: each line of the pattern, as a glob,
    against the same line of the value, the line breaks themselves matched literally."""
    parts = LINE_BREAKS.split(pattern)  # lines, with the breaks between them at odd positions
    lines = [glob_matcher(part) for part in parts[::2]]

    def matches(value: str) -> bool:
        got = LINE_BREAKS.split(value)
        return (
            len(got) == len(parts)
            and got[1::2] == parts[1::2]
            and all(line(text) for line, text in zip(lines, got[::2], strict=True))
        )

    return matches


# -- pagination: count and the echo --------------------------------------------------------------------


@pagination.fault(
    "count-per-page-on-last-page",
    "page_count",
    "count is min(perPage, totalCount): a short last page, and a page past the end, say perPage",
)
def _(self: Behaviour, page: list[Record], query: ListQuery, total: int) -> int:
    return min(query.per_page, total)


@filtering.fault(
    "echo-type-filter-missing",
    "echo",
    "filterField=integrationType filters but echoes neither filterField nor filter (name filters are echoed)",
)
def _(self: Behaviour, query: ListQuery) -> Record:
    echoed = Behaviour.echo(self, query)
    if query.filter_field != "integrationType":
        return echoed
    return {key: value for key, value in echoed.items() if key not in ("filterField", "filter")}


@pagination.fault(
    "blank-direction-refused",
    "parse_sort_direction",
    "a blank sortDirection (sortDirection=) answers 400 instead of sorting ascending",
)
def _(self: Behaviour, raw: str | None) -> str:
    if raw == "":
        raise bad_request("sortDirection must be asc or desc")
    return Behaviour.parse_sort_direction(self, raw)


# -- status: blank is the empty string; White_Space may be blank; nothing else is ---------------------


@pagination.fault(
    "bom-is-blank",
    "given_value",
    "a value JavaScript's trim() empties is blank, U+FEFF (not White_Space) too: sortField=%EF%BB%BF answers 200",
)
def _(self: Behaviour, raw: str | None) -> str | None:
    return None if raw is None or all(char in JS_TRIMMED for char in raw) else raw


@status.fault(
    "isspace-is-blank",
    "given_value",
    "a value Python's str.isspace() holds is blank, \\x1c-\\x1f (not White_Space) too: sortField=%1E answers 200",
)
def _(self: Behaviour, raw: str | None) -> str | None:
    return None if raw is None or raw == "" or raw.isspace() else raw


# -- sorting ------------------------------------------------------------------------------------------


@sorting.fault(
    "desc-ignored-one-per-page",
    "ordered",
    "with perPage=1, sortDirection=desc answers ascending (a one-item fast path); other page sizes are right",
)
def _(self: Behaviour, records: list[Record], query: ListQuery) -> list[Record]:
    direction = "asc" if query.per_page == 1 else query.sort_direction
    return self.order(records, query.sort_field, direction)


CATALOGUES = (persistence, filtering, pagination, status, sorting)
