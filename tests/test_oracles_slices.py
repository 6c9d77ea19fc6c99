"""losant_contract.oracles.slices: each page is its slice of the expected order. A correct
page passes, ties in any order stable across pages pass, and each wrong page it exists for
raises Violation."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from handmade import response

from losant_contract.oracles import Violation
from losant_contract.oracles.slices import expected_order, is_its_slice, pages_are_slices
from losant_contract.query import ListQuery

APP = "575ec8687ae143cd83dc4a97"


def record(n: int, name: str, created: str = "2016-06-13T04:00:00.000Z") -> dict:
    ident = f"58ec07f20c747f65243d0d{n:02x}"
    return {"id": ident, "name": name, "integrationType": "mqtt", "creationDate": created, "lastUpdated": created}


# "B" < "a" < "a" (a tie) < "é": code points, not dictionary order.
RECORDS = [record(1, "a"), record(2, "B"), record(3, "é"), record(4, "a")]
B, A1, E, A2 = RECORDS[1], RECORDS[0], RECORDS[2], RECORDS[3]


def page(items: list[dict], query: ListQuery, total: int = len(RECORDS), count: int | None = None):
    listing = {"items": items, "count": len(items) if count is None else count, "totalCount": total}
    return response(200, listing), listing, query


def q(per_page: int, number: int, field: str = "name", direction: str = "asc") -> ListQuery:
    return ListQuery(sortField=field, sortDirection=direction, perPage=per_page, page=number)


def test_expected_order_is_by_code_point_in_either_direction():
    assert expected_order(RECORDS, "name", "asc") == ["B", "a", "a", "é"]
    assert expected_order(RECORDS, "name", "desc") == ["é", "a", "a", "B"]


def test_expected_order_compares_dates_as_instants():
    early, late = record(1, "x", "2016-06-13T05:00:00.000+02:00"), record(2, "y", "2016-06-13T04:00:00.000Z")
    keys = expected_order([late, early], "creationDate", "asc")
    assert keys == [datetime(2016, 6, 13, 3, tzinfo=timezone.utc), datetime(2016, 6, 13, 4, tzinfo=timezone.utc)]


def test_a_correct_page_passes_and_returns_its_ids():
    answer, listing, query = page([A2, E], q(2, 1))
    assert is_its_slice(answer, listing, query, RECORDS) == [A2["id"], E["id"]]
    answer, listing, query = page([E, A1], q(2, 0, direction="desc"))
    assert is_its_slice(answer, listing, query, RECORDS) == [E["id"], A1["id"]]


@pytest.mark.parametrize("ties", [[A1, A2], [A2, A1]])
def test_ties_may_come_in_either_order(ties):
    answer, listing, query = page([B, *ties], q(3, 0))
    is_its_slice(answer, listing, query, RECORDS)


def test_the_empty_page_after_the_last_passes():
    answer, listing, query = page([], q(4, 1))
    assert is_its_slice(answer, listing, query, RECORDS) == []


@pytest.mark.parametrize(
    "items, query, total, count",
    [
        ([A1, B], q(2, 0), 4, None),  # out of order
        ([B, A1], q(2, 0, direction="desc"), 4, None),  # ascending where desc was asked
        ([A1, A2], q(2, 0), 4, None),  # the wrong slice (page 1's items on page 0)
        ([B], q(2, 0), 4, None),  # one item short
        ([B, A1, A2], q(2, 0), 4, None),  # one item too many
        ([B, A1], q(2, 0), 2, None),  # totalCount counts the page
        ([B, A1], q(2, 0), 4, 3),  # count is not the number of items
        ([B, record(9, "a")], q(2, 0), 4, None),  # an item that is not among the matches
        ([], q(2, 1), 4, None),  # a page within range answered empty
    ],
)
def test_a_wrong_page_is_a_violation(items, query, total, count):
    answer, listing, query = page(items, query, total, count)
    with pytest.raises(Violation):
        is_its_slice(answer, listing, query, RECORDS)


def test_pages_that_together_list_everything_once_pass():
    pages_are_slices([page([B, A2, A1], q(3, 0)), page([E], q(3, 1))], RECORDS)


def test_a_tie_listed_on_two_pages_is_a_violation():
    """Ties reordered between requests: A1 ends page 0 and starts page 1, A2 is never listed."""
    with pytest.raises(Violation, match="listed on page 0 and again on page 1"):
        pages_are_slices([page([B, A1], q(2, 0)), page([A1, E], q(2, 1))], RECORDS)


def test_an_item_twice_on_one_page_is_a_violation():
    with pytest.raises(Violation):
        pages_are_slices([page([B, A1, A1, E], q(4, 0))], RECORDS)


def test_the_first_and_last_page_of_one_need_not_meet():
    pages_are_slices([page([B], q(1, 0)), page([E], q(1, 3))], RECORDS)
