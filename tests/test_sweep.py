"""The sweep removes what killed runs left, and nothing else: not a run in progress, not
someone's item whose name merely looks like a run's."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from losant_contract.client import ApiClient
from losant_contract.ledger import run_prefix
from losant_contract.mock import MockServer
from losant_contract.sweep import OLDER_THAN, find, main, run_started, sweep
from losant_contract.target import Target

ROOT = Path(__file__).resolve().parents[1]
OLD = "lct-202001010000-abcdef-"
LOOKALIKES = [
    "lct-notarun",
    "LCT-202001010000-abcdef-x",
    "xlct-202001010000-abcdef-",
    " lct-202001010000-abcdef-x",
    "lct-202001010000-ABCDEF-x",
    "lct-20200101000-abcdef-x",
    "lct-202001010000-abcdef",
    "lct-202013010000-abcdef-x",
    "lct-202001010000-abcdefa-x",
    "lct_202001010000_abcdef_x",
    "lct-202001010000-abcdef-x".upper(),
]


@pytest.fixture
def mock():
    with MockServer(foreign=5) as server:
        yield server


def _api(mock) -> tuple[ApiClient, Target]:
    return ApiClient(mock.url, mock.admin_token, backoff=0), Target(mock.url, mock.application_id, mock.admin_token)


def _plant(mock) -> dict[str, set[str]]:
    """Old and fresh run items plus look-alikes, as integrations and tokens; their names by fate."""
    api, target = _api(mock)
    names = {
        "old": {f"{OLD}x", f"{OLD}corpus ÄÖ *?", OLD},
        "fresh": {f"{run_prefix()}x"},
        "never": {"lct-209901010000-0a1b2c-future", *LOOKALIKES},
    }
    for name in set().union(*names.values()):
        assert api.post(target.integrations(), json={"name": name, "integrationType": "mqtt"}).status_code == 201
        assert api.post(target.tokens(), json={"name": name, "scope": ["integrations.get"]}).status_code == 201
    return names


def _names(mock, path: str) -> list[str]:
    api, _ = _api(mock)
    return [item["name"] for item in api.get(path, params={"perPage": 1000}).json()["items"]]


def test_the_stamp_is_read_exactly():
    assert run_started("lct-202001010000-abcdef-x") == datetime(2020, 1, 1, tzinfo=timezone.utc)
    assert all(run_started(name) is None for name in LOOKALIKES)
    assert run_started(None) is None and run_started(42) is None


def test_only_old_well_formed_items_go(mock):
    planted = _plant(mock)
    api, target = _api(mock)
    integrations_before = _names(mock, target.integrations())
    out = io.StringIO()
    assert sweep(api, target, timedelta(minutes=60), out=out, per_page=4) == 0  # small pages: the walk pages
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 * len(planted["old"]) + 1 and lines[-1].startswith(f"deleted {2 * len(planted['old'])} ")
    for path in (target.integrations(), target.tokens()):
        left = _names(mock, path)
        assert not planted["old"] & set(left)
        assert planted["fresh"] | planted["never"] <= set(left)
    assert sorted(_names(mock, target.integrations())) == sorted(
        name for name in integrations_before if name not in planted["old"]
    )


def test_dry_run_deletes_nothing_and_older_than_zero_takes_a_fresh_run(mock):
    planted = _plant(mock)
    api, target = _api(mock)
    before = sorted(_names(mock, target.integrations())), sorted(_names(mock, target.tokens()))
    out = io.StringIO()
    assert sweep(api, target, timedelta(0), dry_run=True, out=out) == 0
    assert out.getvalue().count("would delete integration") == len(planted["old"]) + 1  # + the fresh run
    assert (sorted(_names(mock, target.integrations())), sorted(_names(mock, target.tokens()))) == before
    found = find(api, target, timedelta(0), now=datetime.now(timezone.utc) + timedelta(minutes=1))
    assert {leftover.name for leftover in found} == planted["old"] | planted["fresh"]


def test_command_line(mock, tmp_path):
    _plant(mock)
    env = {
        **os.environ,
        "LOSANT_API_URL": mock.url,
        "LOSANT_APPLICATION_ID": mock.application_id,
        "LOSANT_API_TOKEN": mock.admin_token,
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-m", "losant_contract.sweep", "--older-than", "30"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1].startswith("deleted 6 item(s)")
    assert mock.admin_token not in done.stdout + done.stderr


def test_refuses_without_a_live_target(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.setenv("LOSANT_API_URL", "")
    assert main([]) == 4
    assert "LOSANT_API_URL" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--older-than", "-5"])


def test_this_run_deletes_its_prefix_and_settles_the_ledger_lines(mock):
    from losant_contract.sweep import this_run

    api, target = _api(mock)
    mine, other = "lct-202611272105-3fa9c1-", "lct-202611272105-0b0b0b-"
    for name in (f"{mine}c-a", f"{mine}token x", f"{other}c-a", "lct-notarun"):
        assert api.post(target.integrations(), json={"name": name, "integrationType": "mqtt"}).status_code == 201
    ledger_lines = [
        f"integration 6b0a00000000000000000001 '{mine}c-b': DELETE answered None",
        "integration 6b0a00000000000000000002 None: DELETE answered 500",
    ]
    assert this_run(api, target, mine, ledger_lines) == ledger_lines[1:]  # the named one is settled here
    left = _names(mock, target.integrations())
    assert not [n for n in left if n.startswith(mine)] and {f"{other}c-a", "lct-notarun"} <= set(left)


def _contract_job() -> str:
    """The release and nightly job of .github/workflows/contract.yml, as text."""
    workflow = (ROOT / ".github" / "workflows" / "contract.yml").read_text(encoding="utf-8")
    return re.search(r"^  contract:\n(.*?)(?=^  \S|\Z)", workflow, re.M | re.S).group(1)


def test_the_default_age_outlasts_the_longest_run_the_workflow_allows():
    """A run in progress is never swept: the default age is above the contract job's timeout
    (a minute more, as a run's stamp is its start minute), and the workflow's sweep takes
    the default or an age above the timeout too."""
    job = _contract_job()
    timeout = int(re.search(r"^    timeout-minutes: (\d+)$", job, re.M).group(1))
    assert OLDER_THAN > timeout + 1
    sweeps = re.findall(r"python -m losant_contract\.sweep(.*)$", job, re.M)
    assert sweeps, "the contract job runs no sweep"
    for options in sweeps:
        given = re.search(r"--older-than[ =](\d+)", options)
        assert given is None or int(given.group(1)) > timeout + 1, options


def test_without_older_than_a_run_younger_than_the_default_age_stays(mock, monkeypatch, tmp_path):
    api, target = _api(mock)
    now = datetime.now(timezone.utc)
    young = f"lct-{(now - timedelta(minutes=OLDER_THAN - 5)):%Y%m%d%H%M}-0a0a0a-x"
    old = f"lct-{(now - timedelta(minutes=OLDER_THAN + 5)):%Y%m%d%H%M}-0b0b0b-x"
    for name in (young, old):
        assert api.post(target.integrations(), json={"name": name, "integrationType": "mqtt"}).status_code == 201
    monkeypatch.chdir(tmp_path)  # no .env here
    for name in [k for k in os.environ if k.startswith("LOSANT_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("LOSANT_API_URL", mock.url)
    monkeypatch.setenv("LOSANT_APPLICATION_ID", mock.application_id)
    monkeypatch.setenv("LOSANT_API_TOKEN", mock.admin_token)
    out = io.StringIO()
    assert main([], out=out) == 0
    assert out.getvalue().splitlines()[-1] == f"deleted 1 item(s) left by runs older than {OLDER_THAN} minutes"
    left = _names(mock, target.integrations())
    assert young in left and old not in left
