"""The run's own data set that sorting, filtering and pagination checks bite on: awkward
names (case-only differences, code-point traps, glob and regex characters, duplicates),
every integration type, and lastUpdated in a different order from creationDate (every
other item is patched, the last created first, several at once).

Building it is itself held to the contract (201 and an echo for each create, 200 and the
change applied for each patch): a broken API fails the checks that need the corpus with
its verdict, never with a corpus that silently differs from what was asked.
"""

from __future__ import annotations

import random
from functools import partial
from typing import Any

from losant_contract import actions
from losant_contract.client import ApiClient
from losant_contract.contracts import schema
from losant_contract.ledger import Ledger
from losant_contract.oracles.records import echoes_post, patch_applied
from losant_contract.oracles.schema import conforms, status_is
from losant_contract.strategies import corpus_names
from losant_contract.target import Target

INTEGRATION_TYPES: tuple[str, ...] = tuple(schema("Integration Post")["properties"]["integrationType"]["enum"])


def prefix_of(run_prefix: str) -> str:
    """The corpus has a prefix of its own, so listings of it hold nothing else the run made."""
    return f"{run_prefix}c-"


def build(api: ApiClient, target: Target, ledger: Ledger, corpus_prefix: str) -> list[dict[str, Any]]:
    """Create (and partly patch) the corpus; its records as the API last answered them."""
    names = corpus_names(corpus_prefix)
    random.Random(len(names)).shuffle(names)  # creation order must not be name order
    bodies = [
        {"name": name, "integrationType": INTEGRATION_TYPES[position * 3 % 4], "topics": [f"t{position}"]}
        for position, name in enumerate(names)
    ]
    records: list[dict[str, Any]] = []
    created = api.concurrently([partial(actions.create, api, target, ledger, body) for body in bodies])
    for body, response in zip(bodies, created, strict=True):
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
