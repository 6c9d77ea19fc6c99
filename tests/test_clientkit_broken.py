"""The kit catches broken clients, each for the right scenario, and passes a correct one.

The reference adapter (plain requests with safe retries, a timeout and a pager) must
pass every scenario: no check flags compliant behaviour. Each broken variant does one
thing wrong and must fail exactly the scenarios about that thing, and nothing else.
"""

from __future__ import annotations

import clientkit_adapters as adapters
import pytest

from losant_contract.clientkit.catalogue import all_scenarios
from losant_contract.clientkit.outcomes import FAIL, PASS
from losant_contract.clientkit.runner import run

ASK_SORT_DIRECTION = {name for name in all_scenarios() if name.startswith("sort ")} | {
    "walk all pages",
    "error 400 query",
}
#: The scenarios whose listings hold two items or more (a reversed page differs from the API's).
MANY_LISTED = {name for name in all_scenarios() if name.startswith("sort ")} | {
    "filter case",
    "filter integrationType",
    "page through",
}
ERRORS = {name for name, s in all_scenarios().items() if s.area == "errors"} | {
    "token scoped client",
    "no repeated create after 503",
}


def verdicts(adapter) -> dict[str, tuple[str, str, str]]:
    try:
        return {r.name: (r.verdict, r.kind, r.reason) for r in run(adapter)}
    finally:
        adapter.close()


@pytest.fixture(scope="module")
def reference() -> dict[str, tuple[str, str, str]]:
    return verdicts(adapters.ReferenceAdapter())


def test_a_correct_client_passes_every_scenario(reference):
    assert {name: v for name, v in reference.items() if v[0] != PASS} == {}


@pytest.mark.parametrize(
    "broken, failing, kind",
    [
        (adapters.DropsSortDirection, ASK_SORT_DIRECTION, "request sent"),
        (adapters.RetriesPostAfter503, {"no repeated create after 503"}, "unsafe repeat"),
        (adapters.HidesErrorStatus, ERRORS, "value returned"),
        (adapters.StopsAfterFirstPage, {"walk all pages"}, None),
        (adapters.SendsBodyOnDelete, {"delete", "token mint and delete", "error 404 token"}, "request sent"),
        (adapters.LeavesQueryUnencoded, {"filter reserved characters", "filter glob metacharacters"}, "request sent"),
        (adapters.ReordersItems, MANY_LISTED, "value returned"),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_a_broken_client_fails_the_right_scenarios(broken, failing, kind, reference):
    found = verdicts(broken())
    failed = {name for name, (verdict, _, _) in found.items() if verdict == FAIL}
    assert failed == failing, {name: found[name][2] for name in failed ^ failing}
    if kind is not None:
        assert {found[name][1] for name in failing} == {kind}
    others = {name: found[name][0] for name in found if name not in failing}
    assert others == {name: reference[name][0] for name in others}
