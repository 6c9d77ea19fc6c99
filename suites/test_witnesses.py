"""Witnesses: every rule of contract-decisions.md section 3, held by fixed requests sent on
every run (losant_contract/witnesses.py: the rules, their words and their cases), so a rule
broken in one corner is caught every time, not only on the runs that happen to draw it.
The generated checks of the other suites come on top of these.

Each check holds one rule, is marked `witness(<rule id>)` and draws nothing from
Hypothesis. A case is judged on the run's corpus: the answer it must give (200, 400, or
either where the decisions allow both), the effective query echoed, count and totalCount,
order and filter by the oracles, and then what the case states exactly (the corpus names
listed, pairs in order, the slice, the counts)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import requests

from losant_contract import actions
from losant_contract.oracles import Violation
from losant_contract.oracles.errors import is_error
from losant_contract.oracles.globbing import matches_filter
from losant_contract.oracles.ordering import sorted_by
from losant_contract.oracles.pagination import counts_are_consistent, echoes_query
from losant_contract.oracles.schema import conforms, status_is
from losant_contract.query import ListQuery
from losant_contract.witnesses import ALL, Answer, Case, Stems, cases, number, params

_KNOWN = ("sortField", "sortDirection", "page", "perPage", "filterField", "filter")
Page = tuple[requests.Response, dict[str, Any]]


def _label(case: Case) -> str:
    return case.label


def _query(sent: dict[str, str]) -> ListQuery:
    """A ListQuery of a sent or effective query; unknown parameters go into `extra`."""
    known = {name: value for name, value in sent.items() if name in _KNOWN}
    return ListQuery(**known, extra={name: value for name, value in sent.items() if name not in _KNOWN})


def _hold(api, target, corpus, corpus_prefix, rule_id: str, case: Case) -> None:
    """Send `case` and hold the answer to it (see losant_contract.witnesses.Case)."""
    rule = f"{rule_id} ({case.label})"
    sent = params(case, corpus_prefix, len(corpus))
    effective = _query(params(case, corpus_prefix, len(corpus), served=True))
    if case.walk:
        assert case.answer is Answer.SERVED and case.served_as is None, f"{rule}: a walk is sent as it is served"
        pages = actions.walk(api, target, _query(sent))
    else:
        response = api.get(target.integrations(), params=sent, headers=dict(case.headers) or None)
        if case.answer is Answer.REFUSED or (case.answer is Answer.EITHER and response.status_code != 200):
            is_error(response, 400, f"{rule}: GET Integrations")
            return
        status_is(response, 200, f"{rule}: GET Integrations")
        pages = [(response, conforms(response, "Integrations"))]
    _served(target, corpus, corpus_prefix, rule, case, effective, pages)


def _served(target, corpus, corpus_prefix, rule: str, case: Case, effective: ListQuery, pages: list[Page]) -> None:
    for page, (response, listing) in enumerate(pages):
        query = effective.with_page(page) if case.walk else effective
        echoes_query(response, listing, query, target.application_id)
        counts_are_consistent(response, listing, query)
    items = [item for _, listing in pages for item in listing["items"]]
    last, listing = pages[-1]
    sorted_by(last, items, effective)
    matches_filter(last, items, effective)
    stems = {record["id"]: record["name"][len(corpus_prefix) :] for record in corpus}
    listed = [stems[item["id"]] for item in items if item.get("id") in stems]
    if case.listed is not None or case.of_type is not None:
        allowed = [_expected(case.listed, case.of_type, corpus, stems)]
        if case.or_listed is not None:
            allowed.append(_expected(case.or_listed, None, corpus, stems))
        _lists_exactly(last, rule, listed, allowed)
    for first, then in case.before:
        _comes_before(last, rule, listed, first, then)
    if case.window:
        _is_window(last, rule, items, effective, corpus)
    count, total = number(case.count, len(corpus)), number(case.total, len(corpus))
    if count is not None and (listing.get("count") != count or len(items) != count):
        raise Violation(rule, f"count {listing.get('count')!r} and {len(items)} items, expected {count}", last)
    if total is not None and listing.get("totalCount") != total:
        raise Violation(rule, f"totalCount is {listing.get('totalCount')!r}, expected {total}", last)


def _expected(listed: Stems, of_type: str | None, corpus: list[dict[str, Any]], stems: dict[str, str]) -> Counter[str]:
    """The corpus names (after the prefix) a case expects listed, as a multiset."""
    everything = Counter(stems.values())
    if of_type is not None:
        return Counter(stems[record["id"]] for record in corpus if record.get("integrationType") == of_type)
    if listed == ALL or listed is None:
        return everything
    expected = Counter(listed)
    assert not expected - everything, f"the corpus no longer holds {sorted((expected - everything).elements())}"
    return expected


def _lists_exactly(response, rule: str, listed: list[str], allowed: list[Counter[str]]) -> None:
    """The run's integrations listed are exactly one of the allowed multisets of names."""
    got = Counter(listed)
    if got in allowed:
        return
    missing, extra = allowed[0] - got, got - allowed[0]
    raise Violation(
        rule,
        f"lists {sum(got.values())} of the run's integrations; missing {_show(missing)}, unexpected {_show(extra)}",
        response,
    )


