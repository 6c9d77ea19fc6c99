"""A model-based check: create, patch, delete and list in generated sequences, and hold
every answer to a model of the collection computed from the contract.

Every read and every listing is held to the model in every field (server-owned ones,
enabled and the config objects included), not only in what a step changed.

The machine starts from whatever the application already holds: it snapshots the
integrations it did not create and, at the end, proves they are untouched. Its listings
are anchored on its own name prefix, so the model is exact even beside other runs."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import note, seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, initialize, rule, run_state_machine_as_test

from losant_contract import actions
from losant_contract.ledger import PREFIX_PATTERN
from losant_contract.oracles import Violation
from losant_contract.oracles.globbing import glob_match, lists_all
from losant_contract.oracles.ordering import sort_key, sorted_by
from losant_contract.oracles.pagination import counts_are_consistent, echoes_query, total_is
from losant_contract.oracles.records import deleted, echoes_post, patch_applied, same_record
from losant_contract.oracles.schema import conforms, status_is
from losant_contract.pytest.no_verdict import NoVerdict
from losant_contract.query import SORT_FIELDS, ListQuery
from losant_contract.strategies import patch_bodies, post_bodies

_machines = itertools.count()


def expected_page(model: dict[str, dict], query: ListQuery) -> tuple[list, int, bool]:
    """Sort keys of the page the contract prescribes, how many match in all, and whether
    every match was decidable (Unicode case folding can leave a glob open)."""
    decided, matching = True, []
    for record in model.values():
        verdict = glob_match(query.filter, record["name"]) if query.filtering else True
        decided &= verdict is not None
        if verdict:
            matching.append(record)
    keys = sorted((sort_key(query.sort_field, r) for r in matching), reverse=query.sort_direction == "desc")
    start = query.page_number * query.per_page
    return keys[start : start + query.per_page], len(matching), decided


class IntegrationsMachine(RuleBasedStateMachine):
    """Drives the API; the model is a dict of this machine's own integrations by id."""

    api = target = ledger = prefix = no_verdict = None  # set by the test below
    created = Bundle("created")

    def __init__(self) -> None:
        super().__init__()
        self.own = f"{self.prefix}m{next(_machines)}-"
        self.model: dict[str, dict] = {}
        self.foreign: dict[str, dict] = {}

    @initialize()
    @NoVerdict.steps
    def snapshot_what_the_application_holds(self):
        for _, listing in actions.walk(self.api, self.target, ListQuery()):
            for item in listing["items"]:
                if not PREFIX_PATTERN.match(str(item.get("name"))):
                    self.foreign[item["id"]] = item
        note(f"the application held {len(self.foreign)} integrations this suite did not create")

    @rule(target=created, data=st.data())
    @NoVerdict.steps
    def create(self, data):
        body = data.draw(post_bodies(self.own), label="body")
        response = actions.create(self.api, self.target, self.ledger, body)
        status_is(response, 201, "POST Integrations")
        record = conforms(response, "Integration")
        echoes_post(response, record, body, self.target.application_id)
        self.model[record["id"]] = record
        return record["id"]

    @rule(ident=created, data=st.data())
    @NoVerdict.steps
    def patch(self, ident, data):
        patch = data.draw(patch_bodies(self.own), label="patch")
        response = self.api.patch(self.target.integration(ident), json=patch)
        status_is(response, 200, "PATCH Integration")
        after = conforms(response, "Integration")
        patch_applied(response, after, self.model[ident], patch)
        self.model[ident] = after

    @rule(ident=consumes(created))
    @NoVerdict.steps
    def delete(self, ident):
        deleted(self.api.delete(self.target.integration(ident)), "DELETE Integration")
        self.ledger.forget_integration(ident)
        del self.model[ident]

    @rule(ident=created)
    @NoVerdict.steps
    def read(self, ident):
        response = self.api.get(self.target.integration(ident))
        status_is(response, 200, "GET Integration")
        same_record(response, conforms(response, "Integration"), self.model[ident], "GET Integration reads the model")

    @rule(
        field=st.sampled_from((None, *SORT_FIELDS)),
        direction=st.sampled_from((None, "asc", "desc")),
        page=st.integers(0, 3),
        per_page=st.sampled_from((None, 1, 2, 3, 5)),
        tail=st.sampled_from(("*", "*a*", "*A*", "*e", "*1*", "*-*", "nothing-matches")),
    )
    @NoVerdict.steps
    def list(self, field, direction, page, per_page, tail):
        query = ListQuery(
            sortField=field,
            sortDirection=direction,
            page=page,
            perPage=per_page,
            filterField="name",
            filter=self.own + tail,
        )
        response, listing = actions.list_page(self.api, self.target, query)
        echoes_query(response, listing, query, self.target.application_id)
        counts_are_consistent(response, listing, query)
        sorted_by(response, listing["items"], query)
        keys, total, decided = expected_page(self.model, query)
        if not decided:
            return
        total_is(response, listing, total)
        listed = [sort_key(query.sort_field, item) for item in listing["items"]]
        if listed != keys:
            raise Violation(
                "listing matches the model",
                f"page holds {len(listed)} items, the model says {len(keys)} with other sort values",
                response,
            )
        strangers = [item["id"] for item in listing["items"] if item["id"] not in self.model]
        if strangers:
            raise Violation(
                "listing matches the model", f"{len(strangers)} listed item(s) the model does not hold", response
            )
        for item in listing["items"]:  # every field of every integration, not only those a step changed
            same_record(response, item, self.model[item["id"]], "listing holds each integration as last written")

    @NoVerdict.steps
    def teardown(self):
        """Whatever the application held before is still there, unchanged (a name is optional
        in an Integration: a record of another's may have none)."""
        if not self.foreign:
            return
        pages = actions.walk(self.api, self.target, ListQuery())
        response, items = pages[-1][0], [item for _, listing in pages for item in listing["items"]]
        held = {ident: r.get("name", ident) for ident, r in self.foreign.items()}
        lists_all(response, items, held, "other data is untouched")
        by_id = {item["id"]: item for item in items}
        for ident, before in self.foreign.items():
            same_record(response, by_id[ident], before, "other data is untouched")


