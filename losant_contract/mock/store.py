"""The mock's state: one organisation with two applications, their integrations and API
tokens, behind one lock.

Records are plain dicts in their wire shape and are never mutated once stored: a
PATCH stores a new dict. So a listing can take a snapshot under the lock and sort,
filter and serialise it outside, and concurrent requests stay cheap and consistent.

Two applications, because the contract's isolation rules (a token reaches only its own
application, an integration lives in exactly one) cannot be seen with one.
"""

from __future__ import annotations

import secrets
import threading
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from .clock import Clock, ObjectIds, format_ms, parse_instant

Record = dict[str, Any]
REMEMBER_REMOVED_MS = 60_000  # how long a deleted integration is remembered (faults look back a few seconds)


@dataclass(frozen=True)
class Token:
    """An API token: the secret that authenticates, its scopes, and its API Token body.

    `application_id` is the one application an application API token reaches; None for the
    organisation and user tokens, which reach every application of the organisation."""

    secret: str
    scopes: tuple[str, ...]
    body: Record = field(compare=False)
    application_id: str | None = None

    @property
    def id(self) -> str:
        return str(self.body["id"])

    def usable(self) -> bool:
        """Active and not expired: an inactive or expired token authenticates nobody."""
        if self.body.get("status", "active") != "active":
            return False
        expires = self.body.get("expirationDate")
        return expires is None or parse_instant(expires) > datetime.now(timezone.utc)


class Store:
    """In-memory state of one Losant organisation. Every access takes `lock`."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._clock = Clock()
        self._ids = ObjectIds()
        self.organization_id = self.issue()[0]
        self.applications: dict[str, Record] = {}
        self.application_id = self._add_application("Losant mock application")
        self.second_application_id = self._add_application("Losant mock sibling application")
        self._integrations: dict[str, dict[str, Record]] = {app: {} for app in self.applications}
        self._tokens: dict[str, Token] = {}
        self._revoked: dict[str, Token] = {}
        self._pristine: dict[str, dict[str, Record]] = {app: {} for app in self.applications}
        self._fixed: dict[str, Token] = {}
        self._removed: deque[tuple[int, str, Record]] = deque()  # (when, application, record), oldest first

    def _add_application(self, name: str) -> str:
        application_id, now = self.issue()
        self.applications[application_id] = {
            "id": application_id,
            "applicationId": application_id,
            "name": name,
            "description": "Served by losant_contract.mock",
            "creationDate": now,
            "lastUpdated": now,
            "ownerId": self.organization_id,
            "ownerType": "organization",
        }
        return application_id

    def application(self, application_id: str) -> Record | None:
        return self.applications.get(application_id)  # fixed at start: no lock needed

    # -- identity and time ---------------------------------------------------------

    def issue(self, ms: int | None = None) -> tuple[str, str]:
        """A fresh id and the date it was issued at (now unless `ms` is given)."""
        with self.lock:
            ms = self._clock.now_ms() if ms is None else ms
            return self._ids.new(ms), format_ms(ms)

    def now(self) -> str:
        with self.lock:
            return format_ms(self._clock.now_ms())

    def now_ms(self) -> int:
        with self.lock:
            return self._clock.now_ms()

    # -- integrations ----------------------------------------------------------------

    def integrations(self, application_id: str) -> list[Record]:
        """A snapshot of the application's integrations, in insertion order."""
        with self.lock:
            return list(self._integrations.get(application_id, {}).values())

    def integration(self, application_id: str, integration_id: str) -> Record | None:
        with self.lock:
            return self._integrations.get(application_id, {}).get(integration_id)

    def integration_anywhere(self, integration_id: str) -> Record | None:
        """The integration with this id in whichever application holds it (faults use this)."""
        with self.lock:
            for records in self._integrations.values():
                if integration_id in records:
                    return records[integration_id]
            return None

    def put(self, application_id: str, record: Record) -> None:
        """Store a new integration (silently nothing for an application that does not exist)."""
        with self.lock:
            if application_id in self._integrations:
                self._integrations[application_id][record["id"]] = record

    def replace(self, application_id: str, integration_id: str, record: Record) -> bool:
        """Store a changed integration in the place of the old one, unless it was deleted meanwhile."""
        with self.lock:
            records = self._integrations.get(application_id, {})
            if integration_id not in records:
                return False
            records[integration_id] = record
            return True

    def remove(self, application_id: str, integration_id: str) -> bool:
        with self.lock:
            record = self._integrations.get(application_id, {}).pop(integration_id, None)
            if record is None:
                return False
            now = self._clock.now_ms()
            self._removed.append((now, application_id, record))
            while self._removed[0][0] < now - REMEMBER_REMOVED_MS:
                self._removed.popleft()
            return True

    def removed_since(self, application_id: str, ms: int) -> list[Record]:
        """The application's integrations deleted at `ms` or later (within the last minute)."""
        with self.lock:
            return [record for when, app, record in self._removed if when >= ms and app == application_id]

    def prefill(self, records: Iterable[Record]) -> None:
        """Integrations that were there before anyone looked (each in its applicationId);
        reset() brings them back."""
        records = list(records)  # built before locking: it may issue ids
        with self.lock:
            for record in records:
                self._pristine[record["applicationId"]][record["id"]] = record
                self._integrations[record["applicationId"]][record["id"]] = record

    # -- tokens ----------------------------------------------------------------------

    def token(self, secret: str) -> Token | None:
        with self.lock:
            return self._tokens.get(secret)

    def revoked(self, secret: str) -> Token | None:
        """A token that was deleted: it must authenticate nobody (faults use this)."""
        with self.lock:
            return self._revoked.get(secret)

    def mint(self, body: Record, application_id: str | None = None, *, fixed: bool = False) -> Token:
        """Create a token from an Application API Token Post body (already validated): an
        application token of `application_id`, or with None an organisation-wide token.

        A fixed token (the server's own) survives reset(), even if a client deleted it.
        """
        token_id, now = self.issue()
        scopes = tuple(body.get("scope") or ("all.Application",))
        record = {
            "id": token_id,
            "apiTokenId": token_id,
            "ownerId": application_id or self.organization_id,
            "ownerType": "application",
            "creatorType": "apiToken",
            "status": "active",
            **body,
            "scope": list(scopes),
            "creationDate": now,
            "lastUpdated": now,
        }
        token = Token(secrets.token_urlsafe(32), scopes, record, application_id)
        with self.lock:
            self._tokens[token.secret] = token
            if fixed:
                self._fixed[token.secret] = token
        return token

    def application_tokens(self, application_id: str) -> list[Token]:
        with self.lock:
            return [token for token in self._tokens.values() if token.application_id == application_id]

    def application_token(self, token_id: str) -> Token | None:
        """The application API token with this id, whichever application it belongs to."""
        with self.lock:
            found = [t for t in self._tokens.values() if t.application_id is not None and t.id == token_id]
            return found[0] if found else None

    def remove_token(self, token: Token) -> bool:
        """Delete a token; from now on it authenticates nobody."""
        with self.lock:
            if self._tokens.pop(token.secret, None) is None:
                return False
            self._revoked[token.secret] = token
            return True

    # -- reset -----------------------------------------------------------------------

    def reset(self) -> None:
        """Back to the start: prefilled integrations and the server's own tokens only."""
        with self.lock:
            self._integrations = {app: dict(records) for app, records in self._pristine.items()}
            self._tokens = dict(self._fixed)
            self._revoked = {}
            self._removed.clear()
