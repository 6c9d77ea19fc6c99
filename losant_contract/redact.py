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
_changes = 0  # counts registrations, so the sorted copy below is rebuilt only after one
_sorted: tuple[int, int, tuple[tuple[str, str], ...]] = (0, -1, ())  # (id of _secrets, _changes, pairs)


def _longest_first() -> tuple[tuple[str, str], ...]:
    """The secrets in the order text() replaces them (a secret inside a longer one after it),
    sorted again only when they changed: text() runs on every string of every report."""
    global _sorted
    with _lock:
        if _sorted[:2] != (id(_secrets), _changes):
            pairs = tuple(sorted(_secrets.items(), key=lambda item: len(item[0]), reverse=True))
            _sorted = (id(_secrets), _changes, pairs)
        return _sorted[2]


def register(secret: str | None, label: str = REDACTED) -> None:
    """From now on, show `secret` as `label` everywhere."""
    global _changes
    if secret:
        with _lock:
            _secrets[secret] = label
            _changes += 1


def learn(secret: str, label: str = REDACTED) -> None:
    """Like register, but a secret already known keeps its label."""
    global _changes
    with _lock:
        _secrets.setdefault(secret, label)
        _changes += 1


def label(secret: str | None) -> str:
    """The label a registered secret is shown as (REDACTED when unknown)."""
    return _secrets.get(secret or "", REDACTED)


def text(value: str) -> str:
    """`value` with every registered secret, bearer credential and token field masked."""
    for secret, shown in _longest_first():
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
