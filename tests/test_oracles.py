"""Each check passes a correct answer and catches the fault it exists for."""

from __future__ import annotations

import pytest
from handmade import response

from losant_contract.oracles import Violation
from losant_contract.oracles.errors import is_error, no_server_error
from losant_contract.oracles.globbing import glob_match, lists_all, lists_none_of, matches_filter, same_listing
from losant_contract.oracles.ordering import reverses, sorted_by
from losant_contract.oracles.pagination import counts_are_consistent, echoes_query, total_is, walk_is_exact
from losant_contract.oracles.records import deleted, echoes_post, patch_applied, same_record
from losant_contract.oracles.schema import conforms, status_is
from losant_contract.query import ListQuery

APP = "575ec8687ae143cd83dc4a97"
ID1, ID2, ID3 = "58ec07f20c747f65243d0d76", "58ec07f20c747f65243d0d77", "58ec07f20c747f65243d0d78"


def item(ident, name, kind="mqtt", created="2016-06-13T04:00:00.000Z", updated="2016-06-13T04:00:00.000Z"):
    return {
        "id": ident,
        "integrationId": ident,
        "applicationId": APP,
        "name": name,
        "integrationType": kind,
        "creationDate": created,
        "lastUpdated": updated,
    }


# glob ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern, value, expected",
    [
        ("my*integration", "My Big Integration", True),  # case-insensitive, * spans
        ("abc", "xabcx", False),  # anchored, not substring
        ("abc*", "abcdef", True),
        ("*def", "abcdef", True),
        ("a?c", "abc", False),
        ("a?c", "A?C", True),  # ? is literal
        ("a.c", "abc", False),
        ("a.c", "a.c", True),  # . is literal
        ("[ab]", "a", False),
        ("[ab]", "[AB]", True),  # brackets are literal
        ("a+", "aa", False),
        ("^a$", "^a$", True),
        ("a\\b", "a\\b", True),
        ("*", "", True),
        ("**", "x", True),
        ("ab*ba", "aba", False),
        ("*x*", "yxy", True),
    ],
)
def test_glob_match(pattern, value, expected):
    assert glob_match(pattern, value) is expected


def test_glob_match_leaves_ambiguous_case_folding_open():
    assert glob_match("STRASSE", "straße") is None


def test_matches_filter_catches_a_listed_non_match():
    query = ListQuery(filterField="name", filter="a*")
    matches_filter(response(), [item(ID1, "Apple")], query)
    with pytest.raises(Violation, match="does not match"):
        matches_filter(response(), [item(ID1, "Apple"), item(ID2, "banana")], query)


def test_membership_checks():
    items = [item(ID1, "a")]
    lists_all(response(), items, {ID1: "a"}, "r")
    lists_none_of(response(), items, {ID2: "b"}, "r")
    with pytest.raises(Violation, match="missing"):
        lists_all(response(), items, {ID2: "b"}, "r")
    with pytest.raises(Violation, match="should not be"):
        lists_none_of(response(), items, {ID1: "a"}, "r")


# ordering --------------------------------------------------------------------------


def test_sorted_by_uses_code_points_not_case_folding():
    query = ListQuery(sortField="name")
    sorted_by(response(), [item(ID1, "B"), item(ID2, "a")], query)
    with pytest.raises(Violation, match="sorted by name asc"):
        sorted_by(response(), [item(ID1, "a"), item(ID2, "B")], query)


def test_sorted_by_direction_and_ties():
    desc = ListQuery(sortField="name", sortDirection="desc")
    sorted_by(response(), [item(ID1, "b"), item(ID2, "a"), item(ID3, "a")], desc)
    with pytest.raises(Violation):
        sorted_by(response(), [item(ID1, "a"), item(ID2, "b")], desc)


def test_sorted_by_compares_dates_as_instants():
    query = ListQuery(sortField="creationDate")
    early, late = "2016-06-13T05:00:00.000+01:00", "2016-06-13T04:30:00.000Z"  # 04:00Z < 04:30Z
    sorted_by(response(), [item(ID1, "x", created=early), item(ID2, "y", created=late)], query)
    with pytest.raises(Violation):
        sorted_by(response(), [item(ID2, "y", created=late), item(ID1, "x", created=early)], query)


