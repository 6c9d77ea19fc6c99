"""The mock bounds its cost under hostile input: malformed framing gets a JSON 4xx and a
closed connection (never a silent close, never "100 Continue" before the refusal), 60 KB
globs neither starve other clients nor stay in memory, and slow senders hold only their
own connection.

Everything is sent as raw bytes to a standalone `python -m losant_contract.mock`, so its
memory can be read from /proc and a busy server cannot stall this test process. Timeouts
here are liveness bounds, never assertions on speed.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from mockkit import standalone

ROOT = Path(__file__).resolve().parents[1]
LIVENESS = 20.0  # seconds any one answer may take before the server counts as stalled
RSS_BOUND_KB = 64 * 1024  # generous: a glob costs kilobytes; the regex cache cost ~34 MB each
GLOBS = 50


@dataclass(frozen=True)
class Standalone:
    pid: int
    port: int
    application_id: str
    token: str

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def rss_kb(self) -> int:
        status = Path(f"/proc/{self.pid}/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))


@pytest.fixture(scope="module")
def server() -> Iterator[Standalone]:
    with standalone("--foreign", "200") as (process, env):
        port = int(env["LOSANT_API_URL"].rsplit(":", 1)[1])
        yield Standalone(process.pid, port, env["LOSANT_APPLICATION_ID"], env["LOSANT_API_TOKEN"])


def exchange(server: Standalone, data: bytes, dribble: float = 0.0) -> bytes:
    """Send `data` (byte by byte, `dribble` seconds apart, when given) and read until the
    server closes; b"" means it closed without a word. Raises on a stalled server."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=LIVENESS) as raw:
        try:
            if dribble:
                for i in range(len(data)):
                    raw.sendall(data[i : i + 1])
                    time.sleep(dribble)
            else:
                raw.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server refused before reading everything: its answer is still there
        chunks = []
        try:
            while chunk := raw.recv(65536):
                chunks.append(chunk)
        except ConnectionResetError:
            pass  # a reset after the answer: what was read stands
        return b"".join(chunks)


def first_answer(answer: bytes) -> tuple[int, dict[str, str], object]:
    """(status, headers, JSON body) of the first answer on the connection."""
    status, headers, payload, _ = split_answer(answer)
    return status, headers, payload


def split_answer(answer: bytes) -> tuple[int, dict[str, str], object, bytes]:
    """(status, headers, JSON body, whatever follows) of the first answer on the connection."""
    head, _, rest = answer.partition(b"\r\n\r\n")
    lines = head.decode("iso-8859-1").split("\r\n")
    headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])}
    length = int(headers.get("content-length", "0"))
    return int(lines[0].split()[1]), headers, json.loads(rest[:length]), rest[length:]


def assert_json_refusal(answer: bytes, statuses: tuple[int, ...]) -> None:
    """One JSON 4xx answer with a closed connection; nothing before it, nothing after it."""
    assert answer, "the server closed the connection without an answer"
    assert not answer.startswith(b"HTTP/1.1 100"), "100 Continue before the refusal"
    status, headers, payload, after = split_answer(answer)
    assert status in statuses, answer[:300]
    assert headers["content-type"].startswith("application/json")
    assert isinstance(payload, dict) and isinstance(payload["type"], str) and isinstance(payload["message"], str)
    assert headers.get("connection") == "close"
    assert after == b"", "more than one answer on a refused connection"


