"""The files beside the test results that make an Allure report readable on its own:
environment.properties (what was tested, with what), categories.json (failures sorted
by verdict), executor.json (which CI build), and stand-alone results such as the drift
report. Plain files in Allure's documented result format; no pytest, no allure import.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from losant_contract import redact, scrub, vocabulary


def write_environment(results: Path, values: Mapping[str, str]) -> Path:
    """environment.properties: one `key = value` line each, values redacted."""
    lines = [f"{key} = {_property(redact.text(str(value)))}" for key, value in values.items()]  # before escaping
    return _write(results / "environment.properties", "\n".join(lines) + "\n")


def categories() -> list[dict[str, Any]]:
    """One category per kind of failure, matched on the 'verdict: ...' line every failure
    carries (written from the failure's kind, never inferred from its text)."""
    return [
        {
            "name": kind.title[0].upper() + kind.title[1:],
            "description": kind.meaning,
            "matchedStatuses": ["failed", "broken"],
            "traceRegex": f"(?s).*verdict: {kind.title} .*",
        }
        for kind in vocabulary.ORDER
    ]


def write_categories(results: Path) -> Path:
    return _write(results / "categories.json", json.dumps(categories(), indent=2) + "\n")


def executor(environ: Mapping[str, str] | None = None) -> dict[str, Any] | None:
    """Which CI build ran the suite (GitHub Actions in detail, any other CI by name), or None."""
    env = os.environ if environ is None else environ
    if env.get("GITHUB_ACTIONS") == "true":
        server, repository = env.get("GITHUB_SERVER_URL", ""), env.get("GITHUB_REPOSITORY", "")
        run_id, number = env.get("GITHUB_RUN_ID", ""), env.get("GITHUB_RUN_NUMBER", "")
        return {
            "name": "GitHub Actions",
            "type": "github",
            "buildName": f"{env.get('GITHUB_WORKFLOW', 'workflow')} #{number}",
            "buildOrder": int(number) if number.isdigit() else None,
            "buildUrl": f"{server}/{repository}/actions/runs/{run_id}",
            "reportName": "Losant contract report",
        }
    if env.get("CI", "").lower() in ("true", "1", "yes"):
        return {
            "name": "CI",
            "type": "ci",
            "buildName": env.get("HOSTNAME") or "CI run",
            "reportName": "Losant contract report",
        }
    return None


def write_executor(results: Path, environ: Mapping[str, str] | None = None) -> Path | None:
    info = executor(environ)
    return _write(results / "executor.json", json.dumps(info, indent=2) + "\n") if info else None


def write_result(
    results: Path,
    name: str,
    *,
    passed: bool,
    labels: Mapping[str, str],
    attachments: Mapping[str, tuple[str, str]],
    message: str = "",
    trace: str = "",
    description: str = "",
) -> Path:
    """A finished test result that no pytest test produced (the drift report), with
    `attachments` as {name: (mime type, text)}. Its history id follows the story label, not
    the name (which carries counts), so the report keeps this entry's trend across runs."""
    now = int(time.time() * 1000)
    attached = []
    for title, (mime, text) in attachments.items():
        source = f"{uuid.uuid4()}-attachment{Path(title).suffix or '.txt'}"
        _write(results / source, text)
        attached.append({"name": title, "source": source, "type": mime})
    stable = hashlib.md5(labels.get("story", name).encode()).hexdigest()
    result = {
        "uuid": str(uuid.uuid4()),
        "historyId": stable,
        "testCaseId": stable,
        "name": name,
        "fullName": labels.get("story", name),
        "status": "passed" if passed else "failed",
        "statusDetails": {"message": message, "trace": trace} if not passed else {},
        "stage": "finished",
        "start": now,
        "stop": now,
        "description": description,
        "labels": [{"name": key, "value": value} for key, value in labels.items()],
        "attachments": attached,
        "steps": [],
        "parameters": [],
        "links": [],
    }
    return _write(
        results / f"{result['uuid']}-result.json", json.dumps(scrub.deep(result), indent=2, ensure_ascii=False)
    )


def _property(value: str) -> str:
    """Escape for a Java properties file (backslashes and line breaks)."""
    return value.replace("\\", "\\\\").replace("\n", "\\n")


def _write(path: Path, text: str) -> Path:
    """Every file here is written redacted (see redact)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(redact.text(text), encoding="utf-8")
    return path
