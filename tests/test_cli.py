"""Self-tests for the `losant-contract` command: dispatch, its one-line refusals, and that
`run` is the suite with the project's pytest settings (tests/test_wheel.py runs it from an
installed wheel)."""

from __future__ import annotations

import configparser
import importlib.metadata
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

import losant_contract
from losant_contract import cli, runner

ROOT = Path(__file__).resolve().parents[1]


def call(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_without_a_command_it_lists_them_and_exits_2(capsys):
    code, out, err = call(capsys)
    assert code == 2 and out == ""
    assert all(f"losant-contract {name}" in err for name in cli.COMMANDS)


def test_help_lists_every_command(capsys):
    code, out, _ = call(capsys, "--help")
    assert code == 0 and all(f"losant-contract {name}" in out for name in cli.COMMANDS)


def test_an_unknown_command_is_one_line(capsys):
    assert call(capsys, "frob") == (
        2,
        "",
        "losant-contract: unknown command 'frob'; one of: "
        "run, mock, report, kill-matrix, sweep, contract-diff, clients, summary, compare\n",
    )


def test_one_version_source(capsys):
    """pyproject.toml reads the version from losant_contract.__version__; the metadata agrees."""
    assert importlib.metadata.version("losant-contract") == losant_contract.__version__
    assert call(capsys, "--version") == (0, f"losant-contract {losant_contract.__version__}\n", "")


def test_clients_hands_its_arguments_to_the_kit(capsys, monkeypatch):
    seen: list[list[str]] = []
    kit = types.ModuleType("losant_contract.clientkit.cli")
    kit.main = lambda argv: seen.append(argv) or 7  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "losant_contract.clientkit", types.ModuleType("losant_contract.clientkit"))
    monkeypatch.setitem(sys.modules, "losant_contract.clientkit.cli", kit)
    assert call(capsys, "clients", "check", "--x")[0] == 7
    assert seen == [["check", "--x"]]


def test_mock_is_the_mock_command(capsys):
    code, out, _ = call(capsys, "mock", "--list-faults")
    assert code == 0 and "control" in out and "fault" in out


def test_report_sweep_and_kill_matrix_are_their_commands(capsys, tmp_path, monkeypatch):
    """Each refuses bad input as its own command does, which proves the dispatch."""
    monkeypatch.chdir(tmp_path)
    for name in [k for k in os.environ if k.startswith("LOSANT_")]:
        monkeypatch.delenv(name)
    code, _, err = call(capsys, "report", "--results", str(tmp_path))
    assert code == 2 and "no Allure results" in err
    code, _, err = call(capsys, "sweep")
    assert code == 4 and "LOSANT_API_URL is not set" in err
    with pytest.raises(SystemExit) as exited:
        cli.main(["kill-matrix", "--only", "no-such-fault"])
    assert exited.value.code == 2 and "unknown variation" in capsys.readouterr().err


def test_summary_and_compare_are_their_commands(capsys, tmp_path):
    """Each says in one line, as its own module does, that a results file is missing (exit 2)."""
    code, out, err = call(capsys, "summary", str(tmp_path))
    assert (code, out) == (
        2,
        "",
    ) and err == f"losant-contract summary: {tmp_path / 'results.json'}: no results file (did the run start?)\n"
    code, out, err = call(capsys, "compare", str(tmp_path), str(tmp_path))
    assert (code, out) == (2, "") and err.startswith("losant-contract compare: ") and len(err.splitlines()) == 1


def test_the_installed_suite_has_the_projects_pytest_settings():
    """suite.ini (what `run` uses; a wheel has no pyproject.toml) says what pyproject.toml says."""
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    ini = configparser.ConfigParser()
    ini.read(runner.SUITE_INI)
    suite = {key: value.strip() for key, value in ini["pytest"].items()}
    expected = {key: value for key, value in project.items() if key != "testpaths"}
    assert suite.keys() == expected.keys()
    for key, value in expected.items():
        if isinstance(value, list):
            assert suite[key].split("\n" if key == "markers" else None) == value, key
        else:
            assert suite[key] == str(value).lower(), key


def suite_command(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`losant-contract run ARGS` in an empty directory against the embedded mock."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOSANT_", "PYTEST_", "HYPOTHESIS_"))}
    env.update(LOSANT_PROFILE="quick", HYPOTHESIS_STORAGE_DIRECTORY=str(tmp_path / ".hypothesis"))
    command = [sys.executable, "-m", "losant_contract.cli", "run", "-p", "no:cacheprovider", *args]
    return subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=240)


def test_run_collects_the_suite_rooted_in_the_working_directory(tmp_path):
    done = suite_command(tmp_path, "--collect-only", "-q")
    assert done.returncode == 0, done.stdout + done.stderr
    collected = [line for line in done.stdout.splitlines() if "::test_" in line]
    assert len(collected) > 100 and any(line.startswith("test_scopes.py::") for line in collected)
    assert (tmp_path / "reports" / "junit.xml").is_file()


def test_run_that_selects_nothing_fails_and_says_so(tmp_path):
    """pytest's 5 (nothing collected) must never be a suite's outcome: a CI would read a pass."""
    done = suite_command(tmp_path, "-k", "no_check_has_this_name")
    assert done.returncode == 4, done.stdout + done.stderr
    assert "losant-contract run: no check was selected, so nothing was tested" in done.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["run", "--collect-only"],
        ["sweep"],
        ["report"],
        ["kill-matrix", "--only", "sort-direction-ignored"],
        ["contract-diff", "--docs", "schemas.md"],
        ["summary"],
        ["clients", "run", "--adapter", "x.py:X"],
    ],
    ids=lambda command: command[0],
)
def test_a_bad_setting_exits_4_in_one_line_from_every_command(command, tmp_path):
    """The same answer from every command that reads settings: exit 4, one line naming it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOSANT_", "PYTEST_", "HYPOTHESIS_"))}
    env["LOSANT_REPORTS_DIR"] = "reports\x1b[31m"
    (tmp_path / "schemas.md").write_text("")
    done = subprocess.run(
        [sys.executable, "-m", "losant_contract", *command],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 4, done.stdout + done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "LOSANT_REPORTS_DIR" in lines[0], done.stderr
