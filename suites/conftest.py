"""The contract suite's fixtures: the target, the client, the ledger, the run's corpus and
scoped tokens. The run itself (settings, embedded mock, preflight; the `run` fixture), the
hooks around every check and the reports are the package's plugin,
losant_contract.pytest.plugin, loaded here.
Settings come from the environment or .env (see .env.example).
"""

from __future__ import annotations

from typing import Any

import pytest

from losant_contract import actions
from losant_contract.client import ApiClient
from losant_contract.ledger import Ledger
from losant_contract.oracles import Violation
from losant_contract.pytest.session import SuiteRun
from losant_contract.scope_tokens import ScopeTokens, Unavailable
from losant_contract.target import Target

pytest_plugins = ["losant_contract.pytest.plugin"]


@pytest.fixture(scope="session")
def target(run: SuiteRun) -> Target:
    """The endpoint and application under test."""
    return run.target


@pytest.fixture(scope="session")
def api(run: SuiteRun) -> ApiClient:
    """The suite's one client, authenticated with the all.Application token."""
    return run.api


@pytest.fixture(scope="session")
def ledger(run: SuiteRun) -> Ledger:
    """Where everything the run creates is written down, to be deleted at the end."""
    return run.ledger


@pytest.fixture(scope="session")
def prefix(run: SuiteRun) -> str:
    """This run's name prefix; nothing without it is ever changed or deleted."""
    return run.prefix


@pytest.fixture(scope="session")
def preflight_violations(run: SuiteRun) -> list[Violation]:
    """What the preflight's round trips (create and delete one integration and one token,
    before any check) answered against the contract."""
    return list(run.preflight_violations)


@pytest.fixture(scope="session")
def create(api: ApiClient, target: Target, ledger: Ledger) -> Any:
    """POST Integrations through the ledger."""
    return lambda body=None, **kwargs: actions.create(api, target, ledger, body, **kwargs)


@pytest.fixture(scope="session")
def corpus_prefix(run: SuiteRun) -> str:
    """The corpus has a prefix of its own, so listings of it hold nothing else the run made."""
    from losant_contract import corpus  # strategies inside: not while pytest configures

    shared = run.shared.get("corpus")
    return str(shared["prefix"]) if shared else corpus.prefix_of(run.prefix)


@pytest.fixture(scope="session")
def corpus(run: SuiteRun, corpus_prefix: str) -> list[dict[str, Any]]:
    """The run's own data set (losant_contract.corpus), built once (by the pytest-xdist
    controller for every worker); its records as the API last answered them."""
    from losant_contract import corpus

    shared = run.shared.get("corpus")
    return list(shared["records"]) if shared else corpus.build(run.api, run.target, run.ledger, corpus_prefix)


@pytest.fixture(scope="session")
def corpus_listing(corpus_prefix: str) -> Any:
    """A query restricted to the corpus (so checks hold beside other data and other runs),
    with any further parameters."""
    return lambda **params: actions.own(corpus_prefix, **params)


@pytest.fixture(scope="session")
def scope_token(run: SuiteRun) -> Any:
    """scope -> a token holding only that scope (losant_contract.scope_tokens; the pytest-xdist
    controller mints them once for every worker): a scope Losant will not mint as an
    application token is skipped, naming the setting that would supply one; any other scope
    the target will not mint is a set-up error (no verdict)."""
    tokens = ScopeTokens(run.api, run.target, run.ledger, run.prefix, run.shared.get("scope_tokens"))

    def token_for(scope: str) -> str:
        try:
            return tokens.token_for(scope)
        except Unavailable as missing:
            if scope in run.settings.waive_scopes:
                run.waived_checks.add(run.current)
                pytest.skip(f"waived (LOSANT_WAIVE_SCOPES): {missing}")
            pytest.skip(str(missing))

    return token_for
