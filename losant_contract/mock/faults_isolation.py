"""Faults and controls in isolation: what one application may see of the other (OWASP
API1, broken object-level authorisation).

The mock's organisation holds two applications. These faults only bite on requests
that cross from one to the other, so a single-application client never meets them.
"""

from __future__ import annotations

from .access import integration_not_found
from .behaviour import Behaviour
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


@isolation.control(
    "wrong-application-401",
    "foreign_application_status",
    "a known token on an application it does not reach gets 401, not 403",
)
def _(self: Behaviour) -> int:
    return 401


CATALOGUES = (isolation,)
