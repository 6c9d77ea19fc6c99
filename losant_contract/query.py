"""What the suite asks of GET Integrations, and what the contract says that means.

The oracles and the suites share this one reading of contract-decisions.md section 3
(defaults, blank-means-absent, when filtering applies). The mock has its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SORT_FIELDS = ("name", "id", "creationDate", "integrationType", "lastUpdated")
FILTER_FIELDS = ("name", "integrationType")
DATE_FIELDS = ("creationDate", "lastUpdated")
DEFAULTS = {"sortField": "name", "sortDirection": "asc", "page": 0, "perPage": 1000}


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
        sent = {name: getattr(self, name) for name in (*DEFAULTS, "filterField", "filter")}
        return {**{k: v for k, v in sent.items() if v is not None}, **self.extra}

    @property
    def sort_field(self) -> str:
        return self.sortField or DEFAULTS["sortField"]

    @property
    def sort_direction(self) -> str:
        return (self.sortDirection or DEFAULTS["sortDirection"]).lower()

    @property
    def page_number(self) -> int:
        return int(self.page) if self.page not in (None, "") else DEFAULTS["page"]

    @property
    def per_page(self) -> int:
        return int(self.perPage) if self.perPage not in (None, "") else DEFAULTS["perPage"]

    @property
    def filtering(self) -> bool:
        """Filtering applies only when both filterField and filter are non-blank."""
        return bool(self.filterField) and bool(self.filter)

    def with_page(self, page: int) -> ListQuery:
        return ListQuery(**{**self.__dict__, "page": page})
