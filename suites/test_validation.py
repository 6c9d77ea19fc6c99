"""Validation: bodies valid against Integration Post / Patch are accepted and echoed;
bodies that break one constraint are refused with 400 (415 allowed for a non-JSON
content type) and an Error, and change nothing."""

from __future__ import annotations

from functools import partial

import pytest
from hypothesis import given, note

from losant_contract import actions
from losant_contract.oracles.errors import is_error
from losant_contract.oracles.pagination import total_is
from losant_contract.oracles.records import created_none, deleted, echoes_post, patch_applied, same_record
from losant_contract.oracles.schema import conforms, status_is
from losant_contract.pytest.batching import distinct, in_batches
from losant_contract.pytest.no_verdict import NoVerdict
from losant_contract.strategies import (
    INVALID_PATCH_LABELS,
    INVALID_POST_LABELS,
    invalid_patch_bodies,
    invalid_post_bodies,
    patch_bodies,
    post_bodies,
)
from losant_contract.strategies.boundaries import either_way

#: Every kind of invalid input is tried on every run, a quarter of the profile's examples each.
PER_LABEL = 4


def _sent_as(invalid):
    """An invalid request's identity within a batch: its body and how it is declared."""
    return invalid.body, invalid.content_type


def _headers(invalid) -> dict[str, str]:
    return {"Content-Type": invalid.content_type} if invalid.content_type else {}


def _own_count(api, target, prefix) -> int:
    _, listing = actions.list_page(api, target, actions.own(prefix, perPage=1))
    return listing["totalCount"]


@pytest.mark.area("validation")
@pytest.mark.documented("integrations.md#post-body")
def test_valid_bodies_are_created_as_sent(api, target, create, ledger, prefix):
    """Any body valid against Integration Post answers 201 with an Integration that echoes
    name, integrationType, topics and config; it is then deleted again."""

    guard = NoVerdict()

    @given(body=post_bodies(prefix))
    @guard.examples
    def check(body):
        note(f"body: {body!r}")
        response = create(body)
        status_is(response, 201, "POST Integrations with a valid body")
        record = conforms(response, "Integration")
        echoes_post(response, record, body, target.application_id)
        deleted(api.delete(target.integration(record["id"])), "DELETE Integration")
        ledger.forget_integration(record["id"])

    guard.run(check)


@pytest.mark.area("validation")
@pytest.mark.assumed("4. POST Integrations")
@pytest.mark.parametrize("label", INVALID_POST_LABELS)
def test_invalid_bodies_are_refused_and_create_nothing(api, target, create, prefix, label):
    """A body that breaks one constraint of Integration Post (or is not JSON, or not an
    object, or not declared as JSON) is refused with an Error, and nothing is created (the
    run's own integrations counted before and after each batch of such bodies)."""

    guard = NoVerdict()

    @in_batches(invalid_post_bodies(prefix, only=[label]), share=PER_LABEL)
    @guard.examples
    def check(batch):
        batch = distinct(batch, _sent_as)
        note("\n".join(f"{invalid.label}: {invalid.body[:200]!r} as {invalid.content_type}" for invalid in batch))
        before = _own_count(api, target, prefix)
        answers = api.concurrently([partial(create, data=invalid.body, headers=_headers(invalid)) for invalid in batch])
        for invalid, response in zip(batch, answers, strict=True):
            is_error(response, set(invalid.expected), f"POST Integrations with {invalid.label}")
        response, listing = actions.list_page(api, target, actions.own(prefix, perPage=1))
        total_is(response, listing, before)

    guard.run(check)


@pytest.fixture
def patchable(create, target, prefix):
    """One integration of this run to patch."""
    response = create({"name": f"{prefix}patch target", "integrationType": "mqtt", "topics": ["before"]})
    status_is(response, 201, "POST Integrations (patch target)")
    return conforms(response, "Integration")


