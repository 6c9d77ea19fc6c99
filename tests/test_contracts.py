"""Self-tests for contracts/: the schema files, openapi.json and the loader agree with the docs.

What the docs say is pinned in contracts/reference-facts.json (with the page each fact comes
from) and the schemas in contracts/schemas/; these tests hold our contracts to that. Where
the reference pages are beside the checkout (../shared/reference), the pinned copy is also
held to the pages, so a change on either side fails a test; elsewhere those tests skip.
"""

from __future__ import annotations

import importlib.util
import json
import re
from functools import cache

import pytest
from jsonschema import Draft4Validator
from openapi_spec_validator import validate as validate_openapi
from reference_pages import OPERATIONS, REFERENCE, ROOT, Pages, pinned

from losant_contract import contracts
from losant_contract.contracts import (
    INTEGRATION_OPERATIONS,
    NAMED_REFUSED_SCOPES,
    SCHEMA_FILES,
    SCHEMAS_DIR,
    UNMINTABLE_SCOPES,
    accepted_scopes,
    decided,
    openapi,
    refused_scopes,
    schema,
    scope_universe,
    violations,
)

DRAFT_04 = "http://json-schema.org/draft-04/schema#"
HEX24 = "^[A-Fa-f\\d]{24}$"

# Documented quirks, pinned so that a change in the docs or in our copy shows up.
# Application's example uses `accessSecretKey` where its schema requires `secretAccessKey`.
EXAMPLE_VIOLATIONS = {
    "Application": [
        "archiveConfig/s3: 'secretAccessKey' is a required property",
        "archiveConfig/s3: Additional properties are not allowed ('accessSecretKey' was unexpected)",
    ],
}
# Keywords that are not JSON Schema keywords (ignored by draft-04 and 2020-12 alike):
# `max`/`min` meant as maxLength/minLength, and Integration's `status` block without its
# `type`/`properties` wrapper.
STATUS_KEYS = {"lastKeepAlive", "nextAttempt", "connectInfo", "disconnectInfo"}
UNKNOWN_KEYWORDS = {
    "Application": {"max", "min"},
    "Integration": STATUS_KEYS,
    "Integrations": STATUS_KEYS,
}
# Keywords the schemas use whose meaning is the same in draft-04 and in 2020-12 (the dialect
# OpenAPI 3.1 reads them in). Draft-04-only meanings (`id`, boolean exclusiveMinimum,
# array `items`, `dependencies`, `definitions`/`$ref`) must not appear unnoticed.
SAME_IN_BOTH_DIALECTS = {
    "$schema",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "maxItems",
    "uniqueItems",
    "format",
    "title",
    "description",
    "default",
}

# Responses the OpenAPI document adds to the documented ones, each resting on
# contract-decisions.md: 401/403 (section 1), 404 for an unknown application on the token
# resources (section 2), 415 for a body not declared as JSON (section 4, for every body).
ADDED_RESPONSES = {op: {"401", "403"} for op in OPERATIONS}
ADDED_RESPONSES["applicationApiTokens.get"] |= {"404"}
ADDED_RESPONSES["applicationApiTokens.post"] |= {"404", "415"}
ADDED_RESPONSES["integrations.post"] |= {"415"}
ADDED_RESPONSES["integration.patch"] |= {"415"}
# Documented response types the OpenAPI document replaces: GET tokens says "API Token" for
# what is a collection ("Collection of API tokens").
REPLACED_RESPONSE_TYPES = {("applicationApiTokens.get", "200"): ("API Token", "API Tokens")}


# --- what the docs say (pinned) ---------------------------------------------------------------

FACTS = pinned()
needs_pages = pytest.mark.skipif(
    not REFERENCE.is_dir(), reason="../shared/reference is not beside the checkout: the pinned facts stand alone"
)


def documented_scopes(op_id: str) -> tuple[str, ...]:
    return tuple(FACTS["operations"][op_id]["scopes"])


def documented_responses(op_id: str) -> dict[str, str]:
    return FACTS["operations"][op_id]["responses"]


