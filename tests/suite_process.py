"""Run the contract suite as a separate process, the way a person does, and look at the
target afterwards only through HTTP (as a person would). Shared by the staging self-tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from losant_contract import results
from losant_contract.client import ApiClient

ROOT = Path(__file__).resolve().parents[1]
SUITE = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider"]


def environment(mock=None, reports: Path | None = None, **extra: str) -> dict[str, str]:
    """The suite's settings: aimed at a standalone mock, or (mock None) at the embedded one.
    Every LOSANT_ setting of the caller (and of any .env) is overridden, never inherited;
    with `reports`, the reports and Hypothesis's example database go there."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOSANT_", "PYTEST_", "HYPOTHESIS_"))}
    env.update(
        LOSANT_API_URL="",
        LOSANT_APPLICATION_ID="",
        LOSANT_API_TOKEN="",
        LOSANT_PROFILE="quick",
        PYTHONPATH=str(ROOT),
        PYTHONUNBUFFERED="1",
    )
    for name in ("ALL_ORGANIZATION", "ALL_ORGANIZATION_READ", "ALL_USER", "ALL_USER_READ"):
        env[f"LOSANT_SCOPE_TOKEN_{name}"] = ""
    if mock is not None:
        env.update(line.split("=", 1) for line in mock.tokens_env())
    if reports is not None:
        env["LOSANT_REPORTS_DIR"] = str(reports)
        env["HYPOTHESIS_STORAGE_DIRECTORY"] = str(Path(reports) / ".hypothesis")  # not the project's database
    env.update(extra)
    return env


def start(args: list[str], env: dict[str, str], out: Path) -> subprocess.Popen:
    """The suite as a child process (its own process group), output to the file `out`."""
    with open(out, "wb") as sink:
        return subprocess.Popen(
            [*SUITE, *args], cwd=ROOT, env=env, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
        )


def run(args: list[str], env: dict[str, str], timeout: float = 170) -> subprocess.CompletedProcess:
    return subprocess.run([*SUITE, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def counts(reports: Path) -> dict[str, int]:
    """How many checks passed, failed, errored and were skipped, from the run's results.json."""
    return results.load(reports).outcomes()


def everything(mock) -> tuple[list[dict], list[dict]]:
    """All integrations and application API tokens, read over HTTP with the admin token
    (through the retrying client: a transport fault may still be on)."""
    api = ApiClient(mock.url, mock.admin_token, backoff=0)
    lists = []
    for path in ("integrations", "tokens"):
        response = api.get(f"/applications/{mock.application_id}/{path}", params={"perPage": 1000, "sortField": "id"})
        assert response.status_code == 200, response.text
        lists.append(response.json()["items"])
    api.close()
    return lists[0], lists[1]


def run_named(items: list[dict]) -> list[str]:
    """Names that carry a run prefix (lct-...), whatever their age."""
    return [item.get("name") for item in items if str(item.get("name", "")).startswith("lct-")]


def verdicts(reports: Path) -> dict[str, tuple[str, str]]:
    """check -> (its outcome, the verdict kind it was filed under) from a run's results.json:
    what two runs that must agree are compared on."""
    return {check.nodeid: (check.outcome, check.kind or "") for check in results.load(reports).checks}
