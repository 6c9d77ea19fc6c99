"""Build contracts/openapi.json from contracts/schemas/*.json.

    python contracts/build_openapi.py          # rewrite openapi.json
    python contracts/build_openapi.py --check  # exit 1 if openapi.json is out of date

The documented schemas are copied into components/schemas with the widenings that
contract-decisions.md allows (widenings.json) and without their draft-04 `$schema` line
(OpenAPI 3.1 reads schemas as JSON Schema 2020-12, which means the same for every keyword
they use; see README.md).
Operations, parameters and scopes come from the reference pages (pinned in
reference-facts.json) and docs/contract-decisions.md; tests/test_contracts.py checks them.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCHEMAS_DIR = HERE / "schemas"
OPENAPI_FILE = HERE / "openapi.json"

HEX24 = "^[A-Fa-f\\d]{24}$"
JSON = "application/json"


def component_name(path: Path) -> str:
    """integration-post.json -> IntegrationPost."""
    return "".join(part.capitalize() for part in path.stem.split("-"))


def components_schemas() -> dict:
    """Each schema as decided: documented, with contract-decisions.md's widenings (widenings.json)."""
    from losant_contract.contracts import SCHEMA_FILES, decided

    out = {}
    for title, filename in sorted(SCHEMA_FILES.items(), key=lambda item: item[1]):
        body = copy.deepcopy(decided(title))
        body.pop("$schema", None)
        out[component_name(SCHEMAS_DIR / filename)] = body
    return out


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def body(name: str, description: str) -> dict:
    return {"description": description, "content": {JSON: {"schema": ref(name)}}}


def error(description: str) -> dict:
    return body("Error", description)


def links(id_param: str, *op_ids: str) -> dict:
    """OpenAPI links from a 201 to the operations on the created resource (its body's `id`)."""
    return {
        op_id.replace(".", "_"): {
            "operationId": op_id,
            "parameters": {"applicationId": "$request.path.applicationId", id_param: "$response.body#/id"},
        }
        for op_id in op_ids
    }


AUTH_ERRORS = {
    "401": error("Missing or malformed Authorization header, or unknown token (contract-decisions.md section 1)"),
    "403": error(
        "The token has none of the accepted scopes; 401 is equally compliant (contract-decisions.md section 1)"
    ),
}


def path_param(name: str, description: str, example: str) -> dict:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": description,
        "schema": {"type": "string", "pattern": HEX24},
        "example": example,
    }


def query(name: str, description: str, schema: dict, blank_ok: bool = False) -> dict:
    """`blank_ok`: `name=` counts as absent (allowEmptyValue, so Schemathesis sends it as valid)."""
    param = {"name": name, "in": "query", "required": False, "description": description}
    if blank_ok:
        param["allowEmptyValue"] = True
    param["schema"] = schema
    return param


def listing_params(sort_fields: list[str], filter_fields: list[str]) -> list[dict]:
    """The query parameters of a Losant collection GET, per contract-decisions.md section 3.

    Enums and defaults are the page's; the bounds and "a blank value counts as absent"
    are section 3's (written for GET Integrations, applied to GET tokens too).
    """
    return [
        query(
            "sortField",
            "Field to sort the results by",
            {"type": "string", "enum": sort_fields, "default": "name"},
            True,
        ),
        query(
            "sortDirection",
            "Direction to sort the results by",
            {"type": "string", "enum": ["asc", "desc"], "default": "asc"},
            True,
        ),
        query("page", "Which page of results to return", {"type": "integer", "default": 0, "minimum": 0}, True),
        query(
            "perPage",
            "How many items to return per page",
            {"type": "integer", "default": 1000, "minimum": 1, "maximum": 1000},
            True,
        ),
        query(
            "filterField",
            "Field to filter the results by. Blank or not provided means no filtering.",
            {"type": "string", "enum": filter_fields},
            True,
        ),
        query(
            "filter",
            "Filter to apply against the filtered field. Supports globbing. Blank or not provided means no filtering.",
            {"type": "string"},
            True,
        ),
    ]


READ = [
    "all.Application",
    "all.Application.read",
    "all.Organization",
    "all.Organization.read",
    "all.User",
    "all.User.read",
]
WRITE = ["all.Application", "all.Organization", "all.User"]

APP = {"$ref": "#/components/parameters/applicationId"}
INTEGRATION = {"$ref": "#/components/parameters/integrationId"}
TOKEN = {"$ref": "#/components/parameters/apiTokenId"}


def operation(op_id, summary, doc, scopes, ok_code, ok, errors, parameters=(), request=None, extra=None):
    op = {
        "operationId": op_id,
        "summary": summary,
        "externalDocs": {"url": f"https://docs.losant.com/rest-api/{doc}"},
        "x-accepted-scopes": scopes,
    }
    if parameters:
        op["parameters"] = list(parameters)
    if request:
        name, title = request
        op["requestBody"] = {
            "required": True,
            "description": f"JSON that validates against {title}",
            "content": {JSON: {"schema": ref(name)}},
        }
    op["responses"] = {ok_code: ok, **errors, **AUTH_ERRORS}
    op["responses"] = dict(sorted(op["responses"].items()))
    if extra:
        op.update(extra)
    return op


