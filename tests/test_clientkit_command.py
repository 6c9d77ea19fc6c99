"""`losant-contract clients run`: terminal, JUnit and Allure under the "Client acceptance"
epic with each call attached; exit 1 when a scenario fails; one line for a bad adapter."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ADAPTERS = ROOT / "tests" / "clientkit_adapters.py"


def clients(*args: str, reports: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "losant_contract.clientkit", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={**__import__("os").environ, "LOSANT_REPORTS_DIR": str(reports)},
    )


def test_run_reports_verdicts_in_terminal_junit_and_allure(tmp_path):
    only = ["--only", "delete", "--only", "walk all pages", "--only", "get"]
    done = clients("run", "--adapter", f"{ADAPTERS}:SendsBodyOnDelete", *only, reports=tmp_path)
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr[-2000:]
    assert "1 failed, 2 passed" in done.stdout
    assert "where the contract has none" in done.stdout
    junit = ET.parse(tmp_path / "clients" / "junit.xml").getroot()
    cases = {case.get("name"): case for case in junit.iter("testcase")}
    assert set(cases) == {"delete", "walk all pages", "get"}
    assert cases["delete"].find("failure") is not None and cases["get"].find("failure") is None
    results = [json.loads(p.read_text()) for p in (tmp_path / "clients" / "allure-results").glob("*-result.json")]
    by_name = {result["name"]: result for result in results}
    assert {label["value"] for r in results for label in r["labels"] if label["name"] == "epic"} == {
        "Client acceptance"
    }
    assert by_name["delete"]["status"] == "failed" and by_name["get"]["status"] == "passed"
    attached = (tmp_path / "clients" / "allure-results" / by_name["delete"]["attachments"][0]["source"]).read_text()
    assert '"DELETE /applications/' in attached and "Bearer $LOSANT_API_TOKEN" in attached


def test_not_supported_is_a_skip_with_its_reason(tmp_path):
    done = clients("run", "--adapter", f"{ADAPTERS}:HidesErrorStatus", "--only", "walk all pages", reports=tmp_path)
    assert done.returncode == 0 and "1 passed" in done.stdout  # the reference pager claims "walk"
    done = clients("run", "--command", f"{sys.executable} -c pass", reports=tmp_path)
    assert done.returncode != 0 and "exited" in done.stderr and "Traceback" not in done.stderr


def test_list_schema_and_bad_arguments(tmp_path):
    listed = clients("list", reports=tmp_path)
    assert listed.returncode == 0 and "no repeated create after 503" in listed.stdout
    schema = json.loads(clients("schema", reports=tmp_path).stdout)
    assert schema["title"].startswith("losant-contract client adapter protocol")
    bad = clients("run", "--adapter", "nowhere.py:Nothing", reports=tmp_path)
    assert bad.returncode != 0 and "--adapter: no file nowhere.py" in bad.stderr and "Traceback" not in bad.stderr
    unknown = clients("run", "--adapter", f"{ADAPTERS}:ReferenceAdapter", "--only", "nope", reports=tmp_path)
    assert unknown.returncode == 2 and "unknown scenario 'nope'" in unknown.stderr
