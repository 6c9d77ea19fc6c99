"""The settings that make a staging run safe: production only on purpose, and a request
rate that a bad value cannot turn into a flood or a stall."""

from __future__ import annotations

import pytest

from losant_contract.settings import SettingsError, load

APP = "575ec8687ae143cd83dc4a97"
STAGING = {"LOSANT_API_URL": "https://staging.example.com", "LOSANT_APPLICATION_ID": APP, "LOSANT_API_TOKEN": "t0k"}


@pytest.mark.parametrize(
    "url",
    [
        "https://api.losant.com",
        "https://API.Losant.COM/",
        "https://api.losant.com:443/x",
        "http://u@api.losant.com",
        "https://api.losant.com.",
    ],
)
def test_production_needs_the_opt_in(url):
    with pytest.raises(SettingsError, match="LOSANT_ALLOW_PRODUCTION=yes"):
        load({**STAGING, "LOSANT_API_URL": url}, dotenv_path=None)


@pytest.mark.parametrize("answer", ["YES", "true", "1", "y", " "])
def test_only_a_plain_yes_opts_in(answer):
    with pytest.raises(SettingsError):
        load(
            {**STAGING, "LOSANT_API_URL": "https://api.losant.com", "LOSANT_ALLOW_PRODUCTION": answer}, dotenv_path=None
        )
    settings = load(
        {**STAGING, "LOSANT_API_URL": "https://api.losant.com", "LOSANT_ALLOW_PRODUCTION": "yes"}, dotenv_path=None
    )
    assert settings.api_url == "https://api.losant.com"


def test_the_opt_in_is_not_needed_for_staging_hosts():
    for url in ("https://api.staging.losant.com", "https://api.losant.com.example.org", "http://127.0.0.1:8080"):
        assert load({**STAGING, "LOSANT_API_URL": url}, dotenv_path=None).api_url == url


@pytest.mark.parametrize("raw, expected", [("", None), ("5", 5.0), ("0.5", 0.5), (" 20 ", 20.0), ("10000", 10000.0)])
def test_max_rps(raw, expected):
    assert load({**STAGING, "LOSANT_MAX_RPS": raw}, dotenv_path=None).max_per_second == expected


@pytest.mark.parametrize("raw", ["0", "-1", "abc", "5/s", "nan", "inf", "1e9", "10001", "0x10"])
def test_bad_max_rps_names_itself_in_one_line(raw):
    with pytest.raises(SettingsError) as raised:
        load({**STAGING, "LOSANT_MAX_RPS": raw}, dotenv_path=None)
    assert "LOSANT_MAX_RPS" in str(raised.value) and "\n" not in str(raised.value) and "t0k" not in str(raised.value)


def test_max_rps_from_dotenv(tmp_path):
    (tmp_path / ".env").write_text("LOSANT_MAX_RPS=3\n")
    assert load({}, dotenv_path=tmp_path / ".env").max_per_second == 3.0
    assert load({"LOSANT_MAX_RPS": "7"}, dotenv_path=tmp_path / ".env").max_per_second == 7.0


@pytest.mark.parametrize("raw, expected", [("", 8), ("1", 1), (" 4 ", 4), ("32", 32)])
def test_concurrency(raw, expected):
    assert load({**STAGING, "LOSANT_CONCURRENCY": raw}, dotenv_path=None).concurrency == expected


@pytest.mark.parametrize("raw", ["0", "-1", "two", "1.5"])
def test_bad_concurrency_names_itself_in_one_line(raw):
    with pytest.raises(SettingsError) as raised:
        load({**STAGING, "LOSANT_CONCURRENCY": raw}, dotenv_path=None)
    assert "LOSANT_CONCURRENCY" in str(raised.value) and "\n" not in str(raised.value)
