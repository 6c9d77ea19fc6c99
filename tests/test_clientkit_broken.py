"""The kit catches broken clients, each for the right scenario, and passes a correct one.

The reference adapter (plain requests with safe retries, a timeout and a pager) must
pass every scenario: no check flags compliant behaviour. Each broken variant does one
thing wrong and must fail exactly the scenarios about that thing, and nothing else.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import clientkit_adapters as adapters
import pytest

from losant_contract.clientkit.catalogue import all_scenarios
from losant_contract.clientkit.outcomes import FAIL, PASS, ClientFailure
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
    "no repeated create after a 504",
}
RETRY_AFTER_429 = {"retry list after 429", "retry create after 429"}


#: (broken adapter, the scenarios it must fail, how they fail or None where they fail in several ways)
BROKEN = [
    (adapters.DropsSortDirection, ASK_SORT_DIRECTION, ClientFailure.REQUEST_SENT),
    (
        adapters.RetriesPostAfter5xx,
        {"no repeated create after 503", "no repeated create after a 504"},
        ClientFailure.UNSAFE_REPEAT,
    ),
    (adapters.IgnoresRetryAfter, RETRY_AFTER_429, ClientFailure.REQUEST_SENT),
    (adapters.CrashesOnNullErrorBody, {"error status with a null body"}, ClientFailure.VALUE_RETURNED),
    (adapters.HidesErrorStatus, ERRORS, ClientFailure.VALUE_RETURNED),
    (adapters.StopsAfterFirstPage, {"walk all pages"}, None),
    (adapters.SendsBodyOnDelete, {"delete", "token mint and delete", "error 404 token"}, ClientFailure.REQUEST_SENT),
    (
        adapters.LeavesQueryUnencoded,
        {"filter reserved characters", "filter glob metacharacters"},
        ClientFailure.REQUEST_SENT,
    ),
    (adapters.ReordersItems, MANY_LISTED, ClientFailure.VALUE_RETURNED),
]
#: Runs at a time: each mostly waits (timeouts, Retry-After), each on a mock of its own.
AT_ONCE = 5


def verdicts(adapter_class: type[adapters.ReferenceAdapter]) -> dict[str, tuple[str, ClientFailure | None, str]]:
    adapter = adapter_class()
    try:
        return {r.name: (r.verdict, r.failure, r.reason) for r in run(adapter)}
    finally:
        adapter.close()


@pytest.fixture(scope="module")
def measured() -> dict[type, dict[str, tuple[str, ClientFailure | None, str]]]:
    """Every adapter's verdicts, the reference's and each broken one's, run side by side."""
    classes = [adapters.ReferenceAdapter] + [broken for broken, _, _ in BROKEN]
    with ThreadPoolExecutor(AT_ONCE) as pool:
        return dict(zip(classes, pool.map(verdicts, classes), strict=True))


def test_a_correct_client_passes_every_scenario(measured):
    reference = measured[adapters.ReferenceAdapter]
    assert {name: v for name, v in reference.items() if v[0] != PASS} == {}


@pytest.mark.parametrize("broken, failing, failure", BROKEN, ids=lambda value: getattr(value, "__name__", None))
def test_a_broken_client_fails_the_right_scenarios(broken, failing, failure, measured):
    found, reference = measured[broken], measured[adapters.ReferenceAdapter]
    failed = {name for name, (verdict, _, _) in found.items() if verdict == FAIL}
    assert failed == failing, {name: found[name][2] for name in failed ^ failing}
    if failure is not None:
        assert {found[name][1] for name in failing} == {failure}
    others = {name: found[name][0] for name in found if name not in failing}
    assert others == {name: reference[name][0] for name in others}