def paths() -> dict:
    malformed = error("Error if malformed request")
    no_app = error("Error if application was not found")
    no_app_assumed = error(
        "Error if application was not found (contract-decisions.md section 2; not listed on the reference page)"
    )
    no_integration = error("Error if integration was not found")
    not_json = error(
        "Body not declared as application/json; 400 is equally compliant"
        " (contract-decisions.md section 4, for every operation with a body)"
    )
    return {
        "/applications/{applicationId}": {
            "parameters": [APP],
            "get": operation(
                "application.get",
                "Retrieves information on an application",
                "application/#get",
                READ + ["application.*", "application.get"],
                "200",
                body("Application", "Application information"),
                {"400": malformed, "404": no_app},
                parameters=[
                    query(
                        "summaryExclude",
                        "Comma seperated list of summary fields to exclude from application summary",
                        {"type": "string"},
                    ),
                    query(
                        "summaryInclude",
                        "Comma seperated list of summary fields to include in application summary",
                        {"type": "string"},
                    ),
                ],
            ),
        },
        "/applications/{applicationId}/integrations": {
            "parameters": [APP],
            "get": operation(
                "integrations.get",
                "Returns the integrations for an application",
                "integrations/#get",
                READ + ["integrations.*", "integrations.get"],
                "200",
                body("Integrations", "Collection of integrations"),
                {"400": malformed, "404": no_app},
                parameters=listing_params(
                    ["name", "id", "creationDate", "integrationType", "lastUpdated"], ["name", "integrationType"]
                ),
            ),
            "post": operation(
                "integrations.post",
                "Create a new integration for an application",
                "integrations/#post",
                WRITE + ["integrations.*", "integrations.post"],
                "201",
                {
                    **body("Integration", "Successfully created integration"),
                    "links": links("integrationId", "integration.get", "integration.patch", "integration.delete"),
                },
                {"400": malformed, "404": no_app, "415": not_json},
                request=("IntegrationPost", "Integration Post"),
            ),
        },
        "/applications/{applicationId}/integrations/{integrationId}": {
            "parameters": [APP, INTEGRATION],
            "get": operation(
                "integration.get",
                "Retrieves information on an integration",
                "integration/#get",
                READ + ["integration.*", "integration.get"],
                "200",
                body("Integration", "integration information"),
                {"400": malformed, "404": no_integration},
            ),
            "patch": operation(
                "integration.patch",
                "Updates information about an integration",
                "integration/#patch",
                WRITE + ["integration.*", "integration.patch"],
                "200",
                body("Integration", "Updated integration information"),
                {"400": malformed, "404": no_integration, "415": not_json},
                request=("IntegrationPatch", "Integration Patch"),
            ),
            "delete": operation(
                "integration.delete",
                "Deletes an integration",
                "integration/#delete",
                WRITE + ["integration.*", "integration.delete"],
                "200",
                body("Success", "If integration was successfully deleted"),
                {"400": malformed, "404": no_integration},
            ),
        },
        "/applications/{applicationId}/tokens": {
            "parameters": [APP],
            "get": operation(
                "applicationApiTokens.get",
                "Returns the API tokens for an application",
                "application-api-tokens/#get",
                READ + ["applicationApiTokens.*", "applicationApiTokens.get"],
                "200",
                {**body("ApiTokens", "Collection of API tokens"), "x-documented-schema": "API Token"},
                {"400": malformed, "404": no_app_assumed},
                parameters=listing_params(["name", "status", "id", "creationDate", "lastUpdated"], ["name", "status"]),
            ),
            "post": operation(
                "applicationApiTokens.post",
                "Create a new API token for an application",
                "application-api-tokens/#post",
                WRITE + ["applicationApiTokens.*", "applicationApiTokens.post"],
                "201",
                {
                    **body("ApiToken", "The successfully created API token"),
                    "links": links("apiTokenId", "applicationApiToken.delete"),
                },
                {"400": malformed, "404": no_app_assumed, "415": not_json},
                request=("ApplicationApiTokenPost", "Application API Token Post"),
            ),
        },
        "/applications/{applicationId}/tokens/{apiTokenId}": {
            "parameters": [APP, TOKEN],
            "delete": operation(
                "applicationApiToken.delete",
                "Deletes an API Token",
                "application-api-token/#delete",
                WRITE + ["applicationApiToken.*", "applicationApiToken.delete"],
                "200",
                body("Success", "If API token was successfully deleted"),
                {"400": malformed, "404": error("Error if API token was not found")},
            ),
        },
    }


def build() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Losant Integrations API (contract subset)",
            "version": "1.0.0",
            "description": (
                "The operations the losant-contract suite calls, with the documented Losant"
                " schemas (reference/schemas.md) and the decisions of"
                " contract-decisions.md. Generated by contracts/build_openapi.py;"
                " do not edit by hand. x-accepted-scopes: a token needs at least one."
            ),
        },
        "servers": [{"url": "https://api.losant.com"}],
        "security": [{"bearerAuth": []}],
        "paths": paths(),
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Authorization: Bearer <api access token>",
                },
            },
            "parameters": {
                "applicationId": path_param(
                    "applicationId", "ID associated with the application", "575ec8687ae143cd83dc4a97"
                ),
                "integrationId": path_param(
                    "integrationId", "ID associated with the integration", "575ed78e7ae143cd83dc4aab"
                ),
                "apiTokenId": path_param("apiTokenId", "ID associated with the API token", "575ec7417ae143cd83dc4a95"),
            },
            "schemas": components_schemas(),
        },
    }


def render() -> str:
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        current = OPENAPI_FILE.read_text(encoding="utf-8") if OPENAPI_FILE.exists() else ""
        if current != text:
            print(f"{OPENAPI_FILE} is out of date: run python {Path(__file__).name}")
            return 1
        return 0
    OPENAPI_FILE.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
