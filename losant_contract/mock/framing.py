"""HTTP/1.1 message framing for the mock, hardened against hostile input: whatever the
standard library's parser would drop silently or get wrong becomes one JSON 4xx and a
closed connection.

- A blank request line (the library closes without a word) or a request line without a
  version (HTTP/0.9, which it would answer without a status line): 400.
- Two different Content-Length headers (the library takes the first): 400.
- Expect: 100-continue (the library sends "100 Continue" before anything is checked):
  the interim answer goes out only once the body's framing is acceptable, so an
  oversized body gets its 413 alone.
- After a refusal the connection closes with a short, bounded lingering read, so the
  client reads the answer rather than a reset caused by bytes it had already sent.
"""

from __future__ import annotations

import re
import socket
from http.server import BaseHTTPRequestHandler

from .http import ApiError, Response, encode

MAX_BODY = 1 << 20  # far above the largest valid Integration Post (a few 32 KiB keys)
LINGER_SECONDS = 0.5  # how long a refused connection waits for the client's last bytes
LINGER_BYTES = 1 << 20  # and how many of them it reads (and discards) at most
_LENGTH = re.compile(r"[0-9]{1,12}")


class FramedHandler(BaseHTTPRequestHandler):
    """Request line, headers and body framing; subclasses serve what passes (do_*)."""

    protocol_version = "HTTP/1.1"
    raw_requestline: bytes  # set by the library before parse_request
    _continue_expected = False  # this request asked for "100 Continue" (Expect header)
    _linger = False  # a refusal: read what the client still sends before closing

    def parse_request(self) -> bool:
        self._continue_expected = False  # one handler serves every request of a connection
        words = self.raw_requestline.split()
        if len(words) < 3:  # blank, one word, or HTTP/0.9's "GET /path"
            self.command, self.request_version = "", self.default_request_version
            self.requestline = self.raw_requestline.decode("iso-8859-1").rstrip("\r\n")
            blank = "a blank request line" if not words else f"the request line {self.requestline[:80]!r}"
            self.send_error(400, f"{blank}: METHOD PATH HTTP/1.1 is required")
            return False
        if not super().parse_request():
            return False
        lengths = {value.strip() for value in self.headers.get_all("Content-Length") or ()}
        if len(lengths) > 1:
            self.send_error(400, "conflicting Content-Length headers")
            return False
        return True

    def handle_expect_100(self) -> bool:
        """Hold "100 Continue" back until `_read_body` has accepted the body's framing."""
        self._continue_expected = True
        return True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Errors raised by the HTTP parser (bad request line, header too long) as JSON.
        The parser's 5xx (HTTP version) becomes 400: no request gets a 5xx."""
        status = code if code < 500 else 400
        self._refuse(ApiError(status, "BadRequest", message or "malformed request"))

    def _refuse(self, error: ApiError) -> None:
        """Answer a request whose framing is unusable, then close: the stream cannot resync."""
        self.close_connection = self._linger = True
        self.request_version = self.protocol_version  # answer with a status line, not HTTP/0.9
        self._write(Response(error.status, {"type": error.type, "message": error.message}))

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding"):
            raise ApiError(411, "LengthRequired", "send the body with a Content-Length, not chunked")
        length = (self.headers.get("Content-Length") or "0").strip()
        if not _LENGTH.fullmatch(length):
            raise ApiError(400, "BadRequest", "Content-Length must be a non-negative integer")
        if int(length) > MAX_BODY:
            raise ApiError(413, "PayloadTooLarge", f"bodies above {MAX_BODY} bytes are refused")
        if self._continue_expected and int(length):
            self._continue_expected = False
            self.send_response_only(100)
            self.end_headers()
        return self.rfile.read(int(length))

    def _write(self, response: Response) -> None:
        body = response.body if response.payload is None else encode(response.payload)
        bodiless = response.status in (204, 304)
        self.send_response(response.status)
        if not bodiless:
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(body)))
        for name, value in response.headers:
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and not bodiless:
            self.wfile.write(body)

    def finish(self) -> None:
        super().finish()
        if self._linger:
            try:
                self.connection.shutdown(socket.SHUT_WR)  # the answer is complete: say so
                self.connection.settimeout(LINGER_SECONDS)
                budget = LINGER_BYTES
                while budget > 0 and (chunk := self.connection.recv(65536)):
                    budget -= len(chunk)
            except OSError:  # the client went first, or the timeout: either way, done
                pass