def test_reverses():
    up = [item(ID1, "a"), item(ID2, "b")]
    reverses(response(), up, up[::-1], "name")
    with pytest.raises(Violation):
        reverses(response(), up, up, "name")


# pagination ------------------------------------------------------------------------


def listing(items, **fields):
    return {
        "items": items,
        "count": len(items),
        "totalCount": len(items),
        "page": 0,
        "perPage": 1000,
        "sortField": "name",
        "sortDirection": "asc",
        "applicationId": APP,
        **fields,
    }


def test_echoes_query_defaults_and_filter():
    echoes_query(response(), listing([]), ListQuery(), APP)
    query = ListQuery(filterField="name", filter="a*", perPage="", page="")
    echoes_query(response(), listing([], filterField="name", filter="a*"), query, APP)
    with pytest.raises(Violation, match="perPage"):
        echoes_query(response(), listing([], perPage=100), ListQuery(), APP)
    with pytest.raises(Violation, match="filter"):
        echoes_query(response(), listing([]), query, APP)


def test_counts_are_consistent():
    two = [item(ID1, "a"), item(ID2, "b")]
    counts_are_consistent(response(), listing(two, totalCount=5, perPage=2), ListQuery(perPage=2))
    counts_are_consistent(response(), listing([], totalCount=5, page=9), ListQuery(perPage=2, page=9))
    with pytest.raises(Violation, match="count is"):
        counts_are_consistent(response(), {**listing(two), "count": 3}, ListQuery())
    with pytest.raises(Violation, match="should hold"):
        counts_are_consistent(response(), listing(two, totalCount=2), ListQuery(perPage=1))
    with pytest.raises(Violation, match="should hold"):  # totalCount = count on a partial walk
        counts_are_consistent(response(), listing([], totalCount=2), ListQuery(perPage=1))


def test_walk_is_exact():
    a, b = item(ID1, "a"), item(ID2, "b")
    pages = [(response(), listing([a], totalCount=2)), (response(), listing([b], totalCount=2))]
    assert walk_is_exact(pages, {ID1, ID2}) == [a, b]
    with pytest.raises(Violation, match="twice"):
        walk_is_exact([(response(), listing([a], totalCount=2)), (response(), listing([a], totalCount=2))], {ID1, ID2})
    with pytest.raises(Violation, match="never listed"):
        walk_is_exact(pages[:1], {ID1, ID2})
    with pytest.raises(Violation, match="changes between pages"):
        walk_is_exact([(response(), listing([a], totalCount=2)), (response(), listing([b], totalCount=3))], {ID1, ID2})
    with pytest.raises(Violation, match="totalCount"):
        total_is(response(), listing([a]), 2)


# schema, errors, records -----------------------------------------------------------


def test_conforms_and_status():
    conforms(response(body=item(ID1, "a")), "Integration")
    with pytest.raises(Violation, match="Integration schema"):
        conforms(response(body={**item(ID1, "a"), "integrationType": "smtp"}), "Integration")
    with pytest.raises(Violation, match="not JSON"):
        conforms(response(raw=b"oops", content_type="text/plain"), "Integration")
    status_is(response(201), {200, 201}, "r")
    with pytest.raises(Violation, match="expected 201, got 200"):
        status_is(response(200), 201, "r")


def test_is_error():
    is_error(response(404, {"type": "NotFound", "message": "gone"}), 404, "r")
    is_error(response(403, {"type": "Forbidden", "message": "no"}), {401, 403}, "r")
    with pytest.raises(Violation, match="'message'"):
        is_error(response(404, {"type": "NotFound"}), 404, "r")
    with pytest.raises(Violation, match="JSON"):
        is_error(response(404, raw=b"Not Found", content_type="text/plain"), 404, "r")
    with pytest.raises(Violation, match="no 5xx"):
        no_server_error(response(502, {"type": "x", "message": "y"}))


