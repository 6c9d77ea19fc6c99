"""The docs say what the code does: every LOSANT_ setting settings.py reads is in the table
of docs/staging.md and in .env.example (and nothing else is); docs/staging.md gives the
timeouts the workflow has, and the workflow passes what a release needs; docs/reports.md
says what to do next for exactly the verdict kinds of vocabulary.Kind, by their titles."""

from __future__ import annotations

import re
from pathlib import Path

from losant_contract.contracts import UNMINTABLE_SCOPES
from losant_contract.settings import scope_token_setting
from losant_contract.vocabulary import ORDER, Kind

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "contract.yml"
STAGING, REPORTS = ROOT / "docs" / "staging.md", ROOT / "docs" / "reports.md"
NAME = re.compile(r"LOSANT_[A-Z0-9_]*[A-Z0-9]")


def read_by_settings() -> set[str]:
    """Every LOSANT_ name settings.py reads: the literal ones, and one per unmintable scope."""
    source = (ROOT / "losant_contract" / "settings.py").read_text(encoding="utf-8")
    literal = set(re.findall(r'"(LOSANT_[A-Z0-9_]*[A-Z0-9])"', source))
    return literal | {scope_token_setting(scope) for scope in UNMINTABLE_SCOPES}


def section(path: Path, heading: str) -> str:
    """The text under `heading` (a Markdown heading line) up to the next heading of its level or above."""
    text = path.read_text(encoding="utf-8")
    level = heading.split(" ", 1)[0]
    start = text.index(f"\n{heading}\n") + len(heading) + 2
    ends = [m.start() for m in re.finditer(rf"^#{{1,{len(level)}}} ", text[start:], re.M)]
    return text[start : start + ends[0]] if ends else text[start:]


def test_settings_py_reads_what_the_suite_is_known_to_need():
    """The reader below finds the names (a guard against it quietly finding none)."""
    found = read_by_settings()
    assert {"LOSANT_API_URL", "LOSANT_CHECK_TIMEOUT", "LOSANT_WAIVE_SCOPES", "LOSANT_SECOND_APPLICATION_ID"} <= found
    assert "LOSANT_SCOPE_TOKEN_ALL_USER_READ" in found and len(found) >= 20


def test_the_staging_table_names_every_setting_and_no_other():
    table = [line for line in section(STAGING, "## Settings").splitlines() if line.startswith("| `LOSANT_")]
    documented = {name for row in table for name in NAME.findall(row.split(" | ")[0])}
    assert documented == read_by_settings(), (
        f"missing from docs/staging.md: {sorted(read_by_settings() - documented)}; "
        f"not read by settings.py: {sorted(documented - read_by_settings())}"
    )


def test_env_example_has_a_line_for_every_setting_and_no_other():
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    assigned = {line.split("=", 1)[0] for line in lines if NAME.fullmatch(line.split("=", 1)[0])}
    assert assigned == read_by_settings(), (
        f"missing from .env.example: {sorted(read_by_settings() - assigned)}; "
        f"not read by settings.py: {sorted(assigned - read_by_settings())}"
    )


def test_reports_md_says_what_to_do_for_each_verdict_kind_in_order():
    headings = re.findall(r"^#### (.+)$", section(REPORTS, "### What to do next, by verdict kind"), re.M)
    assert headings == [kind.title for kind in ORDER]


def test_reports_md_names_every_verdict_kind_in_its_categories():
    categories = next(line for line in REPORTS.read_text(encoding="utf-8").split("\n- ") if "**Categories**" in line)
    assert re.findall(r"\*([a-z -]+)\*", categories) == [kind.title for kind in ORDER]


def test_the_docs_name_no_verdict_kind_the_code_does_not_have():
    """'verdict: X' must start with a kind's title; a name shaped like 'setup or transport
    error' (two kinds run together) or spelled 'setup error' is no kind of the code's."""
    titles = [kind.title for kind in Kind]
    for path in (REPORTS, STAGING):
        text = " ".join(path.read_text(encoding="utf-8").split())
        for said in re.findall(r"(?<!contract )verdict: ([a-z -]+)", text):
            assert any(said.startswith(title) for title in titles), f"{path.name}: 'verdict: {said}'"
        run_together = re.findall(r"\b[a-z-]+ (?:or|and) [a-z-]+ (?:error|leak)s?\b", text, re.I)
        assert run_together == [], f"{path.name} names verdicts the code does not have: {run_together}"
        assert not re.search(r"\bsetup errors?\b", text, re.I), f"{path.name}: the kind is 'set-up error'"


def contract_job() -> str:
    """The nightly and release job of the workflow, as text (its lines, up to the next job)."""
    return re.search(r"^  contract:\n(.*?)(?=^  \S|\Z)", WORKFLOW.read_text(encoding="utf-8"), re.M | re.S).group(1)


def test_staging_md_gives_the_workflows_timeouts():
    job = contract_job()
    minutes = re.search(r"^    timeout-minutes: (\d+)$", job, re.M).group(1)
    deadline = re.search(r'^      LOSANT_CHECK_TIMEOUT: "(\d+)"$', job, re.M).group(1)
    ci = section(STAGING, "## In CI")
    assert f"`timeout-minutes: {minutes}`" in ci and f"`LOSANT_CHECK_TIMEOUT={deadline}`" in ci


def test_the_workflow_passes_what_a_release_needs_and_keeps_results_json():
    job = contract_job()
    secrets = ["LOSANT_SECOND_APPLICATION_ID", *(scope_token_setting(scope) for scope in UNMINTABLE_SCOPES)]
    for name in ["LOSANT_API_URL", "LOSANT_APPLICATION_ID", "LOSANT_API_TOKEN", *secrets]:
        assert f"      {name}: ${{{{ secrets.{name} }}}}\n" in job, name
    assert "      LOSANT_WAIVE_SCOPES: ${{ vars.LOSANT_WAIVE_SCOPES }}\n" in job
    assert "reports/results.json" in job.split("uses: actions/upload-artifact", 1)[1]
    steps = [re.search(r"run: (.+)", step) for step in job.split("      - ")]
    commands = [found.group(1) for found in steps if found]
    assert commands.index("python -m pytest") < commands.index("python -m losant_contract.sweep")
    sweep = next(step for step in job.split("      - ") if "losant_contract.sweep" in step)
    assert "if: ${{ always()" in sweep  # after a failure or a cancel too
    summary, compare = (
        job.index("losant-contract summary >>"),
        job.index("losant-contract compare previous/results.json"),
    )
    assert job.index("python -m pytest") < summary < compare
