"""The invariants held on every answer: each passes a correct answer, catches the breach it
exists for with the right verdict kind, and stays silent where the decisions leave the
answer open (a value of only white space read as blank, another spelling of a number)."""

from __future__ import annotations

import pytest
from handmade import response

from losant_contract import invariants
from losant_contract.counts import WriteCounts
from losant_contract.invariants import breaches, effective_query
from losant_contract.verdicts import kind_of
from losant_contract.vocabulary import Kind

APP, OTHER = "575ec8687ae143cd83dc4a97", "575ec8687ae143cd83dc4a98"
LIST = f"/applications/{APP}/integrations"
PREFIX = "lct-202612040000-abcdef-"


def item(ident: str, name: str, application: str = APP, integration_type: str = "mqtt") -> dict:
    return {
        "id": ident,
        "integrationId": ident,
        "applicationId": application,
        "name": name,
        "integrationType": integration_type,
        "creationDate": "2026-12-04T00:00:00.000Z",
        "lastUpdated": "2026-12-04T00:00:00.000Z",
    }


def listing(items: list[dict], total: int | None = None, **echo: object) -> dict:
    echoed = {"sortField": "name", "sortDirection": "asc", "page": 0, "perPage": 1000, "applicationId": APP}
    echoed.update(echo)
    return {"items": items, "count": len(items), "totalCount": len(items) if total is None else total, **echoed}


def names_of(found: list[invariants.Breach]) -> list[str]:
    return [breach.invariant for breach in found]


A, B = item("a" * 24, "alpha"), item("b" * 24, "beta", integration_type="particle")


def test_a_correct_listing_breaks_nothing():
    assert breaches(response(200, listing([A, B]), path=LIST)) == []


def test_an_item_of_another_application_is_a_scope_leak():
    leaked = item("c" * 24, "alpha 2", application=OTHER)
    found = breaches(response(200, listing([A, leaked], filterField="name", filter="alpha*"), path=LIST))
    assert names_of(found) == [invariants.OWN_ITEMS] and kind_of(found[0].violation) is Kind.SCOPE_LEAK


def test_counts_that_disagree_with_the_page():
    assert names_of(breaches(response(200, listing([A, B], total=3), path=LIST))) == [invariants.PAGE_COUNTS]
    short = {**listing([A]), "count": 2}
    assert names_of(breaches(response(200, short, path=LIST))) == [invariants.PAGE_COUNTS]


def test_the_echo_shows_the_effective_query():
    wrong = listing([A, B], perPage=100)
    assert names_of(breaches(response(200, wrong, path=LIST + "?perPage="))) == [invariants.ECHO]
    # blank and White_Space-only values that were accepted mean the defaults
    assert breaches(response(200, listing([A, B]), path=LIST + "?perPage=&sortField=%20%09")) == []
    # ASC may be echoed as sent
    assert breaches(response(200, listing([A, B], sortDirection="ASC"), path=LIST + "?sortDirection=ASC")) == []


def test_every_listed_item_matches_the_applied_filter():
    found = breaches(
        response(
            200,
            listing([A, B], filterField="integrationType", filter="MQTT"),
            path=LIST + "?filterField=integrationType&filter=MQTT",
        )
    )
    assert names_of(found) == [invariants.FILTER]


def test_a_query_with_no_single_reading_is_not_judged_on_paging():
    """'1e3' may be refused or read as 1000; an answer to it is not held to a page size."""
    assert effective_query([("perPage", "1e3")]) is None
    assert effective_query([("filterField", "name"), ("filter", " ")]) is None  # blank, or a pattern of a space
    assert breaches(response(200, listing([A, B], perPage=1000), path=LIST + "?perPage=1e3")) == []


@pytest.mark.parametrize(
    "status, body, invariant, kind",
    [
        (404, {"message": "no"}, invariants.ERROR_BODY, Kind.CONTRACT_DRIFT),
        (400, "plain", invariants.ERROR_BODY, Kind.CONTRACT_DRIFT),
        (500, {"type": "x", "message": "y"}, invariants.NO_5XX, Kind.SERVER_ERROR),
        (200, {"items": "no"}, invariants.SCHEMA, Kind.CONTRACT_DRIFT),
    ],
)
def test_answers_of_the_wrong_shape(status, body, invariant, kind):
    found = [b for b in breaches(response(status, body, path=LIST)) if b.invariant == invariant]
    assert found and kind_of(found[0].violation) is kind


def test_the_transports_answers_and_other_paths_are_not_judged():
    for status in (429, 502, 503, 504, 301):
        assert breaches(response(status, "gateway", path=LIST)) == []
    assert breaches(response(500, "boom", path="/elsewhere")) == []


def test_each_operation_is_held_to_its_own_schema():
    created = response(201, A, method="POST", path=LIST)
    assert breaches(created) == []
    gone = response(200, {"success": "yes"}, method="DELETE", path=f"{LIST}/{'a' * 24}")
    assert names_of(breaches(gone)) == [invariants.SCHEMA]


# -- counts follow writes -------------------------------------------------------------------------


def own_listing(total: int, pattern: str = PREFIX + "*") -> object:
    return response(200, listing([], total=total), path=f"{LIST}?filterField=name&filter={pattern}&page=5")


def test_counts_follow_the_runs_writes_from_zero():
    counts = WriteCounts(prefixes=(PREFIX,))
    assert counts.heard(own_listing(0)) is None
    counts.heard(response(201, item("c" * 24, PREFIX + "one"), method="POST", path=LIST))
    counts.heard(response(201, item("d" * 24, "foreign"), method="POST", path=LIST))  # not ours by name
    assert counts.heard(own_listing(1)) is None
    counts.heard(response(200, {"success": True}, method="DELETE", path=f"{LIST}/{'c' * 24}"))
    lagging = counts.heard(own_listing(1))
    assert lagging is not None and lagging.invariant == invariants.WRITE_COUNTS
    assert "should count 0" in str(lagging.violation)


def test_a_refused_write_that_acted_is_counted_against():
    counts = WriteCounts(prefixes=(PREFIX,))
    counts.heard(response(400, {"type": "t", "message": "m"}, method="POST", path=LIST))
    assert counts.heard(own_listing(1)) is not None  # nothing the run made, yet one is counted


def test_a_write_without_an_answer_sets_no_expectation():
    counts = WriteCounts(prefixes=(PREFIX,))
    counts.unanswered("POST")  # the server may have created it
    assert counts.heard(own_listing(1)) is None  # the next listing sets the count again
    assert counts.heard(own_listing(2)) is not None  # and from then on it holds


def test_only_listings_of_the_runs_own_names_are_held():
    counts = WriteCounts(prefixes=(PREFIX,))
    assert counts.heard(own_listing(7, pattern="*")) is None
    assert counts.heard(own_listing(7, pattern="lct-*")) is None
    other_run = "lct-202612040000-123456-*"
    assert counts.heard(own_listing(3, pattern=other_run)) is None  # another run's: no zero to start from
    assert counts.heard(own_listing(4, pattern=other_run)) is not None  # but no write since, so no change


def test_an_own_item_with_a_wrong_application_is_a_wrong_field_not_a_leak():
    """The run made it here, so its applicationId is wrong on every item alike: contract drift."""
    garbled = item("c" * 24, "mine", application="c" * 24)
    found = breaches(response(200, listing([A, garbled]), path=LIST), made_here={"c" * 24})
    assert names_of(found) == [invariants.OWN_ITEMS] and kind_of(found[0].violation) is Kind.CONTRACT_DRIFT