def test_echoes_post_and_reads():
    sent = {
        "name": "n",
        "integrationType": "mqtt",
        "topics": ["t"],
        "mqttConfig": {"host": "h", "port": 1, "protocol": "mqtt"},
    }
    record = {**item(ID1, "n"), "topics": ["t"], "mqttConfig": sent["mqttConfig"]}
    echoes_post(response(201), record, sent, APP)
    for broken in (
        {"topics": []},
        {"integrationId": ID2},
        {"applicationId": ID3},
        {"creationDate": "yesterday"},
        {"mqttConfig": {"host": "h"}},
        {"id": "42"},
    ):
        with pytest.raises(Violation):
            echoes_post(response(201), {**record, **broken}, sent, APP)
    same_record(response(), dict(record), record, "r")
    with pytest.raises(Violation, match="name"):
        same_record(response(), {**record, "name": "m"}, record, "r")
    # every field: lastUpdated and enabled too, and a field the read lacks
    for changed in ({"lastUpdated": "2030-01-01T00:00:00.000Z"}, {"enabled": False}):
        with pytest.raises(Violation, match=next(iter(changed))):
            same_record(response(), {**record, "enabled": True, **changed}, {**record, "enabled": True}, "r")
    with pytest.raises(Violation, match=r"topics reads \(absent\)"):
        same_record(response(), {k: v for k, v in record.items() if k != "topics"}, record, "r")
    # the live connection status moves on its own: never held
    same_record(response(), {**record, "status": {"lastKeepAlive": 2}}, {**record, "status": {"lastKeepAlive": 1}}, "r")


def test_patch_applied():
    before = {**item(ID1, "n", updated="2020-01-01T00:00:00.000Z"), "topics": ["a"]}
    after = {**before, "topics": ["b"], "lastUpdated": "2020-01-01T00:00:01.000Z"}
    patch_applied(response(), after, before, {"topics": ["b"]})
    with pytest.raises(Violation, match="topics"):
        patch_applied(response(), before, before, {"topics": ["b"]})
    with pytest.raises(Violation, match="went back"):
        patch_applied(response(), {**after, "lastUpdated": "2019-01-01T00:00:00.000Z"}, before, {"topics": ["b"]})
    with pytest.raises(Violation, match="only the properties in its body: name"):
        patch_applied(response(), {**after, "name": "other"}, before, {"topics": ["b"]})
    # every other property, not only the echoed ones: a flag, a config object, creationDate
    configured = {**before, "enabled": False, "mqttConfig": {"host": "h", "port": 1, "protocol": "mqtt"}}
    patched = {**configured, "topics": ["b"], "lastUpdated": "2020-01-01T00:00:01.000Z"}
    patch_applied(response(), patched, configured, {"topics": ["b"]})
    for key in ("enabled", "mqttConfig"):
        with pytest.raises(Violation, match=key):
            patch_applied(response(), {k: v for k, v in patched.items() if k != key}, configured, {"topics": ["b"]})
    with pytest.raises(Violation, match="creationDate"):
        patch_applied(response(), {**patched, "creationDate": patched["lastUpdated"]}, configured, {"topics": ["b"]})
    with pytest.raises(Violation, match="applicationId"):
        patch_applied(response(), {**patched, "applicationId": ID3}, configured, {"topics": ["b"]})


def test_deleted():
    deleted(response(200, {"success": True}, method="DELETE"), "r")
    with pytest.raises(Violation):
        deleted(response(200, {}, method="DELETE"), "r")
    with pytest.raises(Violation):
        deleted(response(204, {"success": True}, method="DELETE"), "r")


def test_same_listing_holds_a_filter_that_matches_everything_to_no_filter():
    a, b = item(ID1, "a"), item(ID2, "line\nbreak")
    same_listing(response(), (2, [a, b]), (2, [b, a]), "filter name=*")
    with pytest.raises(Violation, match="totalCount is 1, without the filter 2"):
        same_listing(response(), (2, [a, b]), (1, [a]), "filter name=*")
    with pytest.raises(Violation, match="missing, e.g. 'line\\\\nbreak'"):
        same_listing(response(), (2, [a, b]), (2, [a, a]), "filter name=*")
