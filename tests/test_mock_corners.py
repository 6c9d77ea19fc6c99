"""The mock faults in corners of the listing (losant_contract/mock/faults_corners.py): what
the correct mock answers, and exactly what each fault changes, over HTTP."""

from __future__ import annotations

import time

import pytest
from mockkit import Api, assert_error

from losant_contract.mock import MockServer
from losant_contract.mock.faults_corners import LAG_SECONDS

pytest_plugins = ("mockkit",)

PUBSUB = {"projectId": "p", "keyJson": "{" + '"k":"' + "x" * 60 + '"}'}


def listed(api: Api, **params: object) -> tuple[list[str], int]:
    """(names on the page, totalCount) of a listing answered 200."""
    page = api.listing(**params)
    return [item["name"] for item in page["items"]], page["totalCount"]


# -- totalCount after writes ------------------------------------------------------------------------


def counts_after_writes(faults: tuple[str, ...] = ()) -> dict[str, tuple[int, int]]:
    """(items, totalCount) of the whole listing right after each write, and once the writes
    are LAG_SECONDS old."""
    with MockServer(faults=faults) as mock, Api(mock, mock.admin_token) as api:

        def now() -> tuple[int, int]:
            page = api.listing()
            return len(page["items"]), page["totalCount"]

        first = api.create("lct-first")
        seen = {"created": now()}
        second = api.create("lct-second")
        api("DELETE", f"/integrations/{second['id']}")
        seen["another created and deleted"] = now()
        time.sleep(LAG_SECONDS + 0.1)
        seen["later"] = now()
        api("DELETE", f"/integrations/{first['id']}")
        seen["deleted"] = now()
        return seen


COUNTS = {"created": (1, 1), "another created and deleted": (1, 1), "later": (1, 1), "deleted": (0, 0)}


def test_total_count_follows_every_write_at_once():
    assert counts_after_writes() == COUNTS


def test_total_count_lags_writes_counts_the_collection_of_a_few_seconds_ago():
    lagging = {"created": (1, 0), "another created and deleted": (1, 0), "deleted": (0, 1)}
    assert counts_after_writes(("total-count-lags-writes",)) == {**COUNTS, **lagging}


# -- filtering: integrationType's case, and `*` against line breaks ---------------------------------


TYPE_QUERIES = [
    ("integrationType", "particle"),
    ("integrationType", "PARTICLE"),
    ("integrationType", "googlepubsub"),
    ("integrationType", "*T*"),
    ("name", "LCT-P*"),
]


def by_type(faults: tuple[str, ...] = ()) -> dict[str, list[str]]:
    with MockServer(faults=faults) as mock, Api(mock, mock.admin_token) as api:
        api.create("lct-m", "mqtt")
        api.create("lct-p", "particle")
        api.create("lct-g", "googlePubSub", googlePubSubConfig=PUBSUB)
        return {f"{field}={pattern}": api.names(filterField=field, filter=pattern) for field, pattern in TYPE_QUERIES}


BY_TYPE = {
    "integrationType=particle": ["lct-p"],
    "integrationType=PARTICLE": ["lct-p"],
    "integrationType=googlepubsub": ["lct-g"],
    "integrationType=*T*": ["lct-m", "lct-p"],
    "name=LCT-P*": ["lct-p"],
}


def test_integration_type_and_name_filters_are_case_insensitive():
    assert by_type() == BY_TYPE


def test_type_filter_case_sensitive_bites_on_integration_type_only():
    changed = {"integrationType=PARTICLE": [], "integrationType=googlepubsub": [], "integrationType=*T*": []}
    assert by_type(("type-filter-case-sensitive",)) == {**BY_TYPE, **changed}


LINES = ["lct-plain", "lct-line\nbreak", "lct-carriage\rreturn", "lct-para\u2029graph"]
LINE_QUERIES = ["*", "lct-*", "*break", "lct-line\nbreak", "lct-line\n*", "LCT-LINE\nB*K"]


