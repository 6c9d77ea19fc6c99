"""The mock's plumbing: unknown routes and methods, malformed request lines, keep-alive,
threads, a bug inside an action, generated queries and bodies that must never get a 5xx,
foreign data, the standalone process and the pytest plugin."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading

import pytest
import requests
from hypothesis import given
from hypothesis import strategies as st
from mockkit import ROOT, Api, assert_error, body, port

from losant_contract.mock import MockServer

pytest_plugins = ("mockkit",)


# -- errors and plumbing ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/nothing",
        "/applications",
        "/applications/x/devices",
        "/applications/x/integrations/y/z",
    ],
)
def test_unknown_routes_are_404(api, path):
    assert_error(api.session.get(api.mock.url + path, timeout=10), 404)


@pytest.mark.parametrize("method", ["PUT", "OPTIONS", "BREW", "DELETE"])
def test_unsupported_methods_are_405(api, method):
    response = api(method)
    assert_error(response, 405)
    assert set(response.headers["Allow"].split(", ")) == {"GET", "POST"}


@pytest.mark.parametrize(
    "line",
    [
        b"GET /applications HTTP/2.0",
        b"GET /applications HTTP/1.x",
        b"NONSENSE",
        b"GET /" + b"a" * 70_000 + b" HTTP/1.1",
        b"GET //[abc/x HTTP/1.1",
        b"GET /applications/%zz/integrations?%%=&a=%ff HTTP/1.1",
    ],
)
def test_malformed_request_lines_get_a_json_4xx_not_a_5xx(mock, line):
    with socket.create_connection(("127.0.0.1", port(mock)), timeout=10) as raw:
        raw.sendall(line + b"\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = raw.makefile("rb").read()
    head, _, payload = answer.partition(b"\r\n\r\n")
    status = int(head.split()[1])
    assert 400 <= status < 500 and b"application/json" in head and json.loads(payload)["type"]


def test_keep_alive_serves_many_requests_on_one_connection(api):
    connection = http.client.HTTPConnection("127.0.0.1", port(api.mock), timeout=10)
    headers = {
        "Authorization": f"Bearer {api.mock.admin_token}",
        "Content-Type": "application/json",
    }
    path = f"/applications/{api.mock.application_id}/integrations"
    sockets = set()
    for method, payload in [
        ("GET", None),
        ("POST", json.dumps(body())),
        ("POST", "{"),
        ("PUT", "x"),
        ("GET", None),
    ]:
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        assert int(response.headers["Content-Length"]) == len(response.read())
        sockets.add(id(connection.sock))
    assert len(sockets) == 1 and response.status == 200
    connection.close()


def test_concurrent_posts_get_unique_ids(api):
    def post_many(results: list) -> None:
        with requests.Session() as session:
            for i in range(25):
                response = session.post(
                    f"{api.base}/integrations",
                    json=body(f"lct-{i}"),
                    timeout=10,
                    headers={"Authorization": f"Bearer {api.mock.admin_token}"},
                )
                results.append((response.status_code, response.json()["id"]))

    results: list = []
    threads = [threading.Thread(target=post_many, args=(results,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {status for status, _ in results} == {201}
    assert len({integration_id for _, integration_id in results}) == 200
    assert api.listing()["totalCount"] == 200


def test_an_exception_inside_an_action_is_a_visible_500():
    broken = MockServer().start()
    broken.behaviour.parse_listing = lambda pairs, spec: 1 / 0
    try:
        response = requests.get(
            f"{broken.url}/applications/{broken.application_id}/integrations",
            timeout=10,
            headers={"Authorization": f"Bearer {broken.admin_token}"},
        )
        assert response.status_code == 500 and "ZeroDivisionError" in response.json()["message"]
    finally:
        broken.stop()


LISTING_KEYS = st.sampled_from(["sortField", "sortDirection", "page", "perPage", "filterField", "filter", "x"])


@given(st.dictionaries(LISTING_KEYS, st.text(max_size=30)))
def test_no_query_gets_a_5xx(mock, query):
    with requests.Session() as session:
        response = session.get(
            f"{mock.url}/applications/{mock.application_id}/integrations",
            params=query,
            headers={"Authorization": f"Bearer {mock.admin_token}"},
            timeout=10,
        )
    assert response.status_code in (200, 400), response.text


@given(
    st.one_of(
        st.binary(max_size=200),
        st.text(max_size=200).map(str.encode),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=5),
            lambda inner: (
                st.lists(inner, max_size=3)
                | st.dictionaries(
                    st.sampled_from(["name", "integrationType", "mqttConfig", "port", "topics"]),
                    inner,
                    max_size=4,
                )
            ),
        ).map(lambda value: json.dumps(value).encode()),
    )
)
def test_no_body_gets_a_5xx(mock, raw):
    with requests.Session() as session:
        response = session.post(
            f"{mock.url}/applications/{mock.application_id}/integrations",
            data=raw,
            headers={
                "Authorization": f"Bearer {mock.admin_token}",
                "Content-Type": "application/json",
            },
            timeout=10,
        )
    assert response.status_code in (201, 400), response.text


# -- foreign data, standalone process, pytest plugin ----------------------------------------


def test_foreign_integrations_are_awkward_valid_and_come_back_after_reset():
    with MockServer(foreign=120) as foreign, Api(foreign, foreign.admin_token) as api:
        listed = api.listing()
        names = [item["name"] for item in listed["items"]]
        assert listed["totalCount"] == 120 and not any(n.lower().startswith("lct-") for n in names)
        assert len(set(names)) < len(names) and {"Alpha", "alpha", "*", "?"} <= set(names)
        api.create()
        foreign.reset()
        assert api.listing()["items"] == listed["items"]


def test_standalone_module_prints_env_lines_and_stops_cleanly_on_signals():
    for sent in (signal.SIGINT, signal.SIGTERM):
        process = subprocess.Popen(
            [sys.executable, "-m", "losant_contract.mock", "--foreign", "3"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert process.stdout.readline().startswith("# Losant mock serving at http://127.0.0.1:")
            env = dict(process.stdout.readline().strip().split("=", 1) for _ in range(8))
            response = requests.get(
                f"{env['LOSANT_API_URL']}/applications/{env['LOSANT_APPLICATION_ID']}/integrations",
                headers={"Authorization": f"Bearer {env['LOSANT_API_TOKEN']}"},
                timeout=10,
            )
            assert response.json()["totalCount"] == 3
            assert set(env) >= {
                "LOSANT_SECOND_APPLICATION_ID",
                "LOSANT_SCOPE_TOKEN_ALL_ORGANIZATION_READ",
                "LOSANT_SCOPE_TOKEN_ALL_USER_READ",
            }
            assert env["LOSANT_SECOND_APPLICATION_ID"] not in ("", env["LOSANT_APPLICATION_ID"])
            process.send_signal(sent)
            assert process.wait(timeout=10) == 0
            assert "Traceback" not in process.stderr.read()
        finally:
            process.kill()
            process.wait()
            process.stdout.close()
            process.stderr.close()


def test_pytest_plugin_gives_each_test_a_fresh_mock(tmp_path):
    (tmp_path / "test_client.py").write_text(
        textwrap.dedent("""
        import requests

        def _integrations(mock):
            return f"{mock.url}/applications/{mock.application_id}/integrations"

        def test_create(losant_mock):
            auth = {"Authorization": "Bearer " + losant_mock.token}
            sent = {"name": "mine", "integrationType": "particle",
                    "particleConfig": {"accessToken": "t"}}
            response = requests.post(_integrations(losant_mock), json=sent, headers=auth)
            assert response.status_code == 201

        def test_fresh(losant_mock):
            auth = {"Authorization": "Bearer " + losant_mock.token}
            assert requests.get(_integrations(losant_mock), headers=auth).json()["totalCount"] == 0
    """)
    )
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "losant_contract.pytest.mock_fixture",
            "-p",
            "no:cacheprovider",
            str(tmp_path),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


def test_latency_holds_every_request_back_and_changes_no_answer():
    """--latency makes the mock a stand-in for a remote link (benchmarks use it); the answers
    are the same. How long it waits is for the benchmark to print, not for a test to time."""
    with MockServer(latency=0.01) as slow, MockServer() as quick:
        answers = []
        for mock in (slow, quick):
            response = requests.get(
                f"{mock.url}/applications/{mock.application_id}/integrations",
                headers={"Authorization": f"Bearer {mock.admin_token}"},
                timeout=10,
            )
            answers.append((response.status_code, response.json()["totalCount"]))
        assert answers[0] == answers[1] == (200, answers[1][1])
    refused = subprocess.run(
        [sys.executable, "-m", "losant_contract.mock", "--latency", "soon"], capture_output=True, text=True, timeout=60
    )
    assert refused.returncode == 2 and "--latency" in refused.stderr
