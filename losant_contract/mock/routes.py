"""The URL table: which paths exist, which methods each serves, and with what scope.

Only the integration resources are `faultable`: the support resources (tokens,
application) always behave correctly, so a fault never breaks the suite's own
set-up, token minting or clean-up. The one exception is CROSS_APPLICATION_SEAMS:
decisions the support resources make only for requests that cross from one
application to the other, which the suite's set-up never sends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

from . import integrations, support
from .behaviour import Behaviour
from .http import Call, Response
from .store import Store


@dataclass(frozen=True)
class Action:
    run: Callable[[Behaviour, Store, Call], Response]
    scope: str  # the action's own scope name, the key into scopes.ACCEPTED
    faultable: bool = False


#: Seams the support resources take from the faulty Behaviour (see the module's docstring).
CROSS_APPLICATION_SEAMS = ("token_in_application",)

#: (the methods a path serves, its path parameters)
Found = tuple[dict[str, "Action"], dict[str, str]]

TABLE: dict[tuple[str, ...], dict[str, Action]] = {
    ("applications", "{applicationId}"): {
        "GET": Action(support.get_application, "application.get"),
    },
    ("applications", "{applicationId}", "integrations"): {
        "GET": Action(integrations.list_integrations, "integrations.get", True),
        "POST": Action(integrations.create_integration, "integrations.post", True),
    },
    ("applications", "{applicationId}", "integrations", "{integrationId}"): {
        "GET": Action(integrations.get_integration, "integration.get", True),
        "PATCH": Action(integrations.patch_integration, "integration.patch", True),
        "DELETE": Action(integrations.delete_integration, "integration.delete", True),
    },
    ("applications", "{applicationId}", "tokens"): {
        "GET": Action(support.list_tokens, "applicationApiTokens.get"),
        "POST": Action(support.mint_token, "applicationApiTokens.post"),
    },
    ("applications", "{applicationId}", "tokens", "{apiTokenId}"): {
        "DELETE": Action(support.delete_token, "applicationApiToken.delete"),
    },
}


def match(path: str) -> Found | None:
    """(methods, path parameters) for a path, or None when no resource lives there."""
    segments = path.strip("/").split("/") if path.strip("/") else []
    for template, methods in TABLE.items():
        if len(template) != len(segments):
            continue
        params: dict[str, str] = {}
        for expected, actual in zip(template, segments, strict=True):
            if expected.startswith("{"):
                params[expected[1:-1]] = unquote(actual)
            elif expected != actual:
                break
        else:
            return methods, params
    return None