def _show(stems: Counter[str]) -> str:
    names = sorted(stems.elements())
    return "none" if not names else ", ".join(repr(name) for name in names[:4]) + (" ..." if len(names) > 4 else "")


def _comes_before(response, rule: str, listed: list[str], first: str, then: str) -> None:
    """Every integration named `first` is listed before every one named `then`."""
    assert first in listed and then in listed, f"{rule}: the corpus no longer holds {first!r} and {then!r}"
    if max(i for i, stem in enumerate(listed) if stem == first) > min(
        i for i, stem in enumerate(listed) if stem == then
    ):
        raise Violation(rule, f"{then!r} is listed before {first!r}", response)


def _is_window(response, rule: str, items, effective: ListQuery, corpus) -> None:
    """The page is exactly the slice [page*perPage, (page+1)*perPage) of the corpus in id order."""
    assert (effective.sort_field, effective.sort_direction) == ("id", "asc"), f"{rule}: a window is of id order"
    start = effective.page_number * effective.per_page
    ids = sorted(record["id"] for record in corpus)
    got = [item.get("id") for item in items]
    if got != ids[start : start + effective.per_page]:
        where = [i for i, ident in enumerate(ids) if ident in got]
        raise Violation(
            rule,
            f"holds {len(got)} items, positions {where[:6]} of the run's {len(ids)} integrations in id order; "
            f"expected positions {start} to {min(start + effective.per_page, len(ids)) - 1}",
            response,
        )


# -- sorting -----------------------------------------------------------------------------------


@pytest.mark.witness("3.sort-field")
@pytest.mark.area("sorting")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("case", cases("3.sort-field"), ids=_label)
def test_witness_sort_field(api, target, corpus, corpus_prefix, case):
    """sortField is one of name, id, creationDate, integrationType, lastUpdated, default
    name; any other non-blank value is a 400 (decisions 3). Each field served, echoed and
    followed (name as the default; 3.order sends it explicitly); "name " (a value, not
    blank: only "" is) refused."""
    _hold(api, target, corpus, corpus_prefix, "3.sort-field", case)


@pytest.mark.witness("3.sort-direction")
@pytest.mark.area("sorting")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("case", cases("3.sort-direction"), ids=_label)
def test_witness_sort_direction(api, target, corpus, corpus_prefix, case):
    """sortDirection asc or desc, default asc; ASC and DESC accepted (then followed, echoed
    in lower case or as sent) or refused; any other non-blank value a 400; a blank one
    echoed asc or "" (decisions 3)."""
    _hold(api, target, corpus, corpus_prefix, "3.sort-direction", case)


@pytest.mark.witness("3.order")
@pytest.mark.area("sorting")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("case", cases("3.order"), ids=_label)
def test_witness_order(api, target, corpus, corpus_prefix, case):
    """Strings by code point, case-sensitive ("B" < "a", "n10" < "n9", U+FF21 before an emoji),
    in both directions; creationDate and lastUpdated as instants (decisions 3)."""
    _hold(api, target, corpus, corpus_prefix, "3.order", case)


# -- pagination --------------------------------------------------------------------------------


@pytest.mark.witness("3.stable-ties")
@pytest.mark.area("pagination")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("case", cases("3.stable-ties"), ids=_label)
def test_witness_stable_ties(api, target, corpus, corpus_prefix, case):
    """Ties may come in any order, but one that holds across pages: walking pages of 9 by
    integrationType (every page boundary inside a run of equal types) lists each of the
    run's integrations exactly once (decisions 3)."""
    runs = Counter(record["integrationType"] for record in corpus)
    ends = {sum(runs[key] for key in sorted(runs)[: n + 1]) for n in range(len(runs))}
    cuts = range(int(case.sent["perPage"]), len(corpus), int(case.sent["perPage"]))
    assert set(cuts) - ends, "no page boundary falls inside a run of equal integrationTypes: the witness would not bite"
    _hold(api, target, corpus, corpus_prefix, "3.stable-ties", case)


@pytest.mark.witness("3.blank")
@pytest.mark.area("pagination")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("case", cases("3.blank"), ids=_label)
def test_witness_blank(api, target, corpus, corpus_prefix, case):
    """A blank value (the empty string) counts as absent: the default applies; U+FEFF is no
    blank, so an invalid one is a 400 (decisions 3)."""
    _hold(api, target, corpus, corpus_prefix, "3.blank", case)


@pytest.mark.witness("3.page-per-page")
@pytest.mark.area("pagination")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("case", cases("3.page-per-page"), ids=_label)
def test_witness_page_and_per_page(api, target, corpus, corpus_prefix, case):
    """page an integer >= 0, default 0; perPage 1..1000, default 1000; non-integers,
    negatives, perPage 0 or above 1000 a 400 (decisions 3)."""
    _hold(api, target, corpus, corpus_prefix, "3.page-per-page", case)