@pytest.mark.area("validation")
@pytest.mark.assumed("5. Integration (singular)")
def test_valid_patches_are_applied(api, target, patchable, prefix):
    """Any body valid against Integration Patch answers 200 with the change applied, the rest
    kept, lastUpdated not earlier; GET Integration then reads the same."""
    state = {"record": patchable}

    guard = NoVerdict()

    @given(patch=patch_bodies(prefix))
    @guard.examples
    def check(patch):
        note(f"patch: {patch!r}")
        before = state["record"]
        response = api.patch(target.integration(before["id"]), json=patch)
        status_is(response, 200, "PATCH Integration with a valid body")
        after = conforms(response, "Integration")
        patch_applied(response, after, before, patch)
        state["record"] = after
        read = api.get(target.integration(before["id"]))
        status_is(read, 200, "GET Integration after PATCH")
        same_record(read, conforms(read, "Integration"), after, "GET Integration after PATCH")

    guard.run(check)


@pytest.mark.area("validation")
@pytest.mark.assumed("5. Integration (singular)")
@pytest.mark.parametrize("label", INVALID_PATCH_LABELS)
def test_invalid_patches_are_refused_and_change_nothing(api, target, patchable, prefix, label):
    """A patch that breaks one constraint of Integration Patch, or is malformed, empty, not
    an object, or not declared as JSON (the body rules of POST, decisions 8), is refused
    with 400 (415 allowed for the content type) and an Error, and the integration reads as
    before."""

    guard = NoVerdict()
    path = target.integration(patchable["id"])

    @in_batches(invalid_patch_bodies(prefix, only=[label]), share=PER_LABEL)
    @guard.examples
    def check(batch):
        batch = distinct(batch, _sent_as)
        note("\n".join(f"{invalid.label}: {invalid.body[:200]!r}" for invalid in batch))
        answers = api.concurrently(
            [partial(api.patch, path, data=invalid.body, headers=_headers(invalid)) for invalid in batch]
        )
        for invalid, response in zip(batch, answers, strict=True):
            is_error(response, set(invalid.expected), f"PATCH Integration with {invalid.label}")
        read = api.get(path)
        status_is(read, 200, "GET Integration after the refused PATCHes")
        same_record(read, conforms(read, "Integration"), patchable, "a refused PATCH changes nothing")

    guard.run(check)


@pytest.mark.area("validation")
@pytest.mark.assumed("4. POST Integrations")
def test_what_the_js_client_allows_is_accepted_as_sent_or_refused(api, target, create, ledger, prefix):
    """A privateKey, certificate, caCertificate or keyJson of 4 or 49 characters, and a
    boolean mqttConfig.disableSSLVerification, may be accepted or refused (decisions 4):
    201 with the value echoed as sent, or 400 with an Error and nothing created; never
    anything else."""
    refused_names = set()
    for case in either_way("Integration Post"):
        top = next(iter(case.body))
        body = {"name": f"{prefix}either {case.label}", "integrationType": top.removesuffix("Config"), **case.body}
        response = create(body)
        if response.status_code == 400:
            is_error(response, 400, f"POST Integrations with {case.label}")
            refused_names.add(body["name"])
            continue
        status_is(response, {201, 400}, f"POST Integrations with {case.label}")
        echoes_post(response, conforms(response, "Integration"), body, target.application_id)
    response, made = actions.find_tagged(api, target, ledger, refused_names)
    created_none(response, made, "a refused body creates nothing")


@pytest.mark.area("validation")
@pytest.mark.assumed("8. The same rules on the other operations")
def test_what_the_js_client_allows_is_patched_as_sent_or_refused(api, target, patchable):
    """The same on PATCH Integration (decisions 4 and 8): 200 with the value applied as
    sent, or 400 with an Error and the integration unchanged; never anything else."""
    state = patchable
    for case in either_way("Integration Patch"):
        response = api.patch(target.integration(state["id"]), json=case.body)
        if response.status_code == 400:
            is_error(response, 400, f"PATCH Integration with {case.label}")
            continue
        status_is(response, {200, 400}, f"PATCH Integration with {case.label}")
        after = conforms(response, "Integration")
        patch_applied(response, after, state, case.body)
        state = after
    read = api.get(target.integration(state["id"]))
    status_is(read, 200, "GET Integration after the patches")
    same_record(read, conforms(read, "Integration"), state, "refused patches change nothing")