def line_breaks(faults: tuple[str, ...] = ()) -> dict[str, object]:
    with MockServer(faults=faults) as mock, Api(mock, mock.admin_token) as api:
        for name in LINES:
            api.create(name)
        seen: dict[str, object] = {pattern: listed(api, filterField="name", filter=pattern) for pattern in LINE_QUERIES}
        seen["unfiltered"] = listed(api)
        return seen


EVERY_LINE = (sorted(LINES), 4)
BREAK = (["lct-line\nbreak"], 1)
LINE_BREAKS = {
    "*": EVERY_LINE,
    "lct-*": EVERY_LINE,
    "*break": BREAK,
    "lct-line\nbreak": BREAK,
    "lct-line\n*": BREAK,
    "LCT-LINE\nB*K": BREAK,
    "unfiltered": EVERY_LINE,
}


def test_star_matches_line_breaks_so_filter_star_lists_what_no_filter_lists():
    assert line_breaks() == LINE_BREAKS


def test_star_stops_at_line_breaks_skips_names_holding_one_unless_the_pattern_breaks_there_too():
    plain_only = (["lct-plain"], 1)
    changed = {"*": plain_only, "lct-*": plain_only, "*break": ([], 0)}
    assert line_breaks(("star-stops-at-line-breaks",)) == {**LINE_BREAKS, **changed}


# -- pagination: count on short pages, the echo of a type filter, a blank sortDirection ----------------


def counts_per_page(faults: tuple[str, ...] = ()) -> dict[str, tuple[int, int, int]]:
    """(count, items, totalCount) of pages of five integrations."""
    with MockServer(faults=faults) as mock, Api(mock, mock.admin_token) as api:
        for i in range(5):
            api.create(f"lct-{i}")
        seen = {}
        for per_page, page in ((2, 0), (2, 1), (2, 2), (2, 5), (10, 0)):
            listing = api.listing(perPage=per_page, page=page)
            seen[f"{per_page}/{page}"] = (listing["count"], len(listing["items"]), listing["totalCount"])
        return seen


PER_PAGE = {"2/0": (2, 2, 5), "2/1": (2, 2, 5), "2/2": (1, 1, 5), "2/5": (0, 0, 5), "10/0": (5, 5, 5)}


def test_count_is_the_number_of_items_on_every_page():
    assert counts_per_page() == PER_PAGE


def test_count_per_page_on_last_page_says_per_page_on_a_short_page_and_past_the_end():
    changed = {"2/2": (2, 1, 5), "2/5": (2, 0, 5)}
    assert counts_per_page(("count-per-page-on-last-page",)) == {**PER_PAGE, **changed}


def echoes(faults: tuple[str, ...] = ()) -> dict[str, object]:
    """The echoed filter and the names listed, per filterField."""
    with MockServer(faults=faults) as mock, Api(mock, mock.admin_token) as api:
        api.create("lct-m", "mqtt")
        api.create("lct-p", "particle")
        seen: dict[str, object] = {}
        for field, pattern in (("integrationType", "mqtt"), ("name", "lct-p")):
            page = api.listing(filterField=field, filter=pattern)
            echoed = (page.get("filterField"), page.get("filter"))
            seen[field] = (echoed, [item["name"] for item in page["items"]])
        return seen


ECHOES = {"integrationType": (("integrationType", "mqtt"), ["lct-m"]), "name": (("name", "lct-p"), ["lct-p"])}


def test_every_applied_filter_is_echoed():
    assert echoes() == ECHOES


def test_echo_type_filter_missing_filters_by_type_but_does_not_say_so():
    assert echoes(("echo-type-filter-missing",)) == {**ECHOES, "integrationType": ((None, None), ["lct-m"])}


BLANKS = ["sortField", "sortDirection", "page", "perPage", "filterField"]


