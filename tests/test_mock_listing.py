"""GET Integrations (contract-decisions.md section 3): the controls that take the choices the
decisions leave open, each shown to do what it says while the correct mock does not."""

from __future__ import annotations

import pytest
from mockkit import Api, assert_error

from losant_contract.mock import MockServer

pytest_plugins = ("mockkit",)

NAMES = ["b", "B", "a", "c"]


def directions(faults: tuple[str, ...] = ()) -> dict[str, object]:
    """(names in order, sortDirection echoed) per sortDirection sent; the status when refused."""
    with MockServer(faults=faults) as mock, Api(mock, mock.admin_token) as api:
        for name in NAMES:
            api.create(name)
        seen: dict[str, object] = {}
        for sent in (None, "asc", "desc", "ASC", "DESC", "", "Desc"):
            response = api("GET", params={} if sent is None else {"sortDirection": sent})
            if response.status_code == 200:
                listed = response.json()
                seen[str(sent)] = ([item["name"] for item in listed["items"]], listed["sortDirection"])
            else:
                assert_error(response, 400)
                seen[str(sent)] = response.status_code
        return seen


UP, DOWN = sorted(NAMES), sorted(NAMES, reverse=True)
CORRECT = {
    "None": (UP, "asc"),
    "asc": (UP, "asc"),
    "desc": (DOWN, "desc"),
    "ASC": 400,
    "DESC": 400,
    "": (UP, "asc"),
    "Desc": 400,
}


def test_lower_case_directions_only_and_blank_is_the_default():
    assert directions() == CORRECT


@pytest.mark.parametrize(
    ("control", "changed"),
    [
        ("upper-case-directions", {"ASC": (UP, "asc"), "DESC": (DOWN, "desc")}),
        ("directions-echoed-as-sent", {"ASC": (UP, "ASC"), "DESC": (DOWN, "DESC")}),
        ("blank-direction-echoed-empty", {"": (UP, "")}),
    ],
)
def test_direction_controls_accept_honour_and_echo_as_they_say(control, changed):
    assert directions((control,)) == {**CORRECT, **changed}


WHITE = {
    "sortField": "  ",
    "sortDirection": "\t",
    "page": "\u3000",
    "perPage": "\u2003 ",
    "filterField": "\xa0",
}


def white_space(faults: tuple[str, ...] = ()) -> dict[str, object]:
    """The status and echo of a listing with each parameter given as only White_Space, and
    of \\x1e and \\x1c, which Python counts as space but Unicode does not."""
    with MockServer(faults=faults) as mock, Api(mock, mock.admin_token) as api:
        seen: dict[str, object] = {}
        for name, value in [*WHITE.items(), ("filter", " "), ("sortField", "\x1e"), ("page", "\x1c")]:
            response = api("GET", params={name: value, **({"filterField": "name"} if name == "filter" else {})})
            if response.status_code != 200:
                assert_error(response, 400)
                seen[f"{name}={value!r}"] = response.status_code
            else:
                listed = response.json()
                echoed = {key: listed.get(key) for key in ("sortField", "sortDirection", "page", "perPage", "filter")}
                seen[f"{name}={value!r}"] = echoed
        return seen


DEFAULTS = {"sortField": "name", "sortDirection": "asc", "page": 0, "perPage": 1000, "filter": None}


def test_white_space_is_a_value_which_must_be_valid():
    seen = white_space()
    assert seen.pop("filter=' '") == {**DEFAULTS, "filter": " "}  # a filter of one space matches itself
    assert set(seen.values()) == {400}


def test_white_space_is_blank_takes_only_unicode_white_space_as_blank():
    seen = white_space(("white-space-is-blank",))
    assert {key: seen[key] for key in seen if "\\x1" not in key} == {
        **{f"{name}={value!r}": DEFAULTS for name, value in WHITE.items()},
        "filter=' '": DEFAULTS,
    }
    assert seen["sortField='\\x1e'"] == seen["page='\\x1c'"] == 400
