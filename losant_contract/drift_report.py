"""The drift report of a run: drift.json for machines, drift.md for the operator.

A nightly run is read the next morning: what matters is what changed since last
night. So every finding is counted, keeps the first exchange and check that showed
it, and is marked new unless the previous run's drift.json (against the same target)
had it; what the previous run saw and this one did not is listed as gone. Pure data
and files: no pytest.
"""

from __future__ import annotations

import copy
import json
import threading
from pathlib import Path
from typing import Any

from losant_contract import redact, scrub
from losant_contract.drift import ASPECTS, Finding

FORMAT = 1
JSON_NAME, MARKDOWN_NAME = "drift.json", "drift.md"
COLUMNS = ["what", "operation", "status", "where", "seen", "documented", "times", "first seen in"]
ASPECT_TITLES = {
    "status": "undocumented status code",
    "body": "body is not JSON",
    "type": "type change",
    "enum": "value outside the documented list",
    "field": "undocumented field",
}


class DriftLog:
    """The findings of one run (or one xdist worker), counted, in a JSON-ready form."""

    def __init__(self) -> None:
        self._entries: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def add(self, finding: Finding, exchange: str, check: str) -> None:
        """Count `finding`; the first `exchange` line and `check` (node id) are kept as the example."""
        with self._lock:
            entry = self._entries.setdefault(
                finding.key, {**finding.as_dict(), "count": 0, "example": exchange, "check": check}
            )
            entry["count"] += 1

    def entries(self) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(entry) for entry in self._entries.values()]

    def merge(self, entries: list[dict[str, Any]]) -> None:
        """Add what another process (an xdist worker) found."""
        with self._lock:
            for entry in entries:
                mine = self._entries.setdefault(entry["key"], {**entry, "count": 0})
                mine["count"] += entry["count"]


def load_previous(path: Path) -> dict[str, Any] | None:
    """The previous run's document, or None when there is none (or it cannot be read)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return None
    for entry in document.get("findings", []):  # written before "kind" was renamed "aspect"
        if isinstance(entry, dict) and "kind" in entry:
            entry.setdefault("aspect", entry.pop("kind"))
    return document


def build(entries: list[dict[str, Any]], previous: dict[str, Any] | None, run: dict[str, Any]) -> dict[str, Any]:
    """The drift.json document: `entries` marked new against `previous` when it saw the same target."""
    comparable = previous is not None and previous.get("run", {}).get("target") == run.get("target")
    known = {entry["key"]: entry for entry in previous["findings"]} if previous is not None and comparable else {}
    findings = sorted(
        ({**entry, "new": entry["key"] not in known} for entry in entries),
        key=lambda e: (
            not e["breaking"],
            ASPECTS.index(e["aspect"]),
            e["operation"],
            e["status"],
            e["where"],
            e["seen"],
        ),
    )
    seen_now = {entry["key"] for entry in findings}
    gone = [entry for key, entry in known.items() if key not in seen_now]
    return {
        "format": FORMAT,
        "run": run,
        "previous": previous["run"] if previous else None,
        "compared": comparable,
        "summary": {
            "findings": len(findings),
            "new": sum(entry["new"] for entry in findings),
            "breaking": sum(entry["breaking"] for entry in findings),
            "gone": len(gone),
        },
        "findings": findings,
        "gone": gone,
    }


def markdown(document: dict[str, Any]) -> str:
    """A page an operator reads in a minute: counts, then one table row per finding."""
    run, summary = document["run"], document["summary"]
    lines = [f"# Drift report: {run.get('target', '?')}", ""]
    lines.append(
        f"Run of {run.get('generated', '?')}, profile {run.get('profile', '?')}, LOSANT_SEED={run.get('seed', '?')}."
    )
    previous = document.get("previous") or {}
    if document["compared"]:
        lines.append(f"Compared with the previous run of {previous.get('generated', '?')}.")
    elif previous:
        lines.append(
            f"Not compared: the previous run was against {previous.get('target', '?')}; every finding counts as new."
        )
    else:
        lines.append("No previous run to compare with: every finding counts as new.")
    lines += [
        "",
        f"**{summary['findings']} findings, {summary['new']} new, {summary['gone']} gone; "
        f"{summary['breaking']} break documented behaviour"
        f"{' (the run fails)' if summary['breaking'] else ''}.**",
        "",
    ]
    if document["findings"]:
        lines += _table(document["findings"], with_new=True)
    if document["gone"]:
        lines += ["", "Gone since the previous run:", ""] + _table(document["gone"], with_new=False)
    lines += [
        "",
        "Undocumented fields are reported, not failed: the schemas allow them. Status codes, "
        "types and enum values outside the documents fail the check that met them.",
        "",
    ]
    return redact.text("\n".join(lines))


def _table(entries: list[dict[str, Any]], with_new: bool) -> list[str]:
    head = (["new"] if with_new else []) + COLUMNS
    rows = [
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
    ]
    for e in entries:
        cells = (["**NEW**" if e.get("new") else ""] if with_new else []) + [
            ASPECT_TITLES[e["aspect"]] + (" (breaking)" if e["breaking"] else ""),
            e["operation"],
            str(e["status"]),
            e["where"] or "-",
            e["seen"],
            e["documented"],
            str(e["count"]),
            f"{e['check']}: {e['example']}",
        ]
        rows.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return rows


def _cell(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")[:300]


def write(directory: Path, document: dict[str, Any]) -> tuple[Path, Path]:
    """Write drift.json and drift.md into `directory`; returns both paths."""
    directory.mkdir(parents=True, exist_ok=True)
    as_json, as_markdown = directory / JSON_NAME, directory / MARKDOWN_NAME
    shown = scrub.deep(copy.deepcopy(document))  # string by string: JSON escaping cannot hide a token
    as_json.write_text(json.dumps(shown, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    as_markdown.write_text(markdown(document), encoding="utf-8")
    return as_json, as_markdown
