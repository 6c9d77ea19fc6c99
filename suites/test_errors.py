"""Error codes: invalid query values give 400; unknown and malformed ids give the decided
codes; every 4xx carries an Error body; nothing gives a 5xx."""

from __future__ import annotations

import secrets
from functools import partial

import pytest
from hypothesis import note

from losant_contract import actions
from losant_contract.oracles import Violation
from losant_contract.oracles.errors import is_error
from losant_contract.oracles.ordering import sorted_by
from losant_contract.oracles.pagination import echoes_query
from losant_contract.oracles.schema import conforms, status_is
from losant_contract.pytest.batching import distinct, in_batches
from losant_contract.pytest.no_verdict import NoVerdict
from losant_contract.query import ListQuery
from losant_contract.strategies import INVALID_QUERY_LABELS, invalid_list_queries

MALFORMED_IDS = ("not-an-id", "123", "g" * 24, "a" * 25, "%20", "..%2F")
VALID_POST = {"name": "lct-never-created", "integrationType": "mqtt"}


def _unknown_id() -> str:
    return secrets.token_hex(12)


@pytest.mark.area("errors")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("label", INVALID_QUERY_LABELS)
def test_invalid_query_values_are_400(api, target, label):
    """A non-blank sortField, sortDirection or filterField outside its list, a negative or
    non-integer page, perPage 0, above 1000 or non-integer: 400 with an Error."""

    guard = NoVerdict()

    @in_batches(invalid_list_queries(only=[label]))
    @guard.examples
    def check(batch):
        batch = distinct(batch, lambda case: tuple(sorted(case[1].items())))
        note("\n".join(f"{label}: {params!r}" for label, params in batch))
        answers = api.concurrently([partial(api.get, target.integrations(), params=params) for _, params in batch])
        for (label, _), response in zip(batch, answers, strict=True):
            is_error(response, 400, f"GET Integrations with {label}")

    guard.run(check)


@pytest.mark.area("errors")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("name", ["sortField", "sortDirection", "filterField"])
@pytest.mark.parametrize("value", ["\x1e", "\x1f\x1e"])
def test_control_characters_are_values_not_blanks(api, target, name, value):
    """A control character is not blank (only `name=` is): outside the list, so 400. Python's
    str.strip() removes \\x1c-\\x1f, JavaScript's trim() does not; white space proper is left
    open by the decisions and is not checked. (Found by Schemathesis against our mock.)"""
    is_error(api.get(target.integrations(), params={name: value}), 400, f"GET Integrations with {name}={value!r}")


@pytest.mark.area("errors")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("direction", ["ASC", "DESC"])
def test_upper_case_direction_is_honoured_or_refused(api, target, direction):
    """ASC/DESC may be accepted (then honoured, and echoed in lower case or as sent) or
    refused with 400."""
    query = ListQuery(sortDirection=direction)
    response = api.get(target.integrations(), params=query.params())
    if response.status_code == 200:
        listing = conforms(response, "Integrations")
        sorted_by(response, listing["items"], query)
        echoes_query(response, listing, query, target.application_id)
    else:
        is_error(response, 400, f"GET Integrations with sortDirection={direction}")


@pytest.mark.area("errors")
@pytest.mark.documented("integrations.md#get-error-responses")
def test_unknown_application_is_404(api, target):
    """A well-formed applicationId that does not exist: 404 with an Error, for GET and POST."""
    unknown = _unknown_id()
    is_error(api.get(target.integrations(unknown)), 404, "GET Integrations of an unknown application")
    is_error(
        api.post(target.integrations(unknown), json=VALID_POST), 404, "POST Integrations to an unknown application"
    )


@pytest.mark.area("errors")
@pytest.mark.assumed("2. Unknown or malformed identifiers")
@pytest.mark.parametrize("malformed", MALFORMED_IDS)
def test_malformed_application_id_is_400_or_404(api, target, malformed):
    """An applicationId that is not 24 hex digits: 400 or 404 with an Error."""
    is_error(api.get(target.integrations(malformed)), {400, 404}, f"GET Integrations of application {malformed!r}")


@pytest.mark.area("errors")
@pytest.mark.documented("integration.md#get-error-responses")
@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_unknown_integration_is_404(api, target, method):
    """A well-formed integrationId that does not exist: 404 with an Error."""
    kwargs = {"json": {"topics": ["x"]}} if method == "PATCH" else {}
    response = api.request(method, target.integration(_unknown_id()), **kwargs)
    is_error(response, 404, f"{method} Integration with an unknown id")


@pytest.mark.area("errors")
@pytest.mark.assumed("2. Unknown or malformed identifiers")
@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
@pytest.mark.parametrize("malformed", MALFORMED_IDS)
def test_malformed_integration_id_is_400_or_404(api, target, method, malformed):
    """An integrationId that is not 24 hex digits: 400 or 404 with an Error."""
    kwargs = {"json": {"topics": ["x"]}} if method == "PATCH" else {}
    response = api.request(method, target.integration(malformed), **kwargs)
    is_error(response, {400, 404}, f"{method} Integration with id {malformed!r}")


@pytest.mark.area("errors")
@pytest.mark.assumed("3. GET Integrations query semantics")
def test_official_client_extras_change_nothing(api, target, corpus, corpus_listing):
    """_actions, _links, _embedded and an Accept-Version header (sent by Losant's own clients)
    and unknown parameters never change the result."""
    query = corpus_listing(sortField="creationDate")
    _, plain = actions.list_page(api, target, query)
    extras = ListQuery(
        **{**query.__dict__, "extra": {"_actions": "false", "_links": "true", "_embedded": "true", "lct": "x"}}
    )
    response, decorated = actions.list_page(api, target, extras, headers={"Accept-Version": "^1.31.0"})
    status_is(response, 200, "GET Integrations with client extras")
    if [item["id"] for item in plain["items"]] != [item["id"] for item in decorated["items"]]:
        raise Violation("unknown parameters are ignored", "the listing changed when they were added", response)
