"""The run profiles (LOSANT_PROFILE): how many examples each one's generated checks draw,
and whether it is a gate (losant_contract.policy: what it needs before it starts, and
whether a skip may pass it). One table, read by the settings, the Hypothesis profiles and
the policy."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    name: str
    examples: int  #: per generated check
    steps: int  #: per run of the model (a Hypothesis state machine)
    gate: bool = False  #: needs what it must not skip before it starts; a skip not waived fails it


PROFILES: dict[str, Profile] = {
    profile.name: profile
    for profile in (
        Profile("quick", examples=12, steps=12),
        Profile("drift", examples=40, steps=25),
        Profile("release", examples=150, steps=50, gate=True),
    )
}
