"""The adapter protocol: a valid JSON Schema, and an adapter that breaks it, hangs or dies
is an AdapterError in one line, never a verdict on the client."""

from __future__ import annotations

import sys
import textwrap

import pytest

from losant_contract.clientkit import protocol
from losant_contract.clientkit.adapter import AdapterError, ClientConfig
from losant_contract.clientkit.process import ProcessAdapter

STARTED = '{"version": 1, "implementation": {"name": "t", "version": "1", "language": "py"}, "capabilities": []}'


def adapter(body: str) -> ProcessAdapter:
    script = "import json, sys\n" + textwrap.dedent(body)
    return ProcessAdapter([sys.executable, "-c", script])


def test_the_protocol_refuses_what_it_should():
    assert protocol.problems("result", {"seq": 1, "ok": False}) == ["(root): 'error' is a required property"]
    call = {"cmd": "call", "seq": 1, "op": "get_integration", "client": {"url": "u", "token": "t", "timeout": 1}}
    assert protocol.problems("call", {**call, "args": {"applicationId": "a", "integrationId": "b"}}) == []
    assert protocol.problems("call", {**call, "args": {"applicationId": "a"}}) != []


def test_an_echoing_adapter_round_trips_and_reports_errors():
    echo = adapter(f"""
        for line in sys.stdin:
            command = json.loads(line)
            if command["cmd"] == "start":
                print({STARTED!r}, flush=True)
            elif command["cmd"] == "stop":
                break
            elif command["op"] == "get_integration":
                print(json.dumps({{"seq": command["seq"], "ok": True, "value": command["args"]}}), flush=True)
            else:
                error = {{"status": 404, "type": "NotFound", "message": "gone", "raised": "E"}}
                print(json.dumps({{"seq": command["seq"], "ok": False, "error": error}}), flush=True)
    """)
    config = ClientConfig("http://x", "t", 1.0)
    try:
        assert echo.call("get_integration", config, {"applicationId": "a", "integrationId": "b"}) == {
            "applicationId": "a",
            "integrationId": "b",
        }
        with pytest.raises(Exception) as raised:
            echo.call("delete_token", config, {"applicationId": "a", "apiTokenId": "c"})
        assert (raised.value.status, raised.value.type, raised.value.message) == (404, "NotFound", "gone")
    finally:
        echo.close()


@pytest.mark.parametrize(
    "body, complaint",
    [
        ("print('hello', flush=True)", "not one JSON document"),
        ("print('{\"version\": 2}', flush=True)", "breaks the protocol"),
        ("sys.stderr.write('boom\\n'); sys.exit(3)", "exited.*boom"),
    ],
)
def test_a_broken_adapter_is_named_in_one_line(body, complaint):
    with pytest.raises(AdapterError, match=complaint) as raised:
        adapter(body)
    assert "\n" not in str(raised.value)


def test_a_command_that_does_not_exist_is_one_line():
    with pytest.raises(AdapterError, match="cannot start adapter"):
        ProcessAdapter(["/nonexistent/adapter"])
