"""Valid Integration Post and Integration Patch bodies, named with the run prefix."""

from __future__ import annotations

from functools import cache
from typing import Any

from hypothesis import strategies as st

from losant_contract.contracts import schema

from ._schema import Path, valid


def post_bodies(prefix: str) -> st.SearchStrategy[dict[str, Any]]:
    """Bodies valid against Integration Post whose name starts with `prefix`.

    Small enough to send many of (strings mostly under 64 characters beyond their
    minimum, arrays under 6 items) yet reaching the edges: names of exactly 1024
    characters, ports 1 and 65535, every integrationType and config object, any Unicode.
    """
    return bodies("Integration Post", prefix)


def patch_bodies(prefix: str) -> st.SearchStrategy[dict[str, Any]]:
    """Bodies valid against Integration Patch, `{}` included; any name starts with `prefix`."""
    return bodies("Integration Patch", prefix)


@cache
def bodies(schema_name: str, prefix: str, force: frozenset[Path] = frozenset()) -> st.SearchStrategy[dict[str, Any]]:
    """Valid bodies of `schema_name` in which every path in `force` is present (built once:
    Hypothesis works out each new strategy's properties, which is slow on every draw)."""
    return valid(schema(schema_name), prefix, force)