EXAMPLES_PER_SHARD = 25


def shards() -> int:
    """How many checks the model's examples are split into: one in quick and drift; in the
    release profile one per 25 examples, so under workers they run at once, not as one long
    chain of dependent requests (150 examples of 50 steps: about 9,000 requests)."""
    return max(1, settings.default.max_examples // EXAMPLES_PER_SHARD)


@pytest.mark.area("model")
@pytest.mark.assumed("7. Living beside other data")
@pytest.mark.parametrize("shard", range(shards()), ids=lambda shard: f"shard {shard + 1} of {shards()}")
def test_api_behaves_like_the_model(api, target, ledger, prefix, shard, request):
    """Generated sequences of create, patch, delete, read and list agree with a model of the
    collection computed from the contract, and leave other data untouched. Each shard draws
    its share of the profile's examples with a seed of its own, derived from the run's (the
    first shard's is the run's), so LOSANT_SEED repeats every shard."""
    IntegrationsMachine.api, IntegrationsMachine.target = api, target
    IntegrationsMachine.ledger, IntegrationsMachine.prefix = ledger, prefix
    IntegrationsMachine.no_verdict = guard = NoVerdict()
    machine = type(f"IntegrationsMachineShard{shard}", (IntegrationsMachine,), {})
    if shard:
        machine = seed(f"{request.config.option.hypothesis_seed}/{shard}")(machine)
    share = settings(settings.default, max_examples=-(-settings.default.max_examples // shards()))
    guard.run(lambda: run_state_machine_as_test(machine, settings=share))
