"""Settings: every bad value ends in one line naming the setting."""

from __future__ import annotations

from pathlib import Path

import pytest
import suite_process

from losant_contract.settings import WORKERS, SettingsError, load, reports_dir, scope_token_setting

APP = "575ec8687ae143cd83dc4a97"
LIVE = {"LOSANT_API_URL": "https://staging.example.com/", "LOSANT_APPLICATION_ID": APP, "LOSANT_API_TOKEN": "t0k"}


def test_nothing_set_means_the_embedded_mock():
    settings = load({}, dotenv_path=None)
    assert settings.embedded and settings.profile == "quick" and settings.timeout == 10.0


@pytest.mark.parametrize(
    "environ, workers",
    [
        ({}, 0),  # the embedded mock: the work is the CPU's, one process does it best
        (LIVE, WORKERS),  # a remote target: most of a run is waiting
        ({**LIVE, "LOSANT_WORKERS": "3"}, 3),
        ({**LIVE, "LOSANT_WORKERS": "0"}, 0),
        ({**LIVE, "LOSANT_CONCURRENCY": "1"}, 0),  # one request at a time stays a setting
    ],
)
def test_how_many_workers_run_the_checks_without_n(environ, workers):
    assert load(environ, dotenv_path=None).distributed_over == workers


def test_deadlines_and_progress_are_settings():
    settings = load({**LIVE, "LOSANT_CHECK_TIMEOUT": "600", "LOSANT_PROGRESS": "0"}, dotenv_path=None)
    assert (settings.check_timeout, settings.progress) == (600.0, 0.0)
    assert load(LIVE, dotenv_path=None).progress == 10.0


def test_live_target():
    settings = load(LIVE, dotenv_path=None)
    assert settings.api_url == "https://staging.example.com" and not settings.embedded
    assert "t0k" not in repr(settings)


@pytest.mark.parametrize(
    "change, named",
    [
        ({"LOSANT_API_URL": "staging.example.com"}, "LOSANT_API_URL"),
        ({"LOSANT_API_URL": "ftp://x"}, "LOSANT_API_URL"),
        ({"LOSANT_APPLICATION_ID": ""}, "LOSANT_APPLICATION_ID"),
        ({"LOSANT_APPLICATION_ID": "xyz"}, "LOSANT_APPLICATION_ID"),
        ({"LOSANT_API_TOKEN": " "}, "LOSANT_API_TOKEN"),
        ({"LOSANT_API_TOKEN": "Bearer abc"}, "LOSANT_API_TOKEN"),
        ({"LOSANT_PROFILE": "deep"}, "LOSANT_PROFILE"),
        ({"LOSANT_SEED": "-3"}, "LOSANT_SEED"),
        ({"LOSANT_TIMEOUT": "soon"}, "LOSANT_TIMEOUT"),
        ({"LOSANT_MOCK_FOREIGN": "many"}, "LOSANT_MOCK_FOREIGN"),
        ({"LOSANT_API_URL": "http://[::1"}, "LOSANT_API_URL"),
        ({"LOSANT_API_URL": "https://[::1]x"}, "LOSANT_API_URL"),
        ({"LOSANT_API_URL": "https://staging.example.com:99999"}, "LOSANT_API_URL"),
        ({"LOSANT_API_URL": "https://staging.example.com:port"}, "LOSANT_API_URL"),
        ({"LOSANT_API_URL": "https://"}, "LOSANT_API_URL"),
        ({"LOSANT_API_URL": "https://user:t0k@staging.example.com"}, "LOSANT_API_URL"),
        ({"LOSANT_API_URL": "https://staging.example.com/?token=1"}, "LOSANT_API_URL"),
        ({"LOSANT_API_URL": "https://staging example.com"}, "LOSANT_API_URL"),
        ({"LOSANT_API_URL": "https://staging.example.com\\x"}, "LOSANT_API_URL"),
        ({"LOSANT_API_URL": "https://staging.example.com/\x00"}, "LOSANT_API_URL"),
        ({"LOSANT_API_TOKEN": "t0k\u2019"}, "LOSANT_API_TOKEN"),  # a typographic quote pasted with it
        ({"LOSANT_API_TOKEN": "t0kä"}, "LOSANT_API_TOKEN"),
        ({"LOSANT_API_TOKEN": "t0k\x7f"}, "LOSANT_API_TOKEN"),
        ({"LOSANT_SCOPE_TOKEN_ALL_USER": "t0k\u00e9"}, "LOSANT_SCOPE_TOKEN_ALL_USER"),
        ({"LOSANT_SCOPE_TOKEN_ALL_USER": "Bearer t0k"}, "LOSANT_SCOPE_TOKEN_ALL_USER"),
        ({"LOSANT_DECISIONS_URL": "decisions.html"}, "LOSANT_DECISIONS_URL"),
        ({"LOSANT_REPORTS_DIR": "reports\x1b[31m"}, "LOSANT_REPORTS_DIR"),
        ({"LOSANT_WORKERS": "some"}, "LOSANT_WORKERS"),
        ({"LOSANT_CHECK_TIMEOUT": "0"}, "LOSANT_CHECK_TIMEOUT"),
        ({"LOSANT_PROGRESS": "often"}, "LOSANT_PROGRESS"),
    ],
)
def test_bad_settings_name_themselves_in_one_line(change, named):
    with pytest.raises(SettingsError) as raised:
        load({**LIVE, **change}, dotenv_path=None)
    message = str(raised.value)
    assert named in message and "\n" not in message
    assert "t0k" not in message


