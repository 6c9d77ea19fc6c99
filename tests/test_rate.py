"""LOSANT_MAX_RPS: the client hands out request slots at most 1/rate apart, across threads.
Judged by the sleeps it asks for on a fake clock, never by the wall clock."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest

from losant_contract import pacing
from losant_contract.client import ApiClient
from losant_contract.mock import MockServer

TOKEN = "rate-test-token-not-a-secret"  # registered for redaction by the client: keep it distinctive


class FakeClock:
    """time.monotonic and time.sleep for the pacing module only: sleeping moves the clock
    (advance=True) or only records the request (advance=False: threads starting at once)."""

    def __init__(self, advance: bool) -> None:
        self.now, self.advance, self.sleeps = 1000.0, advance, []
        self.lock = threading.Lock()

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        with self.lock:
            self.sleeps.append(seconds)
            if self.advance:
                self.now += seconds


@pytest.fixture
def clock(monkeypatch, request):
    fake = FakeClock(advance=getattr(request, "param", True))
    monkeypatch.setattr(pacing, "time", SimpleNamespace(monotonic=fake.monotonic, sleep=fake.sleep))
    return fake


def _starts(clock: FakeClock, api: ApiClient, count: int) -> list[float]:
    starts = []
    for _ in range(count):
        api.rate_cap.wait()
        starts.append(clock.now)
    return starts


def test_no_more_than_the_rate_in_any_second(clock):
    api = ApiClient("http://127.0.0.1:9", TOKEN, max_per_second=4)
    starts = _starts(clock, api, 13)
    assert all(later - earlier >= 0.25 - 1e-9 for earlier, later in zip(starts, starts[1:], strict=False))
    assert max(sum(start <= s < start + 1 for s in starts) for start in starts) == 4


def test_time_already_spent_is_not_slept_again(clock):
    api = ApiClient("http://127.0.0.1:9", TOKEN, max_per_second=2)
    api.rate_cap.wait()
    clock.now += 5  # a slow answer: the next slot is long past
    api.rate_cap.wait()
    assert clock.sleeps == []


def test_no_cap_means_no_sleep(clock):
    api = ApiClient("http://127.0.0.1:9", TOKEN)
    _starts(clock, api, 20)
    assert clock.sleeps == []


@pytest.mark.parametrize("clock", [False], indirect=True)
def test_threads_get_distinct_slots(clock):
    """Eight threads at the same instant: one goes now, the others wait 1, 2, ... 7 intervals."""
    api = ApiClient("http://127.0.0.1:9", TOKEN, max_per_second=10)
    threads = [threading.Thread(target=api.rate_cap.wait) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(round(s, 9) for s in clock.sleeps) == [round(0.1 * k, 9) for k in range(1, 8)]


def test_real_requests_go_through_the_cap(clock):
    with MockServer() as mock:
        api = ApiClient(mock.url, mock.admin_token, max_per_second=5)
        for _ in range(6):
            assert api.get(f"/applications/{mock.application_id}/integrations").status_code == 200
    assert api.requests_made == 6 and len(clock.sleeps) == 5 and all(abs(s - 0.2) < 1e-9 for s in clock.sleeps)