@pytest.mark.witness("3.slice")
@pytest.mark.area("pagination")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("case", cases("3.slice"), ids=_label)
def test_witness_slice(api, target, corpus, corpus_prefix, case):
    """The page is the slice [page*perPage, (page+1)*perPage) of the filtered, sorted
    collection: exactly those of the run's integrations, by id (decisions 3)."""
    _hold(api, target, corpus, corpus_prefix, "3.slice", case)


@pytest.mark.witness("3.counts")
@pytest.mark.area("pagination")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("case", cases("3.counts"), ids=_label)
def test_witness_counts(api, target, corpus, corpus_prefix, case):
    """count is the number of items on the page, totalCount the number matching the filter
    on all pages: 3 and 4 for the four alphas in pages of 3 (decisions 3)."""
    _hold(api, target, corpus, corpus_prefix, "3.counts", case)


@pytest.mark.witness("3.past-the-end")
@pytest.mark.area("pagination")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("case", cases("3.past-the-end"), ids=_label)
def test_witness_past_the_end(api, target, corpus, corpus_prefix, case):
    """A page past the end, the first one and one far past (2**53) included: 200, no items,
    count 0, the true totalCount, never a 5xx (decisions 3)."""
    _hold(api, target, corpus, corpus_prefix, "3.past-the-end", case)


@pytest.mark.witness("3.echo")
@pytest.mark.area("pagination")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("case", cases("3.echo"), ids=_label)
def test_witness_echo(api, target, corpus, corpus_prefix, case):
    """The answer echoes the effective sortField, sortDirection, page, perPage (defaults
    when not sent) and applicationId, and filterField and filter when filtering applied
    (decisions 3)."""
    _hold(api, target, corpus, corpus_prefix, "3.echo", case)


@pytest.mark.witness("3.extras")
@pytest.mark.area("pagination")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("case", cases("3.extras"), ids=_label)
def test_witness_extras(api, target, corpus, corpus_prefix, case):
    """Unknown query parameters (some spelled like known ones in another case, each of
    which would change the page if obeyed), Losant's client extras (_actions, _links,
    _embedded) and an Accept-Version header change nothing: the answer is exactly the page
    asked for without them (decisions 3)."""
    _hold(api, target, corpus, corpus_prefix, "3.extras", case)


# -- filtering ---------------------------------------------------------------------------------


@pytest.mark.witness("3.filter-field")
@pytest.mark.area("filtering")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("case", cases("3.filter-field"), ids=_label)
def test_witness_filter_field(api, target, corpus, corpus_prefix, case):
    """filterField is name or integrationType (which filters on the type); any other
    non-blank value, "id" (a sortField) included, is a 400 (decisions 3)."""
    _hold(api, target, corpus, corpus_prefix, "3.filter-field", case)


@pytest.mark.witness("3.glob")
@pytest.mark.area("filtering")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("case", cases("3.glob"), ids=_label)
def test_witness_glob(api, target, corpus, corpus_prefix, case):
    """filter is a glob on the whole value, case-insensitive (beyond ASCII too); `*` any run,
    none included; each of ? . [ ] ( ) + ^ $ \\ | { } only itself, never its decoy
    (decisions 3)."""
    _hold(api, target, corpus, corpus_prefix, "3.glob", case)


@pytest.mark.witness("3.filter-applies")
@pytest.mark.area("filtering")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("case", cases("3.filter-applies"), ids=_label)
def test_witness_filter_applies(api, target, corpus, corpus_prefix, case):
    """Filtering applies only when filterField and filter are both non-blank: a blank or
    absent filter lists everything; a filter without filterField is ignored or filters by
    name (decisions 3)."""
    _hold(api, target, corpus, corpus_prefix, "3.filter-applies", case)


# -- errors ------------------------------------------------------------------------------------


@pytest.mark.witness("3.white-space")
@pytest.mark.area("errors")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("case", cases("3.white-space"), ids=_label)
def test_witness_white_space(api, target, corpus, corpus_prefix, case):
    """A value of only Unicode White_Space (space, tab, U+3000) is either blank (the default
    applies) or refused with a 400; both are compliant (decisions 3)."""
    _hold(api, target, corpus, corpus_prefix, "3.white-space", case)


@pytest.mark.witness("3.control-characters")
@pytest.mark.area("errors")
@pytest.mark.assumed("3. GET Integrations query semantics")
@pytest.mark.parametrize("case", cases("3.control-characters"), ids=_label)
def test_witness_control_characters(api, target, corpus, corpus_prefix, case):
    """Control characters (U+001C to U+001F, which Python's str.strip() removes) are values,
    not blanks: an invalid one is a 400, and as a filter one filters (decisions 3)."""
    _hold(api, target, corpus, corpus_prefix, "3.control-characters", case)