def blank_values(faults: tuple[str, ...] = ()) -> dict[str, object]:
    """Each parameter sent blank: the listing's order and echo, or the status of a refusal."""
    with MockServer(faults=faults) as mock, Api(mock, mock.admin_token) as api:
        for name in ("b", "a"):
            api.create(name)
        seen: dict[str, object] = {}
        for name in BLANKS:
            response = api("GET", params={name: ""})
            if response.status_code == 200:
                page = response.json()
                seen[name] = ([item["name"] for item in page["items"]], page["sortDirection"], page["perPage"])
            else:
                assert_error(response, 400)
                seen[name] = response.status_code
        return seen


def test_every_blank_parameter_means_its_default():
    assert blank_values() == {name: (["a", "b"], "asc", 1000) for name in BLANKS}


def test_blank_direction_refused_refuses_sort_direction_only():
    assert blank_values(("blank-direction-refused",)) == {
        **{name: (["a", "b"], "asc", 1000) for name in BLANKS},
        "sortDirection": 400,
    }


# -- status: what counts as blank ----------------------------------------------------------------------


VALUES = {"U+FEFF": "\ufeff", "\\x1e": "\x1e", "\\x1c\\x1f": "\x1c\x1f", "space tab": " \t", "U+3000": "\u3000"}
PARAMETERS = ("sortField", "sortDirection", "filterField", "page", "perPage")


def blank_or_value(faults: tuple[str, ...] = ()) -> dict[str, int]:
    """The status of a listing with each of sortField, sortDirection, filterField, page and
    perPage given as each value of VALUES; 200 only where the value counted as blank."""
    with MockServer(faults=faults) as mock, Api(mock, mock.admin_token) as api:
        seen = {}
        for label, value in VALUES.items():
            for name in PARAMETERS:
                response = api("GET", params={name: value})
                if response.status_code != 200:
                    assert_error(response, 400)
                else:
                    assert response.json()["sortField"] == "name" and response.json()["perPage"] == 1000
                seen[f"{name}={label}"] = response.status_code
        return seen


def _only(labels: tuple[str, ...], status: int) -> dict[str, int]:
    return {f"{name}={label}": status for label in labels for name in PARAMETERS}


def test_only_the_empty_string_is_blank_in_the_correct_mock():
    assert set(blank_or_value().values()) == {400}


@pytest.mark.parametrize(
    ("fault", "blank"),
    [("bom-is-blank", ("U+FEFF",)), ("isspace-is-blank", ("\\x1e", "\\x1c\\x1f"))],
)
def test_each_blank_fault_takes_what_it_names_for_blank_beyond_white_space(fault, blank):
    """White_Space may count as blank (the control white-space-is-blank takes it so); each
    fault also takes a value that is not White_Space, and nothing more."""
    allowed = blank_or_value(("white-space-is-blank",))
    assert allowed == {**_only(("space tab", "U+3000"), 200), **_only(("U+FEFF", "\\x1e", "\\x1c\\x1f"), 400)}
    assert blank_or_value((fault,)) == {**allowed, **_only(blank, 200)}


# -- sorting: one page size ----------------------------------------------------------------------------


def walks(faults: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """Names walked page by page, per (perPage, sortDirection)."""
    with MockServer(faults=faults) as mock, Api(mock, mock.admin_token) as api:
        for name in ("b", "c", "a"):
            api.create(name)
        seen = {}
        for per_page in (1, 2, 1000):
            for direction in ("asc", "desc"):
                names = [api.names(perPage=per_page, page=page, sortDirection=direction) for page in range(3)]
                seen[f"{per_page} {direction}"] = [name for page in names for name in page]
        return seen


WALKS = {
    f"{per_page} {direction}": ["a", "b", "c"][:: -1 if direction == "desc" else 1]
    for per_page in (1, 2, 1000)
    for direction in ("asc", "desc")
}


def test_every_page_size_walks_in_both_directions():
    assert walks() == WALKS


def test_desc_ignored_one_per_page_walks_ascending_at_per_page_1_only():
    assert walks(("desc-ignored-one-per-page",)) == {**WALKS, "1 desc": ["a", "b", "c"]}
