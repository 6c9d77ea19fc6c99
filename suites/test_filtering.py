"""Filtering: `filter` is an anchored, case-insensitive glob on filterField (name or
integrationType) where `*` is the only wildcard; totalCount counts the matches; a blank
filter means no filtering.

Expected sets are computed for the run's own integrations, which the server must list
or leave out exactly; every other listed item must at least match the filter. So the
checks hold beside data the suite did not create and beside other runs.

Where the domain is small it is sent whole on every run (losant_contract.strategies.exhaustive):
every integration type, and a few of the corpus's names, in every case form with `*` at
every place. The generated checks stay on top of those."""

from __future__ import annotations

from functools import partial

import pytest
from hypothesis import given, note

from losant_contract import actions
from losant_contract.corpus import INTEGRATION_TYPES
from losant_contract.oracles.globbing import glob_match, lists_all, lists_none_of, matches_filter, same_listing
from losant_contract.oracles.pagination import counts_are_consistent, echoes_query, total_is
from losant_contract.pytest.no_verdict import NoVerdict
from losant_contract.query import FILTER_FIELDS, ListQuery
from losant_contract.strategies import filters_for, integration_type_filters
from losant_contract.strategies.exhaustive import CASE_STEMS, glob_forms


def _expect(corpus, field: str, pattern: str):
    """The run's integrations split into those the pattern matches and those it does not
    (names where Unicode case folding leaves the answer open are in neither)."""
    matching, other = {}, {}
    for record in corpus:
        verdict = glob_match(pattern, record[field])
        if verdict is not None:
            (matching if verdict else other)[record["id"]] = record["name"]
    return matching, other


def _check_filter(api, target, corpus, field: str, pattern: str, exact_total: bool) -> None:
    """List every page of the filter and hold it to the expected split of the run's items."""
    query = ListQuery(filterField=field, filter=pattern)
    items = []
    for page, (response, listing) in enumerate(actions.walk(api, target, query)):
        echoes_query(response, listing, query.with_page(page), target.application_id)
        counts_are_consistent(response, listing, query.with_page(page))
        matches_filter(response, listing["items"], query)
        items += listing["items"]
    matching, other = _expect(corpus, field, pattern)
    rule = f"filter {field}={pattern!r}"
    lists_all(response, items, matching, rule)
    lists_none_of(response, items, other, rule)
    if exact_total and len(matching) + len(other) == len(corpus):
        total_is(response, listing, len(matching))


def _suffixes(corpus, corpus_prefix):
    return sorted({record["name"][len(corpus_prefix) :] for record in corpus})


@pytest.mark.area("filtering")
@pytest.mark.assumed("3. GET Integrations query semantics")
def test_every_exact_name_finds_exactly_its_equals(api, target, corpus):
    """Filtering by each integration's exact name lists exactly the integrations whose name
    equals it case-insensitively (no substring, regex or '?' wildcard matches)."""
    names = sorted({record["name"] for record in corpus})
    api.concurrently([partial(_check_filter, api, target, corpus, "name", name, exact_total=False) for name in names])


@pytest.mark.area("filtering")
@pytest.mark.assumed("3. GET Integrations query semantics")
def test_filter_is_case_insensitive(api, target, corpus, corpus_prefix):
    """The corpus prefix in upper case followed by * still lists every one of the run's integrations."""
    _check_filter(api, target, corpus, "name", corpus_prefix.upper() + "*", exact_total=True)
    _check_filter(api, target, corpus, "name", corpus_prefix.swapcase() + "*", exact_total=True)


@pytest.mark.area("filtering")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("value", INTEGRATION_TYPES)
def test_every_case_form_of_every_integration_type(api, target, corpus, value):
    """filterField=integrationType with this documented type (the Integration Post enum) in
    every case form (lower-case, UPPER-CASE, mIxEd case, as written), each whole and with `*`
    before, after and inside it: each listing holds every one of the run's integrations whose
    type matches case-insensitively, none of the others, and only items that match."""
    patterns = [pattern for _, pattern in glob_forms(value)]
    api.concurrently(
        [partial(_check_filter, api, target, corpus, "integrationType", p, exact_total=False) for p in patterns]
    )


