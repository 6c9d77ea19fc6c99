"""The contract suite's wiring: which target, one client, one ledger, and what a
person needs when a check fails (the rule, the request as curl, the seed).

Settings come from the environment or .env (see .env.example); with no
LOSANT_API_URL the embedded mock is started here and stopped at the end.
"""

from __future__ import annotations

import signal
import sys
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest

from losant_contract import actions, scrub, sweep
from losant_contract.client import ApiClient, TransportError, curl
from losant_contract.ledger import Ledger, run_prefix
from losant_contract.oracles import Violation
from losant_contract.preflight import PreflightError, preflight
from losant_contract.settings import SettingsError, load
from losant_contract.target import Target

LABELS = ("documented", "assumed")


class Run:
    """What one pytest process of the suite shares: target, client, ledger, counts.

    Under pytest-xdist the controller starts the embedded mock (if any) and checks the
    target once; each worker gets the same target but its own prefix and ledger."""

    def __init__(self, config: pytest.Config) -> None:
        self.closed = False
        self.settings = load()
        self.mock = None
        shared = getattr(config, "workerinput", {}).get("losant_target")
        if shared is not None:
            self.target = Target(**shared)
        elif self.settings.embedded:
            from losant_contract.mock import MockServer  # only the embedded run needs it

            self.mock = MockServer(faults=self.settings.mock_faults, foreign=self.settings.mock_foreign).start()
            self.target = Target(
                self.mock.url,
                self.mock.application_id,
                self.mock.admin_token,
                {**self.mock.scope_tokens, **self.settings.scope_tokens},
                embedded=True,
            )
        else:
            s = self.settings
            self.target = Target(s.api_url, s.application_id, s.api_token, s.scope_tokens)
        rate = self.settings.max_per_second
        if rate and shared is not None:  # an xdist worker: the cap is for the whole run, so share it
            rate /= int(config.workerinput.get("workercount", 1))
        self.api = ApiClient(self.target.url, self.target.token, timeout=self.settings.timeout, max_per_second=rate)
        self.prefix = run_prefix()
        self.ledger = Ledger()
        self.area = "setup"
        self.worker_leftovers: list[str] = []
        self.requests_by_area: Counter[str] = Counter()
        self.api.listeners.append(lambda _response: self.requests_by_area.update([self.area]))
        if shared is None:
            try:
                preflight(self.api, self.target, self.prefix)
            except BaseException:  # a refusal, or Ctrl-C/SIGTERM mid-preflight: clean up either way
                self.close()
                raise

    def close(self) -> list[str]:
        """Delete what the run made (once): the ledger, then whatever else carries the run
        prefix, since an interrupt can land between a create and its ledger entry."""
        if self.closed:
            return []
        self.closed = True
        try:
            return sweep.this_run(self.api, self.target, self.prefix, self.ledger.clean(self.api, self.target))
        finally:
            self.api.close()
            if self.mock is not None:
                self.mock.stop()


_run: Run | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _run
    # SIGTERM ends the run like Ctrl-C does, so the ledger is still cleaned (preflight included).
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        _run = Run(config)
    except (SettingsError, PreflightError, ValueError) as error:
        raise pytest.UsageError(f"{type(error).__name__}: {error}") from None
    config.pluginmanager.register(_Scrub(), "losant-scrub")  # before reporting: innermost of the trylast
    from . import reporting  # suites/reporting.py: Allure and JUnit by default, drift report

    reporting.register(config, _run)


