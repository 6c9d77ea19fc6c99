"""Losant's official clients through the kit: the results the README states, measured.

Python: losant-rest from PyPI (the dev extras install it). JavaScript: npm losant-rest
2.8.1, pinned in examples/javascript-losant-rest (`npm ci` there; .ci/run does it).
Each test skips in one line when its client is missing, never passes without it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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


def outcome(adapter) -> dict[str, str]:
    try:
        results = run(adapter)
    finally:
        adapter.close()
    for result in results:
        print(f"{result.verdict:14} {result.seconds:5.2f} s  {result.name}  {result.reason}")
    return {result.name: result.verdict for result in results}


def not_passed(verdicts: dict[str, str]) -> dict[str, set[str]]:
    return {v: {name for name, got in verdicts.items() if got == v} for v in (FAIL, NOT_SUPPORTED)}


def test_python_client():
    pytest.importorskip("losant_rest", reason="losant-rest (PyPI) is not installed: pip install -e '.[dev]'")
    verdicts = outcome(python_adapter(f"{PYTHON_EXAMPLE}:LosantRestAdapter"))
    assert len(verdicts) == len(all_scenarios())
    assert not_passed(verdicts) == {FAIL: set(), NOT_SUPPORTED: NO_RETRIES | NO_TIMEOUT | NO_PAGER}


def test_javascript_client():
    if shutil.which("node") is None:
        pytest.skip("node is not installed (the JavaScript client needs Node.js 18 or later)")
    if not (JS_EXAMPLE / "node_modules" / "losant-rest").is_dir():
        pytest.skip("npm losant-rest is not installed: run `npm ci` in examples/javascript-losant-rest")
    verdicts = outcome(ProcessAdapter(["node", str(JS_EXAMPLE / "adapter.js")]))
    assert len(verdicts) == len(all_scenarios())
    assert not_passed(verdicts) == {FAIL: BODY_ON_DELETE, NOT_SUPPORTED: NO_RETRIES | NO_PAGER}
