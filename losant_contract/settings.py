"""Read the target and run settings from the environment and `.env`.

A wrong or missing setting must end a run in one readable line that names it, so
every problem is raised as SettingsError with such a line (never echoing a token). The
target URL is also held to the production and clear-text guard (losant_contract.guard),
which the client applies again to every request. Every LOSANT_ setting is read here.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import dotenv_values
from urllib3.util import parse_url

from losant_contract import guard
from losant_contract.client import DEFAULT_CONCURRENCY
from losant_contract.contracts import UNMINTABLE_SCOPES
from losant_contract.profiles import PROFILES, Profile

WORKERS = 6  #: pytest-xdist workers against a remote target, unless LOSANT_WORKERS says otherwise
HEX24 = re.compile(r"^[A-Fa-f0-9]{24}$")


class SettingsError(Exception):
    """A setting is missing or malformed; the message is one line naming it."""

    EXIT = 4  #: every command's exit status for a bad setting (pytest's usage error)


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
    waive_scopes: tuple[str, ...] = ()  # LOSANT_WAIVE_SCOPES: scopes a gate may skip for want of a token
    seed: int | None = None
    timeout: float = 10.0
    mock_faults: tuple[str, ...] = ()
    mock_foreign: int = 0
    max_per_second: float | None = None
    concurrency: int = DEFAULT_CONCURRENCY  # LOSANT_CONCURRENCY: independent requests in flight at once
    workers: int | None = None  # LOSANT_WORKERS: pytest-xdist workers; None: WORKERS for a remote target
    check_timeout: float = 240.0  # LOSANT_CHECK_TIMEOUT: seconds one check may take; past it, no verdict
    progress: float = 10.0  # LOSANT_PROGRESS: seconds between progress lines on a long run; 0: none
    allow_production: bool = False  # LOSANT_ALLOW_PRODUCTION=yes: api.losant.com may be the target
    allow_insecure: bool = False  # LOSANT_ALLOW_INSECURE=yes: plain http to a host that is not loopback
    reports_dir: Path = field(default_factory=lambda: Path.cwd() / "reports")  # LOSANT_REPORTS_DIR
    decisions_url: str | None = None  # LOSANT_DECISIONS_URL: a published contract-decisions.md

    @property
    def policy(self) -> Profile:
        """The profile's table entry: its examples, and whether it is a gate."""
        return PROFILES[self.profile]

    @property
    def embedded(self) -> bool:
        return self.api_url is None

    @property
    def distributed_over(self) -> int:
        """How many pytest-xdist workers run the checks when no -n is given: none against the
        embedded mock (the work is the CPU's) or one request at a time (LOSANT_CONCURRENCY=1);
        against a remote target, where most of a run is waiting, LOSANT_WORKERS or WORKERS."""
        if self.workers is not None:
            return self.workers
        return 0 if self.embedded or self.concurrency == 1 else WORKERS


def load(environ: Mapping[str, str] | None = None, dotenv_path: str | Path | None = ".env") -> Settings:
    """Settings from `environ` (default os.environ) over the values in `dotenv_path`."""
    get = _reader(environ, dotenv_path)
    allow_production = get("LOSANT_ALLOW_PRODUCTION") == "yes"
    allow_insecure = get("LOSANT_ALLOW_INSECURE") == "yes"
    api_url = _api_url(get("LOSANT_API_URL"), allow_production, allow_insecure)

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
    _token("LOSANT_API_TOKEN", api_token)
    scope_tokens = {s: get(scope_token_setting(s)) for s in UNMINTABLE_SCOPES if get(scope_token_setting(s))}
    for scope, token in scope_tokens.items():
        _token(scope_token_setting(scope), token)

    profile = get("LOSANT_PROFILE") or "quick"
    if profile not in PROFILES:
        raise SettingsError(f"LOSANT_PROFILE must be one of {', '.join(PROFILES)}, not {profile!r}")
    waive_scopes = tuple(scope.strip() for scope in get("LOSANT_WAIVE_SCOPES").split(",") if scope.strip())
    unknown = [scope for scope in waive_scopes if scope not in UNMINTABLE_SCOPES]
    if unknown:
        raise SettingsError(
            f"LOSANT_WAIVE_SCOPES may name only the scopes Losant will not mint ({', '.join(UNMINTABLE_SCOPES)}), "
            f"not {', '.join(unknown)}"
        )

    return Settings(
        api_url=api_url,
        application_id=application_id,
        second_application_id=second_application_id,
        api_token=api_token,
        scope_tokens=scope_tokens,
        profile=profile,
        waive_scopes=waive_scopes,
        seed=_integer(get, "LOSANT_SEED", minimum=0),
        timeout=_number(get, "LOSANT_TIMEOUT", default=10.0) or 10.0,
        mock_faults=tuple(n.strip() for n in get("LOSANT_MOCK_FAULTS").split(",") if n.strip()),
        mock_foreign=_integer(get, "LOSANT_MOCK_FOREIGN", minimum=0) or 0,
        max_per_second=_number(get, "LOSANT_MAX_RPS", default=None, top=10_000),
        concurrency=_integer(get, "LOSANT_CONCURRENCY", minimum=1) or DEFAULT_CONCURRENCY,
        workers=_integer(get, "LOSANT_WORKERS", minimum=0),
        check_timeout=_number(get, "LOSANT_CHECK_TIMEOUT", default=240.0, top=86_400) or 240.0,
        progress=_progress(get("LOSANT_PROGRESS")),
        allow_production=allow_production,
        allow_insecure=allow_insecure,
        reports_dir=_reports_dir(get),
        decisions_url=_decisions_url(get("LOSANT_DECISIONS_URL")),
    )


