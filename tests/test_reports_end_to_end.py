"""The suite's reports, read as their readers read them: no token anywhere in them, the
drift report marks only what is new, and the HTML shows every check by resource and
area with its exchanges, and the same totals as the run.

Each test runs the real suite in a subprocess against a standalone mock started here,
so it knows the tokens the suite was given and can look for them in every file."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.request import urlopen

import pytest
from reportkit import (
    PROJECT,
    browse,
    build_report,
    files_containing,
    missing_tools,
    plant,
    run_suite,
    served,
)

from losant_contract import report, results
from losant_contract.mock import MockServer
from losant_contract.mock.faults import CONTROLS, FAULTS

AREAS = (
    "schema",
    "scopes",
    "sorting",
    "filtering",
    "pagination",
    "validation",
    "errors",
    "read-after-write",
    "model",
    "boundaries",
    "isolation",
    "ownership",
    "types",
)
SCREENSHOTS = PROJECT / "reports" / "screenshots"


def secrets_of(mock: MockServer) -> list[str]:
    return [mock.admin_token, *mock.scope_tokens.values()]


@pytest.fixture(scope="module")
def clean_run(tmp_path_factory):
    """The whole suite against a compliant mock, reports in a temporary directory."""
    reports = tmp_path_factory.mktemp("clean") / "reports"
    with MockServer() as mock:
        started = time.monotonic()
        done = run_suite(mock, reports, "suites", "-x")
        yield {"reports": reports, "done": done, "secrets": secrets_of(mock), "seconds": time.monotonic() - started}


@pytest.fixture(scope="module")
def clean_html(clean_run):
    """The HTML report of the clean run, built once (seconds it took), or None without the CLI."""
    if report.allure_cli() is None:
        return None
    started = time.monotonic()
    built = build_report(clean_run["reports"])
    assert built.returncode == 0, built.stderr[-2000:]
    return time.monotonic() - started


def totals(reports: Path) -> dict[str, int]:
    """The run's counts as results.json holds them."""
    outcomes = results.load(reports).outcomes()
    return {
        "tests": sum(outcomes.values()),
        "failures": outcomes["failed"],
        "errors": outcomes["error"],
        "skipped": outcomes["skipped"],
    }


def test_clean_run_writes_every_report(clean_run):
    reports = clean_run["reports"]
    allure = reports / "allure-results"
    assert list(allure.glob("*-result.json")), clean_run["done"].stdout[-2000:]
    for name in ("environment.properties", "categories.json"):
        assert (allure / name).is_file(), name
    assert (reports / "junit.xml").is_file() and (reports / "drift.json").is_file() and (reports / "drift.md").is_file()
    assert results.load(reports).exit_status == clean_run["done"].returncode
    environment = (allure / "environment.properties").read_text()
    for key in ("target", "application.id", "profile", "seed", "suite.version", "contract.version"):
        assert re.search(rf"^{re.escape(key)} = .+$", environment, re.M), key


def test_no_token_reaches_results_or_report(clean_run, clean_html):
    """The admin token and the scope tokens the suite was given appear in no file it wrote,
    nor in the HTML built from them (when the Allure CLI is here to build it)."""
    reports = clean_run["reports"]
    assert files_containing(reports, clean_run["secrets"]) == []
    assert "$LOSANT_API_TOKEN" in "".join(p.read_text() for p in (reports / "allure-results").glob("*-attachment.txt"))


def scope_fault() -> str | None:
    """A mock fault that lets a token through that must be refused, if the mock has one."""
    preferred = [name for name in ("read-scope-can-write", "post-scope-can-get") if name in FAULTS]
    return (preferred or [None])[0]


def test_planted_failure_attaches_the_exchange_and_still_no_token(tmp_path):
    """A failing run attaches the failing exchange, its verdict and how to reproduce it,
    with tokens redacted: a scope fault of the mock when it has one, else planted drift."""
    fault = scope_fault()
    with MockServer(faults=[fault] if fault else []) as mock:
        if fault is None:
            plant(mock, integrationType="azureIotHub")
        done = run_suite(mock, tmp_path, "suites/test_scopes.py" if fault else "suites/test_schema.py")
        secrets = secrets_of(mock)
    assert done.returncode == 1, done.stdout[-2000:]
    results = tmp_path / "allure-results"
    failed = [json.loads(p.read_text()) for p in results.glob("*-result.json")]
    failed = [r for r in failed if r["status"] in ("failed", "broken") and r["name"] != "Drift report"]
    assert failed
    verdict = "scope leak" if fault else "contract drift"
    assert any(f"verdict: {verdict}" in r["statusDetails"].get("trace", "") for r in failed)
    names = {a["name"] for r in failed for step in r.get("steps", []) for a in step.get("attachments", [])}
    names |= {a["name"] for r in failed for a in r.get("attachments", [])}
    assert {"request", "response", "curl", "how to reproduce"} <= names
    if report.allure_cli() is not None:
        assert build_report(tmp_path).returncode == 0
        categories = json.loads((tmp_path / "allure-report" / "data" / "categories.json").read_text())
        [category] = [c for c in categories.get("children", []) if c["name"] == verdict.capitalize()]
        if missing_tools() is None:  # the page a release manager opens first for a failure
            with served(tmp_path / "allure-report") as base:
                group = category["children"][0]
                shown = browse(
                    f"{base}/index.html#categories/{group['uid']}/{group['children'][0]['uid']}",
                    SCREENSHOTS / "allure-failure.png",
                )
            assert "verdict:" in shown and "how to reproduce" in shown
    assert files_containing(tmp_path, secrets) == []


