"""The mock's transport faults do what their names say, at the points they promise, and
the client absorbs what it safely can: every request here is raw HTTP or the suite's client."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
from pathlib import Path

import pytest

from losant_contract.client import ApiClient, TransportError
from losant_contract.mock import MockServer
from losant_contract.mock.transport import EVERY, FAULTS

ROOT = Path(__file__).resolve().parents[1]


def _raw(mock, method: str = "GET", body: dict | None = None) -> http.client.HTTPResponse | None:
    """One request on a fresh connection; None when the server hung up without an answer."""
    connection = http.client.HTTPConnection("127.0.0.1", int(mock.url.rsplit(":", 1)[1]), timeout=10)
    payload = json.dumps(body).encode() if body is not None else None
    headers = {"Authorization": f"Bearer {mock.admin_token}", "Content-Type": "application/json"}
    connection.request(method, f"/applications/{mock.application_id}/integrations", body=payload, headers=headers)
    try:
        response = connection.getresponse()
        response.read()
        return response
    except (http.client.RemoteDisconnected, ConnectionError):
        return None
    finally:
        connection.close()


@pytest.mark.parametrize(
    "name, status",
    [("transport-429", 429), ("transport-429-wait", 429), ("transport-503", 503), ("transport-drop", None)],
)
def test_every_seventh_request_is_hit_before_the_api_sees_it(name, status):
    with MockServer(faults=[name]) as mock:
        answers = [_raw(mock, "POST", {"name": f"n{i}", "integrationType": "mqtt"}) for i in range(2 * EVERY)]
        hit = [i + 1 for i, answer in enumerate(answers) if answer is None or answer.status != 201]
        assert hit == [EVERY, 2 * EVERY]
        assert all((answers[i - 1] and answers[i - 1].status) == status for i in hit)
        if status == 429:
            assert answers[EVERY - 1].getheader("Retry-After") == ("1" if name.endswith("wait") else "0")
        created = {item["name"] for item in mock.store.integrations(mock.application_id)}
        assert created == {f"n{i}" for i in range(2 * EVERY) if i + 1 not in hit}  # hit: never acted on
        assert [seen.fault for seen in mock.transport.seen].count(name) == 2


def test_keep_alive_survives_an_early_answer():
    """A 429 sent before the body was used must not leave the body on the connection."""
    with MockServer(faults=["transport-429"]) as mock:
        api = ApiClient(mock.url, mock.admin_token, backoff=0)
        path = f"/applications/{mock.application_id}/integrations"
        for i in range(3 * EVERY):
            assert api.post(path, json={"name": f"n{i}", "integrationType": "mqtt"}).status_code == 201
        posts = [seen for seen in mock.transport.seen if seen.method == "POST"]
        assert len(posts) == 3 * EVERY + 3  # each 429 retried once, nothing else repeated


def test_slow_is_acted_on_then_late_and_the_client_says_no_answer():
    with MockServer(faults=["transport-slow"]) as mock:
        api = ApiClient(mock.url, mock.admin_token, timeout=0.5, backoff=0)
        path = f"/applications/{mock.application_id}/integrations"
        for _ in range(EVERY - 1):
            assert api.get(path).status_code == 200
        with pytest.raises(TransportError, match="no answer"):
            api.post(path, json={"name": "late", "integrationType": "mqtt"})
        assert [seen.method for seen in mock.transport.seen].count("POST") == 1  # not sent again
        assert "late" in {item["name"] for item in mock.store.integrations(mock.application_id)}


def test_a_get_is_repeated_after_a_drop_and_a_post_is_not():
    with MockServer(faults=["transport-drop"]) as mock:
        api = ApiClient(mock.url, mock.admin_token, backoff=0)
        path = f"/applications/{mock.application_id}/integrations"
        for _ in range(EVERY):
            assert api.get(path).status_code == 200  # the 7th was dropped and repeated
        for i in range(EVERY - 2):
            assert api.post(path, json={"name": f"n{i}", "integrationType": "mqtt"}).status_code == 201
        with pytest.raises(TransportError, match="no answer"):
            api.post(path, json={"name": "dropped", "integrationType": "mqtt"})
        methods = [seen.method for seen in mock.transport.seen]
        assert methods.count("GET") == EVERY + 1 and methods.count("POST") == EVERY - 1


def test_listed_and_accepted_by_the_command_line():
    listing = subprocess.run(
        [sys.executable, "-m", "losant_contract.mock", "--list-faults"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert all(name in listing for name in FAULTS)
    with pytest.raises(ValueError):
        MockServer(faults=["transport-lost"])


def test_a_delete_whose_answer_was_lost_is_not_judged_by_its_repeat():
    """The server deleted, the answer came too late, and a repeated DELETE answers 404: a
    check reading that 404 would judge the API on the network's account."""
    with MockServer(faults=["transport-slow"]) as mock:
        api = ApiClient(mock.url, mock.admin_token, timeout=0.5, backoff=0)
        path = f"/applications/{mock.application_id}/integrations"
        ids = [api.post(path, json={"name": f"n{i}", "integrationType": "mqtt"}).json()["id"] for i in range(EVERY - 1)]
        try:
            answer = api.delete(f"{path}/{ids[0]}")  # the 7th request: acted on, answered late
        except TransportError:
            return  # no verdict: what a lost answer must give
        pytest.fail(f"DELETE after a lost answer gave {answer.status_code}")


def test_a_delete_carried_out_then_answered_504_is_sent_once_and_gets_no_verdict():
    """The gateway's 504 came after the API deleted: a repeat would answer 404, which a check
    would judge in place of the lost answer. The client sends it once and says: no verdict."""
    with MockServer(faults=["transport-504-after"]) as mock:
        api = ApiClient(mock.url, mock.admin_token, backoff=0)
        path = f"/applications/{mock.application_id}/integrations"
        ids = [api.post(path, json={"name": f"n{i}", "integrationType": "mqtt"}).json()["id"] for i in range(EVERY - 1)]
        with pytest.raises(TransportError, match="answered 504"):
            api.delete(f"{path}/{ids[0]}")  # the 7th request: carried out, then a 504
        assert [seen.method for seen in mock.transport.seen].count("DELETE") == 1
        assert ids[0] not in {item["id"] for item in mock.store.integrations(mock.application_id)}
