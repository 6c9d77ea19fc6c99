"""The suite's scope tokens: a scope the target will not mint is skipped only where Losant
will not mint it either (with the setting that supplies one); for any other scope it is a
set-up error, so scope checks never turn into quiet skips on a broken token endpoint."""

from __future__ import annotations

import pytest
import requests

from losant_contract.contracts import UNMINTABLE_SCOPES
from losant_contract.ledger import Ledger
from losant_contract.scope_tokens import ScopeTokens, Unavailable
from losant_contract.target import Target
from losant_contract.verdicts import SetupError, classify
from losant_contract.vocabulary import Kind

TARGET = Target("http://127.0.0.1:9", "0" * 24, "t" * 32)


class Refusing:
    """An ApiClient stand-in whose POST tokens answers `status` with an Error."""

    def __init__(self, status: int) -> None:
        self.status = status

    def post(self, path: str, **kwargs: object) -> requests.Response:
        response = requests.Response()
        response.status_code = self.status
        response.headers["Content-Type"] = "application/json"
        response._content = b'{"type": "Validation", "message": "no"}'
        return response


def _token_for(status: int):
    tokens = ScopeTokens(Refusing(status), TARGET, Ledger(), "lct-202612020000-abcdef-")  # type: ignore[arg-type]
    return tokens.token_for


def test_a_scope_losant_will_not_mint_is_skipped_with_its_setting():
    with pytest.raises(Unavailable, match="LOSANT_SCOPE_TOKEN_ALL_USER_READ"):
        _token_for(400)("all.User.read")
    assert "all.User.read" in UNMINTABLE_SCOPES


@pytest.mark.parametrize("status", [400, 403, 500])
def test_a_mintable_scope_refused_is_a_set_up_error(status):
    with pytest.raises(SetupError, match=f"integrations.get token .*{status}") as raised:
        _token_for(status)("integrations.get")
    assert classify(raised.value) is Kind.SETUP and "\n" not in str(raised.value)
