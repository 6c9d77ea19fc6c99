"""MockServer(record=True) keeps every request exactly as sent and the answer it got,
including requests a transport fault answered or dropped; without it nothing is kept."""

from __future__ import annotations

import http.client

from losant_contract.mock import MockServer
from losant_contract.mock.transport import EVERY


def send(mock: MockServer, method: str, target: str, body: bytes = b"") -> int | None:
    connection = http.client.HTTPConnection("127.0.0.1", int(mock.url.rsplit(":", 1)[1]), timeout=10)
    headers = {"Authorization": f"Bearer {mock.admin_token}", "X-Probe": "1"}
    try:
        connection.request(method, target, body=body or None, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    except (http.client.RemoteDisconnected, ConnectionError):
        return None
    finally:
        connection.close()


def test_requests_are_recorded_as_sent_with_their_answers():
    with MockServer(record=True) as mock:
        app = f"/applications/{mock.application_id}"
        assert send(mock, "GET", f"{app}/integrations?filter=a%2Ab+c&filterField=name&x=") == 200
        assert send(mock, "DELETE", f"{app}/integrations/0123456789abcdef01234567", b"{}") == 404
        first, second = mock.recorder.requests()
        assert (first.method, first.path, first.query) == (
            "GET",
            f"{app}/integrations",
            "filter=a%2Ab+c&filterField=name&x=",
        )
        assert first.header("x-probe") == "1" and first.header("Authorization") == f"Bearer {mock.admin_token}"
        assert first.status == 200 and b'"filter":"a*b c"' in first.answer_body
        assert (second.body, second.status) == (b"{}", 404) and second.answered >= second.arrived


def test_a_dropped_request_is_recorded_without_an_answer():
    with MockServer(faults=["transport-drop"], record=True) as mock:
        statuses = [send(mock, "GET", f"/applications/{mock.application_id}") for _ in range(EVERY)]
        assert statuses == [200] * (EVERY - 1) + [None]
        assert [r.status for r in mock.recorder.requests()] == [200] * (EVERY - 1) + [None]


def test_recording_is_off_unless_asked():
    with MockServer() as mock:
        assert send(mock, "GET", f"/applications/{mock.application_id}") == 200
        assert mock.recorder is None
