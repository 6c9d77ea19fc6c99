"""The contract suite's fixtures: the target, the client, the ledger, the run's corpus and
scoped tokens. The session and the hooks around every check live in plugin.py; the
reports in reporting.py. Settings come from the environment or .env (see .env.example).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

import pytest

from losant_contract import actions, scrub
from losant_contract.client import ApiClient
from losant_contract.contracts import schema
from losant_contract.ledger import Ledger
from losant_contract.oracles import Violation
from losant_contract.preflight import PreflightError
from losant_contract.settings import SettingsError
from losant_contract.target import Target

_run: Any = None


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("losant", "losant-contract suite")
    group.addoption(
        "--areas",
        default="",
        help="run only the checks of these areas (comma-separated, e.g. sorting,pagination)",
    )
    group.addoption(
        "--no-shrink",
        action="store_true",
        help="no Hypothesis shrinking and no example database: a verdict fast, not a minimal example "
        "(what the kill matrix proves with)",
    )


def pytest_configure(config: pytest.Config) -> None:
    global _run
    from . import (
        interrupts,  # suites/interrupts.py: Ctrl-C and SIGTERM land where it is safe
        plugin,  # suites/plugin.py: the session and its hooks
        reporting,  # suites/reporting.py: Allure and JUnit by default, drift report
    )

    # SIGTERM ends the run like Ctrl-C does, so the ledger is still cleaned (preflight included);
    # neither lands inside a report hook or the clean-up (interrupts.py).
    interrupts.install(config)
    try:
        _run = plugin.Run(config)
    except (SettingsError, PreflightError, ValueError) as error:
        raise pytest.UsageError(f"{type(error).__name__}: {error}") from None
    config.pluginmanager.register(plugin.Suite(_run), "losant-suite")
    config.pluginmanager.register(_Scrub(), "losant-scrub")  # before reporting: innermost of the trylast
    reporting.register(config, _run)


class _Scrub:
    """Tokens out of every report before the terminal, JUnit or Allure read it: long
    tracebacks print the client's arguments, a token among them."""

    @pytest.hookimpl(wrapper=True, trylast=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport:
        report: pytest.TestReport = yield
        scrub.report(report)
        return report


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
def preflight_violations() -> list[Violation]:
    """What the preflight's round trips (create and delete one integration and one token,
    before any check) answered against the contract."""
    return list(_run.preflight_violations)


@pytest.fixture(scope="session")
def create(api: ApiClient, target: Target, ledger: Ledger) -> Iterator[Any]:
    """POST Integrations through the ledger."""
    yield lambda body=None, **kwargs: actions.create(api, target, ledger, body, **kwargs)


INTEGRATION_TYPES: tuple[str, ...] = tuple(schema("Integration Post")["properties"]["integrationType"]["enum"])


@pytest.fixture(scope="session")
def corpus_prefix(prefix) -> str:
    """The corpus has a prefix of its own, so listings of it hold nothing else the run made."""
    return f"{prefix}c-"


@pytest.fixture(scope="session")
def corpus(api, target, create, corpus_prefix) -> list[dict[str, Any]]:
    """The run's own data set that sorting, filtering and pagination checks bite on:
    awkward names (case-only differences, code-point traps, glob and regex characters,
    duplicates), every integration type, and lastUpdated in a different order from
    creationDate (every other item is patched, the last created first, several at once)."""
    import random

    from losant_contract.oracles.records import echoes_post, patch_applied
    from losant_contract.oracles.schema import conforms, status_is
    from losant_contract.strategies import corpus_names

    names = corpus_names(corpus_prefix)
    random.Random(len(names)).shuffle(names)  # creation order must not be name order
    bodies = [
        {"name": name, "integrationType": INTEGRATION_TYPES[position * 3 % 4], "topics": [f"t{position}"]}
        for position, name in enumerate(names)
    ]
    records = []
    for body, response in zip(bodies, api.concurrently([partial(create, body) for body in bodies]), strict=True):
        status_is(response, 201, "POST Integrations (building the corpus)")
        record = conforms(response, "Integration")
        echoes_post(response, record, body, target.application_id)
        records.append(record)
    patched = range(len(records) - 1, -1, -2)
    patches = {position: {"topics": [f"patched{position}"]} for position in patched}
    answers = api.concurrently(
        [partial(api.patch, target.integration(records[p]["id"]), json=patches[p]) for p in patched]
    )
    for position, response in zip(patched, answers, strict=True):
        status_is(response, 200, "PATCH Integration (building the corpus)")
        after = conforms(response, "Integration")
        patch_applied(response, after, records[position], patches[position])
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
    through Application API Tokens (deleted at the end). A scope Losant will not mint as an
    application token is skipped when the target will not either, with the setting that
    would supply it; any other scope it will not mint is a set-up error (no verdict)."""
    from losant_contract import redact
    from losant_contract.contracts import UNMINTABLE_SCOPES
    from losant_contract.settings import scope_token_setting
    from losant_contract.verdicts import SetupError

    minted: dict[str, str] = {}

    def token_for(scope: str) -> str:
        if scope in target.scope_tokens:
            redact.register(target.scope_tokens[scope], f"<token for {scope}>")
            return target.scope_tokens[scope]
        if scope not in minted:
            name = f"{prefix}token {scope}"
            response = api.post(target.tokens(), json={"name": name, "scope": [scope]})
            body = response.json() if response.headers.get("Content-Type", "").startswith("application/json") else {}
            body = body if isinstance(body, dict) else {}
            if response.status_code not in (200, 201) or not isinstance(body.get("token"), str):
                refused = f"the target will not mint a {scope} token (POST tokens answered {response.status_code})"
                if scope in UNMINTABLE_SCOPES:
                    pytest.skip(f"{refused}; set {scope_token_setting(scope)} to check this scope")
                raise SetupError(f"{refused}, though Losant mints it for an application: no verdict on this scope")
            ledger.created_token(body["id"], name)
            redact.register(body["token"], f"<token for {scope}>")
            minted[scope] = body["token"]
        return minted[scope]

    return token_for
