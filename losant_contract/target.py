"""The API under test: where it is, which application, which tokens, and its paths."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Target:
    """A Losant-compatible endpoint and an application on it the suite may use."""

    url: str
    application_id: str
    token: str = field(repr=False)
    scope_tokens: Mapping[str, str] = field(default_factory=dict, repr=False)
    embedded: bool = False
    #: Another application of the same organisation, for isolation checks (None: not configured).
    second_application_id: str | None = None

    def application(self, application_id: str | None = None) -> str:
        return f"/applications/{application_id or self.application_id}"

    def integrations(self, application_id: str | None = None) -> str:
        return f"{self.application(application_id)}/integrations"

    def integration(self, integration_id: str, application_id: str | None = None) -> str:
        return f"{self.integrations(application_id)}/{integration_id}"

    def tokens(self) -> str:
        return f"{self.application()}/tokens"

    def token_path(self, token_id: str) -> str:
        return f"{self.tokens()}/{token_id}"