def reports_dir(environ: Mapping[str, str] | None = None, dotenv_path: str | Path | None = ".env") -> Path:
    """Where reports go: LOSANT_REPORTS_DIR (read as load() reads it), else reports/ in the
    current directory. Only that setting is read, so a command that just writes reports is
    not stopped by a malformed setting it does not use."""
    return _reports_dir(_reader(environ, dotenv_path))


def _reader(environ: Mapping[str, str] | None, dotenv_path: str | Path | None) -> Callable[[str], str]:
    """name -> its value from `environ` (default os.environ) over `dotenv_path`, stripped."""
    values: dict[str, str] = {}
    if dotenv_path is not None and Path(dotenv_path).is_file():
        values.update({k: v for k, v in dotenv_values(dotenv_path).items() if v is not None})
    values.update(os.environ if environ is None else environ)

    def get(name: str) -> str:
        return (values.get(name) or "").strip()  # blank counts as unset

    return get


def _reports_dir(get: Callable[[str], str]) -> Path:
    """LOSANT_REPORTS_DIR, else reports/ in the working directory: every command's reports."""
    return _path("LOSANT_REPORTS_DIR", get("LOSANT_REPORTS_DIR")) or Path.cwd() / "reports"


def _api_url(raw: str, allow_production: bool, allow_insecure: bool) -> str | None:
    """The base URL without a trailing slash; refused when it is malformed, could carry the
    token to production or across a network in clear text, or carries a second credential."""
    if not raw:
        return None
    shape = "an http(s) base URL such as https://api.staging.example.com"
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 - raises ValueError on a port that is no number in range
    except ValueError as error:
        raise SettingsError(f"LOSANT_API_URL must be {shape}, not {_hidden(raw)!r} ({_hidden(str(error))})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingsError(f"LOSANT_API_URL must be {shape}, not {_hidden(raw)!r}")
    refused = guard.refusal(raw, allow_production=allow_production, allow_insecure=allow_insecure)
    if refused is not None:
        raise SettingsError(refused)
    try:
        parse_url(raw)  # the HTTP library's own parser must read it too
    except ValueError as error:  # LocationParseError is one
        raise SettingsError(f"LOSANT_API_URL must be {shape}, not {_hidden(raw)!r} ({_hidden(str(error))})") from None
    if any(ch.isspace() or not ch.isprintable() or ch == "\\" for ch in raw):
        raise SettingsError(f"LOSANT_API_URL must be {shape}, without white space or backslashes")
    if "@" in parts.netloc:
        raise SettingsError(
            "LOSANT_API_URL must not carry a user name or password (user@host): the token is the credential"
        )
    if parts.query or parts.fragment or raw.endswith(("?", "#")):
        raise SettingsError(f"LOSANT_API_URL must be {shape}, without ? or #")
    return raw.rstrip("/")


def _hidden(text: str) -> str:
    """`text` for a message: any user name and password of a URL in it hidden."""
    return re.sub(r"[^/\s'\"]*@", "<user info>@", text)


def _token(name: str, token: str | None) -> None:
    """A token goes into an HTTP header: printable ASCII, no white space (never echoed)."""
    if token is None:
        return
    if any(ch.isspace() for ch in token):
        raise SettingsError(f"{name} contains white space: paste the token alone, without 'Bearer '")
    if not all("!" <= ch <= "~" for ch in token):
        raise SettingsError(
            f"{name} holds a character that is not printable ASCII (a quote or letter pasted with it?): "
            "paste the token alone"
        )


def _path(name: str, raw: str) -> Path | None:
    if not raw:
        return None
    if "\x00" in raw or not raw.isprintable():
        raise SettingsError(f"{name} must be a directory path, without control characters")
    return Path(raw).expanduser().resolve()


def _progress(raw: str) -> float:
    """LOSANT_PROGRESS: seconds between progress lines; 0 turns them off."""
    if raw in ("0", "off"):
        return 0.0
    return _number(lambda _: raw, "LOSANT_PROGRESS", default=10.0, top=3600) or 10.0


def _decisions_url(raw: str) -> str | None:
    if not raw:
        return None
    parts = urlsplit(raw) if raw.isprintable() and " " not in raw else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(f"LOSANT_DECISIONS_URL must be an http(s) URL of the published page, not {raw!r}")
    return raw


def _integer(get: Callable[[str], str], name: str, minimum: int) -> int | None:
    raw = get(name)
    if not raw:
        return None
    if not re.fullmatch(r"[0-9]+", raw) or int(raw) < minimum:
        raise SettingsError(f"{name} must be a whole number >= {minimum}, not {raw!r}")
    return int(raw)


def _number(get: Callable[[str], str], name: str, default: float | None, top: float = 600) -> float | None:
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