def request_body_examples() -> dict[tuple[str, str], tuple[str, object]]:
    """(page, action) -> (schema title, example) for every Request Body on the reference pages."""
    return {(e["page"], e["action"]): (e["schema"], e["example"]) for e in FACTS["request_body_examples"]}


@needs_pages
def test_pinned_facts_are_what_the_reference_pages_say():
    """contracts/reference-facts.json is what the pages say today (else: python tests/reference_pages.py)."""
    assert Pages(REFERENCE).facts() == FACTS


def test_pinned_facts_name_every_operation_in_scope():
    assert set(FACTS["operations"]) == set(OPERATIONS)
    for op_id, (page, heading) in OPERATIONS.items():
        assert (FACTS["operations"][op_id]["page"], FACTS["operations"][op_id]["action"]) == (page, heading)


# --- reading our contracts --------------------------------------------------------------------


def operations() -> dict[str, tuple[str, str, dict]]:
    """operationId -> (path, method, operation) for every operation in openapi.json."""
    found = {}
    for path, item in openapi()["paths"].items():
        for method, op in item.items():
            if method != "parameters":
                assert op["operationId"] not in found, f"duplicate operationId {op['operationId']}"
                found[op["operationId"]] = (path, method, op)
    return found


def component_title(ref: str) -> str:
    """#/components/schemas/ApiTokens -> "API Tokens" (the docs' title of the same file)."""
    name = ref.removeprefix("#/components/schemas/")
    titles = {builder().component_name(SCHEMAS_DIR / f): t for t, f in SCHEMA_FILES.items()}
    return titles[name]


@cache
def builder():
    """contracts/build_openapi.py as a module (it is data beside the package, not part of it)."""
    spec = importlib.util.spec_from_file_location("build_openapi", contracts.CONTRACTS_DIR / "build_openapi.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def subschemas(node: dict, where: str = ""):
    """(pointer, schema) for `node` and every schema nested in it by a JSON Schema keyword."""
    yield where, node
    for key in ("properties", "patternProperties", "definitions"):
        for name, sub in node.get(key, {}).items():
            yield from subschemas(sub, f"{where}/{key}/{name}")
    for key in ("items", "additionalProperties", "not"):
        sub = node.get(key)
        if isinstance(sub, dict):
            yield from subschemas(sub, f"{where}/{key}")
        elif isinstance(sub, list):
            for i, item in enumerate(sub):
                yield from subschemas(item, f"{where}/{key}/{i}")
    for key in ("allOf", "anyOf", "oneOf"):
        for i, sub in enumerate(node.get(key, [])):
            yield from subschemas(sub, f"{where}/{key}/{i}")


# --- the schema files -------------------------------------------------------------------------


def test_schema_files_are_the_documented_schemas():
    assert set(FACTS["schemas"]) == set(SCHEMA_FILES)
    assert {p.name for p in SCHEMAS_DIR.glob("*.json")} == set(SCHEMA_FILES.values())


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES))
def test_schema_file_is_a_valid_draft04_schema(name):
    assert schema(name)["$schema"] == DRAFT_04
    Draft4Validator.check_schema(schema(name))


@needs_pages
@pytest.mark.parametrize("name", sorted(SCHEMA_FILES))
def test_schema_file_is_verbatim_from_schemas_md(name):
    on_disk = (SCHEMAS_DIR / SCHEMA_FILES[name]).read_text(encoding="utf-8")
    assert on_disk == Pages(REFERENCE).schema_text(name)


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES))
def test_schema_uses_only_keywords_that_mean_the_same_in_openapi_31(name):
    unknown = {
        keyword for _, node in subschemas(schema(name)) for keyword in node if keyword not in SAME_IN_BOTH_DIALECTS
    }
    assert unknown == UNKNOWN_KEYWORDS.get(name, set())


def test_integration_status_is_unconstrained_as_documented():
    status = schema("Integration")["properties"]["status"]
    assert "type" not in status and "properties" not in status
    for odd in ({"lastKeepAlive": "not a number"}, "a string", 42, None):
        assert violations("Integration", {"status": odd}) == []


