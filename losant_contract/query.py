"""What the suite asks of GET Integrations, and what the contract says that means.

The oracles and the suites share this one reading of contract-decisions.md section 3
(defaults, blank-means-absent, when filtering applies), with the fields, enums and
defaults taken from the contracts. The mock has its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from losant_contract.contracts import query_parameter, schema

_LIST = "integrations.get"
SORT_FIELDS: tuple[str, ...] = tuple(query_parameter(_LIST, "sortField")["enum"])
FILTER_FIELDS: tuple[str, ...] = tuple(query_parameter(_LIST, "filterField")["enum"])
#: The Integration fields that are instants (sorted as such).
DATE_FIELDS = tuple(k for k, v in schema("Integration")["properties"].items() if v.get("format") == "date-time")
DEFAULT_SORT_FIELD: str = query_parameter(_LIST, "sortField")["default"]
DEFAULT_SORT_DIRECTION: str = query_parameter(_LIST, "sortDirection")["default"]
DEFAULT_PAGE: int = query_parameter(_LIST, "page")["default"]
DEFAULT_PER_PAGE: int = query_parameter(_LIST, "perPage")["default"]
MAX_PER_PAGE: int = query_parameter(_LIST, "perPage")["maximum"]
_SENT = ("sortField", "sortDirection", "page", "perPage", "filterField", "filter")


@dataclass(frozen=True)
class ListQuery:
    """Query parameters as sent; None means not sent, "" means sent blank."""

    sortField: str | None = None  # noqa: N815 - the API's own names
    sortDirection: str | None = None  # noqa: N815
    page: int | str | None = None
    perPage: int | str | None = None  # noqa: N815
    filterField: str | None = None  # noqa: N815
    filter: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def params(self) -> dict[str, Any]:
        """The query string to send."""
        sent = {name: getattr(self, name) for name in _SENT}
        return {**{k: v for k, v in sent.items() if v is not None}, **self.extra}

    @property
    def sort_field(self) -> str:
        return self.sortField or DEFAULT_SORT_FIELD

    @property
    def sort_direction(self) -> str:
        return (self.sortDirection or DEFAULT_SORT_DIRECTION).lower()

    @property
    def page_number(self) -> int:
        return int(self.page) if self.page is not None and self.page != "" else DEFAULT_PAGE

    @property
    def per_page(self) -> int:
        return int(self.perPage) if self.perPage is not None and self.perPage != "" else DEFAULT_PER_PAGE

    @property
    def filtering(self) -> bool:
        """Filtering applies only when both filterField and filter are non-blank."""
        return bool(self.filterField) and bool(self.filter)

    def with_page(self, page: int) -> ListQuery:
        return ListQuery(**{**self.__dict__, "page": page})
