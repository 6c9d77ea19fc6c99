"""The job summary (`losant-contract summary`): a run's results.json (and drift.json) as the
Markdown a person reads first on the CI run's page. Built here from results written through
losant_contract.results, so every fixture is a file a run could have written."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from losant_contract import redact, results, summary
from losant_contract.results import CheckResult, RunResult
from losant_contract.vocabulary import NO_VERDICT, ORDER

ROOT = Path(__file__).resolve().parents[1]
SECRET = "Summary-Test-Secret-0123456789abcdefABCDEF_x"  # registered below, as the suite registers tokens
CURL = (
    "curl -X POST https://staging.example.com/applications/a/integrations -H 'Authorization: Bearer $LOSANT_API_TOKEN'"
)


def check(name: str, outcome: str = results.PASSED, kind: str | None = None, **more: object) -> CheckResult:
    return CheckResult(f"suites/test_scopes.py::{name}", more.pop("area", "scopes"), outcome, kind, **more)


def a_run(*checks: CheckResult, **more: object) -> RunResult:
    fields: dict[str, object] = {
        "target": "https://staging.example.com",
        "application_id": "575ec8687ae143cd83dc4a97",
        "profile": "release",
        "seed": 1234,
        "suite_version": "0.1.0",
        "started": "2026-12-04T03:17:00+00:00",
        "seconds": 812.5,
        "exit_status": 1 if any(c.failed for c in checks) else 0,
        "workers": 6,
        "requests_by_area": {"setup": 5, "scopes": 140, "cleanup": 30},
    }
    fields.update(more)
    return RunResult(**fields, checks=list(checks))


def written(tmp_path: Path, run: RunResult, drift: dict | None = None) -> Path:
    """`run` as a run writes it (held to the schema), with `drift` as drift.json beside it."""
    results.write(tmp_path, run)
    if drift is not None:
        (tmp_path / "drift.json").write_text(json.dumps(drift))
    return tmp_path


def drift_document(run: RunResult, *findings: dict, generated: str = "2026-12-04T03:30:00+00:00") -> dict:
    return {
        "format": 1,
        "run": {"generated": generated, "target": run.target, "profile": run.profile, "seed": run.seed},
        "previous": None,
        "compared": False,
        "summary": {
            "findings": len(findings),
            "new": sum(bool(f.get("new")) for f in findings),
            "breaking": 0,
            "gone": 0,
        },
        "findings": list(findings),
        "gone": [],
    }


FAILED = [
    check("test_drift", results.FAILED, "contract drift", rule="sorted by name", reason="b before a", failed_after=9.0),
    check(
        "test_leak[all.Application.read]",
        results.FAILED,
        "scope leak",
        rule="POST with a read scope must be refused",
        reason="expected 401 or 403, got 201",
        curl=CURL,
        failed_after=30.0,
    ),
    check("test_gateway", results.ERROR, "transport error", reason="no answer: 504 from the gateway", failed_after=1.0),
]


def test_the_first_line_says_pass_or_fail_target_profile_seed_and_counts():
    failed = a_run(check("test_a"), *FAILED, check("test_s", results.SKIPPED, reason="no token"))
    first = summary.markdown(failed, None).splitlines()[0]
    assert first == (
        "## Contract run FAILED (exit 1): https://staging.example.com, profile release, LOSANT_SEED=1234: "
        "1 passed, 2 failed, 1 errors, 1 skipped"
    )
    assert summary.markdown(a_run(check("test_a")), None).startswith("## Contract run PASSED (exit 0): ")
    assert summary.headline(a_run(exit_status=2)).startswith("## Contract run INTERRUPTED (exit 2)")
    assert "LOSANT_SEED=unknown" in summary.headline(a_run(seed=None))


def test_a_run_that_judged_nothing_says_so_whatever_its_exit_status():
    """Workers that crash in their set-up can end a run with exit 0 and no check at all."""
    lines = summary.markdown(a_run(exit_status=0), None).splitlines()
    assert lines[0].startswith("## Contract run PASSED (exit 0)") and lines[0].endswith(
        "0 passed, 0 failed, 0 errors, 0 skipped"
    )
    assert lines[2].startswith("**No check ran: this run judged nothing**")
    assert "No check ran" not in summary.markdown(a_run(check("test_a")), None)


def test_every_verdict_kind_is_counted_in_the_vocabularys_order():
    shown = summary.markdown(a_run(*FAILED), None)
    rows = [line for line in shown.splitlines() if line.startswith("| ") and line.split(" | ")[0][2:] in _titles()]
    assert [row.split(" | ")[0][2:] for row in rows] == _titles()
    counts = {row.split(" | ")[0][2:]: int(row.split(" | ")[1]) for row in rows}
    assert counts["scope leak"] == counts["contract drift"] == 1
    assert counts["transport error (no verdict on the API)"] == 1 and counts["server error"] == 0


def _titles() -> list[str]:
    return [f"{k.title} (no verdict on the API)" if k in NO_VERDICT else k.title for k in ORDER]


def test_each_failure_has_its_kind_rule_reason_and_curl_worst_kind_first():
    shown = summary.markdown(a_run(*FAILED), None)
    leak, drift, gateway = (
        shown.index(f"#### `suites/test_scopes.py::{n}") for n in ("test_leak", "test_drift", "test_gateway")
    )
    assert leak < drift < gateway  # scope leak before contract drift, though it failed later
    block = shown[leak:drift]
    assert "- verdict: **scope leak** (failed 30 s into the run; area scopes)" in block
    assert "- rule: POST with a read scope must be refused" in block
    assert "- reason: expected 401 or 403, got 201" in block
    assert f"```sh\n{CURL}\n```" in block
    assert "error in its set-up 1 s into the run" in shown[gateway:]


def test_markup_in_what_the_target_said_stays_text():
    nasty = check(
        "test_x",
        results.FAILED,
        "contract drift",
        reason="<img src=x onerror=alert(1)> | [link](http://evil) **bold** `tick`",
        curl="curl -d '```'",
    )
    shown = summary.markdown(a_run(nasty), None)
    assert not re.search(r"(?<!\\)<img", shown) and "\\<img src=x onerror=alert(1)\\>" in shown
    assert "\\| \\[link\\](http://evil) \\*\\*bold\\*\\* \\`tick\\`" in shown
    assert "````sh\ncurl -d '```'\n````" in shown  # a fence the curl line cannot close


def test_no_secret_reaches_the_summary():
    """results.json is redacted when written; the summary redacts again whatever it shows."""
    redact.register(SECRET, "<summary test token>")
    leaky = check(
        "test_x",
        results.FAILED,
        "server error",
        rule=f"rule {SECRET}",
        reason=f"echo={SECRET} and Bearer unregistered-token-value",
        curl=f"curl -H 'Authorization: Bearer {SECRET}'",
    )
    run = a_run(leaky, leftovers=[f"token 1 {SECRET!r}"], outside=[f"cleanup {SECRET}"], invariants={SECRET: 1})
    shown = summary.markdown(run, drift_document(run, _finding(seen=SECRET)))
    assert SECRET not in shown and "unregistered-token-value" not in shown
    assert shown.count("<summary test token>") + shown.count("\\<summary test token\\>") >= 5


def test_skips_are_grouped_with_their_reason_and_waivers_marked():
    skips = [
        check("test_org[GET]", results.SKIPPED, reason="no all.Organization token", waived=True),
        check("test_org[POST]", results.SKIPPED, reason="no all.Organization token", waived=True),
        check("test_second_app", results.SKIPPED, reason="LOSANT_SECOND_APPLICATION_ID is not set", area="isolation"),
    ]
    run = a_run(*skips, waived=["all.Organization"], unwaived_skips=[skips[2].nodeid], exit_status=1)
    shown = summary.markdown(run, None)
    assert "### Skipped (3)" in shown
    assert "Waived (LOSANT_WAIVE_SCOPES): all.Organization: their checks may skip." in shown
    assert "**Profile release must not skip: 1 skipped check(s) no waiver names fail the run**" in shown
    assert "| `test_scopes.py::test_org` | 2 | no all.Organization token | waived |" in shown
    assert (
        "| `test_scopes.py::test_second_app` | 1 | LOSANT\\_SECOND\\_APPLICATION\\_ID is not set | fails the gate |"
        in shown
    )


def test_invariants_the_clean_up_the_pace_and_leftovers():
    run = a_run(
        invariants={"every answer is JSON": 3},
        outside=["DELETE token answered 500 during the clean-up"],
        leftovers=["integration 6b0a00000000000000000001 'lct-202612040317-abcdef-c-a': DELETE answered None"],
        rate_limited=12,
        waited_seconds=34.5,
    )
    shown = summary.markdown(run, None)
    assert "| every answer is JSON | 3 |" in shown
    assert "Outside any check (these fail the run):\n\n- DELETE token answered 500 during the clean-up" in shown
    assert "### Left behind (1)" in shown and "lct-202612040317-abcdef-c-a" in shown
    assert "Requests: 175 (setup 5, scopes 140, cleanup 30); 429s met: 12, waited 34.5 s (never a verdict)." in shown
    quiet = summary.markdown(a_run(), None)
    assert "No invariant broken." in quiet and "Nothing broke outside a check." in quiet
    assert "Nothing: everything the run created was deleted." in quiet and "### Failures\n\nNone." in quiet


def _finding(**more: object) -> dict:
    finding = {
        "key": "k",
        "aspect": "enum",
        "breaking": True,
        "operation": "GET Integrations",
        "status": 200,
        "where": "items[].integrationType",
        "seen": "azureIotHub",
        "documented": "mqtt, ...",
        "count": 4,
        "example": "GET /x -> 200",
        "check": "suites/test_schema.py::test_list",
        "new": True,
    }
    return {**finding, **more}


def test_drift_comes_last_as_a_short_table_or_zero_findings():
    run = a_run()
    assert summary.markdown(run, None).rstrip().endswith("No drift report (drift.json) beside results.json.")
    none = summary.markdown(run, drift_document(run))
    assert "**0 findings, 0 new, 0 gone; 0 break documented behaviour.**" in none
    some = summary.markdown(run, drift_document(run, _finding()))
    assert some.index("### Drift") > some.index("### Left behind")
    row = "| **NEW** | value outside the documented list (breaking) | GET Integrations | 200 |"
    assert f"{row} items\\[\\].integrationType |" in some and "| azureIotHub | mqtt, ... | 4 |" in some


def test_a_drift_json_another_run_left_is_not_shown_as_this_ones():
    """The workflow restores the previous run's drift.json; a run that wrote none must not show it."""
    run = a_run()
    stale = drift_document(run, _finding(), generated="2026-12-03T03:30:00+00:00")
    shown = summary.markdown(run, stale)
    assert "is another run's (2026-12-03T03:30:00+00:00)" in shown and "azureIotHub" not in shown
    assert "another run's" in summary.markdown(run, {**drift_document(run), "run": {**stale["run"], "seed": 9}})