@pytest.mark.area("filtering")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("stem", CASE_STEMS)
def test_every_case_form_of_a_name(api, target, corpus, corpus_prefix, stem):
    """filterField=name with one of the run's names (the corpus prefix, then `stem`) in every
    case form (lower-case, UPPER-CASE, mIxEd case, as written), each whole and with `*`
    before, after and inside the stem: anchored by the run's prefix, each listing holds
    exactly the run's integrations that match case-insensitively, and counts them."""
    patterns = [pattern for _, pattern in glob_forms(stem, anchor=corpus_prefix)]
    api.concurrently([partial(_check_filter, api, target, corpus, "name", p, exact_total=True) for p in patterns])


@pytest.mark.area("filtering")
@pytest.mark.assumed("3. GET Integrations query semantics")
def test_generated_name_globs_anchored_to_the_run(api, target, corpus, corpus_prefix):
    """Globs built from the run's names (prefixes, suffixes, infixes, metacharacters, case
    swaps), anchored with the corpus prefix, list exactly the matches and count them all."""

    guard = NoVerdict()

    @given(pattern=filters_for(_suffixes(corpus, corpus_prefix)))
    @guard.examples
    def check(pattern):
        note(f"filter pattern {pattern!r}")
        _check_filter(api, target, corpus, "name", corpus_prefix + pattern, exact_total=True)

    guard.run(check)


@pytest.mark.area("filtering")
@pytest.mark.assumed("3. GET Integrations query semantics")
def test_generated_unanchored_name_globs(api, target, corpus, corpus_prefix):
    """Globs that may also match other data list every match among the run's integrations,
    none of its non-matches, and only items that match."""

    guard = NoVerdict()

    @given(pattern=filters_for(_suffixes(corpus, corpus_prefix)))
    @guard.examples
    def check(pattern):
        note(f"filter pattern {pattern!r}")
        _check_filter(api, target, corpus, "name", "*" + pattern, exact_total=False)

    guard.run(check)


@pytest.mark.area("filtering")
@pytest.mark.assumed("3. GET Integrations query semantics")
def test_generated_integration_type_globs(api, target, corpus):
    """filterField=integrationType applies the glob to the type, case-insensitively."""

    guard = NoVerdict()

    @given(pattern=integration_type_filters())
    @guard.examples
    def check(pattern):
        note(f"filter pattern {pattern!r}")
        _check_filter(api, target, corpus, "integrationType", pattern, exact_total=False)

    guard.run(check)


@pytest.mark.area("filtering")
@pytest.mark.documented("integrations.md#get-query-params")
@pytest.mark.parametrize("field", ["name", "integrationType"])
def test_blank_filter_means_no_filtering(api, target, corpus, field):
    """filterField with a blank filter lists everything, the run's integrations included."""
    query = ListQuery(filterField=field, filter="")
    pages = actions.walk(api, target, query)
    for page, (response, listing) in enumerate(pages):
        echoes_query(response, listing, query.with_page(page), target.application_id)
        counts_are_consistent(response, listing, query.with_page(page))
    items = [item for _, listing in pages for item in listing["items"]]
    lists_all(pages[-1][0], items, {r["id"]: r["name"] for r in corpus}, f"blank filter on {field}")


def _everything(api, target, query: ListQuery):
    """(totalCount, every item of every page, the last page's response) of one query."""
    pages = actions.walk(api, target, query)
    return pages[0][1]["totalCount"], [item for _, listing in pages for item in listing["items"]], pages[-1][0]


@pytest.mark.area("filtering")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("field", FILTER_FIELDS)
def test_star_lists_and_counts_what_no_filter_does(api, target, corpus, field):
    """`*` matches any run of characters, none included, so filter=* on any filterField lists
    and counts exactly what no filter does (a name holding a line break included). Both are
    walked at once; beside other writers a difference is looked at once more before it counts."""
    plain, starred = ListQuery(sortField="id"), ListQuery(sortField="id", filterField=field, filter="*")
    for attempt in (1, 2):
        (total, items, _), (starred_total, starred_items, response) = api.concurrently(
            [partial(_everything, api, target, plain), partial(_everything, api, target, starred)]
        )
        same = starred_total == total and {i["id"] for i in items} <= {i["id"] for i in starred_items}
        if same or attempt == 2:
            same_listing(response, (total, items), (starred_total, starred_items), f"filter {field}=*")
            return
