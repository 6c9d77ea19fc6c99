"""Everything a run creates carries its run prefix and is written down here, so it
can all be deleted at the end (after a pass, a failure or an interrupt), and so a
later sweep can recognise what a killed run left behind."""

from __future__ import annotations

import functools
import re
import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone

from losant_contract.client import ApiClient, TransportError
from losant_contract.target import Target

#: lct-<UTC minute>-<random>-: sortable by age, unique per run (and per xdist worker).
PREFIX_PATTERN = re.compile(r"^lct-(\d{12})-([0-9a-f]{6})-")


def run_prefix(now: datetime | None = None) -> str:
    """A fresh prefix such as 'lct-202611272105-3fa9c1-'."""
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%d%H%M")
    return f"lct-{stamp}-{secrets.token_hex(3)}-"


def delete_until_gone(api: ApiClient, path: str, attempts: int = 3) -> int | None:
    """DELETE for clean-up: repeated when the answer is lost, since here 200 and 404 both
    mean gone (checks never repeat a DELETE; clean-up must not give up on a dropped line).
    The last status, or None when no attempt got an answer."""
    for _ in range(attempts):
        try:
            return api.delete(path).status_code
        except TransportError:
            continue
    return None


@dataclass
class Ledger:
    """Integrations and tokens this run created, deleted (several at once) by `clean`."""

    integrations: dict[str, str] = field(default_factory=dict)  # id -> name
    tokens: dict[str, str] = field(default_factory=dict)  # id -> name
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def created_integration(self, ident: str, name: str) -> None:
        with self._lock:
            self.integrations[ident] = name

    def created_token(self, ident: str, name: str) -> None:
        with self._lock:
            self.tokens[ident] = name

    def forget_integration(self, ident: str) -> None:
        """The suite deleted it itself."""
        with self._lock:
            self.integrations.pop(ident, None)

    def forget_token(self, ident: str) -> None:
        """The suite deleted it itself."""
        with self._lock:
            self.tokens.pop(ident, None)

    def clean(self, api: ApiClient, target: Target) -> list[str]:
        """Delete everything recorded; returns one line per thing that could not be deleted
        (200 and 404 both mean it is gone)."""
        failures = []
        for resource, recorded, path in (
            ("integration", self.integrations, target.integration),
            ("token", self.tokens, target.token_path),
        ):
            doomed = list(reversed(list(recorded.items())))
            statuses = api.concurrently([functools.partial(delete_until_gone, api, path(ident)) for ident, _ in doomed])
            for (ident, name), status in zip(doomed, statuses, strict=True):
                if status in (200, 404):
                    with self._lock:
                        recorded.pop(ident, None)
                else:
                    failures.append(f"{resource} {ident} {name!r}: DELETE answered {status}")
        return failures
