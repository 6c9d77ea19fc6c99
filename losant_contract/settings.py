"""Read the target and run settings from the environment and `.env`.

A wrong or missing setting must end a run in one readable line that names it, so
every problem is raised as SettingsError with such a line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import dotenv_values

PROFILES = ("quick", "release", "drift")
PRODUCTION_HOSTS = ("api.losant.com",)
HEX24 = re.compile(r"^[A-Fa-f0-9]{24}$")

#: Scopes Losant will not mint as application tokens; a run may supply tokens for them.
UNMINTABLE_SCOPES = ("all.Organization", "all.Organization.read", "all.User", "all.User.read")


class SettingsError(Exception):
    """A setting is missing or malformed; the message is one line naming it."""


def scope_token_setting(scope: str) -> str:
    """The setting that carries a token for `scope` (all.User.read -> LOSANT_SCOPE_TOKEN_ALL_USER_READ)."""
    return "LOSANT_SCOPE_TOKEN_" + scope.upper().replace(".", "_").replace("*", "STAR")


@dataclass(frozen=True)
class Settings:
    """Where to point the suite and how hard to push. `api_url` None means the embedded mock."""

    api_url: str | None = None
    application_id: str | None = None
    second_application_id: str | None = None  # another application a token may reach: isolation checks
    api_token: str | None = field(default=None, repr=False)
    scope_tokens: Mapping[str, str] = field(default_factory=dict, repr=False)
    profile: str = "quick"
    seed: int | None = None
    timeout: float = 10.0
    mock_faults: tuple[str, ...] = ()
    mock_foreign: int = 0
    max_per_second: float | None = None

    @property
    def embedded(self) -> bool:
        return self.api_url is None


def load(environ: Mapping[str, str] | None = None, dotenv_path: str | Path | None = ".env") -> Settings:
    """Settings from `environ` (default os.environ) over the values in `dotenv_path`."""
    values: dict[str, str] = {}
    if dotenv_path is not None and Path(dotenv_path).is_file():
        values.update({k: v for k, v in dotenv_values(dotenv_path).items() if v is not None})
    values.update(os.environ if environ is None else environ)
    get = lambda name: (values.get(name) or "").strip()  # noqa: E731 - blank counts as unset

    api_url = get("LOSANT_API_URL") or None
    if api_url is not None:
        parts = urlsplit(api_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise SettingsError(
                f"LOSANT_API_URL must be an http(s) URL such as https://api.example.com, not {api_url!r}"
            )
        api_url = api_url.rstrip("/")
        if (parts.hostname or "").rstrip(".") in PRODUCTION_HOSTS and get("LOSANT_ALLOW_PRODUCTION") != "yes":
            raise SettingsError(
                f"LOSANT_API_URL is Losant's production host {parts.hostname}: point it at staging, "
                "or set LOSANT_ALLOW_PRODUCTION=yes if you really mean production"
            )

    application_id = get("LOSANT_APPLICATION_ID") or None
    api_token = get("LOSANT_API_TOKEN") or None
    if api_url is not None:
        if application_id is None:
            raise SettingsError("LOSANT_APPLICATION_ID is not set: it is required when LOSANT_API_URL is set")
        if api_token is None:
            raise SettingsError("LOSANT_API_TOKEN is not set: it is required when LOSANT_API_URL is set")
    if application_id is not None and not HEX24.match(application_id):
        raise SettingsError(f"LOSANT_APPLICATION_ID must be 24 hexadecimal digits, not {application_id!r}")
    second_application_id = get("LOSANT_SECOND_APPLICATION_ID") or None
    if second_application_id is not None and not HEX24.match(second_application_id):
        raise SettingsError(
            f"LOSANT_SECOND_APPLICATION_ID must be 24 hexadecimal digits, not {second_application_id!r}"
        )
    if second_application_id is not None and second_application_id.lower() == (application_id or "").lower():
        raise SettingsError("LOSANT_SECOND_APPLICATION_ID must name another application than LOSANT_APPLICATION_ID")
    if api_token is not None and any(ch.isspace() for ch in api_token):
        raise SettingsError("LOSANT_API_TOKEN contains white space: paste the token alone, without 'Bearer '")

    profile = get("LOSANT_PROFILE") or "quick"
    if profile not in PROFILES:
        raise SettingsError(f"LOSANT_PROFILE must be one of {', '.join(PROFILES)}, not {profile!r}")

    return Settings(
        api_url=api_url,
        application_id=application_id,
        second_application_id=second_application_id,
        api_token=api_token,
        scope_tokens={s: get(scope_token_setting(s)) for s in UNMINTABLE_SCOPES if get(scope_token_setting(s))},
        profile=profile,
        seed=_integer(get, "LOSANT_SEED", minimum=0),
        timeout=_number(get, "LOSANT_TIMEOUT", default=10.0),
        mock_faults=tuple(n.strip() for n in get("LOSANT_MOCK_FAULTS").split(",") if n.strip()),
        mock_foreign=_integer(get, "LOSANT_MOCK_FOREIGN", minimum=0) or 0,
        max_per_second=_number(get, "LOSANT_MAX_RPS", default=None, top=10_000),
    )


def _integer(get, name: str, minimum: int) -> int | None:
    raw = get(name)
    if not raw:
        return None
    if not re.fullmatch(r"[0-9]+", raw) or int(raw) < minimum:
        raise SettingsError(f"{name} must be a whole number >= {minimum}, not {raw!r}")
    return int(raw)


def _number(get, name: str, default: float | None, top: float = 600) -> float | None:
    raw = get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value <= top:
        raise SettingsError(f"{name} must be a number above 0 and at most {top:g}, not {raw!r}")
    return value
