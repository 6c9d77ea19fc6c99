"""The release profile is a policy in code: it refuses to start where it would pass on skips
(no second application; no token for a scope Losant will not mint, unless waived), and a
skip no waiver names fails it; quick and drift keep skipping, with reasons."""

from __future__ import annotations

import pytest
import suite_process

from losant_contract import policy, results
from losant_contract.contracts import UNMINTABLE_SCOPES
from losant_contract.mock import MockServer
from losant_contract.profiles import PROFILES
from losant_contract.settings import SettingsError, load
from losant_contract.target import Target

RELEASE, QUICK = PROFILES["release"], PROFILES["quick"]
SECOND = "b" * 24
EVERY_TOKEN = {scope: f"token-{n}" for n, scope in enumerate(UNMINTABLE_SCOPES)}


def target(second: str | None = SECOND, tokens: dict[str, str] | None = None) -> Target:
    return Target("https://staging.example.com", "a" * 24, "t" * 32, tokens or {}, second_application_id=second)


def test_only_the_release_profile_is_a_gate():
    assert [name for name, profile in PROFILES.items() if profile.gate] == ["release"]
    assert policy.refusal(QUICK, target(second=None), ()) is None


def test_release_refuses_to_start_without_a_second_application():
    refused = policy.refusal(RELEASE, target(second=None, tokens=EVERY_TOKEN), ())
    assert refused is not None and "LOSANT_SECOND_APPLICATION_ID" in refused and "\n" not in refused


def test_release_refuses_to_start_without_the_unmintable_scopes_unless_waived():
    refused = policy.refusal(RELEASE, target(), ())
    assert refused is not None and "LOSANT_SCOPE_TOKEN_ALL_USER_READ" in refused and "LOSANT_WAIVE_SCOPES" in refused
    assert policy.refusal(RELEASE, target(tokens=EVERY_TOKEN), ()) is None
    assert policy.refusal(RELEASE, target(), UNMINTABLE_SCOPES) is None
    some = {scope: token for scope, token in EVERY_TOKEN.items() if scope.startswith("all.User")}
    partly = policy.refusal(RELEASE, target(tokens=some), ())
    assert partly is not None and "all.Organization" in partly and "all.User" not in partly.split("needs")[1]


def test_a_waiver_names_only_scopes_losant_will_not_mint():
    with pytest.raises(SettingsError, match="LOSANT_WAIVE_SCOPES may name only"):
        load({"LOSANT_WAIVE_SCOPES": "integrations.get"}, dotenv_path=None)
    assert load({"LOSANT_WAIVE_SCOPES": "all.User, all.User.read"}, dotenv_path=None).waive_scopes == (
        "all.User",
        "all.User.read",
    )


def test_a_skip_no_waiver_names_fails_a_gate_only():
    checks = [
        results.CheckResult("a", "scopes", results.SKIPPED, reason="waived", waived=True),
        results.CheckResult("b", "isolation", results.SKIPPED, reason="no second application"),
        results.CheckResult("c", "sorting", results.PASSED),
    ]
    assert policy.unwaived_skips(RELEASE, checks) == ["b"]
    assert policy.unwaived_skips(QUICK, checks) == []


def test_release_without_a_second_application_exits_4_in_one_line(tmp_path):
    with MockServer() as mock:
        env = suite_process.environment(mock, reports=tmp_path, LOSANT_PROFILE="release")
        env["LOSANT_SECOND_APPLICATION_ID"] = ""
        done = suite_process.run(["suites/test_schema.py", "-q"], env, timeout=120)
    assert done.returncode == 4, done.stdout + done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "LOSANT_SECOND_APPLICATION_ID" in lines[0], done.stderr


def test_release_with_a_waiver_skips_what_it_names_and_says_so(tmp_path):
    with MockServer() as mock:
        env = suite_process.environment(
            mock, reports=tmp_path, LOSANT_PROFILE="release", LOSANT_WAIVE_SCOPES="all.User,all.User.read"
        )
        env.update(LOSANT_SCOPE_TOKEN_ALL_USER="", LOSANT_SCOPE_TOKEN_ALL_USER_READ="")
        done = suite_process.run(["suites/test_scopes.py"], env, timeout=300)  # not -q: the header
    assert done.returncode == 0, done.stdout[-3000:]
    assert "waived (LOSANT_WAIVE_SCOPES): the checks of all.User, all.User.read may skip" in done.stdout
    run = results.load(tmp_path)
    skipped = [check for check in run.checks if check.outcome == results.SKIPPED]
    assert skipped and all(check.waived and "waived" in check.reason for check in skipped)
    assert run.waived == ["all.User", "all.User.read"] and run.unwaived_skips == []
