"""Every check's label points at something real: a `documented` label at an anchor of a
reference page (as pinned in contracts/reference-facts.json), an `assumed` label at a
section heading of the project's docs/contract-decisions.md. And the project's copy of the
decisions is the team's current one, wherever the team's shared folder is beside it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import suite_process
from reference_pages import DECISIONS, pinned

ROOT = Path(__file__).resolve().parents[1]
OUR_DECISIONS = ROOT / "docs" / "contract-decisions.md"
LABEL = re.compile(r'@pytest\.mark\.(documented|assumed)\("([^"]+)"\)')
LABELS = sorted({m.groups() for f in (ROOT / "suites").glob("test_*.py") for m in LABEL.finditer(f.read_text())})
ANCHORS = pinned()["anchors"]


def test_the_suite_has_both_kinds_of_label():
    assert {kind for kind, _ in LABELS} == {"documented", "assumed"}


@pytest.mark.parametrize("kind, section", LABELS)
def test_label_names_a_real_section(kind, section):
    if kind == "documented":
        page, _, anchor = section.partition("#")
        assert anchor in ANCHORS.get(page, []), f"{page} has no anchor {anchor!r}"
    else:
        headings = re.findall(r"^## (.+)$", OUR_DECISIONS.read_text(encoding="utf-8"), re.M)
        assert section in headings, f"docs/contract-decisions.md has no section {section!r}; it has {headings}"


@pytest.mark.skipif(not DECISIONS.is_file(), reason="../shared/contract-decisions.md is not beside the checkout")
def test_our_decisions_are_the_teams_current_ones():
    """A changed decision is noticed: copy it into docs/, then make the mock and the checks follow it."""
    ours, theirs = OUR_DECISIONS.read_text(encoding="utf-8"), DECISIONS.read_text(encoding="utf-8")
    assert ours == theirs, f"{DECISIONS} changed: copy it to docs/contract-decisions.md and follow it"


def test_an_unknown_area_marker_fails_collection(tmp_path):
    """A typo in an area marker is a usage error before any check runs, naming the areas."""
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["losant_contract.pytest.plugin"]\n')
    (tmp_path / "test_typo.py").write_text(
        "import pytest\n\n\n"
        '@pytest.mark.area("sortign")\n'
        '@pytest.mark.assumed("3. GET Integrations query semantics")\n'
        "def test_x():\n    pass\n"
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-c", str(ROOT / "losant_contract" / "suite.ini")]
        + ["--rootdir", str(tmp_path), "-p", "losant_contract.pytest.profiles", str(tmp_path)],
        cwd=tmp_path,
        env=suite_process.environment(reports=tmp_path / "reports"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 4, done.stdout + done.stderr
    assert "unknown area marker(s): 'sortign'" in done.stderr and "preflight, schema, sorting" in done.stderr
