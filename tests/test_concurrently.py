"""ApiClient.concurrently: independent requests at once, reported and judged as if they
went one after another. Unit properties against a mock, then the suite's verdicts with
LOSANT_CONCURRENCY=1 and at the default, on faults whose checks batch their requests."""

from __future__ import annotations

import threading
import time
from functools import partial

import pytest
import suite_process

from losant_contract.client import ApiClient
from losant_contract.mock import MockServer


@pytest.fixture(scope="module")
def mock():
    with MockServer() as server:
        yield server


def _client(mock, **kwargs) -> ApiClient:
    return ApiClient(mock.url, mock.admin_token, backoff=0, **kwargs)


def _late_get(api: ApiClient, path: str, delay: float):
    time.sleep(delay)  # the first call finishes last
    return api.get(path)


def test_listeners_hear_in_call_order_on_the_callers_thread(mock):
    api = _client(mock)
    heard = []
    api.listeners.append(lambda response: heard.append((response.request.path_url, threading.get_ident())))
    paths = [f"/applications/{mock.application_id}/integrations?perPage={n}" for n in range(1, 7)]
    delays = [0.06 - 0.01 * i for i in range(6)]
    answers = api.concurrently([partial(_late_get, api, p, d) for p, d in zip(paths, delays, strict=True)])
    assert [a.request.path_url for a in answers] == paths
    assert heard == [(path, threading.get_ident()) for path in paths]
    assert api.requests_made == 6
    api.close()


def _fails(api: ApiClient, path: str, delay: float, message: str):
    api.get(path)
    time.sleep(delay)
    raise AssertionError(message)


def test_the_first_failure_in_call_order_is_raised_after_every_exchange_is_heard(mock):
    api = _client(mock)
    heard = []
    api.listeners.append(heard.append)
    path = f"/applications/{mock.application_id}/integrations"
    calls = [partial(api.get, path), partial(_fails, api, path, 0.05, "second"), partial(_fails, api, path, 0, "third")]
    with pytest.raises(AssertionError, match="^second$"):  # the third fails sooner, but comes later
        api.concurrently(calls)
    assert len(heard) == 3
    api.close()


def test_one_at_a_time_and_nested_use_run_serially(mock):
    api = _client(mock, concurrency=1)
    path = f"/applications/{mock.application_id}/integrations"
    threads = set()

    def where():
        threads.add(threading.get_ident())
        return api.get(path).status_code

    assert api.concurrently([where, where, where]) == [200, 200, 200]
    assert threads == {threading.get_ident()}
    api.close()

    api, inner = _client(mock), set()

    def nested():
        inner.add(threading.get_ident())
        return api.concurrently([partial(api.get, path), partial(api.get, path)])

    outer = api.concurrently([nested, nested])
    assert [len(pair) for pair in outer] == [2, 2] and threading.get_ident() not in inner
    api.close()


def test_the_rate_cap_holds_across_the_pool(mock):
    api = _client(mock, max_per_second=20)
    path = f"/applications/{mock.application_id}/integrations"
    started = time.monotonic()
    api.concurrently([partial(api.get, path) for _ in range(11)])
    assert time.monotonic() - started >= 0.45  # 11 slots 50 ms apart: the first at once
    api.close()


# -- the suite: the same verdicts one at a time and at once ------------------------------

#: Faults whose checks batch requests: the wrong-type sweeps, the exact-name filter sweep,
#: page walks, the corpus and clean-up (every run).
FAULTS = "name-not-string-500,filter-substring,page-short-by-one"
FILES = ["suites/test_types.py", "suites/test_filtering.py", "suites/test_pagination.py"]


def test_verdicts_at_once_are_the_serial_verdicts(tmp_path):
    runs = {}
    for name, concurrency in (("serial", "1"), ("at once", "")):
        env = suite_process.environment(
            reports=tmp_path / name, LOSANT_SEED="7", LOSANT_MOCK_FAULTS=FAULTS, LOSANT_CONCURRENCY=concurrency
        )
        done = suite_process.run([*FILES, "-q", "--no-shrink"], env)
        assert done.returncode == 1, done.stdout[-3000:]
        assert "LEFT BEHIND" not in done.stdout
        runs[name] = suite_process.verdicts(tmp_path / name)
    failed = {check: v for check, v in runs["serial"].items() if v[0] != "passed"}
    assert len(failed) >= 3 and {verdict for _, verdict in failed.values()} >= {"server error", "contract drift"}
    assert runs["at once"] == runs["serial"]
