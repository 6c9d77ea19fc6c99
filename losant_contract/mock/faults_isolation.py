"""Faults and controls in isolation: what one application may see of the other (OWASP
API1, broken object-level authorisation).

The mock's organisation holds two applications. Most of these faults bite only on
requests that cross from one to the other; one shows the other application's
integrations to a client that only ever asks about its own (a filtered listing).
"""

from __future__ import annotations

from .access import integration_not_found
from .behaviour import Behaviour
from .listing import ListQuery
from .store import Record, Store, Token
from .variation import Catalogue

isolation = Catalogue("isolation")


@isolation.fault(
    "integration-found-by-id-alone",
    "locate_integration",
    "the integration is found by its id whatever application the path names, an unknown one included",
)
def _(self: Behaviour, store: Store, token: Token, application_id: str, integration_id: str) -> Record:
    record = store.integration_anywhere(integration_id)
    if record is None:
        raise integration_not_found(integration_id)
    self.open_application(store, token, record["applicationId"])  # authorised where it was found
    return record


@isolation.fault(
    "integration-reachable-from-sibling",
    "locate_integration",
    "an integration is found through the other application of its organisation (an unknown one is still 404)",
)
def _(self: Behaviour, store: Store, token: Token, application_id: str, integration_id: str) -> Record:
    self.open_application(store, token, application_id)
    record = store.integration_anywhere(integration_id)  # the mock's one organisation: anywhere
    if record is None:
        raise integration_not_found(integration_id)
    return record


@isolation.fault(
    "token-delete-ignores-application",
    "token_in_application",
    "DELETE /applications/<other>/tokens/<id> deletes a token of another application",
)
def _(self: Behaviour, token: Token, application_id: str) -> bool:
    return True


@isolation.fault(
    "filtered-listing-crosses-applications",
    "collection",
    "filtered listings (filterField and filter) also list and count the matching integrations of the "
    "organisation's other application; unfiltered ones stay right",
)
def _(self: Behaviour, store: Store, application_id: str, query: ListQuery) -> list[Record]:
    """A filter served from an organisation-wide search index that forgets the application."""
    records = Behaviour.collection(self, store, application_id, query)
    if query.filter_field is None or query.filter is None:
        return records
    return records + [
        record for other in store.applications if other != application_id for record in store.integrations(other)
    ]


@isolation.control(
    "wrong-application-401",
    "foreign_application_status",
    "a known token on an application it does not reach gets 401, not 403",
)
def _(self: Behaviour) -> int:
    return 401


CATALOGUES = (isolation,)