class _Scrub:
    """Tokens out of every report before the terminal, JUnit or Allure read it: long
    tracebacks print the client's arguments, a token among them."""

    @pytest.hookimpl(wrapper=True, trylast=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport:
        report = yield
        scrub.report(report)
        return report


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist: hand each worker the target the controller set up."""
    t = _run.target
    node.workerinput["losant_target"] = {
        "url": t.url,
        "application_id": t.application_id,
        "token": t.token,
        "scope_tokens": dict(t.scope_tokens),
        "embedded": t.embedded,
    }


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """pytest-xdist: add up what each worker requested and could not clean."""
    output = getattr(node, "workeroutput", {})
    _run.requests_by_area.update(output.get("losant_requests", {}))
    _run.worker_leftovers += output.get("losant_leftovers", [])


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every check says what it rests on (documented or assumed) and its area."""
    unlabelled = [
        item.nodeid
        for item in items
        if sum(1 for label in LABELS if item.get_closest_marker(label)) != 1 or not item.get_closest_marker("area")
    ]
    if unlabelled:
        raise pytest.UsageError(f"checks without exactly one documented/assumed label and an area: {unlabelled}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    _run.area = item.get_closest_marker("area").args[0]
    try:
        return (yield)
    finally:
        _run.area = "cleanup"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport:
    """Add the curl line that repeats the failing exchange, and the seed that repeats the run."""
    report = yield
    if call.excinfo is not None:
        violation = _find(call.excinfo.value, Violation)
        if violation is not None and violation.response is not None:
            report.sections.append(("reproduce", curl(violation.response.request)))
        if _find(call.excinfo.value, TransportError) is not None:
            report.sections.append(("transport", "the target did not answer: no contract verdict was drawn"))
        report.sections.append(("seed", f"LOSANT_SEED={item.config.option.hypothesis_seed}"))
    return report


def _find(error: BaseException, kind: type[BaseException]) -> Any:
    """`error` or the first exception of `kind` inside it (Hypothesis groups them)."""
    if isinstance(error, kind):
        return error
    for inner in getattr(error, "exceptions", ()):
        found = _find(inner, kind)
        if found is not None:
            return found
    return None


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _run is None:
        return
    leftovers = _run.close() + _run.worker_leftovers
    session.config.stash[_LEFTOVERS] = leftovers
    if hasattr(session.config, "workeroutput"):  # an xdist worker tells the controller
        session.config.workeroutput["losant_requests"] = dict(_run.requests_by_area)
        session.config.workeroutput["losant_leftovers"] = leftovers


_LEFTOVERS = pytest.StashKey[list]()


def pytest_unconfigure(config: pytest.Config) -> None:
    """An interrupt before the session started skips pytest_sessionfinish: clean up here then."""
    if _run is not None:
        for line in _run.close():
            sys.stderr.write(f"LEFT BEHIND (delete by hand): {line}\n")


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if _run is None:
        return
    counts = ", ".join(f"{area} {n}" for area, n in sorted(_run.requests_by_area.items()))
    where = "the embedded mock" if _run.target.embedded else _run.target.url
    total = sum(_run.requests_by_area.values())
    terminalreporter.write_line(f"requests made against {where}: {total} ({counts})")
    for line in config.stash.get(_LEFTOVERS, []):
        terminalreporter.write_line(f"LEFT BEHIND (delete by hand): {line}", red=True)


# Fixtures ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def target() -> Target:
    """The endpoint and application under test."""
    return _run.target


@pytest.fixture(scope="session")
def api() -> ApiClient:
    """The suite's one client, authenticated with the all.Application token."""
    return _run.api


@pytest.fixture(scope="session")
def ledger() -> Ledger:
    """Where everything the run creates is written down, to be deleted at the end."""
    return _run.ledger


@pytest.fixture(scope="session")
def prefix() -> str:
    """This run's name prefix; nothing without it is ever changed or deleted."""
    return _run.prefix


@pytest.fixture(scope="session")
def create(api: ApiClient, target: Target, ledger: Ledger) -> Iterator[Any]:
    """POST Integrations through the ledger."""
    yield lambda body=None, **kwargs: actions.create(api, target, ledger, body, **kwargs)


INTEGRATION_TYPES = ("googlePubSub", "meridian", "mqtt", "particle")


@pytest.fixture(scope="session")
def corpus_prefix(prefix) -> str:
    """The corpus has a prefix of its own, so listings of it hold nothing else the run made."""
    return f"{prefix}c-"


@pytest.fixture(scope="session")
def corpus(api, target, create, corpus_prefix) -> list[dict[str, Any]]:
    """The run's own data set that sorting, filtering and pagination checks bite on:
    awkward names (case-only differences, code-point traps, glob and regex characters,
    duplicates), every integration type, and lastUpdated in a different order from
    creationDate (every other item is patched, last-created first)."""
    import random

    from losant_contract.oracles.records import echoes_post, patch_applied
    from losant_contract.oracles.schema import conforms, status_is
    from losant_contract.strategies import corpus_names

    names = corpus_names(corpus_prefix)
    random.Random(len(names)).shuffle(names)  # creation order must not be name order
    records = []
    for position, name in enumerate(names):
        body = {"name": name, "integrationType": INTEGRATION_TYPES[position * 3 % 4], "topics": [f"t{position}"]}
        response = create(body)
        status_is(response, 201, "POST Integrations (building the corpus)")
        record = conforms(response, "Integration")
        echoes_post(response, record, body, target.application_id)
        records.append(record)
    for position in range(len(records) - 1, -1, -2):
        patch = {"topics": [f"patched{position}"]}
        response = api.patch(target.integration(records[position]["id"]), json=patch)
        status_is(response, 200, "PATCH Integration (building the corpus)")
        after = conforms(response, "Integration")
        patch_applied(response, after, records[position], patch)
        records[position] = after
    return records


@pytest.fixture(scope="session")
def corpus_listing(corpus_prefix) -> Any:
    """A query restricted to the corpus (so checks hold beside other data and other runs),
    with any further parameters."""
    return lambda **params: actions.own(corpus_prefix, **params)


@pytest.fixture(scope="session")
def scope_token(api, target, ledger, prefix) -> Any:
    """scope -> a token holding only that scope: a configured one, else minted for this run
    through Application API Tokens (deleted at the end). A scope the target will not mint is
    skipped with the reason and the setting that would supply it."""
    from losant_contract import redact
    from losant_contract.settings import scope_token_setting

    minted: dict[str, str] = {}

    def token_for(scope: str) -> str:
        if scope in target.scope_tokens:
            redact.register(target.scope_tokens[scope], f"<token for {scope}>")
            return target.scope_tokens[scope]
        if scope not in minted:
            name = f"{prefix}token {scope}"
            response = api.post(target.tokens(), json={"name": name, "scope": [scope]})
            body = response.json() if response.headers.get("Content-Type", "").startswith("application/json") else {}
            if response.status_code not in (200, 201) or not isinstance(body.get("token"), str):
                pytest.skip(
                    f"the target will not mint a {scope} token (POST tokens answered {response.status_code}); "
                    f"set {scope_token_setting(scope)} to check this scope"
                )
            ledger.created_token(body["id"], name)
            redact.register(body["token"], f"<token for {scope}>")
            minted[scope] = body["token"]
        return minted[scope]

    return token_for