def _post(server: Standalone, *headers: str, body: bytes = b"") -> bytes:
    lines = [
        f"POST /applications/{server.application_id}/integrations HTTP/1.1",
        "Host: 127.0.0.1",
        f"Authorization: Bearer {server.token}",
        "Content-Type: application/json",
        *headers,
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def framings(server: Standalone) -> dict[str, tuple[bytes, tuple[int, ...]]]:
    """Malformed framing -> (the bytes, the statuses a JSON refusal may carry)."""
    get = f"GET /applications/{server.application_id}/integrations HTTP/1.1\r\nHost: x\r\n"
    return {
        "blank request line": (b"\r\n", (400,)),
        "blank lines only": (b"\r\n\r\n\r\n", (400,)),
        "conflicting Content-Length": (_post(server, "Content-Length: 2", "Content-Length: 40", body=b"{}"), (400,)),
        "Expect 100-continue, oversized": (
            _post(server, "Content-Length: 5000000", "Expect: 100-continue"),
            (413,),
        ),
        "chunked": (_post(server, "Transfer-Encoding: chunked", body=b"2\r\n{}\r\n0\r\n\r\n"), (400, 411)),
        "negative Content-Length": (_post(server, "Content-Length: -1"), (400,)),
        "header too long": ((get + "X-Long: " + "a" * 70_000 + "\r\n\r\n").encode(), (400, 431)),
        "too many headers": ((get + "".join(f"X-{i}: {i}\r\n" for i in range(150)) + "\r\n").encode(), (400, 431)),
        "TLS handshake on plain HTTP": (bytes.fromhex("16030100a5010000a10303") + b"\x5a" * 32 + b"\r\n", (400,)),
        "HTTP/0.9": (f"GET /applications/{server.application_id}/integrations\r\n".encode(), (400,)),
        "HTTP/1.x": (get.replace("HTTP/1.1", "HTTP/1.x").encode() + b"\r\n", (400,)),
    }


PROBES = (
    "blank request line",
    "blank lines only",
    "conflicting Content-Length",
    "Expect 100-continue, oversized",
    "chunked",
    "negative Content-Length",
    "header too long",
    "too many headers",
    "TLS handshake on plain HTTP",
    "HTTP/0.9",
    "HTTP/1.x",
)


@pytest.mark.parametrize("probe", PROBES)
def test_malformed_framing_gets_one_json_refusal_and_a_closed_connection(server, probe):
    data, statuses = framings(server)[probe]
    assert_json_refusal(exchange(server, data), statuses)


def test_expect_100_continue_within_the_limit_gets_continue_then_the_answer(server):
    sent = json.dumps({"name": "lct-expect", "integrationType": "particle", "particleConfig": {"accessToken": "t"}})
    with socket.create_connection(("127.0.0.1", server.port), timeout=LIVENESS) as raw:
        raw.sendall(_post(server, f"Content-Length: {len(sent)}", "Expect: 100-continue"))
        interim = raw.recv(65536)
        assert interim.startswith(b"HTTP/1.1 100 "), interim
        raw.sendall(sent.encode())
        raw.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")  # the connection stays usable
        answer = interim.partition(b"\r\n\r\n")[2]
        while chunk := raw.recv(65536):
            answer += chunk
    status, _, created = first_answer(answer)
    assert status == 201 and isinstance(created, dict) and created["name"] == "lct-expect"
    assert answer.count(b"HTTP/1.1 404") == 1


def glob(i: int) -> str:
    """A distinct 60 KB glob of 30,000 stars, sent as raw bytes (requests would escape the stars)."""
    return f"{i}*" + "*a" * 29_998 + f"*{i}"


def glob_request(server: Standalone, i: int) -> bytes:
    query = f"filterField=name&filter={glob(i)}&perPage=5"
    return (
        f"GET /applications/{server.application_id}/integrations?{query} HTTP/1.1\r\n"
        f"Host: x\r\nAuthorization: Bearer {server.token}\r\nConnection: close\r\n\r\n"
    ).encode()


def normal_request(server: Standalone) -> int:
    response = requests.get(
        f"{server.url}/applications/{server.application_id}/integrations",
        params={"perPage": 3, "sortField": "lastUpdated"},
        headers={"Authorization": f"Bearer {server.token}"},
        timeout=LIVENESS,
    )
    assert len(response.json()["items"]) == 3
    return response.status_code


def test_hostile_clients_and_slow_senders_leave_a_normal_client_served(server):
    """About 50 clients at once (each framing probe, and 60 KB globs) and a few slow senders
    dribbling malformed headers byte by byte; meanwhile a normal client is answered."""
    probes = framings(server)
    answers: dict[str, bytes] = {}
    errors: list[tuple[str, BaseException]] = []

    def send(label: str, data: bytes, dribble: float = 0.0) -> None:
        try:
            answers[label] = exchange(server, data, dribble)
        except BaseException as error:  # surfaced below, with its label
            errors.append((label, error))

    jobs = [(f"{name} #{k}", probes[name][0], 0.0) for k in range(2) for name in PROBES]
    jobs += [(f"glob {i}", glob_request(server, 1000 + i), 0.0) for i in range(50 - len(jobs))]
    slow = ("conflicting Content-Length", "negative Content-Length", "blank lines only")
    jobs += [(f"slow {name}", probes[name][0], 0.01) for name in slow]
    threads = [threading.Thread(target=send, args=job, daemon=True) for job in jobs]
    for thread in threads:
        thread.start()
    served = [normal_request(server) for _ in range(5)]
    for thread in threads:
        thread.join(timeout=4 * LIVENESS)
    assert not errors, errors[:3]
    assert served == [200] * 5
    for label, answer in answers.items():
        if label.startswith("glob"):
            status, headers, listed = first_answer(answer)
            assert status == 200 and isinstance(listed, dict) and listed["items"] == [], label
        else:
            name = label.split(" #")[0].removeprefix("slow ")
            assert_json_refusal(answer, probes[name][1])
    assert len(answers) == len(jobs)


def test_distinct_60_kb_globs_leave_memory_bounded(server):
    for i in range(2):  # warm-up: the first requests allocate what every later one reuses
        assert first_answer(exchange(server, glob_request(server, i)))[0] == 200
    before = server.rss_kb()
    for i in range(2, GLOBS + 2):
        status, _, listed = first_answer(exchange(server, glob_request(server, i)))
        assert status == 200 and isinstance(listed, dict) and listed["totalCount"] == 0
        grown = server.rss_kb() - before
        assert grown < RSS_BOUND_KB, f"RSS grew by {grown} kB after {i - 1} distinct globs"
    assert normal_request(server) == 200
