"""Listing seams: how GET on a collection reads its query, filters, sorts and pages.

Rules (contract-decisions.md section 3): blank counts as absent; sortField and
filterField from a fixed set; lower-case asc/desc; page and perPage strict
non-negative integers, perPage 1..1000; strings by code point, dates as instants,
ties broken by id so pages never overlap; the filter is an anchored,
case-insensitive glob where only `*` is special.

Key functions are plain lambdas over the stored dicts and sorting is two stable
passes (tie-break, then field), so 10,000 integrations list in a few milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any

from .clock import EPOCH, parse_instant
from .http import ApiError
from .store import Record, Store
from .wildcard import glob_matcher

#: What a listing sorts by: a string, or an instant for the date fields.
SortKey = Callable[[Record], Any]

PARAMETERS = ("sortField", "sortDirection", "page", "perPage", "filterField", "filter")
DATE_FIELDS = frozenset({"creationDate", "lastUpdated"})
MAX_PER_PAGE = 1000
_DIGITS = re.compile(r"[0-9]+")
_MAX_DIGITS = 4000  # Python refuses to convert longer integers; no page that large exists anyway


@dataclass(frozen=True)
class ListSpec:
    """What one collection accepts: its sortable and filterable fields."""

    sort_fields: tuple[str, ...]
    filter_fields: tuple[str, ...]
    default_sort: str = "name"


INTEGRATIONS = ListSpec(("name", "id", "creationDate", "integrationType", "lastUpdated"), ("name", "integrationType"))
TOKENS = ListSpec(("name", "status", "id", "creationDate", "lastUpdated"), ("name", "status"))


@dataclass(frozen=True)
class ListQuery:
    sort_field: str
    sort_direction: str
    page: int
    per_page: int
    filter_field: str | None = None  # None: no filtering applied
    filter: str | None = None


def bad_request(message: str) -> ApiError:
    return ApiError(400, "BadRequest", message)


def given(raw: str | None) -> str | None:
    """The value, or None when absent or blank: blank is empty, as in `page=`; a value of
    white space (or a control character Python counts as space) is a value, and must be valid."""
    return raw or None


#: Unicode's White_Space property (PropList.txt); unlike str.isspace, without \x1c-\x1f.
WHITE_SPACE = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
)


def natural(raw: str, name: str) -> int:
    """A strict non-negative decimal integer: digits only, no sign, no spaces, no fraction."""
    if not _DIGITS.fullmatch(raw):
        raise bad_request(f"{name} must be a non-negative integer, got {raw[:40]!r}")
    digits = raw.lstrip("0") or "0"
    if len(digits) > _MAX_DIGITS:
        raise bad_request(f"{name} has more than {_MAX_DIGITS} digits")
    return int(digits)


#: Dates compare as instants; parsing is cached since a listing sorts thousands of them.
instant = lru_cache(maxsize=1 << 16)(parse_instant)


class ListingSeams:
    """Query parsing, filtering, ordering and paging, one overridable method each."""

    def parse_listing(self, pairs: Iterable[tuple[str, str]], spec: ListSpec) -> ListQuery:
        values: dict[str, str] = {}
        for name, value in pairs:  # anything else (_actions, _links, ...) is ignored
            if name in PARAMETERS:
                if name in values:
                    raise bad_request(f"{name} may be given only once")
                values[name] = value
        filtering = self.parse_filter(values.get("filterField"), values.get("filter"), spec)
        return ListQuery(
            self.parse_sort_field(values.get("sortField"), spec),
            self.parse_sort_direction(values.get("sortDirection")),
            self.parse_page(values.get("page")),
            self.parse_per_page(values.get("perPage")),
            *(filtering or (None, None)),
        )

    def default_sort_field(self, spec: ListSpec) -> str:
        return spec.default_sort

    def given_value(self, raw: str | None) -> str | None:
        """A query value, or None when absent or blank (see `given`)."""
        return given(raw)

    def parse_sort_field(self, raw: str | None, spec: ListSpec) -> str:
        value = self.given_value(raw)
        if value is None:
            return self.default_sort_field(spec)
        if value not in spec.sort_fields:
            raise bad_request(f"sortField must be one of {', '.join(spec.sort_fields)}")
        return value

    def parse_sort_direction(self, raw: str | None) -> str:
        """The direction to echo; `apply_direction` takes it case-insensitively, so a control
        may echo "ASC" or "" as sent."""
        value = self.given_value(raw)
        if value is None:
            return "asc"
        if value not in ("asc", "desc"):
            raise bad_request("sortDirection must be asc or desc")
        return value

    def parse_page(self, raw: str | None) -> int:
        value = self.given_value(raw)
        return 0 if value is None else natural(value, "page")

    def default_per_page(self) -> int:
        return MAX_PER_PAGE

    def parse_per_page(self, raw: str | None) -> int:
        value = self.given_value(raw)
        if value is None:
            return self.default_per_page()
        per_page = natural(value, "perPage")
        if not 1 <= per_page <= MAX_PER_PAGE:
            raise bad_request(f"perPage must be between 1 and {MAX_PER_PAGE}")
        return per_page

    def parse_filter(self, field: str | None, pattern: str | None, spec: ListSpec) -> tuple[str, str] | None:
        """(field, pattern) when filtering applies; a filter without filterField is ignored."""
        field, pattern = self.given_value(field), self.given_value(pattern)
        if field is None:
            return None
        if field not in spec.filter_fields:
            raise bad_request(f"filterField must be one of {', '.join(spec.filter_fields)}")
        return None if pattern is None else (field, pattern)

    def compile_filter(self, pattern: str) -> Callable[[str], bool]:
        """Anchored, case-insensitive glob (wildcard.py: no regex, nothing cached)."""
        return glob_matcher(pattern)

    def filter_key(self, field: str) -> Callable[[Record], str]:
        """The value a filter on `field` is matched against."""
        return lambda record: value if isinstance(value := record.get(field), str) else ""

    def filter_matcher(self, field: str, pattern: str) -> Callable[[Record], bool]:
        """Does a record match the filter? The one glob (compile_filter) on any field."""
        matches, value = self.compile_filter(pattern), self.filter_key(field)
        return lambda record: matches(value(record))

    def select(self, records: list[Record], query: ListQuery) -> list[Record]:
        if query.filter_field is None or query.filter is None:
            return records
        matches = self.filter_matcher(query.filter_field, query.filter)
        return [record for record in records if matches(record)]

    def sort_key(self, field: str) -> SortKey:
        if field in DATE_FIELDS:
            return lambda record: instant(value) if isinstance(value := record.get(field), str) else EPOCH
        return lambda record: value if isinstance(value := record.get(field), str) else ""

    def tie_order(self, records: list[Record]) -> list[Record]:
        """A new list in tie-break order: by id, so equal values keep one order on every page."""
        return sorted(records, key=itemgetter("id"))

    def ordered(self, records: list[Record], query: ListQuery) -> list[Record]:
        """The matching records in the order the query asks for, whatever its page size."""
        return self.order(records, query.sort_field, query.sort_direction)

    def order(self, records: list[Record], field: str, direction: str) -> list[Record]:
        ordered = self.tie_order(records)
        ordered.sort(key=self.sort_key(field))  # stable: ties keep the tie-break order
        return self.apply_direction(ordered, direction)

    def apply_direction(self, records: list[Record], direction: str) -> list[Record]:
        return records[::-1] if direction.lower() == "desc" else records

    def paginate(self, records: list[Record], page: int, per_page: int) -> list[Record]:
        return records[page * per_page : (page + 1) * per_page]

    def total_count(self, matching: list[Record], everything: list[Record], page: list[Record]) -> int:
        return len(matching)

    def page_count(self, page: list[Record], query: ListQuery, total: int) -> int:
        """`count`: the items on this very page, short or past the end included."""
        return len(page)

    def collection(self, store: Store, application_id: str, query: ListQuery) -> list[Record]:
        """The integrations a listing of `application_id` runs over: that application's only,
        filtered or not."""
        return store.integrations(application_id)

    def counted(self, store: Store, application_id: str, records: list[Record]) -> list[Record]:
        """What totalCount counts (before the filter): the very records the items come from, as
        they are now, not a count kept elsewhere that may lag behind the writes."""
        return records

    def echo(self, query: ListQuery) -> Record:
        echoed: Record = {
            "sortField": query.sort_field,
            "sortDirection": query.sort_direction,
            "page": query.page,
            "perPage": query.per_page,
        }
        if query.filter_field is not None:
            echoed.update(filterField=query.filter_field, filter=query.filter)
        return echoed

    def listing(self, records: list[Record], query: ListQuery, counted: list[Record] | None = None) -> Record:
        """One page of `records` with its counts and the echoed query; totalCount counts the
        matches among `counted` (see the seam of that name) when it is not `records`."""
        matching = self.select(records, query)
        page = self.paginate(self.ordered(matching, query), query.page, query.per_page)
        counted = records if counted is None else counted
        total = self.total_count(matching if counted is records else self.select(counted, query), counted, page)
        return {"items": page, "count": self.page_count(page, query, total), "totalCount": total, **self.echo(query)}