def test_integrations_allow_undocumented_fields():
    assert violations("Integration", {"undocumented": 1}) == []
    assert violations("Integrations", {"items": [{"undocumented": 1}], "extra": True}) == []
    assert violations("Integration Post", {"name": "n", "integrationType": "mqtt", "x": 1})


# --- documented examples ----------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES))
def test_schemas_md_example_validates(name):
    example = FACTS["schemas"][name]["example"]
    assert violations(name, example) == EXAMPLE_VIOLATIONS.get(name, [])


def test_request_body_examples_are_found():
    found = request_body_examples()
    assert found[("integrations.md", "Post")][0] == "Integration Post"
    assert found[("integration.md", "Patch")][0] == "Integration Patch"
    assert found[("application-api-tokens.md", "Post")][0] == "Application API Token Post"


@pytest.mark.parametrize(
    "page, heading",
    [("integrations.md", "Post"), ("integration.md", "Patch"), ("application-api-tokens.md", "Post")],
)
def test_request_body_example_validates(page, heading):
    title, example = request_body_examples()[(page, heading)]
    assert violations(title, example) == []


def test_example_files_are_the_documented_request_bodies():
    """contracts/examples/<schema file> (used by the suite) must be the page's example, verbatim."""
    documented = {
        SCHEMA_FILES[title]: example
        for title, example in request_body_examples().values()
        if title in SCHEMA_FILES  # not "API Token Patch", which is out of scope
    }
    for path in sorted((contracts.CONTRACTS_DIR / "examples").glob("*.json")):
        assert path.name in documented, f"{path.name}: no documented request body for it"
        assert json.loads(path.read_text(encoding="utf-8")) == documented[path.name], path.name


# --- openapi.json -----------------------------------------------------------------------------


def test_openapi_document_is_valid():
    assert openapi()["openapi"].startswith("3.1.")
    validate_openapi(openapi())


def test_openapi_document_is_generated_from_the_schema_files():
    on_disk = (contracts.CONTRACTS_DIR / "openapi.json").read_text(encoding="utf-8")
    assert on_disk == builder().render(), "run: python contracts/build_openapi.py"


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES))
def test_openapi_component_is_the_decided_schema_without_schema_keyword(name):
    expected = {k: v for k, v in decided(name).items() if k != "$schema"}
    component = builder().component_name(SCHEMAS_DIR / SCHEMA_FILES[name])
    assert openapi()["components"]["schemas"][component] == expected


def test_decided_schemas_widen_only_what_the_decisions_name():
    """Section 3: sortDirection echoes ASC, DESC or "" too; section 4: the JavaScript client's
    shorter keys and disableSSLVerification. Every other schema is the documented one."""
    widened = {name for name in SCHEMA_FILES if decided(name) != schema(name)}
    assert widened == {"Integrations", "Integration", "Integration Post", "Integration Patch"}
    assert violations("Integrations", {"sortDirection": "ASC"}) == []
    assert violations("Integrations", {"sortDirection": ""}) == []
    assert violations("Integrations", {"sortDirection": "up"})
    mqtt = {"host": "h", "port": 1883, "protocol": "mqtt", "privateKey": "abcd", "disableSSLVerification": True}
    assert violations("Integration", {"mqttConfig": mqtt}) == []
    assert violations("Integration", {"mqttConfig": {**mqtt, "privateKey": "abc"}})
    assert violations("Integration", {"mqttConfig": {**mqtt, "disableSSLVerification": "yes"}})
    assert contracts.validator("Integration").is_valid({"mqttConfig": mqtt}) is False  # the docs' own reading


def test_openapi_has_exactly_the_operations_in_scope():
    expected = {
        "integrations.get": ("/applications/{applicationId}/integrations", "get"),
        "integrations.post": ("/applications/{applicationId}/integrations", "post"),
        "integration.get": ("/applications/{applicationId}/integrations/{integrationId}", "get"),
        "integration.patch": ("/applications/{applicationId}/integrations/{integrationId}", "patch"),
        "integration.delete": ("/applications/{applicationId}/integrations/{integrationId}", "delete"),
        "applicationApiTokens.get": ("/applications/{applicationId}/tokens", "get"),
        "applicationApiTokens.post": ("/applications/{applicationId}/tokens", "post"),
        "applicationApiToken.delete": ("/applications/{applicationId}/tokens/{apiTokenId}", "delete"),
        "application.get": ("/applications/{applicationId}", "get"),
    }
    assert {op: (path, method) for op, (path, method, _) in operations().items()} == expected
    assert set(expected) == set(OPERATIONS)


