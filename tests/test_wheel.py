"""The suite ships in the package: build the wheel, install it in a fresh venv outside the
checkout, and run the suite from there against the embedded mock, as a CI job that pins a
version of the package would. Slow (a build, an install, a suite run), so it has a time
bound of its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

import losant_contract
from losant_contract import results

ROOT = Path(__file__).resolve().parents[1]
#: What the wheel must carry as files (a symlink in the checkout must arrive as content).
CARRIED = [
    "losant_contract/suite/conftest.py",
    "losant_contract/suite/test_scopes.py",
    "losant_contract/contracts/schemas/integration.json",
    "losant_contract/contracts/openapi.json",
    "losant_contract/contract-decisions.md",
    "losant_contract/suite.ini",
    "losant_contract/py.typed",
    "losant_contract/schemas/results.schema.json",
    "losant_contract/pytest/plugin.py",
    "losant_contract/clientkit/schemas/v1/protocol.json",
]


def clean_environment(venv_dir: Path) -> dict[str, str]:
    """The machine's environment without the project: no PYTHONPATH, no settings, the venv first."""
    drop = ("LOSANT_", "PYTEST_", "HYPOTHESIS_", "PYTHON", "VIRTUAL_ENV")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    env["PATH"] = f"{venv_dir / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def check(done: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert done.returncode == 0, f"{done.args} exited {done.returncode}:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(wheel, venv, an empty working directory), all outside the checkout."""
    base = tmp_path_factory.mktemp("wheel")
    assert ROOT not in base.parents
    check(
        subprocess.run(
            [sys.executable, "-m", "build", "--outdir", str(base / "dist"), str(ROOT)],
            capture_output=True,
            text=True,
            timeout=600,
        )
    )
    wheel = next((base / "dist").glob("losant_contract-*.whl"))
    venv.create(base / "venv", with_pip=True)
    env = clean_environment(base / "venv")
    pip = [str(base / "venv" / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)]
    check(subprocess.run(pip, cwd=base, env=env, capture_output=True, text=True, timeout=900))
    work = base / "work"
    work.mkdir()
    return wheel, base / "venv", work


def test_the_wheel_carries_files_not_links(installed):
    wheel, _, _ = installed
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert not [name for name in CARRIED if name not in names]
        symlinks = [i.filename for i in archive.infolist() if (i.external_attr >> 16) & 0o170000 == 0o120000]
        assert symlinks == []
        assert (
            archive.read("losant_contract/contract-decisions.md") == (ROOT / "docs/contract-decisions.md").read_bytes()
        )
        assert f"Version: {losant_contract.__version__}" in archive.read(
            f"losant_contract-{losant_contract.__version__}.dist-info/METADATA"
        ).decode("utf-8")


def test_everything_comes_from_the_venv(installed):
    _, venv_dir, work = installed
    probe = (
        "import json, pathlib, losant_contract, losant_contract.suite, losant_contract.runner as runner;"
        "from losant_contract import decisions_page;"
        "print(json.dumps([losant_contract.__file__, losant_contract.suite.__file__, str(runner.SUITE_INI),"
        " str(decisions_page.find(pathlib.Path.cwd()))]))"
    )
    done = check(
        subprocess.run(
            [str(venv_dir / "bin" / "python"), "-c", probe],
            cwd=work,
            env=clean_environment(venv_dir),
            capture_output=True,
            text=True,
            timeout=60,
        )
    )
    for found in json.loads(done.stdout):
        assert Path(found).is_relative_to(venv_dir) and not Path(found).is_symlink(), found


@pytest.mark.timeout(900)
def test_the_installed_suite_runs_against_the_mock(installed):
    """`losant-contract run` in an empty directory: exit 0, results.json, JUnit and Allure in its
    reports/ (the result's schema ships in the wheel: load() holds the file to it)."""
    _, venv_dir, work = installed
    done = subprocess.run(
        [str(venv_dir / "bin" / "losant-contract"), "run", "-q"],
        cwd=work,
        env=clean_environment(venv_dir),
        capture_output=True,
        text=True,
        timeout=600,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    assert str(ROOT) not in output, "the run named the checkout"
    run = results.load(work / "reports")
    assert len(run.checks) > 100 and run.outcomes()["passed"] == len(run.checks) and run.exit_status == 0
    assert (work / "reports" / "junit.xml").is_file()
    assert len(list((work / "reports" / "allure-results").glob("*-result.json"))) > 100
    assert (work / "reports" / "drift.md").is_file()
    assert "requests made against the embedded mock" in output


def test_the_mock_command_of_the_wheel(installed):
    _, venv_dir, work = installed
    env = clean_environment(venv_dir)
    for command in (["losant-mock", "--list-faults"], ["losant-contract", "mock", "--list-faults"]):
        done = subprocess.run(
            [str(venv_dir / "bin" / command[0]), *command[1:]], cwd=work, env=env, capture_output=True, text=True
        )
        assert done.returncode == 0 and "control" in done.stdout, done.stderr
