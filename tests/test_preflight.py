"""Preflight: before any check, one line that says what is wrong with the target and which
setting fixes it, instead of a wall of failures; and it leaves nothing behind."""

from __future__ import annotations

import json
import socket
import threading
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import suite_process

from losant_contract.client import ApiClient
from losant_contract.ledger import run_prefix
from losant_contract.mock import MockServer
from losant_contract.preflight import PreflightError, preflight
from losant_contract.target import Target
from losant_contract.verdicts import Kind, kind_of

UNKNOWN_APP = "0123456789abcdef01234567"


@pytest.fixture(scope="module")
def mock():
    with MockServer(foreign=3) as server:
        yield server


def _check(url: str, application_id: str, token: str) -> None:
    api = ApiClient(url, token, timeout=5, retries=0)
    try:
        preflight(api, Target(url, application_id, token), run_prefix())
    finally:
        api.close()


def _minted(mock, scopes: list[str]) -> str:
    api = ApiClient(mock.url, mock.admin_token)
    return api.post(
        f"/applications/{mock.application_id}/tokens", json={"name": "preflight test", "scope": scopes}
    ).json()["token"]


def _refusal(url, application_id, token) -> str:
    with pytest.raises(PreflightError) as raised:
        _check(url, application_id, token)
    message = str(raised.value)
    assert "\n" not in message and token not in message
    return message


def test_a_usable_target_passes_and_keeps_nothing(mock):
    _check(mock.url, mock.application_id, mock.admin_token)
    integrations, tokens = suite_process.everything(mock)
    assert suite_process.run_named(integrations + tokens) == []


def test_each_problem_names_its_setting(mock):
    assert "LOSANT_API_TOKEN was rejected (401" in _refusal(
        mock.url, mock.application_id, "preflight-unknown-token-0000"
    )
    assert "LOSANT_APPLICATION_ID" in _refusal(mock.url, UNKNOWN_APP, mock.admin_token)
    no_read = _minted(mock, ["integrations.get"])
    assert "may not read application" in _refusal(mock.url, mock.application_id, no_read)
    read_only = _minted(mock, ["all.Application.read"])
    assert "cannot create integrations" in _refusal(mock.url, mock.application_id, read_only)
    no_tokens = _minted(mock, ["application.get", "integrations.post", "integration.delete"])
    assert "cannot create API tokens" in _refusal(mock.url, mock.application_id, no_tokens)
    integrations, _ = suite_process.everything(mock)
    assert suite_process.run_named(integrations) == []  # the integration it made on the way was deleted


class _NotLosant(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's name
        body = b"<html>a web site</html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_not_a_losant_api_and_no_server_at_all():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _NotLosant)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}"
        assert "not a Losant application: check LOSANT_API_URL" in _refusal(
            url, UNKNOWN_APP, "preflight-other-token-0000"
        )
    finally:
        httpd.shutdown()
        httpd.server_close()
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]  # bound, never listening: refused
        assert "cannot reach" in _refusal(f"http://127.0.0.1:{port}", UNKNOWN_APP, "preflight-other-token-0000")


def test_the_suite_stops_before_any_check(mock, tmp_path):
    env = suite_process.environment(mock, reports=tmp_path, LOSANT_APPLICATION_ID=UNKNOWN_APP)
    done = suite_process.run(["suites/test_schema.py", "-q"], env, timeout=120)
    output = done.stdout + done.stderr
    assert done.returncode == 4, output[-2000:]  # pytest's usage error: nothing was judged
    assert "PreflightError" in output and "LOSANT_APPLICATION_ID" in output and "passed" not in output
    assert mock.admin_token not in output


@pytest.mark.parametrize(
    "fault, broken",
    [("delete-answers-204", "DELETE integrations just created"), ("create-not-stored", "DELETE integrations just")],
)
def test_a_contract_break_is_returned_not_blamed_on_the_token(fault, broken):
    """A 204 for DELETE, or a 404 for what was created a moment before, is the API's fault."""
    with MockServer(faults=[fault]) as faulty:
        api = ApiClient(faulty.url, faulty.admin_token, timeout=5, retries=0)
        found = preflight(api, Target(faulty.url, faulty.application_id, faulty.admin_token), run_prefix())
        api.close()
    assert [kind_of(violation) for violation in found] == [Kind.CONTRACT_DRIFT]
    assert found[0].rule.startswith(broken) and "LOSANT_API_TOKEN" not in str(found[0])


def test_a_contract_break_fails_the_run_as_a_check_in_junit_and_allure(tmp_path):
    """Exit 1 (a failed check), not 4 (a usage error); the failure is in JUnit and Allure with
    its verdict."""
    env = suite_process.environment(reports=tmp_path, LOSANT_MOCK_FAULTS="delete-answers-204")
    done = suite_process.run(["suites/test_preflight.py", "suites/test_schema.py", "-q"], env, timeout=120)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output[-2000:]
    assert "PreflightError" not in output and "cannot delete" not in output and "all.Application" not in output
    failed = {
        case.get("name"): case.find("failure").get("message", "")
        for case in ET.parse(tmp_path / "junit.xml").iter("testcase")
        if case.find("failure") is not None
    }
    assert list(failed) == ["test_preflight_round_trips_keep_the_contract"], failed
    assert "expected 200, got 204" in failed["test_preflight_round_trips_keep_the_contract"]
    results = [json.loads(p.read_text()) for p in (tmp_path / "allure-results").glob("*-result.json")]
    preflight_result = next(r for r in results if r["name"] == "test_preflight_round_trips_keep_the_contract")
    assert preflight_result["status"] == "failed"
    assert Kind.CONTRACT_DRIFT.line in preflight_result["statusDetails"]["trace"]
    assert "curl" in output  # the reproduce section
