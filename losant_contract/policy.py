"""A profile's policy, in code: what a gate (the release profile) needs before it starts,
and which skips may pass it.

quick and drift run wherever they are pointed and skip what the target cannot give them,
saying why. release refuses to start without a second application (or the isolation checks
through one would only skip) and without a token for each scope Losant will not mint as an
application token, unless LOSANT_WAIVE_SCOPES names what is waived; and a check it skips
that no waiver names fails it.
"""

from __future__ import annotations

from collections.abc import Iterable

from losant_contract.contracts import UNMINTABLE_SCOPES
from losant_contract.profiles import Profile
from losant_contract.results import SKIPPED, CheckResult
from losant_contract.settings import scope_token_setting
from losant_contract.target import Target


def refusal(profile: Profile, target: Target, waived: Iterable[str]) -> str | None:
    """Why `profile` cannot start against `target` (one line naming the setting), or None."""
    if not profile.gate:
        return None
    if target.second_application_id is None:
        return (
            f"LOSANT_PROFILE={profile.name} needs LOSANT_SECOND_APPLICATION_ID (another application of the "
            "organisation): without it the isolation checks through a second application would only skip"
        )
    missing = [scope for scope in UNMINTABLE_SCOPES if scope not in target.scope_tokens and scope not in waived]
    if missing:
        settings = ", ".join(scope_token_setting(scope) for scope in missing)
        return (
            f"LOSANT_PROFILE={profile.name} needs a token for {', '.join(missing)}, which Losant will not mint for "
            f"an application: set {settings}, or name what is waived in LOSANT_WAIVE_SCOPES"
        )
    return None


def unwaived_skips(profile: Profile, checks: Iterable[CheckResult]) -> list[str]:
    """The checks a gate skipped that no waiver names: each fails the run."""
    if not profile.gate:
        return []
    return [check.nodeid for check in checks if check.outcome == SKIPPED and not check.waived]
