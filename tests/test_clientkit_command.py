"""`losant-contract clients run`: terminal, JUnit and Allure under the "Client acceptance"
epic with each call attached; exit 1 when a scenario fails; one line for a bad adapter."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from losant_contract.clientkit.cli import main

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
    done = clients("run", "--adapter", f"{ADAPTERS}:SendsBodyOnDeleteWithoutPager", *only, reports=tmp_path)
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr[-2000:]
    assert "1 failed, 1 passed, 1 skipped" in done.stdout
    assert "target: the kit's embedded recording mock" in done.stdout
    assert "where the contract has none" in done.stdout
    table = done.stdout[done.stdout.index("client acceptance") :]
    assert re.search(r"walk all pages +not supported .* no pager of its own", table)
    assert "1 fail, 1 not supported, 1 pass" in table
    junit = ET.parse(tmp_path / "clients" / "junit.xml").getroot()
    cases = {case.get("name"): case for case in junit.iter("testcase")}
    assert set(cases) == {"delete", "walk all pages", "get"}
    assert cases["delete"].find("failure") is not None and len(cases["get"]) == 0
    assert "not supported by this client (walk)" in cases["walk all pages"].find("skipped").get("message")
    results = [json.loads(p.read_text()) for p in (tmp_path / "clients" / "allure-results").glob("*-result.json")]
    by_name = {result["name"]: result for result in results}
    assert {label["value"] for r in results for label in r["labels"] if label["name"] == "epic"} == {
        "Client acceptance"
    }
    assert [by_name[name]["status"] for name in ("delete", "walk all pages", "get")] == ["failed", "skipped", "passed"]
    attached = (tmp_path / "clients" / "allure-results" / by_name["delete"]["attachments"][0]["source"]).read_text()
    assert '"DELETE /applications/' in attached and "Bearer $LOSANT_API_TOKEN" in attached


def test_a_claimed_operation_that_is_missing_is_an_adapter_error_here_too(tmp_path):
    """The plugin judges as runner.run does (tests/test_clientkit_judge.py): one judge."""
    only = ["--only", "walk all pages"]
    done = clients("run", "--adapter", f"{ADAPTERS}:ClaimsWalkWithoutPager", *only, reports=tmp_path)
    assert done.returncode == 1, done.stdout[-2000:] + done.stderr[-2000:]
    reason = "adapter error: not implemented: this client does not walk pages itself"
    table = done.stdout[done.stdout.index("client acceptance") :]
    assert re.search(rf"walk all pages +fail .* {reason}", table)
    failure = ET.parse(tmp_path / "clients" / "junit.xml").getroot().find(".//failure")
    assert failure is not None and failure.get("message").startswith(reason)
    (result,) = [json.loads(p.read_text()) for p in (tmp_path / "clients" / "allure-results").glob("*-result.json")]
    assert result["status"] == "broken"  # no verdict on the client


def test_an_adapter_that_dies_at_start_is_one_line(tmp_path):
    done = clients("run", "--command", f"{sys.executable} -c pass", reports=tmp_path)
    assert done.returncode != 0 and "exited" in done.stderr and "Traceback" not in done.stderr


def test_list_schema_and_bad_arguments(tmp_path, capsys):
    assert main(["list"]) == 0 and "no repeated create after 503" in capsys.readouterr().out
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["title"].startswith("losant-contract client adapter protocol")
    assert main(["run", "--adapter", f"{ADAPTERS}:ReferenceAdapter", "--only", "nope"]) == 2
    assert "unknown scenario 'nope'" in capsys.readouterr().err
    bad = clients("run", "--adapter", "nowhere.py:Nothing", reports=tmp_path)  # found in the pytest process
    assert bad.returncode != 0 and "--adapter: no file nowhere.py" in bad.stderr and "Traceback" not in bad.stderr


def test_reports_go_to_the_option_then_the_setting_then_reports_in_the_cwd(tmp_path, monkeypatch, capsys):
    from losant_contract.clientkit import cli

    started: list[list[str]] = []
    monkeypatch.setattr(cli.subprocess, "call", lambda command: started.append(command) or 0)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LOSANT_PROFILE", "nightly")  # malformed, and none of this command's business
    run = ["run", "--adapter", f"{ADAPTERS}:ReferenceAdapter"]

    def reports_of(command: list[str]) -> Path:
        return Path(command[command.index("--rootdir") + 1])

    monkeypatch.delenv("LOSANT_REPORTS_DIR", raising=False)
    assert main(run) == 0 and reports_of(started[-1]) == tmp_path / "reports" / "clients"
    monkeypatch.setenv("LOSANT_REPORTS_DIR", str(tmp_path / "from-setting"))
    assert main(run) == 0 and reports_of(started[-1]) == tmp_path / "from-setting" / "clients"
    assert main([*run, "--reports", "from-option"]) == 0
    assert reports_of(started[-1]) == tmp_path / "from-option" / "clients"
    monkeypatch.setenv("LOSANT_REPORTS_DIR", "reports\x1b[31m")
    assert main(run) == 4 and len(started) == 3  # a bad setting, as from every command
    assert capsys.readouterr().err.strip().startswith("SettingsError: LOSANT_REPORTS_DIR")
