"""No token value reaches the terminal, the reports or any file a run writes, even when
checks fail: a scope fault makes scope checks fail with tokens in the failing exchange,
and dropped connections make the client's own frames show up in tracebacks. Nor when the
target echoes the token back (the mock's echo mode: in bodies, error messages, reason
phrases and headers), which puts it into exception text the suite never wrote itself.

The tokens: the mock's admin and scope tokens (handed to the suite as settings) and every
token the run mints (recorded as the mock mints them; the API never shows them again).
As a second net, anything shaped like a mock token (43 URL-safe characters) counts too.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import suite_process

from losant_contract import results
from losant_contract.mock import MockServer

#: secrets.token_urlsafe(32), as the mock's store mints: 43 characters of [A-Za-z0-9_-].
TOKEN_SHAPE = re.compile(
    r"(?<![A-Za-z0-9_-])(?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*[a-z])(?=[A-Za-z0-9_-]*[0-9])"
    r"[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])"
)
#: Hypothesis' @reproduce_failure('<version>', b'<blob>'): a base64 blob of its own choice
#: data that can be 43 URL-safe characters long too; it holds no token.
#: (Quoted as it is, or escaped for XML or JSON.)
REPRODUCE_BLOB = re.compile(r"@reproduce_failure\([^)]*\bb(?:'|&apos;|&#39;|\\')$")
FILES = ["suites/test_scopes.py", "suites/test_errors.py", "suites/test_read_after_write.py"]


def _places(tmp_path: Path, output: str) -> dict[str, str]:
    """Everything a person or a CI job could read after the run: name -> text."""
    places = {"terminal": output}
    for path in sorted(tmp_path.rglob("*")):
        if path.is_file():
            places[str(path.relative_to(tmp_path))] = path.read_bytes().decode("utf-8", errors="replace")
    return places


def _leaks(places: dict[str, str], secrets: set[str]) -> list[str]:
    found = []
    for where, text in places.items():
        for secret in secrets:
            if secret in text:
                at = text.index(secret)
                found.append(f"{where}: a token value: ...{text[max(0, at - 80) : at]}<HERE>")
        for match in TOKEN_SHAPE.finditer(text):
            before = text[max(0, match.start() - 80) : match.start()]
            if not match.group().startswith("lct-") and not REPRODUCE_BLOB.search(before):
                found.append(f"{where}: token-shaped {match.group()[:6]}...: ...{before}")
    return found


#: Faults that make checks fail quoting what the target sent: text error bodies, 5xx
#: bodies, 503 reason phrases (a TransportError's message), scope tokens in refusals.
ECHOED_FAULTS = ["errors-as-text", "malformed-json-500", "transport-503", "read-scope-can-write"]


@pytest.mark.parametrize(
    "faults, echo, files",
    [
        (["read-scope-can-write", "transport-drop"], False, FILES),
        (["any-scheme-accepted"], False, FILES),
        (ECHOED_FAULTS, True, ["suites"]),
    ],
    ids=["scope-and-drop", "any-scheme", "echoed-whole-suite"],
)
@pytest.mark.timeout(600)  # the echoed case runs the whole suite (about 110 s on 2 busy cores)
def test_failing_runs_leak_no_token(tmp_path, faults, echo, files):
    reports = tmp_path / "reports"
    with MockServer(faults=faults, foreign=3, echo=echo) as mock:
        minted: set[str] = set()
        mint = mock.store.mint

        def recording_mint(*args, **kwargs):
            token = mint(*args, **kwargs)
            minted.add(token.secret)
            return token

        mock.store.mint = recording_mint
        # Against a remote target, so in pytest-xdist workers (the default there): tokens reach
        # the workers and every writer of every process must hide them.
        env = suite_process.environment(mock, reports=reports, LOSANT_SEED="7")
        done = suite_process.run(
            [
                *files,
                f"--alluredir={reports / 'allure'}",
                f"--junitxml={reports / 'junit.xml'}",
                "-rA",
                "--tb=long",
                "--showlocals",
            ],
            env,
            timeout=400,
        )
    output = done.stdout + done.stderr
    assert done.returncode == 1, output[-3000:]  # the fault was noticed: checks failed
    assert "failed" in output and minted, "nothing failed or nothing was minted: the case is not tested"
    secrets = {mock.admin_token, *mock.scope_tokens.values(), *minted}
    # (a token may lack a digit or a capital, which the net above needs; 43 characters it has)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{43}", s) for s in secrets), "the mock's token format changed"
    printed = _summary_and_compare(reports, env)
    places = {**_places(tmp_path, output), **printed}
    assert any(where.endswith("results.json") for where in places), "the result file was not looked at"
    assert _leaks(places, secrets) == []
    if echo:  # the echoes did reach the exception text Allure and the result file write, redacted
        messages = [text for where, text in places.items() if where.endswith("-result.json")]
        assert any("answered 503 Service Unavailable $LOSANT_API_TOKEN" in text for text in messages)
        assert any("echo=$LOSANT_API_TOKEN" in text for text in messages)
        assert "$LOSANT_API_TOKEN" in next(text for where, text in places.items() if where.endswith("results.json"))
        shown = printed["summary, unescaped"]  # the echoes reached the summary too, redacted
        assert "echo=$LOSANT_API_TOKEN" in shown or "503 Service Unavailable $LOSANT_API_TOKEN" in shown


def _losant_contract(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "losant_contract", *args]
    return subprocess.run(command, cwd=suite_process.ROOT, env=env, capture_output=True, text=True, timeout=60)


def _summary_and_compare(reports: Path, env: dict[str, str]) -> dict[str, str]:
    """What `losant-contract summary` and `compare` print over the run, in the run's environment
    (its tokens set, as in the workflow): compare both ways against a copy of the run in which
    every check passed, so each failure's reason is printed (newly failing, then fixed). Also
    without Markdown's escapes, which could split a token the search would then miss."""
    passed = results.load(reports)
    passed.exit_status = 0
    for check in passed.checks:
        check.outcome, check.kind, check.rule, check.reason, check.curl = results.PASSED, None, None, "", None
        check.failed_after, check.waived = None, False
    all_passed = results.write(reports.parent / "all-passed", passed)
    summary = _losant_contract(["summary", str(reports)], env)
    newly = _losant_contract(["compare", str(all_passed), str(reports)], env)
    fixed = _losant_contract(["compare", str(reports), str(all_passed)], env)
    assert (summary.returncode, newly.returncode, fixed.returncode) == (0, 1, 0), summary.stderr + newly.stderr
    assert "### Failures (" in summary.stdout and "```sh\ncurl " in summary.stdout, summary.stdout[:2000]
    assert "### Newly failing (" in newly.stdout and "### Fixed since (" in fixed.stdout
    printed = {"summary": summary.stdout, "compare, newly failing": newly.stdout, "compare, fixed": fixed.stdout}
    printed |= {f"{where}, unescaped": text.replace("\\", "") for where, text in list(printed.items())}
    return printed | {"stderr of summary and compare": summary.stderr + newly.stderr + fixed.stderr}


def test_scrub_keeps_the_report_shape_and_drops_the_secret():
    from losant_contract import redact, scrub

    secret = "s3cr3t-Token-Value-For-Scrub-Test-0123456789"
    redact.register(secret, "<scrub test token>")

    def send(token):
        headers = {"Authorization": f"Bearer {token}"}  # noqa: F841 - shown by showlocals
        raise RuntimeError("no answer")

    with pytest.raises(RuntimeError) as raised:
        send(secret)
    shown = raised.getrepr(style="long", showlocals=True, funcargs=True)
    assert secret in str(shown)
    assert scrub.deep(shown) is shown and hasattr(shown, "addsection")
    assert secret not in str(shown) and "<scrub test token>" in str(shown)
