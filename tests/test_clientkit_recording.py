"""MockServer(record=True) keeps every request exactly as sent and the answer it got,
including requests a transport fault answered or dropped; without it nothing is kept."""

from __future__ import annotations

import http.client

from losant_contract.mock import MockServer
from losant_contract.mock.transport import EVERY


def send(mock: MockServer, method: str, target: str, body: bytes = b"", **extra: str) -> int | None:
    connection = http.client.HTTPConnection("127.0.0.1", int(mock.url.rsplit(":", 1)[1]), timeout=10)
    headers = {"Authorization": f"Bearer {mock.admin_token}", "X-Probe": "1", **extra}
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


def test_the_answer_recorded_is_the_one_the_client_got_after_a_transport_fault():
    """A gateway's 504 replaces the API's 201 on the way out (the integration exists); the record shows the 504."""
    with MockServer(faults=["transport-504-after"], record=True) as mock:
        for _ in range(EVERY - 1):
            send(mock, "GET", f"/applications/{mock.application_id}")
        body = b'{"name": "once", "integrationType": "particle", "particleConfig": {"accessToken": "t"}}'
        path = f"/applications/{mock.application_id}/integrations"
        assert send(mock, "POST", path, body, **{"Content-Type": "application/json"}) == 504
        posted = mock.recorder.requests()[-1]
        assert (posted.method, posted.status, posted.body) == ("POST", 504, body)
        assert b"GatewayTimeout" in posted.answer_body
        assert send(mock, "GET", f"{path}?filterField=name&filter=once") == 200
        assert b'"totalCount":1' in mock.recorder.requests()[-1].answer_body


def test_recording_is_off_unless_asked():
    with MockServer() as mock:
        assert send(mock, "GET", f"/applications/{mock.application_id}") == 200
        assert mock.recorder is None
