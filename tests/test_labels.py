"""Every check's label points at something real: a `documented` label at an anchor of a
reference page, an `assumed` label at a section heading of contract-decisions.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
LABEL = re.compile(r'@pytest\.mark\.(documented|assumed)\("([^"]+)"\)')
LABELS = sorted({m.groups() for f in (ROOT / "suites").glob("test_*.py") for m in LABEL.finditer(f.read_text())})

pytestmark = pytest.mark.skipif(
    not SHARED.is_dir(), reason="../shared (the Losant reference pages) is not beside the checkout"
)


def test_the_suite_has_both_kinds_of_label():
    assert {kind for kind, _ in LABELS} == {"documented", "assumed"}


@pytest.mark.parametrize("kind, section", LABELS)
def test_label_names_a_real_section(kind, section):
    if kind == "documented":
        page, _, anchor = section.partition("#")
        text = (SHARED / "reference" / page).read_text(encoding="utf-8")
        assert f'<a name="{anchor}">' in text, f"{page} has no anchor {anchor!r}"
    else:
        headings = re.findall(r"^## (.+)$", (SHARED / "contract-decisions.md").read_text(encoding="utf-8"), re.M)
        assert section in headings, f"contract-decisions.md has no section {section!r}; it has {headings}"
