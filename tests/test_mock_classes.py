"""The mock faults added for the suite's class checks (losant_contract/mock/faults_classes.py):
what the correct mock answers, and exactly what each fault changes."""

from __future__ import annotations

import pytest
from mockkit import Api, assert_error

from losant_contract.mock import MockServer

pytest_plugins = ("mockkit",)

PATCHES = {
    "name 1023": {"name": "n" * 1023},
    "name 1024": {"name": "n" * 1024},
    "name 1025": {"name": "n" * 1025},
    "topic 1024": {"topics": ["t", "t" * 1024]},
    "topic 1025": {"topics": ["t" * 1025]},
    "config string 1024": {"particleConfig": {"accessToken": "a" * 1024}},
}
APPLIED = {"name 1023", "name 1024", "topic 1024", "config string 1024"}


def patches(faults: tuple[str, ...] = ()) -> dict[str, int]:
    """The status of each PATCH in PATCHES on one integration; a refusal changes nothing."""
    with MockServer(faults=faults) as mock, Api(mock, mock.admin_token) as api:
        ident = api.create("lct-bounds")["id"]
        seen = {}
        for label, sent in PATCHES.items():
            before = api("GET", f"/integrations/{ident}").json()
            response = api("PATCH", f"/integrations/{ident}", json=sent)
            if response.status_code != 200:
                assert_error(response, 400)
                assert api("GET", f"/integrations/{ident}").json() == before, label
            seen[label] = response.status_code
        return seen


def test_patch_bounds_are_inclusive():
    assert patches() == {label: 200 if label in APPLIED else 400 for label in PATCHES}


@pytest.mark.parametrize(("fault", "changed"), [("patch-max-length-refused", {"name 1024": 400, "topic 1024": 400})])
def test_each_patch_bound_fault_answers_exactly_where_it_says(fault, changed):
    correct = {label: 200 if label in APPLIED else 400 for label in PATCHES}
    assert patches((fault,)) == {**correct, **changed}
