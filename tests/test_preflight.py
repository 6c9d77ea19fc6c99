"""Preflight: before any check, one line that says what is wrong with the target and which
setting fixes it, instead of a wall of failures; and it leaves nothing behind."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import suite_process

from losant_contract import redact, results
from losant_contract.client import ApiClient
from losant_contract.ledger import run_prefix
from losant_contract.mock import MockServer
from losant_contract.preflight import PreflightError, preflight
from losant_contract.target import Target
from losant_contract.verdicts import kind_of
from losant_contract.vocabulary import Kind

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


def test_a_contract_break_fails_the_run_as_a_check_in_the_results_and_allure(tmp_path):
    """Exit 1 (a failed check), not 4 (a usage error); the failure is in results.json and
    Allure with its verdict."""
    env = suite_process.environment(reports=tmp_path, LOSANT_MOCK_FAULTS="delete-answers-204")
    done = suite_process.run(["suites/test_preflight.py", "suites/test_schema.py", "-q"], env, timeout=120)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output[-2000:]
    assert "PreflightError" not in output and "cannot delete" not in output and "all.Application" not in output
    failed = {check.check: check for check in results.load(tmp_path).failures()}
    assert list(failed) == ["test_preflight.py::test_preflight_round_trips_keep_the_contract"], failed
    check = failed["test_preflight.py::test_preflight_round_trips_keep_the_contract"]
    assert check.kind == Kind.CONTRACT_DRIFT.title and "expected 200, got 204" in check.reason
    allure = [json.loads(p.read_text()) for p in (tmp_path / "allure-results").glob("*-result.json")]
    preflight_result = next(r for r in allure if r["name"] == "test_preflight_round_trips_keep_the_contract")
    assert preflight_result["status"] == "failed"
    assert Kind.CONTRACT_DRIFT.line in preflight_result["statusDetails"]["trace"]
    assert "curl" in output  # the reproduce section


class _Redirecting(BaseHTTPRequestHandler):
    """Every request: `server.status` (302 to the same path on `server.location`, or 401 as a
    Losant API answers a request without a token); the paths it got in `server.seen`."""

    def do_GET(self):  # noqa: N802 - http.server's name
        self.server.seen.append(self.path)
        self.send_response(self.server.status)
        self.send_header("Location", f"{self.server.location}{self.path}")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_redirect_is_named_not_blamed_on_the_token(mock):
    """Followed across hosts, the token was dropped and the preflight said
    'LOSANT_API_TOKEN was rejected (401 ...)'. Now nothing is followed and the line says where
    the target points."""
    elsewhere = ThreadingHTTPServer(("127.0.0.1", 0), _Redirecting)
    elsewhere.seen, elsewhere.location, elsewhere.status = [], "", 401
    front = ThreadingHTTPServer(("127.0.0.1", 0), _Redirecting)
    front.seen, front.location, front.status = [], f"http://127.0.0.1:{elsewhere.server_address[1]}", 302
    for httpd in (front, elsewhere):
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        message = _refusal(f"http://127.0.0.1:{front.server_address[1]}", mock.application_id, mock.admin_token)
    finally:
        for httpd in (front, elsewhere):
            httpd.shutdown()
            httpd.server_close()
    assert "LOSANT_API_URL answers with a redirect (302 to 'http://127.0.0.1:" in message
    assert "LOSANT_API_TOKEN" not in message
    assert len(front.seen) == 1 and elsewhere.seen == []


class _EchoingSite(BaseHTTPRequestHandler):
    """A web site, not an API, whose Content-Type echoes the request's Authorization."""

    def do_GET(self):  # noqa: N802 - http.server's name
        body = b"<html>debug build</html>"
        self.send_response(200)
        self.send_header("Content-Type", f"text/html; sent={self.headers.get('Authorization')}")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_an_echoed_token_stays_out_of_the_preflight_line():
    """The line quotes the Content-Type, which a hostile or debug target fills with the token."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _EchoingSite)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    token = "preflight-echoed-token-0123456789abcdef"
    redact.register(token, "$LOSANT_API_TOKEN")  # as ApiClient does for the token it is given
    try:
        message = _refusal(f"http://127.0.0.1:{httpd.server_address[1]}", UNKNOWN_APP, token)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert "not a Losant application" in message and "sent=Bearer $LOSANT_API_TOKEN" in message
