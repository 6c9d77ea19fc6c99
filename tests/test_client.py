"""The client: retries only what is safe, bounds every request, counts and shows exchanges."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from losant_contract.client import ApiClient, DeadlinePassed, Redirected, TransportError
from losant_contract.verdicts import kind_of
from losant_contract.vocabulary import Kind


class Scripted(BaseHTTPRequestHandler):
    """Answers each request with the next (status, headers, delay) of the server's script."""

    protocol_version = "HTTP/1.1"
    body = b'{"ok": true}'

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.server.seen.append((self.command, self.headers.get("Authorization")))
        status, headers, delay = self.server.script.pop(0) if self.server.script else (200, {}, 0)
        time.sleep(delay)
        body = self.body
        self.send_response(status)
        for name, value in {"Content-Type": "application/json", "Content-Length": str(len(body)), **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PATCH = do_DELETE = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Scripted)
    httpd.daemon_threads = True
    httpd.script, httpd.seen = [], []
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def client(server, **kwargs):
    return ApiClient(f"http://127.0.0.1:{server.server_address[1]}", "tok-client-test", backoff=0, **kwargs)


def test_get_is_retried_on_503_with_retry_after(server):
    server.script = [(503, {"Retry-After": "0"}, 0), (200, {}, 0)]
    api = client(server)
    assert api.get("/x").status_code == 200
    assert [method for method, _ in server.seen] == ["GET", "GET"]


def test_post_is_not_retried_on_503_and_gets_no_verdict(server):
    server.script = [(503, {}, 0), (200, {}, 0)]
    with pytest.raises(TransportError, match="answered 503"):
        client(server).post("/x", json={})
    assert len(server.seen) == 1


@pytest.mark.parametrize("method", ["PATCH", "DELETE", "POST"])
@pytest.mark.parametrize("status", [502, 503, 504])
def test_a_write_answered_by_a_gateway_is_sent_once_and_gets_no_verdict(server, method, status):
    """The server may have acted before the gateway answered: a repeat's answer (a 404 after
    a DELETE that went through) would be judged in place of the lost one."""
    server.script = [(status, {"Retry-After": "0"}, 0), (404, {}, 0)]
    with pytest.raises(TransportError, match=f"answered {status}"):
        client(server).request(method, "/x", json={})
    assert [m for m, _ in server.seen] == [method]


@pytest.mark.parametrize("method", ["PATCH", "DELETE"])
def test_a_lost_answer_to_a_write_is_not_repeated(server, method):
    server.script = [(200, {}, 3), (404, {}, 0)]
    with pytest.raises(TransportError, match="no answer"):
        client(server, timeout=0.3).request(method, "/x", json={})
    time.sleep(0.1)
    assert [m for m, _ in server.seen] == [method]


@pytest.mark.parametrize("method", ["POST", "PATCH", "DELETE"])
def test_a_write_is_retried_on_429_which_did_nothing(server, method):
    server.script = [(429, {"Retry-After": "0"}, 0), (200, {}, 0)]
    assert client(server).request(method, "/x", json={}).status_code == 200
    assert [m for m, _ in server.seen] == [method, method]


def test_a_rate_limit_that_outlasts_the_checks_deadline_gets_no_verdict(server):
    """A 429 is waited out and sent again however often it comes (decisions §9), until the
    check's deadline: then no verdict, and nothing more is sent."""
    server.script = [(429, {"Retry-After": "0"}, 0)] * 10_000
    api = client(server)
    api.deadline = time.monotonic() + 0.3
    with pytest.raises(DeadlinePassed, match="no verdict") as raised:
        api.get("/x")
    assert kind_of(raised.value) is Kind.TRANSPORT
    assert len(server.seen) > 3 and api.meter.rate_limited >= len(server.seen) - 1
    sent = len(server.seen)
    with pytest.raises(DeadlinePassed, match="not sent"):
        api.get("/x")
    assert len(server.seen) == sent


def test_a_429_without_retry_after_backs_off_and_is_metered(server):
    server.script = [(429, {}, 0), (429, {}, 0), (200, {}, 0)]
    api = client(server)
    started = time.monotonic()
    assert api.get("/x").status_code == 200
    assert time.monotonic() - started >= 1.5  # 0.5 s, then 1 s
    assert api.meter.rate_limited == 2 and api.meter.waited == pytest.approx(1.5)


def test_retry_after_is_honoured(server):
    server.script = [(429, {"Retry-After": "1"}, 0), (201, {}, 0)]
    api = client(server)
    started = time.monotonic()
    assert api.post("/x", json={}).status_code == 201
    assert time.monotonic() - started >= 1.0 and api.meter.waited == pytest.approx(1.0)


def test_post_is_retried_on_429(server):
    server.script = [(429, {"Retry-After": "0"}, 0), (201, {}, 0)]
    assert client(server).post("/x", json={}).status_code == 201
    assert len(server.seen) == 2


def test_retries_run_out_into_a_transport_error(server):
    server.script = [(503, {}, 0)] * 10
    with pytest.raises(TransportError, match="no contract verdict"):
        client(server, retries=2).get("/x")
    assert len(server.seen) == 3


def test_a_500_is_the_apis_answer_not_a_transport_error(server):
    server.script = [(500, {}, 0)]
    assert client(server).get("/x").status_code == 500
    assert len(server.seen) == 1


def test_a_hung_server_is_a_transport_error(server):
    server.script = [(200, {}, 3)] * 3
    with pytest.raises(TransportError, match="no answer"):
        client(server, timeout=0.2, retries=0).post("/x", json={})


def test_refused_connection_is_one_line_transport_error():
    with pytest.raises(TransportError) as raised:
        ApiClient("http://127.0.0.1:9", "refused-connection-token", retries=0).get("/x")
    assert "\n" not in str(raised.value) and "refused-connection-token" not in str(raised.value)


def test_token_choice_counting_and_listeners(server):
    api = client(server)
    heard = []
    api.listeners.append(heard.append)
    api.get("/a")
    api.get("/b", token=None)
    api.get("/c", token="other")
    assert [auth for _, auth in server.seen] == ["Bearer tok-client-test", None, "Bearer other"]
    assert api.requests_made == 3 and len(heard) == 3


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_is_not_followed_and_gets_no_verdict(server, status):
    """The token would go with it; what redirects is a gateway or a move, not the API."""
    server.script = [(status, {"Location": "https://elsewhere.example.com/x"}, 0), (200, {}, 0)]
    with pytest.raises(Redirected) as raised:
        client(server).request("POST" if status == 307 else "GET", "/x", json={})
    message = str(raised.value)
    assert f"answered {status}" in message and "'https://elsewhere.example.com/x'" in message
    assert "not followed" in message and "LOSANT_API_URL" in message and "\n" not in message
    assert kind_of(raised.value) is Kind.TRANSPORT and raised.value.location == "https://elsewhere.example.com/x"
    assert len(server.seen) == 1  # nothing went to the Location


def test_a_minted_token_is_a_secret_from_the_moment_it_arrives(server, monkeypatch):
    from losant_contract import redact

    monkeypatch.setattr(redact, "_secrets", {})
    api = client(server)
    shown = []
    api.listeners.append(lambda response: shown.append(redact.text(response.text)))
    server.script = [(201, {}, 0)]
    minted = "minted-in-this-test-0123456789abcdef"
    Scripted.body = json.dumps({"id": "x", "token": minted}).encode()
    try:
        api.post("/tokens", json={})
    finally:
        Scripted.body = b'{"ok": true}'
    assert redact.text(f"echo {minted}") == "echo <minted token>" and minted not in shown[0]
