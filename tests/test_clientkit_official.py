"""Losant's official clients through the kit: the results the README states, measured.

Python: losant-rest from PyPI (the dev extras install it). JavaScript: npm losant-rest
2.8.1, pinned in examples/javascript-losant-rest (`npm ci` there; .ci/run does it).
Each test skips in one line when its client is missing, never passes without it.
"""

from __future__ import annotations

import importlib.util
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from losant_contract.clientkit.adapter import Adapter
from losant_contract.clientkit.catalogue import all_scenarios
from losant_contract.clientkit.loading import python_adapter
from losant_contract.clientkit.outcomes import FAIL, NOT_SUPPORTED
from losant_contract.clientkit.process import ProcessAdapter
from losant_contract.clientkit.runner import run

ROOT = Path(__file__).resolve().parents[1]
PYTHON_EXAMPLE = ROOT / "examples" / "python-losant-rest" / "adapter.py"
JS_EXAMPLE = ROOT / "examples" / "javascript-losant-rest"

NO_RETRIES = {
    "retry list after 429",
    "retry create after 429",
    "retry list after 503",
    "retry list after a dropped connection",
}
NO_TIMEOUT = {"timeout on a slow answer", "no repeated create after a timeout"}
NO_PAGER = {"walk all pages"}
BODY_ON_DELETE = {"delete", "token mint and delete", "error 404 token"}


NULL_ERROR_BODY = {"error status with a null body"}


def missing(client: str) -> str | None:
    """Why `client` cannot be measured here (one line), or None."""
    if client == "python":
        if importlib.util.find_spec("losant_rest") is None:
            return "losant-rest (PyPI) is not installed: pip install -e '.[dev]'"
        return None
    if shutil.which("node") is None:
        return "node is not installed (the JavaScript client needs Node.js 18 or later)"
    if not (JS_EXAMPLE / "node_modules" / "losant-rest").is_dir():
        return "npm losant-rest is not installed: run `npm ci` in examples/javascript-losant-rest"
    return None


def outcome(client: str) -> dict[str, str]:
    """Every scenario's verdict for one official client, printed as a table too."""
    if client == "python":
        adapter: Adapter = python_adapter(f"{PYTHON_EXAMPLE}:LosantRestAdapter")
    else:
        adapter = ProcessAdapter(["node", str(JS_EXAMPLE / "adapter.js")])
    try:
        results = run(adapter)
    finally:
        adapter.close()
    lines = [f"{r.verdict:14} {r.seconds:5.2f} s  {r.name}  {r.reason}" for r in results]
    print(f"{client}:\n" + "\n".join(lines))
    return {result.name: result.verdict for result in results}


@pytest.fixture(scope="module")
def measured() -> dict[str, dict[str, str]]:
    """Both clients' verdicts, measured side by side (each mostly waits on its own mock)."""
    present = [client for client in ("python", "javascript") if missing(client) is None]
    with ThreadPoolExecutor(2) as pool:
        return dict(zip(present, pool.map(outcome, present), strict=True))


def not_passed(verdicts: dict[str, str]) -> dict[str, set[str]]:
    return {v: {name for name, got in verdicts.items() if got == v} for v in (FAIL, NOT_SUPPORTED)}


def test_python_client(measured):
    if missing("python"):
        pytest.skip(missing("python"))
    verdicts = measured["python"]
    assert len(verdicts) == len(all_scenarios())
    assert not_passed(verdicts) == {FAIL: set(), NOT_SUPPORTED: NO_RETRIES | NO_TIMEOUT | NO_PAGER}


def test_javascript_client(measured):
    if missing("javascript"):
        pytest.skip(missing("javascript"))
    verdicts = measured["javascript"]
    assert len(verdicts) == len(all_scenarios())
    assert not_passed(verdicts) == {FAIL: BODY_ON_DELETE | NULL_ERROR_BODY, NOT_SUPPORTED: NO_RETRIES | NO_PAGER}
