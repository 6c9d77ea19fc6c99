"""What a hostile glob costs the mock: CPU seconds per request and resident memory, for
distinct 60 KB globs (`filter=*a*a*a…`, 30,000 stars) against a standalone mock with
foreign integrations. Prints figures only; nothing here asserts on time.

    .venv/bin/python -m benchmarks.mock_hostile [--globs 10] [--foreign 200] [--source DIR]

`--source` runs the mock of another checkout (e.g. an unpacked older commit, to compare
before and after): its directory is where `python -m losant_contract.mock` starts.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of process `pid` so far (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))) / 1024


def glob_request(application_id: str, token: str, i: int) -> bytes:
    pattern = f"{i}*" + "*a" * 29_998 + f"*{i}"  # 60 KB, raw: requests would escape the stars
    return (
        f"GET /applications/{application_id}/integrations?filterField=name&filter={pattern}&perPage=5 HTTP/1.1\r\n"
        f"Host: x\r\nAuthorization: Bearer {token}\r\nConnection: close\r\n\r\n"
    ).encode()


def send(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=600) as raw:
        raw.sendall(data)
        chunks = []
        while chunk := raw.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--globs", type=int, default=10, help="distinct globs to send, one at a time")
    parser.add_argument("--foreign", type=int, default=200, help="integrations in the mock")
    parser.add_argument("--source", type=Path, default=ROOT, help="checkout whose mock to run")
    args = parser.parse_args()
    process = subprocess.Popen(
        [sys.executable, "-m", "losant_contract.mock", "--foreign", str(args.foreign)],
        cwd=args.source,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        process.stdout.readline()
        env = dict(process.stdout.readline().strip().split("=", 1) for _ in range(3))
        port, application_id, token = (
            int(env["LOSANT_API_URL"].rsplit(":", 1)[1]),
            env["LOSANT_APPLICATION_ID"],
            env["LOSANT_API_TOKEN"],
        )
        send(port, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")  # warm-up
        start_rss, costs, walls = rss_mb(process.pid), [], []
        for i in range(args.globs):
            cpu, wall = cpu_seconds(process.pid), time.monotonic()
            answer = send(port, glob_request(application_id, token, i))
            walls.append(time.monotonic() - wall)
            costs.append(cpu_seconds(process.pid) - cpu)
            assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
        print(f"mock from {args.source}, {args.foreign} integrations, {args.globs} distinct 60 KB globs")
        print(f"CPU per glob request: mean {statistics.mean(costs):.3f} s, max {max(costs):.3f} s")
        print(f"wall per glob request: mean {statistics.mean(walls):.3f} s")
        print(f"RSS: {start_rss:.1f} MB before, {rss_mb(process.pid):.1f} MB after")
    finally:
        process.terminate()
        process.wait(timeout=30)


if __name__ == "__main__":
    main()
