"""How fast the embedded mock lists: 10,000 integrations in one application, pages
of 1,000 with a sort and a filter, over one kept-alive requests.Session.

The suite walks whole collections many times per run, so listing must stay well
under 50 ms a page. Prints figures only; nothing here asserts on time.

    .venv/bin/python -m benchmarks.mock_listing [--count 10000] [--requests 50]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

import requests

from losant_contract.mock import MockServer

CASES = {
    "default (name asc, no filter)": {},
    "name desc, filter lct-*7*": {
        "sortField": "name",
        "sortDirection": "desc",
        "filterField": "name",
        "filter": "lct-*7*",
    },
    "creationDate asc, filter *A*": {
        "sortField": "creationDate",
        "filterField": "name",
        "filter": "*a*",
    },
    "lastUpdated desc, type mqtt": {
        "sortField": "lastUpdated",
        "sortDirection": "desc",
        "filterField": "integrationType",
        "filter": "mqtt",
    },
    "integrationType asc, page 5": {"sortField": "integrationType", "page": 5},
    "id desc, filter *a*b*c* (3 stars)": {
        "sortField": "id",
        "sortDirection": "desc",
        "filterField": "name",
        "filter": "*a*b*c*",
    },
}


def fill(mock: MockServer, count: int) -> None:
    """Put `count` integrations straight into the store (set-up, not under test)."""
    rng = random.Random(7)
    words = [
        "alpha",
        "Bravo",
        "charlie",
        "DELTA",
        "echo",
        "Foxtrot",
        "golf",
        "hotel",
        "ünï",
        "日本",
    ]
    for i in range(count):
        integration_id, now = mock.store.issue()
        kind = ("mqtt", "particle")[i % 2]
        config = (
            {
                "mqttConfig": {"host": "broker.example.com", "port": 1883, "protocol": "mqtt"},
                "topics": ["a/b"],
            }
            if kind == "mqtt"
            else {"particleConfig": {"accessToken": "token"}}
        )
        mock.store.put(
            mock.application_id,
            {
                "id": integration_id,
                "integrationId": integration_id,
                "applicationId": mock.application_id,
                "creationDate": now,
                "lastUpdated": now,
                "enabled": True,
                "integrationType": kind,
                "name": f"lct-{rng.choice(words)} {rng.randrange(100_000)}",
                **config,
            },
        )


def measure(session: requests.Session, url: str, params: dict, repeats: int) -> tuple[list[float], dict]:
    """Milliseconds from sending the request to holding the whole body (not decoding it)."""
    timings, response = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        response = session.get(url, params={"perPage": 1000, **params}, timeout=30)
        response.content  # noqa: B018 - read the whole body inside the timing
        timings.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    return timings, response.json()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=50)
    options = parser.parse_args()
    with MockServer() as mock, requests.Session() as session:
        fill(mock, options.count)
        session.headers["Authorization"] = f"Bearer {mock.admin_token}"
        url = f"{mock.url}/applications/{mock.application_id}/integrations"
        measure(session, url, {}, 3)  # warm up: connection, caches
        print(f"{options.count} integrations, perPage=1000, {options.requests} requests per case, times in ms")
        print(f"{'case':<36} {'items':>5} {'total':>6} {'median':>7} {'p95':>7} {'max':>7}")
        for label, params in CASES.items():
            timings, last = measure(session, url, params, options.requests)
            p95 = statistics.quantiles(timings, n=20)[-1]
            print(
                f"{label:<36} {last['count']:>5} {last['totalCount']:>6} "
                f"{statistics.median(timings):>7.1f} {p95:>7.1f} {max(timings):>7.1f}"
            )


if __name__ == "__main__":
    main()
