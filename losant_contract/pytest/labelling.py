"""How a check is filed in the report: resource (epic), area (feature), check (story),
severity, and what it rests on (a tag and a link to the doc section or the decision).

A release manager reads the report by resource and area, and must be able to click
through to the sentence of the docs, or of contract-decisions.md, that a check holds
the API to. Pure functions of the check's markers; the plugin in reporting.py applies them.
"""

from __future__ import annotations

from collections.abc import Iterable

from losant_contract import decisions_page
from losant_contract.settings import load
from losant_contract.vocabulary import SEVERITIES, Kind, area_severity

DOCS = "https://docs.losant.com/rest-api/{page}/#{anchor}"
#: Resource a decision section is about (by its number); absent: decided by what the check called.
DECISION_PAGES = {
    "1": "integrations",
    "3": "integrations",
    "4": "integrations",
    "5": "integration",
    "7": "integrations",
}
DEFAULT_PAGE = "integrations"


def resource(page: str) -> str:
    """'application-api-tokens' -> 'Application API Tokens' (the title of the reference page)."""
    return " ".join("API" if word == "api" else word.capitalize() for word in page.split("-"))


def page_of(documented: str | None, assumed: str | None, pages_called: Iterable[str]) -> str:
    """The reference page a check belongs to: its documented page; for a decision, the one
    resource the check called if it called only one, else the page the section is about."""
    if documented:
        return documented.split(".md", 1)[0]
    called = set(pages_called)
    if len(called) == 1:
        return called.pop()
    number = (assumed or "").split(".", 1)[0]
    return DECISION_PAGES.get(number, DEFAULT_PAGE)


def doc_link(section: str) -> str:
    """'integrations.md#get-query-params' -> the Losant docs URL of that section."""
    page, _, anchor = section.partition("#")
    return DOCS.format(page=page.removesuffix(".md"), anchor=anchor)


def decision_link(section: str) -> str:
    """The URL of a contract-decisions.md section: under LOSANT_DECISIONS_URL if set (where the
    team publishes the page), else the copy the report command puts beside the HTML report."""
    base = load().decisions_url or decisions_page.PAGE
    return f"{base}#{decisions_page.anchor(section)}"


def story(function_name: str) -> str:
    """'test_get_refuses_scope' -> 'Get refuses scope'."""
    words = function_name.removeprefix("test_").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def severity(area: str, failure: Kind | None = None) -> str:
    """The check's severity by its area, raised to its failure's (a scope leak is a blocker
    wherever it is found)."""
    by_area = area_severity(area)
    if failure is None:
        return by_area
    return min(by_area, failure.severity, key=SEVERITIES.index)
