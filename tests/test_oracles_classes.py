"""The checks of the four classes (boundaries, isolation, server-owned fields, what refused
requests made) pass a correct answer, catch the fault they exist for, and say what kind of
failure it is by the class they raise."""

from __future__ import annotations

import pytest
from handmade import response

from losant_contract.oracles import ScopeLeak, ServerError, Violation
from losant_contract.oracles.boundaries import empty_past_the_end, same_number
from losant_contract.oracles.isolation import still_authenticates, untouched
from losant_contract.oracles.records import created_none, patch_applied, same_record, server_owned_kept
from losant_contract.oracles.scopes import refused
from losant_contract.verdicts import classify
from losant_contract.vocabulary import Kind

APP = "575ec8687ae143cd83dc4a97"
ID = "58ec07f20c747f65243d0d76"
RECORD = {
    "id": ID,
    "integrationId": ID,
    "applicationId": APP,
    "name": "n",
    "integrationType": "mqtt",
    "enabled": True,
    "creationDate": "2020-01-01T00:00:00.000Z",
    "lastUpdated": "2020-01-02T00:00:00.000Z",
}


def listing(page, total=40, items=(), count=0, per_page=7):
    return {
        "items": list(items),
        "count": count,
        "totalCount": total,
        "page": page,
        "perPage": per_page,
        "sortField": "name",
        "sortDirection": "asc",
        "applicationId": APP,
    }


# -- boundaries --------------------------------------------------------------------------


def test_same_number_is_exact_up_to_2_53_and_the_nearest_double_above():
    assert same_number(2**31, 2**31)
    assert not same_number(2**31, 2**31 + 1)
    assert not same_number(2**53 - 1, float(2**53))  # below 2**53 every digit counts
    assert same_number(2**53 + 1, 2**53)  # what JavaScript reads and writes back
    assert same_number(10**30, 1e30)
    assert not same_number(10**30, 1e29)
    assert not same_number(1, True) and not same_number(5, "5")


@pytest.mark.parametrize("page", [2**31, 2**53 + 1, 10**30])
def test_empty_past_the_end_passes_an_empty_page(page):
    empty_past_the_end(response(200, listing(page)), page, 7, 40)


def test_empty_past_the_end_takes_a_rounded_echo_above_2_53_only():
    empty_past_the_end(response(200, listing(1e30)), 10**30, 7, 40)  # 1e+30 on the wire
    with pytest.raises(Violation, match="echo"):
        empty_past_the_end(response(200, listing(2**31 + 1)), 2**31, 7, 40)


@pytest.mark.parametrize(
    "answer, kind, text",
    [
        (response(400, {"type": "BadRequest", "message": "page too large"}), Kind.CONTRACT_DRIFT, "expected 200"),
        (response(500, {"type": "Internal", "message": "overflow"}), Kind.SERVER_ERROR, "expected 200"),
        (response(200, listing(2**31, items=[RECORD], count=1)), Kind.CONTRACT_DRIFT, "1 items"),
        (response(200, listing(2**31, total=0)), Kind.CONTRACT_DRIFT, "totalCount is 0"),
        (response(200, listing(0)), Kind.CONTRACT_DRIFT, "echo"),
        (response(200, {**listing(2**31), "count": "0"}), Kind.CONTRACT_DRIFT, "schema"),
    ],
    ids=["400", "500", "items", "totalCount", "page 0 served instead", "schema"],
)
def test_empty_past_the_end_catches(answer, kind, text):
    with pytest.raises(Violation, match=text) as caught:
        empty_past_the_end(answer, 2**31, 7, 40)
    assert classify(caught.value) is kind


# -- isolation ---------------------------------------------------------------------------


def test_a_refusal_through_another_application_passes_and_a_served_one_is_a_scope_leak():
    for status in (401, 403, 404):
        refused(response(status, {"type": "x", "message": "y"}), "r", {401, 403, 404})
    with pytest.raises(ScopeLeak):
        refused(response(200, RECORD), "r", {404})
    with pytest.raises(Violation) as caught:  # refused, but with a status the route does not allow
        refused(response(403, {"type": "x", "message": "y"}), "r", {404})
    assert classify(caught.value) is Kind.CONTRACT_DRIFT


def test_untouched_holds_every_field_but_the_live_status():
    untouched(response(200, {**RECORD, "status": {"lastKeepAlive": 2}}), {**RECORD, "status": {}}, "r")
    with pytest.raises(ScopeLeak, match="gone"):
        untouched(response(404, {"type": "NotFound", "message": "gone"}), RECORD, "r")
    for changed in ({"name": "taken over"}, {"lastUpdated": "2020-01-03T00:00:00.000Z"}, {"topics": ["theirs"]}):
        with pytest.raises(ScopeLeak, match=next(iter(changed))):
            untouched(response(200, {**RECORD, **changed}), RECORD, "r")


def test_fields_beyond_the_schema_are_the_drift_reports_not_held():
    decorated = {**RECORD, "_links": {"self": {"href": "/"}}, "_etag": '"1"'}
    untouched(response(200, RECORD), decorated, "r")
    same_record(response(), RECORD, decorated, "r")
    patch_applied(response(), {**RECORD, "name": "m"}, decorated, {"name": "m"})


def test_still_authenticates():
    still_authenticates(response(200, listing(0)), "r")
    for status in (401, 403):
        with pytest.raises(ScopeLeak, match="no longer works"):
            still_authenticates(response(status, {"type": "x", "message": "y"}), "r")
    with pytest.raises(ServerError):
        still_authenticates(response(503, {"type": "x", "message": "y"}), "r")


# -- server-owned fields and what refused requests made ------------------------------------


def test_server_owned_kept():
    later = {**RECORD, "name": "m", "lastUpdated": "2020-01-03T00:00:00.000Z"}
    server_owned_kept(response(), later, RECORD, "r")
    for key, value in (("id", "0" * 24), ("integrationId", "0" * 24), ("applicationId", "1" * 24)):
        with pytest.raises(Violation, match=key):
            server_owned_kept(response(), {**later, key: value}, RECORD, "r")
    with pytest.raises(Violation, match="creationDate"):
        server_owned_kept(response(), {**later, "creationDate": later["lastUpdated"]}, RECORD, "r")
    with pytest.raises(Violation, match="went back"):
        server_owned_kept(response(), {**later, "lastUpdated": "2019-01-01T00:00:00.000Z"}, RECORD, "r")


def test_created_none():
    created_none(response(), [], "r")
    with pytest.raises(Violation, match="1 refused request"):
        created_none(response(), [RECORD], "r")
