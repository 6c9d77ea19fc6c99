"""Read after write: what POST creates and what PATCH changes is what GET Integration and
the list give back, and DELETE removes it from both."""

from __future__ import annotations

import json

import pytest

from losant_contract import actions
from losant_contract.contracts import CONTRACTS_DIR
from losant_contract.oracles.errors import is_error
from losant_contract.oracles.globbing import lists_all, lists_none_of
from losant_contract.oracles.records import deleted, echoes_post, patch_applied, same_record
from losant_contract.oracles.schema import conforms, status_is
from losant_contract.query import ListQuery

EXAMPLE = json.loads((CONTRACTS_DIR / "examples" / "integration-post.json").read_text())


@pytest.fixture
def created(create, prefix, target):
    """The documented example body, named with the run prefix, as POSTed."""
    body = {**EXAMPLE, "name": f"{prefix}{EXAMPLE['name']}"}
    response = create(body)
    status_is(response, 201, "POST Integrations with the documented example")
    record = conforms(response, "Integration")
    echoes_post(response, record, body, target.application_id)
    return body, record


@pytest.mark.area("read-after-write")
@pytest.mark.documented("integrations.md#post-successful-responses")
def test_post_documented_example_creates_an_echoing_integration(created):
    """POST with the documented example answers 201 with an Integration that echoes what was
    sent (checked in the fixture, so every read-after-write test starts from a proven create)."""
    body, record = created
    assert record["name"] == body["name"]


@pytest.mark.area("read-after-write")
@pytest.mark.assumed("4. POST Integrations")
def test_created_integration_is_read_back_and_listed(api, target, created):
    """The created integration is returned by GET Integration and listed by GET Integrations."""
    body, record = created
    response = api.get(target.integration(record["id"]))
    status_is(response, 200, "GET Integration after POST")
    same_record(response, conforms(response, "Integration"), record, "GET Integration after POST")
    query = ListQuery(filterField="name", filter=body["name"])
    response, listing = actions.list_page(api, target, query)
    lists_all(response, listing["items"], {record["id"]: body["name"]}, "GET Integrations after POST")
    listed = next(item for item in listing["items"] if item["id"] == record["id"])
    same_record(response, listed, record, "GET Integrations after POST")


@pytest.mark.area("read-after-write")
@pytest.mark.assumed("5. Integration (singular)")
def test_patched_integration_is_read_back_and_listed(api, target, created):
    """A PATCH that renames the integration and changes its topics is what GET Integration
    and GET Integrations give back afterwards: listed under the new name, no longer under
    the old one (the model finds a PATCH that is answered but not stored only by chance)."""
    body, record = created
    patch = {"name": f"{body['name']} renamed", "topics": ["after"]}
    response = api.patch(target.integration(record["id"]), json=patch)
    status_is(response, 200, "PATCH Integration")
    patched = conforms(response, "Integration")
    patch_applied(response, patched, record, patch)
    response = api.get(target.integration(record["id"]))
    status_is(response, 200, "GET Integration after PATCH")
    same_record(response, conforms(response, "Integration"), patched, "GET Integration after PATCH")
    response, listing = actions.list_page(api, target, ListQuery(filterField="name", filter=patch["name"]))
    lists_all(response, listing["items"], {record["id"]: patch["name"]}, "GET Integrations after PATCH")
    listed = next(item for item in listing["items"] if item["id"] == record["id"])
    same_record(response, listed, patched, "GET Integrations after PATCH")
    response, listing = actions.list_page(api, target, ListQuery(filterField="name", filter=body["name"]))
    lists_none_of(response, listing["items"], {record["id"]: body["name"]}, "GET Integrations after PATCH (old name)")


@pytest.mark.area("read-after-write")
@pytest.mark.assumed("5. Integration (singular)")
def test_deleted_integration_is_gone(api, target, ledger, created):
    """DELETE answers 200 Success; afterwards GET Integration gives 404 and the list no
    longer has it."""
    body, record = created
    deleted(api.delete(target.integration(record["id"])), "DELETE Integration")
    ledger.forget_integration(record["id"])
    is_error(api.get(target.integration(record["id"])), 404, "GET Integration after DELETE")
    query = ListQuery(filterField="name", filter=body["name"])
    response, listing = actions.list_page(api, target, query)
    lists_none_of(response, listing["items"], {record["id"]: body["name"]}, "GET Integrations after DELETE")
