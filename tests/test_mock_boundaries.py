"""The documented extremes of valid input, and values of a JSON type the schema does not
allow: what the correct mock answers, and what each fault of the boundaries and types
areas answers instead."""

from __future__ import annotations

import pytest
from mockkit import MQTT, Api, assert_error, body

from losant_contract.mock import MockServer

pytest_plugins = ("mockkit",)

HUGE_PAGES = (2**31 - 1, 2**31, 2**31 + 1, 2**53 - 1, 2**53, 2**53 + 1, 10**30)


def pages(faults: tuple[str, ...] = ()) -> dict[object, object]:
    """Three integrations; then (status, items, count, totalCount, page echoed) per page asked."""
    with MockServer(faults=faults) as mock, Api(mock, mock.admin_token) as api:
        for i in range(3):
            api.create(f"lct-{i}")
        seen: dict[object, object] = {}
        for page, per_page in [*((page, 10) for page in HUGE_PAGES), (1, 3), (5, 1), (0, 1000)]:
            response = api("GET", params={"page": page, "perPage": per_page})
            if response.status_code != 200:
                assert_error(response, (400, 500))
                seen[page, per_page] = response.status_code
            else:
                listed = response.json()
                seen[page, per_page] = (len(listed["items"]), listed["count"], listed["totalCount"], listed["page"])
        return seen


def _empty(page: int) -> tuple[int, int, int, int]:
    return 0, 0, 3, page


PAGES = {
    **{(page, 10): _empty(page) for page in HUGE_PAGES},
    (1, 3): _empty(1),
    (5, 1): _empty(5),
    (0, 1000): (3, 3, 3, 0),
}


def test_huge_pages_and_pages_past_the_end_are_empty_with_the_true_total():
    assert pages() == PAGES


@pytest.mark.parametrize(
    ("fault", "changed"),
    [
        ("per-page-1000-refused", {(0, 1000): 400}),
        ("page-above-int32-500", {(page, 10): 500 for page in HUGE_PAGES if page >= 2**31}),
        ("page-above-2-53-500", {(page, 10): 500 for page in HUGE_PAGES if page >= 2**53}),
        ("past-the-end-400", {**{(page, 10): 400 for page in HUGE_PAGES}, (1, 3): 400, (5, 1): 400}),
    ],
)
def test_each_page_boundary_fault_answers_exactly_where_it_says(fault, changed):
    assert pages((fault,)) == {**PAGES, **changed}


WRITES = {
    "name 1023": body("n" * 1023),
    "name 1024": body("n" * 1024),
    "name 1025": body("n" * 1025),
    "port 1": body(mqttConfig={**MQTT, "port": 1}),
    "port 65535": body(mqttConfig={**MQTT, "port": 65535}),
    "port 65536": body(mqttConfig={**MQTT, "port": 65536}),
    "name object": body(name={"first": "x"}),
    "name list": body(name=["x"]),
    "name number": body(name=5),
    "name null": body(name=None),
    "port null": body(mqttConfig={**MQTT, "port": None}),
    "port string": body(mqttConfig={**MQTT, "port": "1883"}),
    "port true": body(mqttConfig={**MQTT, "port": True}),
    "config null": body(mqttConfig=None),
}
CREATED = {"name 1023", "name 1024", "port 1", "port 65535"}


def posts(faults: tuple[str, ...] = ()) -> dict[str, int]:
    """The status of each POST in WRITES; a refusal creates nothing."""
    with MockServer(faults=faults) as mock, Api(mock, mock.admin_token) as api:
        seen = {}
        for label, sent in WRITES.items():
            before = api.listing()["totalCount"]
            response = api("POST", json=sent)
            if response.status_code != 201:
                assert_error(response, (400, 500))
                assert api.listing()["totalCount"] == before, label
            seen[label] = response.status_code
        return seen


def test_bounds_are_inclusive_and_wrong_types_are_400():
    assert posts() == {label: 201 if label in CREATED else 400 for label in WRITES}


@pytest.mark.parametrize(
    ("fault", "changed"),
    [
        ("max-length-name-refused", {"name 1024": 400}),
        ("port-65535-refused", {"port 65535": 400}),
        ("name-not-string-500", {"name object": 500, "name list": 500, "name number": 500}),
        ("port-not-number-500", {"port null": 500, "port string": 500, "port true": 500}),
    ],
)
def test_each_write_boundary_or_type_fault_answers_exactly_where_it_says(fault, changed):
    correct = {label: 201 if label in CREATED else 400 for label in WRITES}
    assert posts((fault,)) == {**correct, **changed}
