"""The mock's state: one application, its integrations and API tokens, behind one lock.

Records are plain dicts in their wire shape and are never mutated once stored: a
PATCH stores a new dict. So a listing can take a snapshot under the lock and sort,
filter and serialise it outside, and concurrent requests stay cheap and consistent.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone

from .clock import Clock, ObjectIds, format_ms, parse_instant


@dataclass(frozen=True)
class Token:
    """An API token: the secret that authenticates, its scopes, and its API Token body."""

    secret: str
    scopes: tuple[str, ...]
    body: dict = field(compare=False)
    application: bool = True  # minted for the application (listed, deletable) or an org/user token

    @property
    def id(self) -> str:
        return self.body["id"]

    def usable(self) -> bool:
        """Active and not expired: an inactive or expired token authenticates nobody."""
        if self.body.get("status", "active") != "active":
            return False
        expires = self.body.get("expirationDate")
        return expires is None or parse_instant(expires) > datetime.now(timezone.utc)


class Store:
    """In-memory state of one Losant application. Every access takes `lock`."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._clock = Clock()
        self._ids = ObjectIds()
        self.application_id, now = self.issue()
        self.application = {
            "id": self.application_id,
            "applicationId": self.application_id,
            "name": "Losant mock application",
            "description": "Served by losant_contract.mock",
            "creationDate": now,
            "lastUpdated": now,
            "ownerId": self.issue()[0],
            "ownerType": "user",
        }
        self._integrations: dict[str, dict] = {}
        self._tokens: dict[str, Token] = {}
        self._pristine: dict[str, dict] = {}
        self._fixed: dict[str, Token] = {}

    # -- identity and time ---------------------------------------------------------

    def issue(self, ms: int | None = None) -> tuple[str, str]:
        """A fresh id and the date it was issued at (now unless `ms` is given)."""
        with self.lock:
            ms = self._clock.now_ms() if ms is None else ms
            return self._ids.new(ms), format_ms(ms)

    def now(self) -> str:
        with self.lock:
            return format_ms(self._clock.now_ms())

    # -- integrations ----------------------------------------------------------------

    def integrations(self, application_id: str) -> list[dict]:
        """A snapshot of the application's integrations, in insertion order."""
        with self.lock:
            return list(self._integrations.values()) if application_id == self.application_id else []

    def integration(self, application_id: str, integration_id: str) -> dict | None:
        with self.lock:
            if application_id != self.application_id:
                return None
            return self._integrations.get(integration_id)

    def put(self, application_id: str, record: dict) -> None:
        """Store a new integration (silently nothing for an application that does not exist)."""
        with self.lock:
            if application_id == self.application_id:
                self._integrations[record["id"]] = record

    def replace(self, application_id: str, record: dict) -> bool:
        """Store a changed integration, unless it was deleted meanwhile."""
        with self.lock:
            if application_id != self.application_id or record["id"] not in self._integrations:
                return False
            self._integrations[record["id"]] = record
            return True

    def remove(self, application_id: str, integration_id: str) -> bool:
        with self.lock:
            if application_id != self.application_id:
                return False
            return self._integrations.pop(integration_id, None) is not None

    def prefill(self, records: Iterable[dict]) -> None:
        """Integrations that were there before anyone looked; reset() brings them back."""
        records = {record["id"]: record for record in records}  # built before locking: it may issue ids
        with self.lock:
            self._pristine.update(records)
            self._integrations.update(self._pristine)

    # -- tokens ----------------------------------------------------------------------

    def token(self, secret: str) -> Token | None:
        with self.lock:
            return self._tokens.get(secret)

    def mint(self, body: dict, *, application: bool = True, fixed: bool = False) -> Token:
        """Create a token from an Application API Token Post body (already validated).

        A fixed token (the server's own) survives reset(), even if a client deleted it.
        """
        token_id, now = self.issue()
        scopes = tuple(body.get("scope") or ("all.Application",))
        record = {
            "id": token_id,
            "apiTokenId": token_id,
            "ownerId": self.application_id,
            "ownerType": "application",
            "creatorType": "apiToken",
            "status": "active",
            **body,
            "scope": list(scopes),
            "creationDate": now,
            "lastUpdated": now,
        }
        token = Token(secrets.token_urlsafe(32), scopes, record, application)
        with self.lock:
            self._tokens[token.secret] = token
            if fixed:
                self._fixed[token.secret] = token
        return token

    def application_tokens(self, application_id: str) -> list[Token]:
        with self.lock:
            if application_id != self.application_id:
                return []
            return [token for token in self._tokens.values() if token.application]

    def remove_token(self, application_id: str, token_id: str) -> bool:
        with self.lock:
            for secret, token in self._tokens.items():
                if token.application and token.id == token_id and application_id == self.application_id:
                    del self._tokens[secret]
                    return True
            return False

    # -- reset -----------------------------------------------------------------------

    def reset(self) -> None:
        """Back to the start: prefilled integrations and the server's own tokens only."""
        with self.lock:
            self._integrations = dict(self._pristine)
            self._tokens = dict(self._fixed)