def test_a_long_list_of_failures_is_cut_to_what_a_page_holds():
    many = [check(f"test_{i}", results.FAILED, "transport error", reason="no answer") for i in range(300)]
    shown = summary.markdown(a_run(*many), None)
    assert shown.count("#### `") == summary.DETAILED
    assert f"The other {300 - summary.DETAILED}:" in shown
    assert f"... and {300 - summary.DETAILED - summary.LISTED} more (results.json has them all)." in shown


def test_the_command_reads_the_reports_directory_of_the_settings(tmp_path, monkeypatch, capsys):
    run = a_run(*FAILED)
    written(tmp_path / "r", run, drift_document(run))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LOSANT_REPORTS_DIR", str(tmp_path / "r"))
    assert summary.main([]) == 0
    out = capsys.readouterr().out
    assert out == summary.markdown(run, drift_document(run)) and "0 findings" in out
    monkeypatch.delenv("LOSANT_REPORTS_DIR")
    assert summary.main([]) == 2  # ./reports, which holds no results.json
    assert summary.main([str(tmp_path / "r" / "results.json")]) == 0  # the file itself, drift beside it
    assert "0 findings" in capsys.readouterr().out


@pytest.mark.parametrize(
    "content, said",
    [(None, "no results file (did the run start?)"), ("{not json", "not a readable results file"), ("{}", "format 1")],
    ids=["missing", "garbage", "not-ours"],
)
def test_a_missing_or_unreadable_results_file_is_one_line_and_exit_2(tmp_path, capsys, content, said):
    if content is not None:
        (tmp_path / "results.json").write_text(content)
    assert summary.main([str(tmp_path)]) == summary.UNREADABLE == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1 and said in err and err.startswith("losant-contract summary: ")


def test_as_a_command_in_a_fresh_process(tmp_path):
    """`losant-contract summary DIR`, as the workflow runs it: exit 0, Markdown on stdout only."""
    written(tmp_path, a_run(*FAILED))
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOSANT_")}
    done = subprocess.run(
        [sys.executable, "-m", "losant_contract", "summary", str(tmp_path)],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert done.stdout.startswith("## Contract run FAILED (exit 1): https://staging.example.com")
