"""GET Integrations (section 3): parameters, blanks, order, pages and the glob filter; and
the controls that take the choices the section leaves open, each shown to do what it says
while the correct mock does not."""

from __future__ import annotations

import time

import pytest
from mockkit import Api, assert_error

from losant_contract.mock import MockServer

pytest_plugins = ("mockkit",)


# -- listing: parameters ------------------------------------------------------------------------


def test_listing_defaults_are_echoed(api):
    listed = api.listing()
    assert listed == {
        "items": [],
        "count": 0,
        "totalCount": 0,
        "sortField": "name",
        "sortDirection": "asc",
        "page": 0,
        "perPage": 1000,
        "applicationId": api.mock.application_id,
    }


def test_blank_values_count_as_absent(api):
    for name in ("a", "B"):
        api.create(name)
    blank = api.listing(sortField="", sortDirection="", page="", perPage="", filterField="", filter="")
    assert blank == api.listing()
    assert api.listing(filterField="name", filter="")["totalCount"] == 2
    assert "filterField" not in api.listing(filterField="name", filter="")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("sortField", "bogus"),
        ("sortField", "Name"),
        ("sortField", "topics"),
        ("sortDirection", "ASC"),
        ("sortDirection", "DESC"),
        ("sortDirection", "up"),
        ("filterField", "topics"),
        ("filterField", "id"),
        ("sortDirection", " "),  # white space is a value, not blank
        ("filterField", "\x1e"),  # Python counts this as space; Schemathesis sent it
        ("page", "-1"),
        ("page", "1.5"),
        ("page", "abc"),
        ("page", " 1"),
        ("page", "+1"),
        ("page", "1e2"),
        ("page", "٣"),
        ("page", "0x1"),
        ("perPage", "0"),
        ("perPage", "1001"),
        ("perPage", "-5"),
        ("perPage", "10.0"),
        ("perPage", "9" * 5000),
        ("page", "1" * 5000),
    ],
)
def test_invalid_listing_parameters_are_400(api, name, value):
    assert_error(api("GET", params={name: value}), 400)


def test_repeated_listing_parameter_is_400(api):
    assert_error(api("GET", params=[("page", "0"), ("page", "1")]), 400)


@pytest.mark.parametrize("per_page", ["1", "1000", "007"])
def test_valid_per_page(api, per_page):
    assert api.listing(perPage=per_page)["perPage"] == int(per_page)


def test_unknown_parameters_and_client_headers_change_nothing(api):
    for name in ("b", "A"):
        api.create(name)
    noisy = api.listing(_actions="false", _links="true", _embedded="true", foo="bar", sort="id")
    headers = {"Accept-Version": "^1.31.0", "losantdomain": "example.com"}
    assert noisy == api.listing() == api("GET", headers=headers).json()


# -- listing: order -------------------------------------------------------------------------------


def test_strings_sort_by_code_point_and_desc_reverses(api):
    names = ["b", "B", "a", "A", "_", "é", "Z", "😀", "\uff21", "aa"]
    for name in names:
        api.create(name)
    assert api.names() == sorted(names)
    assert api.names(sortDirection="desc") == sorted(names, reverse=True)


def test_dates_sort_as_instants_and_lastupdated_follows_patches(api):
    first, second, third = (api.create(f"lct-{n}") for n in "zyx")
    time.sleep(0.002)  # so the patch cannot share a millisecond with the last creation
    api("PATCH", f"/integrations/{first['id']}", json={"enabled": False})
    assert [i["id"] for i in api.listing(sortField="creationDate")["items"]] == [
        first["id"],
        second["id"],
        third["id"],
    ]
    assert api.listing(sortField="lastUpdated")["items"][-1]["id"] == first["id"]
    assert [i["id"] for i in api.listing(sortField="id", sortDirection="desc")["items"]] == [
        third["id"],
        second["id"],
        first["id"],
    ]


@pytest.mark.parametrize("field", ["name", "id", "creationDate", "integrationType", "lastUpdated"])
@pytest.mark.parametrize("direction", ["asc", "desc"])
def test_walking_pages_yields_each_integration_once(api, field, direction):
    for i in range(11):
        api.create("lct-same" if i % 2 else f"lct-{i % 3}", ("mqtt", "particle")[i % 2])
    whole = api.listing(sortField=field, sortDirection=direction)["items"]
    walked = []
    for page in range(5):
        listed = api.listing(sortField=field, sortDirection=direction, perPage=3, page=page)
        assert listed["totalCount"] == 11 and listed["count"] == len(listed["items"])
        walked += listed["items"]
    assert walked == whole and len({item["id"] for item in walked}) == 11


def test_page_past_the_end_is_empty_with_the_true_total(api):
    for i in range(3):
        api.create(f"lct-{i}")
    listed = api.listing(page=7, perPage=2)
    assert (listed["items"], listed["count"], listed["totalCount"], listed["page"]) == ([], 0, 3, 7)


# -- listing: filter -----------------------------------------------------------------------------


FILTERED_NAMES = (
    "Alpha",
    "alpha",
    "ALPHA",
    "A.B",
    "A?B",
    "aXb",
    "a*b",
    "a[b]",
    "(x)",
    "$^|+{}\\",
    "line\nbreak",
)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("alpha", {"ALPHA", "Alpha", "alpha"}),
        ("a*", {"A.B", "A?B", "ALPHA", "Alpha", "a*b", "a[b]", "aXb", "alpha"}),
        ("*b", {"A.B", "A?B", "a*b", "aXb"}),
        ("a.b", {"A.B"}),
        ("a?b", {"A?B"}),
        ("a[b]", {"a[b]"}),
        ("a*b", {"A.B", "A?B", "a*b", "aXb"}),
        ("lph", set()),
        ("*lph*", {"ALPHA", "Alpha", "alpha"}),
        ("(x)", {"(x)"}),
        ("$^|+{}\\", {"$^|+{}\\"}),
        ("**", set(FILTERED_NAMES)),
        ("line*", {"line\nbreak"}),
        ("*a*a*a*a*a*a*a*a*a*a*a*a*a*b", set()),
    ],
)
def test_filter_is_an_anchored_case_insensitive_glob(api, pattern, expected):
    for name in FILTERED_NAMES:
        api.create(name)
    listed = api.listing(filterField="name", filter=pattern)
    assert [item["name"] for item in listed["items"]] == sorted(expected)
    assert (listed["filterField"], listed["filter"], listed["totalCount"]) == (
        "name",
        pattern,
        len(expected),
    )


def test_filter_by_integration_type_and_filter_without_field_is_ignored(api):
    api.create("lct-a", "mqtt")
    api.create("lct-b", "particle")
    assert api.names(filterField="integrationType", filter="PART*") == ["lct-b"]
    unfiltered = api.listing(filter="lct-a")
    assert unfiltered["totalCount"] == 2 and "filter" not in unfiltered and "filterField" not in unfiltered


def test_total_count_counts_matches_on_all_pages(api):
    for i in range(5):
        api.create(f"lct-{i}", ("mqtt", "particle")[i % 2])
    listed = api.listing(filterField="integrationType", filter="mqtt", perPage=2, page=1)
    assert (listed["count"], listed["totalCount"]) == (1, 3)


# -- controls: directions and white space ---------------------------------------------------


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
