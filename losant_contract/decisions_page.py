"""contract-decisions.md as a page inside the HTML report, so "assumed" checks link to
the decision they rest on and the link works wherever the report is opened (a CI
artifact has no access to the project's files, and browsers refuse file:// links from
an http page). Headings get the anchors a Markdown renderer would give them; the rest
is shown as written.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

PAGE = "decisions.html"
#: The project's own copy of the decisions (tests/test_labels.py keeps it current).
CANDIDATES = ("docs/contract-decisions.md",)
#: The same file as the package carries it, for a run from an installed wheel (no checkout).
PACKAGED = Path(__file__).resolve().parent / "contract-decisions.md"


def anchor(heading: str) -> str:
    """'1. Authentication and scopes' -> '1-authentication-and-scopes' (GitHub's rule)."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def find(project: Path) -> Path | None:
    return next((path for path in (*(project / c for c in CANDIDATES), PACKAGED) if path.is_file()), None)


def render(markdown: str) -> str:
    """A minimal HTML page: headings with ids, every other line as preformatted text."""
    body: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if block:
            body.append("<pre>" + html.escape("\n".join(block)) + "</pre>")
            block.clear()

    for line in markdown.splitlines():
        heading = re.match(r"^(#{1,6})\s+(.*)$", line)
        if heading:
            flush()
            level, text = len(heading.group(1)), heading.group(2).strip()
            body.append(f'<h{level} id="{anchor(text)}">{html.escape(text)}</h{level}>')
        else:
            block.append(line)
    flush()
    style = "body{font-family:sans-serif;max-width:60em;margin:2em auto}pre{white-space:pre-wrap;font-family:inherit}"
    return f"<!doctype html><meta charset=utf-8><title>Contract decisions</title><style>{style}</style>" + "\n".join(
        body
    )


def publish(project: Path, report: Path) -> Path | None:
    """Write decisions.html into `report`; None when no contract-decisions.md is found."""
    source = find(project)
    if source is None:
        return None
    target = report / PAGE
    target.write_text(render(source.read_text(encoding="utf-8")), encoding="utf-8")
    return target