def test_path_parameters_are_24_hex():
    parameters = openapi()["components"]["parameters"]
    assert schema("Integration")["properties"]["id"]["pattern"] == HEX24
    for path, item in openapi()["paths"].items():
        names = re.findall(r"\{(\w+)\}", path)
        refs = [p["$ref"].rsplit("/", 1)[1] for p in item["parameters"]]
        assert refs == names
        for name in names:
            assert parameters[name]["in"] == "path" and parameters[name]["required"] is True
            assert parameters[name]["schema"] == {"type": "string", "pattern": HEX24}


def test_bearer_security_applies_everywhere():
    document = openapi()
    assert document["components"]["securitySchemes"] == {
        "bearerAuth": {"type": "http", "scheme": "bearer", "description": "Authorization: Bearer <api access token>"}
    }
    assert document["security"] == [{"bearerAuth": []}]
    assert all("security" not in op for _, _, op in operations().values())


@pytest.mark.parametrize("op_id", ["integrations.get", "integrations.post"])
def test_accepted_scopes_of_the_seed_match_the_docs(op_id):
    assert accepted_scopes(op_id) == documented_scopes(op_id)


@pytest.mark.parametrize("op_id", sorted(OPERATIONS))
def test_accepted_scopes_match_the_docs(op_id):
    assert accepted_scopes(op_id) == documented_scopes(op_id)


def test_unmintable_scopes_are_the_accepted_ones_an_application_token_cannot_carry():
    mintable = set(schema("Application API Token Post")["properties"]["scope"]["items"]["enum"])
    accepted = [scope for op_id in sorted(OPERATIONS) for scope in accepted_scopes(op_id)]
    assert set(UNMINTABLE_SCOPES) == {scope for scope in accepted if scope not in mintable}


def test_accepted_scopes_of_an_unknown_operation():
    with pytest.raises(KeyError):
        accepted_scopes("integrations.put")


# --- the scope universe: every scope named, on every Integrations operation ----------------------

DECISIONS_FILE = ROOT / "docs" / "contract-decisions.md"
SCOPE = re.compile(r"\b[a-z][A-Za-z]*\.(?:\*|[A-Za-z]+)(?:\.read)?")


def _section_1_refusals() -> list[str]:
    """The scopes section 1 of the decisions names after 'Every other scope is refused'."""
    text = DECISIONS_FILE.read_text(encoding="utf-8")
    bullet = text.split("Every other scope is refused", 1)[1].split("\n- ", 1)[0]
    return SCOPE.findall(bullet)


def test_the_integration_operations_are_the_five_of_the_decisions():
    assert set(INTEGRATION_OPERATIONS) == {op for op, (page, _) in OPERATIONS.items() if page.startswith("integration")}


def test_the_universe_is_every_accepted_scope_and_the_named_refusals():
    universe = scope_universe()
    documented = {scope for op in INTEGRATION_OPERATIONS for scope in documented_scopes(op)}
    assert len(universe) == len(set(universe))
    assert set(universe) == documented | set(NAMED_REFUSED_SCOPES)
    assert not set(NAMED_REFUSED_SCOPES) & documented


def test_every_scope_section_1_names_as_refused_is_in_the_universe():
    named = _section_1_refusals()
    assert {"integrations.post", "all.Application.read", "integration.*", "all.Device", "devices.*"} <= set(named)
    assert set(named) <= set(scope_universe())
    assert set(NAMED_REFUSED_SCOPES) <= set(named)


@pytest.mark.parametrize("op_id", INTEGRATION_OPERATIONS)
def test_refused_scopes_are_the_universe_without_the_accepted_ones(op_id):
    refused, accepted = refused_scopes(op_id), accepted_scopes(op_id)
    assert not set(refused) & set(accepted)
    assert sorted(refused + accepted) == sorted(scope_universe())
    assert list(refused) == [scope for scope in scope_universe() if scope in refused]  # the universe's order


