"""Which token scopes each action accepts, exactly as the reference pages list them.

Read actions also accept the `.read` variants of the all.* scopes; every action
accepts its resource's wildcard (`integrations.*`) and its own scope
(`integrations.get`). Nothing else: the singular resource's scopes do not open the
collection, and the reverse.
"""

from __future__ import annotations

WRITE_ALL = ("all.Application", "all.Organization", "all.User")
READ_ALL = (*WRITE_ALL, "all.Application.read", "all.Organization.read", "all.User.read")

_READS = ("integrations.get", "integration.get", "applicationApiTokens.get", "application.get")
_WRITES = (
    "integrations.post",
    "integration.patch",
    "integration.delete",
    "applicationApiTokens.post",
    "applicationApiToken.delete",
)


def _accepts(action: str, read: bool) -> frozenset[str]:
    resource = action.split(".")[0]
    return frozenset((*(READ_ALL if read else WRITE_ALL), f"{resource}.*", action))


ACCEPTED: dict[str, frozenset[str]] = {
    **{action: _accepts(action, read=True) for action in _READS},
    **{action: _accepts(action, read=False) for action in _WRITES},
}


def env_name(scope: str) -> str:
    """The .env variable that carries a token for `scope` (LOSANT_SCOPE_TOKEN_ALL_USER_READ)."""
    return "LOSANT_SCOPE_TOKEN_" + scope.upper().replace(".", "_").replace("*", "STAR")
