"""An adapter in any language: a subprocess that speaks the protocol (protocol.py) as JSON lines.

The kit starts the command once per run, sends `start`, checks the `started` answer
against the protocol, then sends one `call` per operation and reads one `result`.
Every line either way is checked against the protocol schema; a broken line, a hang
or an exit becomes AdapterError naming what happened and the adapter's last stderr
lines (redacted), never a verdict on the client.
"""

from __future__ import annotations

import itertools
import json
import queue
import subprocess
import threading
from collections import deque
from collections.abc import Sequence
from typing import IO, Any

from losant_contract import redact
from losant_contract.clientkit import protocol
from losant_contract.clientkit.adapter import AdapterError, ClientConfig, ClientError, Harness, Implementation

#: Seconds an adapter may take beyond the call's own timeout before it counts as hung.
GRACE = 30.0
STARTUP = 60.0


class ProcessAdapter(Harness):
    """`ProcessAdapter(["node", "adapter.js"])`: the adapter behind a command line."""

    def __init__(self, command: Sequence[str], cwd: str | None = None) -> None:
        self.command = list(command)
        try:
            self._process = subprocess.Popen(
                self.command,
                cwd=cwd,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                bufsize=1,
            )
        except OSError as error:
            raise AdapterError(f"cannot start adapter {' '.join(self.command)!r}: {error.strerror or error}") from None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._stderr: deque[str] = deque(maxlen=20)
        self._seq = itertools.count(1)
        assert self._process.stdout is not None and self._process.stderr is not None
        threading.Thread(target=self._pump, args=(self._process.stdout, self._lines), daemon=True).start()
        self._drainer = threading.Thread(target=self._drain, args=(self._process.stderr,), daemon=True)
        self._drainer.start()
        try:
            started = self._exchange({"cmd": "start", "version": protocol.VERSION}, "started", STARTUP)
        except AdapterError:
            self.close()
            raise
        info = started["implementation"]
        self._implementation = Implementation(info["name"], info["version"], info["language"], info.get("homepage", ""))
        self.capabilities = frozenset(started["capabilities"])

    @property
    def implementation(self) -> Implementation:
        return self._implementation

    def close(self) -> None:
        if self._process.poll() is None:
            try:
                self._send({"cmd": "stop"})
                self._process.wait(timeout=5)
            except (AdapterError, subprocess.TimeoutExpired):
                self._process.kill()
                self._process.wait()
        for stream in (self._process.stdin, self._process.stdout, self._process.stderr):
            if stream is not None:
                stream.close()

    # -- the wire -------------------------------------------------------------------

    def call(self, operation: str, client: ClientConfig, args: dict[str, Any]) -> Any:
        """Any operation of the table, forwarded as it is: one `call` out, one `result` back."""
        seq = next(self._seq)
        command = {
            "cmd": "call",
            "seq": seq,
            "op": operation,
            "client": {"url": client.url, "token": client.token, "timeout": client.timeout},
            "args": args,
        }
        result = self._exchange(command, "result", client.timeout + GRACE)
        if result["seq"] != seq:
            raise AdapterError(f"adapter answered call {result['seq']} when call {seq} ({operation}) was asked")
        if result["ok"]:
            return result["value"]
        error = result["error"]
        raise ClientError(error["status"], error["type"], error["message"], error["raised"])

    def _exchange(self, command: dict[str, Any], expected: str, deadline: float) -> dict[str, Any]:
        self._send(command)
        try:
            line = self._lines.get(timeout=deadline)
        except queue.Empty:
            raise AdapterError(self._say(f"no answer to {command['cmd']} within {deadline:g} s")) from None
        if line is None:
            raise AdapterError(self._say(f"the adapter exited (code {self._process.poll()}) during {command['cmd']}"))
        try:
            answer = json.loads(line)
        except ValueError:
            raise AdapterError(self._say(f"answer is not one JSON document: {redact.text(line)[:160]!r}")) from None
        broken = protocol.problems(expected, answer)
        if broken:
            raise AdapterError(self._say(f"answer breaks the protocol ({expected}): {broken[0]}"))
        return dict(answer)

    def _send(self, command: dict[str, Any]) -> None:
        stdin = self._process.stdin
        try:
            assert stdin is not None
            stdin.write(json.dumps(command, ensure_ascii=False) + "\n")
            stdin.flush()
        except (OSError, ValueError):
            raise AdapterError(self._say(f"cannot write to the adapter (code {self._process.poll()})")) from None

    def _say(self, what: str) -> str:
        """One line: the command, what went wrong, and the adapter's last stderr lines."""
        if self._process.poll() is not None:
            self._drainer.join(timeout=1)  # an adapter that died: its last words first
        tail = " | ".join(line.rstrip() for line in list(self._stderr)[-3:])
        line = f"{' '.join(self.command)[:120]}: {what}" + (f"; stderr: {tail[:400]}" if tail else "")
        return redact.text(" ".join(line.split()))

    @staticmethod
    def _pump(stream: IO[str], lines: queue.Queue[str | None]) -> None:
        for line in stream:
            if line.strip():
                lines.put(line)
        lines.put(None)

    def _drain(self, stream: IO[str]) -> None:
        for line in stream:
            self._stderr.append(line)
