"""Tokens that hold exactly one scope, for the scope checks: a configured one, else minted
for this run through Application API Tokens (written in the ledger, deleted at the end).

A scope Losant will not mint as an application token (the organisation and user scopes)
is `Unavailable` when the target will not mint it either: the check is skipped, naming
the setting that would supply one. Any other scope the target will not mint is a set-up
error: no verdict on that scope, never a quiet skip.
"""

from __future__ import annotations

from collections.abc import Mapping

from losant_contract import redact
from losant_contract.client import ApiClient
from losant_contract.contracts import UNMINTABLE_SCOPES
from losant_contract.ledger import Ledger
from losant_contract.settings import scope_token_setting
from losant_contract.target import Target
from losant_contract.verdicts import SetupError


class Unavailable(Exception):
    """No token for a scope Losant will not mint as an application token; one line that
    names the setting which supplies one."""


class ScopeTokens:
    """scope -> a token holding only that scope, minted at most once per run."""

    def __init__(
        self, api: ApiClient, target: Target, ledger: Ledger, prefix: str, minted: Mapping[str, str] | None = None
    ) -> None:
        """`minted`: tokens another process of the run minted already (the xdist controller)."""
        self.api, self.target, self.ledger, self.prefix = api, target, ledger, prefix
        self.minted: dict[str, str] = dict(minted or {})
        for scope, token in self.minted.items():
            redact.register(token, f"<token for {scope}>")

    def token_for(self, scope: str) -> str:
        configured = self.target.scope_tokens.get(scope)
        if configured is not None:
            redact.register(configured, f"<token for {scope}>")
            return configured
        if scope not in self.minted:
            self.minted[scope] = self._mint(scope)
        return self.minted[scope]

    def _mint(self, scope: str) -> str:
        name = f"{self.prefix}token {scope}"
        response = self.api.post(self.target.tokens(), json={"name": name, "scope": [scope]})
        json_body = response.headers.get("Content-Type", "").startswith("application/json")
        body = response.json() if json_body else {}
        body = body if isinstance(body, dict) else {}
        if response.status_code not in (200, 201) or not isinstance(body.get("token"), str):
            refused = f"the target will not mint a {scope} token (POST tokens answered {response.status_code})"
            if scope in UNMINTABLE_SCOPES:
                raise Unavailable(f"{refused}; set {scope_token_setting(scope)} to check this scope")
            raise SetupError(f"{refused}, though Losant mints it for an application: no verdict on this scope")
        self.ledger.created_token(body["id"], name)
        token: str = body["token"]
        redact.register(token, f"<token for {scope}>")
        return token