@pytest.mark.parametrize(
    "url, token, named",
    [
        ("http://[::1", "t0k", "LOSANT_API_URL"),
        ("https://staging.example.com", "t0k\u2019", "LOSANT_API_TOKEN"),
    ],
)
def test_a_bad_setting_ends_the_suite_in_one_line(tmp_path, url, token, named):
    """Once a 25-line INTERNALERROR (the URL), or a UnicodeEncodeError that named nothing
    (the token): now exit 4 and one line naming the setting."""
    env = suite_process.environment(
        reports=tmp_path, LOSANT_API_URL=url, LOSANT_APPLICATION_ID=APP, LOSANT_API_TOKEN=token
    )
    done = suite_process.run(["suites/test_schema.py", "-q"], env, timeout=60)
    output = (done.stdout + done.stderr).strip()
    assert done.returncode == 4, output
    assert "INTERNALERROR" not in output and "Traceback" not in output and "t0k" not in output
    errors = [line for line in output.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and named in errors[0], output


def test_reports_dir_and_decisions_url_are_settings(tmp_path):
    settings = load(
        {"LOSANT_REPORTS_DIR": str(tmp_path / "r"), "LOSANT_DECISIONS_URL": "https://x.example/d.html"}, None
    )
    assert settings.reports_dir == tmp_path / "r" and settings.decisions_url == "https://x.example/d.html"
    assert load({}, dotenv_path=None).reports_dir == Path.cwd() / "reports"


def test_reports_dir_reads_that_setting_alone(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert reports_dir({}, dotenv_path=None) == tmp_path / "reports"
    bad_elsewhere = {"LOSANT_PROFILE": "nightly", "LOSANT_REPORTS_DIR": str(tmp_path / "r")}
    assert reports_dir(bad_elsewhere, dotenv_path=None) == tmp_path / "r"  # load() would refuse these
    with pytest.raises(SettingsError, match="LOSANT_REPORTS_DIR"):
        reports_dir({"LOSANT_REPORTS_DIR": "reports\x1b[31m"}, dotenv_path=None)


def test_dotenv_is_read_and_environment_wins(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        f"LOSANT_API_URL=https://from-dotenv\nLOSANT_APPLICATION_ID={APP}\nLOSANT_API_TOKEN=x\nLOSANT_PROFILE=drift\n"
    )
    settings = load({"LOSANT_PROFILE": "release"}, dotenv_path=env_file)
    assert settings.api_url == "https://from-dotenv" and settings.profile == "release"


def test_scope_tokens():
    assert scope_token_setting("all.User.read") == "LOSANT_SCOPE_TOKEN_ALL_USER_READ"
    settings = load({"LOSANT_SCOPE_TOKEN_ALL_USER": "u"}, dotenv_path=None)
    assert dict(settings.scope_tokens) == {"all.User": "u"}
