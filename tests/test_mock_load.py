"""The mock's load options (losant_contract/mock/load.py), which benchmarks use to stand in
for a distant, rate-limited staging: writes answered late while everything else is served
meanwhile, and limits answered 429 with an Error body, never acted on, and counted.

Timing is shown by the order of events the mock recorded (what arrived and was answered
before what), and by lower bounds a sleep guarantees; never by how fast anything was.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable

import pytest
import requests
from mockkit import Api, assert_error, body, standalone

from losant_contract.mock import MockServer

pytest_plugins = ("mockkit",)

DELAY = 1.0  # long enough that a read arriving during a write is answered first on any machine


def wait_until(done: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 10
    while not done():
        assert time.monotonic() < deadline, f"still waiting for {what}"
        time.sleep(0.01)


def in_threads(*calls: Callable[[], object]) -> list[threading.Thread]:
    threads = [threading.Thread(target=call) for call in calls]
    for thread in threads:
        thread.start()
    return threads


def assert_too_many(response: requests.Response, retry_after: str | None = "1") -> None:
    assert_error(response, 429)
    assert response.json()["type"] == "TooManyRequests"
    assert response.headers.get("Retry-After") == retry_after


# -- the write delay ------------------------------------------------------------------------------


def test_writes_are_answered_after_the_delay_while_reads_and_other_writes_are_served():
    with MockServer(write_delay=DELAY, record=True) as mock, Api(mock, mock.admin_token) as api:
        made: list[requests.Response] = []
        for thread in in_threads(*[lambda: made.append(api("POST", json=body())) for _ in range(2)]):
            thread.join()
        first, second = (response.json()["id"] for response in made)
        writes = in_threads(
            lambda: api("PATCH", f"/integrations/{first}", json={"name": "lct-patched"}),
            lambda: api("DELETE", f"/integrations/{second}"),
        )
        wait_until(lambda: len(mock.recorder.requests()) == 4, "the PATCH and the DELETE to arrive")
        assert api("GET").status_code == api("GET", f"/integrations/{first}").status_code == 200
        pending = [entry for entry in mock.recorder.requests() if entry.method in ("PATCH", "DELETE")]
        assert [entry.answered for entry in pending] == [None, None]  # the reads went first
        for thread in writes:
            thread.join()
        recorded = mock.recorder.requests()
    assert [entry.status for entry in recorded] == [201, 201, 200, 200, 200, 200]
    writes_seen = [entry for entry in recorded if entry.method != "GET"]
    assert all(entry.answered - entry.arrived >= DELAY for entry in writes_seen)
    for pair in (writes_seen[:2], writes_seen[2:4]):  # served side by side: both arrived before either answered
        assert max(entry.arrived for entry in pair) < min(entry.answered for entry in pair)


# -- the limits -------------------------------------------------------------------------------------


def test_over_the_in_flight_limit_is_429_and_acts_on_nothing_until_a_slot_frees():
    with MockServer(write_delay=DELAY, max_in_flight=2) as mock, Api(mock, mock.admin_token) as api:
        slow = in_threads(*[lambda n=n: api("POST", json=body(f"lct-slow-{n}")) for n in range(2)])
        wait_until(lambda: mock.load.in_flight == 2, "two writes in flight")
        assert_too_many(api("POST", json=body("lct-refused")))
        assert_too_many(api("GET"))
        assert mock.rate_limited == 2
        for thread in slow:
            thread.join()
        assert sorted(api.names()) == ["lct-slow-0", "lct-slow-1"]  # the 429'd POST created nothing
        assert mock.rate_limited == 2


def test_over_the_per_second_limit_is_429_until_the_second_has_passed():
    with MockServer(max_per_second=3) as mock, Api(mock, mock.admin_token) as api:
        assert [api("GET").status_code for _ in range(3)] == [200, 200, 200]
        assert_too_many(api("POST", json=body("lct-refused")))
        assert_too_many(api("GET"))
        time.sleep(1.05)
        assert api.listing()["totalCount"] == 0  # let through again; the 429'd POST created nothing
        assert api("POST", json=body("lct-later")).status_code == 201
        assert mock.rate_limited == 2


def test_a_429_can_be_sent_without_retry_after():
    with MockServer(max_per_second=1, retry_after=False) as mock, Api(mock, mock.admin_token) as api:
        assert api("GET").status_code == 200
        assert_too_many(api("GET"), retry_after=None)
        assert mock.rate_limited == 1


def test_without_load_options_nothing_is_limited_or_counted():
    with MockServer() as mock, Api(mock, mock.admin_token) as api:
        assert {api("GET").status_code for _ in range(30)} == {200}
        assert mock.rate_limited == 0


def test_limits_compose_with_recording_echo_and_transport_faults():
    """The limits answer before the transport faults: a 429'd request is recorded (answer
    included) and echoed, but never numbered by the transport faults behind them."""
    with (
        MockServer(faults=["transport-503"], record=True, echo=True, max_per_second=10) as mock,
        Api(mock, mock.admin_token) as api,
    ):
        statuses = [api("GET").status_code for _ in range(12)]
        assert statuses == [200] * 6 + [503] + [200] * 3 + [429] * 2
        assert [entry.status for entry in mock.recorder.requests()] == statuses
        assert len(mock.transport.seen) == 10 and mock.rate_limited == 2
        refused = mock.recorder.requests()[-1]
        assert refused.answer_header("Retry-After") == "1" and b'"echo"' in refused.answer_body


@pytest.mark.parametrize(
    "options",
    [{"write_delay": -1.0}, {"write_delay": float("nan")}, {"max_in_flight": 0}, {"max_per_second": 1.5}],
)
def test_bad_load_options_are_refused(options):
    with pytest.raises(ValueError, match=next(iter(options))):
        MockServer(**options)


# -- the command line -------------------------------------------------------------------------------


def test_standalone_takes_the_load_flags():
    with standalone("--max-per-second", "1", "--no-retry-after") as (_, env):
        url = f"{env['LOSANT_API_URL']}/applications/{env['LOSANT_APPLICATION_ID']}/integrations"
        with requests.Session() as session:
            session.headers["Authorization"] = f"Bearer {env['LOSANT_API_TOKEN']}"
            assert session.get(url, timeout=10).status_code == 200
            assert_too_many(session.get(url, timeout=10), retry_after=None)


@pytest.mark.parametrize(
    ("flag", "value"),
    [("--write-delay", "-1"), ("--write-delay", "soon"), ("--max-in-flight", "0"), ("--max-per-second", "2.5")],
)
def test_standalone_refuses_bad_load_flags_naming_them(flag, value):
    refused = subprocess.run(
        [sys.executable, "-m", "losant_contract.mock", flag, value], capture_output=True, text=True, timeout=60
    )
    assert refused.returncode == 2 and flag in refused.stderr
