"""Helpers for the self-tests that run the suite and read its reports as a person would:
run the suite in a subprocess against a standalone mock, build the HTML, serve it over
http on 127.0.0.1 and read it with headless Chromium."""

from __future__ import annotations

import functools
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from losant_contract import report
from losant_contract.mock import MockServer
from losant_contract.settings import scope_token_setting

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def suite_env(mock: MockServer, reports: Path) -> dict[str, str]:
    """The environment that points the suite at `mock` (tokens included) and its reports at `reports`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOSANT_", "PYTEST_", "GITHUB_"))}
    env.update(
        {
            "LOSANT_API_URL": mock.url,
            "LOSANT_APPLICATION_ID": mock.application_id,
            "LOSANT_API_TOKEN": mock.admin_token,
            "LOSANT_REPORTS_DIR": str(reports),
            "PYTHONPATH": str(PROJECT),
        }
    )
    env.update({scope_token_setting(scope): token for scope, token in mock.scope_tokens.items()})
    return env


def run_suite(mock: MockServer, reports: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m pytest <args>` in the project, against `mock`, reports into `reports`."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
        cwd=PROJECT,
        env=suite_env(mock, reports),
        capture_output=True,
        text=True,
        timeout=900,
    )


def build_report(reports: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LOSANT_REPORTS_DIR": str(reports), "PYTHONPATH": str(PROJECT)}
    return subprocess.run(
        [sys.executable, "-m", "losant_contract.report"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def chromium() -> str | None:
    return next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)


def missing_tools() -> str | None:
    """Why the HTML cannot be checked here, or None when chromium, the Allure CLI and Java are present."""
    if chromium() is None:
        return "headless Chromium is not installed (Debian: apt-get install chromium; .ci/run installs it)"
    if report.allure_cli() is None:
        return "the Allure command line is not installed (npm install in the project; .ci/run does it)"
    if shutil.which("java") is None:
        return "Java is not installed; the Allure 2 command line needs it (apt-get install default-jre-headless)"
    return None


@contextmanager
def served(directory: Path) -> Iterator[str]:
    """Serve `directory` over http on 127.0.0.1 (Allure's HTML loads its data with XHR); yields the base URL."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def browse(url: str, screenshot: Path | None = None) -> str:
    """The page's text after its scripts ran; with `screenshot`, also a PNG of it."""
    with tempfile.TemporaryDirectory() as profile:
        base = [
            chromium(),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--window-size=1400,1000",
            "--virtual-time-budget=20000",
        ]
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run([*base, f"--screenshot={screenshot}", url], capture_output=True, timeout=120, check=True)
        dom = subprocess.run([*base, "--dump-dom", url], capture_output=True, text=True, timeout=120, check=True).stdout
    dom = re.sub(r"(?s)<(style|script)\b[^>]*>.*?</\1>", " ", dom)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", dom))).strip()


def plant(mock: MockServer, **fields: object) -> str:
    """An integration the suite did not create, with `fields` over a valid one; returns its name."""
    ident, now = mock.store.issue()
    name = f"planted {ident}"
    mock.store.prefill(
        [
            {
                "id": ident,
                "integrationId": ident,
                "applicationId": mock.application_id,
                "creationDate": now,
                "lastUpdated": now,
                "name": name,
                "integrationType": "mqtt",
                "enabled": True,
                **fields,
            }
        ]
    )
    return name


def files_containing(root: Path, secrets: list[str]) -> list[str]:
    """Every file under `root` holding one of `secrets` (as bytes, any encoding of the file)."""
    needles = [secret.encode() for secret in secrets if secret]
    return [str(path) for path in root.rglob("*") if path.is_file() and any(n in path.read_bytes() for n in needles)]
