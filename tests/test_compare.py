"""`losant-contract compare OLD NEW`: which checks newly fail, which are fixed, which changed
verdict kind between two runs, from their results.json files, as Markdown; exit 1 when
something newly fails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from losant_contract import compare, redact, results
from losant_contract.results import CheckResult, RunResult

ROOT = Path(__file__).resolve().parents[1]
FAILED, ERROR, PASSED, SKIPPED = results.FAILED, results.ERROR, results.PASSED, results.SKIPPED


def a_run(checks: dict[str, tuple[str, str | None]], **more: object) -> RunResult:
    """A run whose checks are name -> (outcome, verdict kind)."""
    fields: dict[str, object] = {
        "target": "https://staging.example.com",
        "application_id": "575ec8687ae143cd83dc4a97",
        "profile": "drift",
        "seed": 7,
        "suite_version": "0.1.0",
        "started": "2026-12-04T03:17:00+00:00",
        "seconds": 600.0,
        "exit_status": 1 if any(outcome in (FAILED, ERROR) for outcome, _ in checks.values()) else 0,
        "workers": 6,
    }
    fields.update(more)
    made = [
        CheckResult(f"suites/test_x.py::{name}", "schema", outcome, kind, reason=f"why {name}")
        for name, (outcome, kind) in checks.items()
    ]
    return RunResult(**fields, checks=made)


LAST_NIGHT = a_run(
    {
        "test_was_passing": (PASSED, None),
        "test_was_skipped": (SKIPPED, None),
        "test_fixed": (FAILED, "contract drift"),
        "test_turned_leak": (FAILED, "contract drift"),
        "test_still": (ERROR, "transport error"),
        "test_now_skipped": (FAILED, "server error"),
        "test_gone": (FAILED, "contract drift"),
        "test_steady": (PASSED, None),
    },
    started="2026-12-03T03:17:00+00:00",
)
TONIGHT = a_run(
    {
        "test_was_passing": (FAILED, "contract drift"),
        "test_was_skipped": (ERROR, "set-up error"),
        "test_new": (FAILED, "scope leak"),
        "test_fixed": (PASSED, None),
        "test_turned_leak": (FAILED, "scope leak"),
        "test_still": (ERROR, "transport error"),
        "test_now_skipped": (SKIPPED, None),
        "test_steady": (PASSED, None),
    }
)


def names(changes: list[compare.Change]) -> list[str]:
    return [change.nodeid.split("::")[1] for change in changes]


def test_each_check_lands_in_one_list():
    found = compare.compare(LAST_NIGHT, TONIGHT)
    assert names(found.newly_failing) == ["test_new", "test_was_passing", "test_was_skipped"]  # worst kind first
    assert [(c.before, c.new_kind) for c in found.newly_failing] == [
        ("absent", "scope leak"),
        ("passed", "contract drift"),
        ("skipped", "set-up error"),
    ]
    assert names(found.fixed) == ["test_fixed"] and found.fixed[0].reason == "why test_fixed"
    assert names(found.kind_changed) == ["test_turned_leak"]
    assert (found.kind_changed[0].old_kind, found.kind_changed[0].new_kind) == ("contract drift", "scope leak")
    assert names(found.not_judged) == ["test_gone", "test_now_skipped"]  # failed, then not judged: not fixed
    assert found.still_failing == 1


def test_the_markdown_says_what_changed():
    shown = compare.markdown(LAST_NIGHT, TONIGHT, compare.compare(LAST_NIGHT, TONIGHT))
    assert shown.splitlines()[0] == (
        "## Since the previous run: 3 newly failing, 1 fixed, 1 changed kind, 1 still failing"
    )
    assert "Previous: https://staging.example.com, profile drift, started 2026-12-03T03:17:00+00:00" in shown
    assert "| scope leak | `suites/test_x.py::test_new` | absent | why test\\_new |" in shown
    assert "| contract drift | `suites/test_x.py::test_was_passing` | passed | why test\\_was\\_passing |" in shown
    assert "### Fixed since (1)" in shown and "| `suites/test_x.py::test_fixed` | contract drift | why" in shown
    assert "| `suites/test_x.py::test_turned_leak` | contract drift | scope leak | why" in shown
    assert "### Failed before, not judged now (2)" in shown and "| server error | skipped |" in shown
    assert "differ" not in shown and "right way round" not in shown


def test_nothing_changed_is_said_plainly():
    found = compare.compare(TONIGHT, TONIGHT)
    assert not (found.newly_failing or found.fixed or found.kind_changed or found.not_judged)
    shown = compare.markdown(TONIGHT, TONIGHT, found)
    assert shown.startswith("## Since the previous run: 0 newly failing, 0 fixed, 0 changed kind, 5 still failing")
    assert shown.count("None.") == 3


def test_runs_against_other_targets_or_in_the_wrong_order_are_flagged():
    elsewhere = a_run({}, target="https://other.example.com", started="2026-12-05T00:00:00+00:00")
    shown = compare.markdown(elsewhere, TONIGHT, compare.compare(elsewhere, TONIGHT))
    assert "**The runs differ in target**" in shown and "**OLD started after NEW**" in shown


def test_no_secret_in_the_comparison():
    secret = "Compare-Test-Secret-0123456789abcdefABCDEF_"
    redact.register(secret, "<compare test token>")
    old = a_run({"test_a": (PASSED, None)})
    new = a_run({"test_a": (FAILED, "server error")}, target=f"https://x.example.com/{secret}")
    new.checks[0].reason = f"500 echo={secret} Bearer some-unregistered-credential"
    shown = compare.markdown(old, new, compare.compare(old, new))
    assert secret not in shown and "some-unregistered-credential" not in shown and "compare test token" in shown


def test_the_command_exits_1_when_something_newly_fails(tmp_path, capsys):
    results.write(tmp_path / "old", LAST_NIGHT)
    results.write(tmp_path / "new", TONIGHT)
    assert compare.main([str(tmp_path / "old"), str(tmp_path / "new" / "results.json")]) == 1
    assert capsys.readouterr().out.startswith("## Since the previous run: 3 newly failing")
    assert compare.main([str(tmp_path / "new"), str(tmp_path / "new")]) == 0
    fixed_only = a_run({"test_fixed": (PASSED, None)})
    results.write(tmp_path / "fixed", fixed_only)
    assert compare.main([str(tmp_path / "old"), str(tmp_path / "fixed")]) == 0


@pytest.mark.parametrize("which", ["old", "new"])
def test_an_unreadable_file_is_one_line_and_exit_2(tmp_path, capsys, which):
    results.write(tmp_path / "good", TONIGHT)
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "results.json").write_text("[1, 2")
    argv = [str(tmp_path / "bad"), str(tmp_path / "good")] if which == "old" else [str(tmp_path / "good"), "nowhere"]
    assert compare.main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.splitlines()) == 1 and err.startswith("losant-contract compare: ")
    assert ("not a readable results file" if which == "old" else "no results file") in err


def test_as_a_command_in_a_fresh_process(tmp_path):
    results.write(tmp_path / "old", LAST_NIGHT)
    results.write(tmp_path / "new", TONIGHT)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOSANT_")}
    done = subprocess.run(
        [sys.executable, "-m", "losant_contract", "compare", "old", "new"],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1 and done.stderr == "", done.stderr
    assert "### Newly failing (3)" in done.stdout
