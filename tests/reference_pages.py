"""Read the facts the self-tests hold our contracts to out of Losant's reference pages.

The pages live outside the repository (../shared/reference when the team's shared folder
is beside the checkout), so the facts are pinned in contracts/reference-facts.json, each
with the page it comes from. The self-tests use the pinned copy; one of them re-reads the
pages, when they are there, and fails when they no longer say what was pinned.

    python tests/reference_pages.py ../shared/reference   # rewrite the pinned facts
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REFERENCE = SHARED / "reference"
DECISIONS = SHARED / "contract-decisions.md"
FACTS_FILE = ROOT / "contracts" / "reference-facts.json"

# operationId -> (reference page, action heading): the operations in scope, and nothing else.
OPERATIONS = {
    "integrations.get": ("integrations.md", "Get"),
    "integrations.post": ("integrations.md", "Post"),
    "integration.get": ("integration.md", "Get"),
    "integration.patch": ("integration.md", "Patch"),
    "integration.delete": ("integration.md", "Delete"),
    "applicationApiTokens.get": ("application-api-tokens.md", "Get"),
    "applicationApiTokens.post": ("application-api-tokens.md", "Post"),
    "applicationApiToken.delete": ("application-api-token.md", "Delete"),
    "application.get": ("application.md", "Get"),
}


def sections(markdown: str, level: int) -> dict[str, str]:
    """Body of every heading of `level` (## or ###), keyed by the title without its anchor."""
    marks = "#" * level
    parts = re.split(rf"^{marks} (.+)$", markdown, flags=re.M)
    titled = {}
    for title, body in zip(parts[1::2], parts[2::2], strict=True):
        title = re.sub(r"\s*<a name=.*$", "", title).strip()
        assert title not in titled, f"heading {marks} {title} appears twice"
        titled[title] = body
    return titled


def json_block(text: str) -> str:
    blocks = re.findall(r"^```json\n(.*?)\n```$", text, flags=re.S | re.M)
    assert len(blocks) == 1, f"expected one ```json block, found {len(blocks)}"
    return blocks[0]


def table(text: str) -> list[dict[str, str]]:
    rows = [line for line in text.splitlines() if line.startswith("|")]
    head = [cell.strip() for cell in rows[0].strip("|").split("|")]
    return [dict(zip(head, (c.strip() for c in row.strip("|").split("|")), strict=False)) for row in rows[2:]]


class Pages:
    """The reference pages in one directory, read as the facts the self-tests need."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def text(self, page: str) -> str:
        return (self.directory / page).read_text(encoding="utf-8")

    def action(self, op_id: str) -> dict[str, str]:
        page, heading = OPERATIONS[op_id]
        return sections(sections(self.text(page), 2)[heading], 3)

    def schema_sections(self) -> dict[str, dict[str, str]]:
        return {title: sections(body, 3) for title, body in sections(self.text("schemas.md"), 2).items()}

    def scopes(self, op_id: str) -> list[str]:
        text = self.action(op_id)["Authentication"]
        listed = re.search(r"one of the following scopes:\s*\n(.+?)\.\s*$", text, flags=re.S)
        assert listed, f"no scope list in the Authentication section of {OPERATIONS[op_id]}"
        return [s.strip() for s in re.split(r",\s*(?:or\s+)?", listed.group(1).strip())]

    def responses(self, op_id: str) -> dict[str, str]:
        """Status code -> schema title, from the Successful and Error Responses tables."""
        found = {}
        for heading in ("Successful Responses", "Error Responses"):
            for row in table(self.action(op_id)[heading]):
                title = re.fullmatch(r"\[(.+?)\]\(schemas\.md#[\w-]+\)", row["Type"])
                assert title, f"{op_id}: response type {row['Type']!r} names no schema"
                found[row["Code"]] = title[1]
        return found

    def request_body(self, op_id: str) -> str | None:
        request = self.action(op_id).get("Request Body")
        if request is None:
            return None
        title = re.search(r"\[(.+?)\]\(schemas\.md#", request)
        assert title, f"{op_id}: the Request Body section names no schema"
        return title[1]

    def query_parameters(self, op_id: str) -> list[dict[str, str]]:
        return table(self.action(op_id).get("Request Query Parameters", "|Name|\n|-|\n"))

    def request_body_examples(self) -> list[dict[str, Any]]:
        """Every Request Body example on the pages: page, action, schema title, example."""
        found = []
        for page in sorted(p.name for p in self.directory.glob("*.md")):
            for heading, body in sections(self.text(page), 2).items():
                request = sections(body, 3).get("Request Body")
                if request is None:
                    continue
                title = re.search(r"against\s+the \[(.+?)\]\(schemas\.md#[\w-]+\) schema", request)
                assert title, f"{page} {heading}: the Request Body section names no schema"
                found.append(
                    {"page": page, "action": heading, "schema": title[1], "example": json.loads(json_block(request))}
                )
        return found

    def anchors(self) -> dict[str, list[str]]:
        return {
            page.name: re.findall(r'<a name="([^"]+)">', page.read_text(encoding="utf-8"))
            for page in sorted(self.directory.glob("*.md"))
        }

    def schema_text(self, title: str) -> str:
        """The `### Schema` block of `title` as written (contracts/schemas/ holds it byte for byte)."""
        return json_block(self.schema_sections()[title]["Schema"]) + "\n"

    def facts(self) -> dict[str, Any]:
        """Everything the self-tests check against, as JSON-ready data (the schemas themselves
        are pinned as contracts/schemas/*.json)."""
        schemas = self.schema_sections()
        return {
            "source": "Losant REST API reference pages (docs.losant.com/rest-api), as pinned in reference/",
            "anchors": self.anchors(),
            "schemas": {
                title: {"page": "schemas.md", "example": json.loads(json_block(parts["Example"]))}
                for title, parts in schemas.items()
                if "Schema" in parts
            },
            "operations": {
                op_id: {
                    "page": page,
                    "action": heading,
                    "scopes": self.scopes(op_id),
                    "responses": self.responses(op_id),
                    "request_body": self.request_body(op_id),
                    "query_parameters": self.query_parameters(op_id),
                }
                for op_id, (page, heading) in OPERATIONS.items()
            },
            "request_body_examples": self.request_body_examples(),
        }


def render(facts: dict[str, Any]) -> str:
    return json.dumps(facts, indent=2, ensure_ascii=False) + "\n"


def pinned() -> dict[str, Any]:
    """The facts as pinned in the repository."""
    return json.loads(FACTS_FILE.read_text(encoding="utf-8"))


if __name__ == "__main__":
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else REFERENCE
    FACTS_FILE.write_text(render(Pages(source).facts()), encoding="utf-8")
    print(f"wrote {FACTS_FILE.relative_to(ROOT)} from {source}")