def test_the_particular_refusals_of_section_1_are_refused():
    assert "integrations.post" in refused_scopes("integrations.get")
    assert {"integrations.get", "all.Application.read", "all.Organization.read", "all.User.read"} <= set(
        refused_scopes("integrations.post")
    )
    for op in ("integrations.get", "integrations.post"):
        assert {"integration.*", "integration.get", "all.Device", "devices.*"} <= set(refused_scopes(op))


def test_a_token_can_be_had_for_every_scope_of_the_universe():
    """Minted for the application, or (the organisation and user scopes) supplied."""
    mintable = set(schema("Application API Token Post")["properties"]["scope"]["items"]["enum"])
    assert set(scope_universe()) <= mintable | set(UNMINTABLE_SCOPES)


@pytest.mark.parametrize("op_id", sorted(OPERATIONS))
def test_responses_are_the_documented_ones_plus_decided_ones(op_id):
    _, _, op = operations()[op_id]
    documented = documented_responses(op_id)
    assert set(op["responses"]) == set(documented) | ADDED_RESPONSES[op_id]
    for code, response in op["responses"].items():
        (media_type,) = response["content"]
        assert media_type == "application/json"
        title = component_title(response["content"][media_type]["schema"]["$ref"])
        if code not in documented:
            assert title == "Error"
        elif (op_id, code) in REPLACED_RESPONSE_TYPES:
            assert (documented[code], title) == REPLACED_RESPONSE_TYPES[(op_id, code)]
            assert response["x-documented-schema"] == documented[code]
        else:
            assert title == documented[code]


@pytest.mark.parametrize("op_id", sorted(OPERATIONS))
def test_request_bodies_are_the_documented_ones(op_id):
    _, _, op = operations()[op_id]
    title = FACTS["operations"][op_id]["request_body"]
    if title is None:
        assert "requestBody" not in op
        return
    assert op["requestBody"]["required"] is True
    assert component_title(op["requestBody"]["content"]["application/json"]["schema"]["$ref"]) == title


@pytest.mark.parametrize("op_id", sorted(OPERATIONS))
def test_query_parameters_are_the_documented_ones(op_id):
    _, _, op = operations()[op_id]
    params = {p["name"]: p for p in op.get("parameters", [])}
    rows = FACTS["operations"][op_id]["query_parameters"]
    assert set(params) == {row["Name"] for row in rows}
    for row in rows:
        param = params[row["Name"]]
        assert param["in"] == "query" and param["required"] is (row["Required"] == "Y")
        accepted = re.search(r"Accepted values are: ([\w, ]+)", row["Description"])
        if accepted:
            assert param["schema"]["enum"] == accepted[1].split(", ")
        if row["Default"]:
            expected = int(row["Default"]) if param["schema"]["type"] == "integer" else row["Default"]
            assert param["schema"]["default"] == expected
        else:
            assert "default" not in param["schema"]
        if "Blank or not provided means no filtering" in row["Description"]:
            assert param["allowEmptyValue"] is True


@pytest.mark.parametrize("op_id", ["integrations.get", "applicationApiTokens.get"])
def test_listing_query_bounds_follow_contract_decisions_section_3(op_id):
    _, _, op = operations()[op_id]
    params = {p["name"]: p for p in op["parameters"]}
    assert params["page"]["schema"] == {"type": "integer", "default": 0, "minimum": 0}
    assert params["perPage"]["schema"] == {
        "type": "integer",
        "default": 1000,
        "minimum": 1,
        "maximum": 1000,
    }
    assert params["filter"]["schema"] == {"type": "string"}
    # "A blank value (page=, sortField=) counts as absent, so the default applies."
    assert all(p["allowEmptyValue"] is True for p in params.values())


def test_loader_returns_the_file_on_disk():
    on_disk = json.loads((contracts.CONTRACTS_DIR / "openapi.json").read_text(encoding="utf-8"))
    assert openapi() == on_disk
