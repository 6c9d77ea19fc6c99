"""Docs that run: the README's example of the `losant_mock` fixture is run as it stands, in a
pytest of its own with nothing of the project but the installed plugin (the way
pytest-httpserver runs its how-tos), so the README cannot promise what the package does not do."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_example(marker: str) -> str:
    """The first ```python block after `marker` in README.md."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"```python\n(.*?)```", text[text.index(marker) :], re.S)
    assert found is not None, f"no python example after {marker!r} in README.md"
    return found.group(1)


def test_the_losant_mock_example_runs(tmp_path):
    (tmp_path / "test_example.py").write_text(readme_example("the `losant_mock` fixture gives"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOSANT_", "PYTEST_", "HYPOTHESIS_"))}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_example.py"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0 and "1 passed" in done.stdout, done.stdout + done.stderr