def drift_rows(reports: Path) -> dict[str, bool]:
    """where -> marked new, from the drift.md table."""
    rows = {}
    for line in (reports / "drift.md").read_text().splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 9 and cells[4].startswith("items[]"):
            rows[f"{cells[4]}={cells[5]}"] = cells[0] == "**NEW**"
    return rows


def test_planted_drift_is_listed_and_only_new_items_are_marked_new(tmp_path):
    """An extra enum value and an undocumented field show in drift.md, marked new; on the next
    run against the same target only what was added since is new. The enum value fails the run."""
    with MockServer() as mock:
        plant(mock, integrationType="azureIotHub", shinyNewField={"a": 1})
        first = run_suite(mock, tmp_path, "suites/test_schema.py")
        after_first = drift_rows(tmp_path)
        plant(mock, anotherNewField=True)
        second = run_suite(mock, tmp_path, "suites/test_schema.py")
        after_second = drift_rows(tmp_path)
    assert first.returncode == 1 and "drift: 2 findings, 2 new, 1 breaking" in first.stdout, first.stdout[-2000:]
    assert second.returncode == 1 and "drift: 3 findings, 1 new, 1 breaking" in second.stdout, second.stdout[-2000:]
    assert after_first == {"items[].integrationType=azureIotHub": True, "items[].shinyNewField=object": True}
    assert after_second == {
        "items[].integrationType=azureIotHub": False,
        "items[].shinyNewField=object": False,
        "items[].anotherNewField=boolean": True,
    }
    document = json.loads((tmp_path / "drift.json").read_text())
    assert document["compared"] and document["summary"]["new"] == 1
    [entry] = [
        json.loads(p.read_text())
        for p in (tmp_path / "allure-results").glob("*-result.json")
        if json.loads(p.read_text())["name"].startswith("Drift report")
    ]
    assert entry["status"] == "failed" and {a["name"] for a in entry["attachments"]} == {"drift.md", "drift.json"}


def test_undocumented_fields_are_reported_not_failed(tmp_path):
    """The mock's "extra-fields" control (compliant: the schemas allow extra fields) passes
    the checks, and drift.md lists the fields, none of them breaking."""
    if "extra-fields" not in CONTROLS:
        pytest.skip("the mock has no extra-fields control")
    with MockServer(faults=["extra-fields"]) as mock:
        done = run_suite(mock, tmp_path, "suites/test_schema.py", "suites/test_read_after_write.py")
    assert done.returncode == 0, done.stdout[-2000:]
    document = json.loads((tmp_path / "drift.json").read_text())
    assert document["findings"] and {e["aspect"] for e in document["findings"]} == {"field"}
    assert document["summary"]["breaking"] == 0 and "undocumented field" in (tmp_path / "drift.md").read_text()


def test_html_report_in_headless_chromium(clean_run, clean_html):
    """The HTML, served over http and opened in headless Chromium, shows the run's totals,
    every check grouped by resource and area, and a check's request and response."""
    reason = missing_tools()
    if reason:
        pytest.skip(reason)
    reports = clean_run["reports"]
    started = time.monotonic()
    counted = totals(reports)
    drift_entry = 1  # the Drift report entry the run adds to the Allure results
    behaviours = json.loads((reports / "allure-report" / "data" / "behaviors.json").read_text())
    with served(reports / "allure-report") as base:
        overview = browse(f"{base}/index.html", SCREENSHOTS / "allure-overview.png")
        assert f"{counted['tests'] + drift_entry} test cases" in overview, overview[:600]
        tree = browse(f"{base}/index.html#behaviors")
        status = re.search(r"Status: (\d+) (\d+) (\d+) (\d+) (\d+)", tree)
        failed, broken, passed, skipped, _ = map(int, status.groups())
        assert failed + broken == counted["failures"] + counted["errors"]
        assert skipped == counted["skipped"]
        assert passed == counted["tests"] - counted["failures"] - counted["errors"] - counted["skipped"] + drift_entry
        epics = {node["name"]: node for node in behaviours["children"]}
        assert {"Integrations", "Integration", "Drift"} <= set(epics) and all(name in tree for name in epics)
        resources = (epics["Integrations"], epics["Integration"])
        shown_areas = {feature["name"] for epic in resources for feature in epic["children"]}
        assert set(AREAS) <= shown_areas
        group, check = _a_check(epics["Integrations"], "scopes")
        page = browse(f"{base}/index.html#behaviors/{group}/{check}", SCREENSHOTS / "allure-check.png")
        for word in ("request", "response", "curl", "application/json", "Links", "Severity"):
            assert word in page, word
        decision = _a_link(reports, "decision: ")
        assert decision.startswith("decisions.html#")
        assert f'id="{decision.split("#")[1]}"' in urlopen(f"{base}/{decision}").read().decode()
        assert _a_link(reports, "docs: ").startswith("https://docs.losant.com/rest-api/")
    print(
        f"suite run {clean_run['seconds']:.1f}s, report build {clean_html:.1f}s, "
        f"chromium checks {time.monotonic() - started:.1f}s"
    )


def _a_link(reports: Path, prefix: str) -> str:
    """The URL of the first link named `prefix`... in the report's test cases."""
    for path in (reports / "allure-report" / "data" / "test-cases").glob("*.json"):
        for link in json.loads(path.read_text()).get("links", []):
            if link.get("name", "").startswith(prefix):
                return link["url"]
    raise AssertionError(f"no link named {prefix}...")


def _a_check(epic: dict, area: str) -> tuple[str, str]:
    """(uid of the story, uid of its first check) for a check of `area`."""
    feature = next(node for node in epic["children"] if node["name"] == area)
    story = feature["children"][0]
    return story["uid"], story["children"][0]["uid"]
