"""What one pytest process of the suite shares: the settings, the target, one client, the
run prefix, the ledger, and what the run counted (requests by area).

With no LOSANT_API_URL the embedded mock is started here and stopped at the end. Under
pytest-xdist the controller starts the embedded mock (if any) and checks the target once;
each worker gets the same target but its own prefix and ledger, and repeats the
preflight's round trips so its own checks can report what they broke.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

import requests

from losant_contract import policy, sweep
from losant_contract.client import ApiClient, TransportError, curl
from losant_contract.ledger import Ledger, run_prefix
from losant_contract.oracles import ScopeLeak, ServerError, Violation, describe
from losant_contract.preflight import preflight
from losant_contract.scope_tokens import ScopeTokens, Unavailable
from losant_contract.settings import Settings, SettingsError, load
from losant_contract.target import Target
from losant_contract.verdicts import SetupError
from losant_contract.vocabulary import CLEANUP, SETUP

if TYPE_CHECKING:
    from losant_contract.mock import MockServer


class SuiteRun:
    """One process's share of the run: built at configure time, started (the target proven
    usable by the preflight) once its listeners are in place, closed (what it made deleted)
    once at the end."""

    def __init__(self, worker_input: Mapping[str, Any] | None = None) -> None:
        """`worker_input`: under pytest-xdist, what the controller handed this worker."""
        self.closed = False
        self.settings: Settings = load()
        self.mock: MockServer | None = None
        given = worker_input or {}
        self.handed = worker_input  # what the pytest-xdist controller handed this worker, if one
        self.target: Target = Target(**given["losant_target"]) if "losant_target" in given else self._target()
        refused = (
            None if worker_input else policy.refusal(self.settings.policy, self.target, self.settings.waive_scopes)
        )
        if refused is not None:
            if self.mock is not None:
                self.mock.stop()
            raise SettingsError(refused)
        #: What the pytest-xdist controller set up once for every worker (share()): the corpus
        #: ({"prefix", "records"}) and tokens by scope; empty in one process.
        self.shared: dict[str, Any] = dict(given.get("losant_shared", {}))
        rate = self.settings.max_per_second
        if rate and worker_input is not None:  # an xdist worker: the cap is for the whole run, so share it
            rate /= int(worker_input.get("workercount", 1))
        s = self.settings
        self.api = ApiClient(
            self.target.url,
            self.target.token,
            timeout=s.timeout,
            max_per_second=rate,
            concurrency=s.concurrency,
            allow_production=s.allow_production,  # the guard in the client's transport: settings.py
            allow_insecure=s.allow_insecure,
        )
        self.prefix = run_prefix()
        self.ledger = Ledger()
        self.area = SETUP  # where the requests being made are counted
        self.current = ""  # the check running now (its node id)
        self.waived_checks: set[str] = set()  # checks skipped under LOSANT_WAIVE_SCOPES
        self.unwaived_skips: list[str] = []  # checks a gate skipped that no waiver names
        self.workers_down: list[str] = []  # pytest-xdist workers that went down (their checks unjudged)
        self.leftovers: list[str] = []  # what the run (its workers too) could not delete
        self.outside: list[str] = []  # invariants broken by answers outside any check (clean-up)
        self.broken: Counter[str] = Counter()  # invariant -> how many answers broke it
        self.preflight_violations: list[Violation] = []
        self.requests_by_area: Counter[str] = Counter()
        self.workers_waited: list[tuple[int, float]] = []  # (429s, seconds waited) of each xdist worker
        self.api.listeners.append(self._count)

    def start(self) -> None:
        """The preflight: the target answers, the token and application are usable (else
        PreflightError, one line); what its round trips broke is kept for its check. A
        pytest-xdist worker sends nothing here: the controller's preflight stands for the run
        (a worker that failed to start would take its checks with it)."""
        if self.handed is not None:
            self.preflight_violations += [_violation(found) for found in self.handed.get("losant_preflight", [])]
            return
        try:  # a refusal, or Ctrl-C/SIGTERM mid-preflight: clean up either way
            self.preflight_violations += preflight(self.api, self.target, self.prefix)
        except BaseException:
            self.close()
            raise

    def _target(self) -> Target:
        s = self.settings
        if s.embedded:
            from losant_contract.mock import MockServer  # only the embedded run needs it

            self.mock = MockServer(faults=s.mock_faults, foreign=s.mock_foreign).start()
            return Target(
                self.mock.url,
                self.mock.application_id,
                self.mock.admin_token,
                {**self.mock.scope_tokens, **s.scope_tokens},
                embedded=True,
                second_application_id=self.mock.second_application_id,
            )
        assert s.api_url is not None and s.application_id is not None and s.api_token is not None  # load() saw to it
        return Target(
            s.api_url, s.application_id, s.api_token, s.scope_tokens, second_application_id=s.second_application_id
        )

    @property
    def rate_limited(self) -> int:
        """429s met, by this process and its workers."""
        return self.api.meter.rate_limited + sum(n for n, _ in self.workers_waited)

    @property
    def waited_seconds(self) -> float:
        """Seconds spent waiting before a retry, by this process and its workers."""
        return self.api.meter.waited + sum(seconds for _, seconds in self.workers_waited)

    def _count(self, _response: requests.Response) -> None:
        self.requests_by_area[self.area] += 1

    def share(self, scopes: Iterable[str]) -> None:
        """In a pytest-xdist controller: set up once what every worker's checks would each set up
        again (the corpus, a token for each scope), so a parallel run makes no more requests
        than a serial one. What cannot be set up here is left out: each worker then sets it up
        itself, and its checks give the verdict (as in one process)."""
        from losant_contract import corpus  # strategies inside: only once the run starts

        prefix = corpus.prefix_of(self.prefix)
        try:
            self.shared["corpus"] = {
                "prefix": prefix,
                "records": corpus.build(self.api, self.target, self.ledger, prefix),
            }
        except (Violation, TransportError):
            pass
        tokens = ScopeTokens(self.api, self.target, self.ledger, self.prefix)
        wanted = [scope for scope in dict.fromkeys(scopes) if scope not in self.target.scope_tokens]
        minted = self.api.concurrently([partial(_token_or_none, tokens, scope) for scope in wanted])
        self.shared["scope_tokens"] = {scope: token for scope, token in zip(wanted, minted, strict=True) if token}

    def worker_input(self) -> dict[str, Any]:
        """What an xdist worker needs of this (the controller's) run: the checked target and
        what was set up for every worker."""
        t = self.target
        target = {
            "url": t.url,
            "application_id": t.application_id,
            "token": t.token,
            "scope_tokens": dict(t.scope_tokens),
            "embedded": t.embedded,
            "second_application_id": t.second_application_id,
        }
        preflight = [_handed(violation) for violation in self.preflight_violations]
        return {"losant_target": target, "losant_shared": self.shared, "losant_preflight": preflight}

    def close(self) -> list[str]:
        """Delete what the run made (once): the ledger, then whatever else carries the run
        prefix, since an interrupt can land between a create and its ledger entry. One line
        for each thing that could not be deleted."""
        if self.closed:
            return []
        self.closed = True
        self.area = CLEANUP
        try:
            return sweep.this_run(self.api, self.target, self.prefix, self.ledger.clean(self.api, self.target))
        finally:
            self.api.close()
            if self.mock is not None:
                self.mock.stop()


def _token_or_none(tokens: ScopeTokens, scope: str) -> str | None:
    """A token for `scope`, or None where the target will not mint one (a worker will try)."""
    try:
        return tokens.token_for(scope)
    except (Unavailable, SetupError, TransportError, Violation):
        return None


def _handed(violation: Violation) -> dict[str, str | None]:
    """A violation as plain data, to hand to a pytest-xdist worker."""
    where = f" [{describe(violation.response)}]" if violation.response is not None else ""
    shown = curl(violation.response.request) if violation.response is not None else violation.curl
    return {"kind": type(violation).__name__, "rule": violation.rule, "reason": violation.reason + where, "curl": shown}


def _violation(handed: Mapping[str, Any]) -> Violation:
    """The violation `_handed` made plain data of, of its own class."""
    classes = {cls.__name__: cls for cls in (Violation, ScopeLeak, ServerError)}
    return classes.get(handed["kind"], Violation)(handed["rule"], handed["reason"], curl=handed["curl"])
