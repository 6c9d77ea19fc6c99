"""Counts follow writes: right after the run creates or deletes an integration, the next
listing of its own names counts it (an invariant across answers; losant_contract.invariants
holds those of each answer). A listing counts the run's own names when its filter on name
starts with a run prefix, which nothing but that run can carry: from zero at the run's start,
its totalCount must be exactly what the run's writes made it.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import requests

from losant_contract import drift
from losant_contract.client import NO_VERDICT_STATUSES
from losant_contract.invariants import LIST, WRITE_COUNTS, Breach, application_of
from losant_contract.ledger import PREFIX_PATTERN
from losant_contract.oracles import Violation
from losant_contract.oracles.globbing import glob_match

_CREATE = "POST /applications/{applicationId}/integrations"
_ITEM = "/applications/{applicationId}/integrations/{integrationId}"


@dataclass
class WriteCounts:
    """The run's own creates and deletes, held against the totalCount of each listing that only
    the run's names can match (a filter on name that starts with a run prefix): the count
    follows every write the run made, from zero at the run's start.

    A write whose outcome the run cannot know (its answer lost, a gateway's 5xx, a change to
    an integration whose name the run does not know) leaves the counts unknown until the
    next listing of each filter sets them again: no expectation is ever guessed."""

    prefixes: tuple[str, ...]  # the run prefixes whose names start at zero (the run made all of them)
    names: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (application, name) made, not deleted
    writes: list[tuple[str, str, int]] = field(default_factory=list)  # (application, name, +1 or -1) as heard
    baselines: dict[tuple[str, str], tuple[int, int] | None] = field(default_factory=dict)  # -> (total, writes)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def heard(self, response: requests.Response) -> Breach | None:
        """Note a write, or hold a listing to the writes: a breach of WRITE_COUNTS, or None."""
        request = response.request
        path = urlsplit(request.url or "").path
        op = drift.operation(request.method or "", path)
        if op is None:
            return None
        with self._lock:
            if response.status_code in NO_VERDICT_STATUSES or response.status_code >= 500:
                if op.method != "GET":
                    self._forget()
            elif op.name == _CREATE:
                self._created(application_of(path), response)
            elif op.template == _ITEM and op.method in ("PATCH", "DELETE"):
                self._changed(op.method, path.rstrip("/").rsplit("/", 1)[-1], response)
            elif op.name == LIST and response.status_code == 200:
                return self._listed(application_of(path), response)
        return None

    def made(self, application: str, prefix: str, records: list[dict[str, Any]]) -> None:
        """Integrations another process of the run made under `prefix` (a fresh one): counted
        from zero as if this one had made them."""
        with self._lock:
            self.prefixes = (*self.prefixes, prefix)
            for record in records:
                self.names[record["id"]] = (application, record["name"])
                self.writes.append((application, record["name"], 1))

    def made_in(self, application: str) -> set[str]:
        """Ids of the integrations the run made in `application` and has not deleted."""
        with self._lock:
            return {ident for ident, (made, _) in self.names.items() if made == application}

    def unanswered(self, method: str) -> None:
        """A request got no answer: if it wrote, its outcome cannot be known."""
        if method.upper() != "GET":
            with self._lock:
                self._forget()

    def _forget(self) -> None:
        self.baselines = dict.fromkeys(self.baselines)
        self.prefixes = ()

    def _created(self, application: str, response: requests.Response) -> None:
        if response.status_code not in (200, 201):
            return
        record = _body(response)
        if isinstance(record.get("id"), str) and isinstance(record.get("name"), str):
            self.names[record["id"]] = (application, record["name"])
            self.writes.append((application, record["name"], 1))
        else:
            self._forget()

    def _changed(self, method: str, ident: str, response: requests.Response) -> None:
        if response.status_code != 200:
            return
        if ident not in self.names:
            self._forget()  # someone else's, by id: its name is not known here
        elif method == "DELETE":
            self.writes.append((*self.names.pop(ident), -1))
        else:
            application, name = self.names[ident]
            renamed = _body(response).get("name")
            if isinstance(renamed, str) and renamed != name:
                self.writes += [(application, name, -1), (application, renamed, 1)]
                self.names[ident] = (application, renamed)

    def _listed(self, application: str, response: requests.Response) -> Breach | None:
        pairs = dict(parse_qsl(urlsplit(response.request.url or "").query, keep_blank_values=True))
        pattern = pairs.get("filter", "")
        total = _body(response).get("totalCount")
        if (
            pairs.get("filterField") != "name"
            or not PREFIX_PATTERN.match(pattern.lower())
            or not isinstance(total, int)
        ):
            return None
        key = (application, pattern)
        if key not in self.baselines:
            own = any(pattern.lower().startswith(prefix.lower()) for prefix in self.prefixes)
            self.baselines[key] = (0, 0) if own else None
        baseline, self.baselines[key] = self.baselines[key], (total, len(self.writes))
        if baseline is None:
            return None
        counted, seen = baseline
        change = 0
        for written_to, name, step in self.writes[seen:]:
            matched = glob_match(pattern, name) if written_to == application else False
            if matched is None:
                return None  # Unicode case folding leaves this name open: no expectation
            change += step if matched else 0
        if total == counted + change:
            return None
        since = f"the {len(self.writes) - seen} write(s) the run made since" if seen else "the run's writes"
        return Breach(
            WRITE_COUNTS,
            Violation(
                "totalCount follows the run's writes",
                f"filter name={pattern!r} counts {total}; after {since} it should count {counted + change}",
                response,
            ),
        )


def _body(response: requests.Response) -> dict[str, Any]:
    try:
        parsed = json.loads(response.content)
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}
