"""Settings: every bad value ends in one line naming the setting."""

from __future__ import annotations

import pytest

from losant_contract.settings import SettingsError, load, scope_token_setting

APP = "575ec8687ae143cd83dc4a97"
LIVE = {"LOSANT_API_URL": "https://staging.example.com/", "LOSANT_APPLICATION_ID": APP, "LOSANT_API_TOKEN": "t0k"}


def test_nothing_set_means_the_embedded_mock():
    settings = load({}, dotenv_path=None)
    assert settings.embedded and settings.profile == "quick" and settings.timeout == 10.0


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
    ],
)
def test_bad_settings_name_themselves_in_one_line(change, named):
    with pytest.raises(SettingsError) as raised:
        load({**LIVE, **change}, dotenv_path=None)
    message = str(raised.value)
    assert named in message and "\n" not in message
    assert "t0k" not in message


def test_dotenv_is_read_and_environment_wins(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        f"LOSANT_API_URL=http://from-dotenv\nLOSANT_APPLICATION_ID={APP}\nLOSANT_API_TOKEN=x\nLOSANT_PROFILE=drift\n"
    )
    settings = load({"LOSANT_PROFILE": "release"}, dotenv_path=env_file)
    assert settings.api_url == "http://from-dotenv" and settings.profile == "release"


def test_scope_tokens():
    assert scope_token_setting("all.User.read") == "LOSANT_SCOPE_TOKEN_ALL_USER_READ"
    settings = load({"LOSANT_SCOPE_TOKEN_ALL_USER": "u"}, dotenv_path=None)
    assert dict(settings.scope_tokens) == {"all.User": "u"}
