"""The one place secrets are hidden before anything is shown, logged or attached.

Known tokens are registered with a label (for example "$LOSANT_API_TOKEN") and
replaced by it wherever they appear; bearer credentials and `"token": "..."` JSON
fields are masked even when nobody registered them.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping

REDACTED = "<redacted>"
# A credential after "Bearer " that is not already a label ($NAME or <...>).
_BEARER = re.compile(r"(Bearer\s+)(?![$<])[^\s'\"]+", re.IGNORECASE)
_TOKEN_FIELD = re.compile(r'("token"\s*:\s*")[^"]*(")')
_SENSITIVE_HEADERS = {"authorization", "proxy-authorization", "cookie", "set-cookie"}

_lock = threading.Lock()
_secrets: dict[str, str] = {}


def register(secret: str | None, label: str = REDACTED) -> None:
    """From now on, show `secret` as `label` everywhere."""
    if secret:
        with _lock:
            _secrets[secret] = label


def learn(secret: str, label: str = REDACTED) -> None:
    """Like register, but a secret already known keeps its label."""
    with _lock:
        _secrets.setdefault(secret, label)


def label(secret: str | None) -> str:
    """The label a registered secret is shown as (REDACTED when unknown)."""
    return _secrets.get(secret or "", REDACTED)


def text(value: str) -> str:
    """`value` with every registered secret, bearer credential and token field masked."""
    with _lock:
        known = sorted(_secrets.items(), key=lambda item: len(item[0]), reverse=True)
    for secret, shown in known:
        value = value.replace(secret, shown)
    value = _BEARER.sub(lambda m: m.group(1) + REDACTED, value)
    return _TOKEN_FIELD.sub(lambda m: m.group(1) + REDACTED + m.group(2), value)


def headers(values: Mapping[str, str]) -> dict[str, str]:
    """A copy of `values` safe to show: credentials masked, the rest redacted as text."""
    shown = {}
    for name, value in values.items():
        if name.lower() in _SENSITIVE_HEADERS:
            scheme = value.split(" ", 1)[0] if " " in value else ""
            secret = value.split(" ", 1)[1] if " " in value else value
            shown[name] = f"{scheme} {label(secret)}".strip()
        else:
            shown[name] = text(str(value))
    return shown
