"""Self-tests of losant_contract.strategies.

The key tests use the schema validator as the oracle, as hypothesis-jsonschema's own
tests do: every valid body must validate, every invalid one must fail in exactly one
place. Query values are checked against an independent reading of
contract-decisions.md section 3.
"""

from __future__ import annotations

import fnmatch
import json
import re

import pytest
from hypothesis import Phase, find, given, settings

from losant_contract.contracts import schema, violations
from losant_contract.strategies import (
    INVALID_BODY,
    INVALID_PATCH_LABELS,
    INVALID_POST_LABELS,
    INVALID_QUERY_LABELS,
    METACHARACTERS,
    WRONG_CONTENT_TYPE,
    InvalidRequest,
    awkward_names,
    corpus_names,
    filters_for,
    integration_type_filters,
    invalid_list_queries,
    invalid_patch_bodies,
    invalid_post_bodies,
    list_queries,
    patch_bodies,
    post_bodies,
)
from losant_contract.strategies.names import CORPUS_STEMS

PREFIX = "lct-20261127-ab12-"
INTEGRATION_TYPES = schema("Integration Post")["properties"]["integrationType"]["enum"]
CONFIGS = ("googlePubSubConfig", "mqttConfig", "particleConfig", "meridianConfig")

# Health checks stay on (the root conftest's profile turns two off for the live suite).
# No deadline: the first draw of a strategy canonicalises its schemas, and some invalid
# bodies hold 32 KiB strings, which can take longer than 200 ms on a slow machine.
small = settings(max_examples=40, deadline=None, database=None, suppress_health_check=())
# For `find`: stop at the first hit; shrinking it would only cost time.
reach = settings(max_examples=2000, phases=[Phase.generate], database=None, suppress_health_check=())


def reaches(strategy, condition) -> None:
    """`strategy` can produce a value meeting `condition` (find raises NoSuchExample if not)."""
    find(strategy, condition, settings=reach)


# -- valid bodies ----------------------------------------------------------------------


@small
@given(post_bodies(PREFIX))
def test_post_bodies_validate_and_carry_the_prefix(body):
    assert violations("Integration Post", body) == []
    assert body["name"].startswith(PREFIX)
    json.dumps(body, allow_nan=False)


@small
@given(patch_bodies(PREFIX))
def test_patch_bodies_validate_and_any_name_carries_the_prefix(body):
    assert violations("Integration Patch", body) == []
    assert body.get("name", PREFIX).startswith(PREFIX)


def _port(body):
    return body.get("mqttConfig", {}).get("port")


@pytest.mark.parametrize(
    "edge",
    [
        lambda b: len(b["name"]) == 1024,
        lambda b: b["name"] == PREFIX,
        lambda b: _port(b) == 1,
        lambda b: _port(b) == 65535,
        lambda b: isinstance(_port(b), float) and not _port(b).is_integer(),
        lambda b: any(ord(c) > 0xFFFF for c in b["name"]),
        lambda b: len(b.get("googlePubSubConfig", {}).get("keyJson", "")) == 50,
        lambda b: b.get("topics") == [],
        *[lambda b, t=t: b["integrationType"] == t for t in INTEGRATION_TYPES],
        *[lambda b, c=c: c in b for c in CONFIGS],
    ],
    ids=[
        "name 1024",
        "name is the prefix",
        "port 1",
        "port 65535",
        "port fractional",
        "astral name",
        "keyJson 50",
        "topics []",
        *INTEGRATION_TYPES,
        *CONFIGS,
    ],
)
def test_post_bodies_reach_the_edges(edge):
    reaches(post_bodies(PREFIX), edge)


def test_post_bodies_stay_small():
    @settings(small, max_examples=100)
    @given(post_bodies(PREFIX))
    def check(body):
        assert len(json.dumps(body, ensure_ascii=False).encode()) < 64_000

    check()


def test_a_prefix_without_room_is_refused():
    with pytest.raises(ValueError, match="maxLength"):
        post_bodies("x" * 1024)


# -- invalid bodies --------------------------------------------------------------------


def _strict_json(raw: bytes):
    """Parse as a strict server would: UTF-8, no NaN or Infinity."""

    def refuse(token):
        raise ValueError(token)

    return json.loads(raw.decode("utf-8"), parse_constant=refuse)


def _breaks_one_thing(schema_name: str, request: InvalidRequest, prefix: str) -> None:
    if request.expected == WRONG_CONTENT_TYPE:
        assert request.content_type != "application/json"
        assert violations(schema_name, _strict_json(request.body)) == []  # only the type is wrong
        return
    assert request.expected == INVALID_BODY
    assert request.content_type == "application/json"
    try:
        value = _strict_json(request.body)
    except ValueError:
        assert request.label in ("malformed JSON", "empty body")
        return
    assert request.label not in ("malformed JSON", "empty body")
    found = violations(schema_name, value)
    assert found, f"{request.label}: {value!r} validates"
    # Exactly one thing broken: every complaint is about one place (integrationType 5 is
    # both the wrong type and outside the enum, but at one place).
    assert len({line.split(": ", 1)[0] for line in found}) == 1, found
    if isinstance(value, dict) and isinstance(value.get("name"), str) and value["name"]:
        assert value["name"].startswith(prefix)


@pytest.mark.parametrize("label", INVALID_POST_LABELS)
def test_every_invalid_post_label_is_reachable_and_breaks_one_thing(label):
    @settings(small, max_examples=4)
    @given(invalid_post_bodies(PREFIX, only=[label]))
    def check(request):
        assert request.label == label
        _breaks_one_thing("Integration Post", request, PREFIX)

    check()


@pytest.mark.parametrize("label", INVALID_PATCH_LABELS)
def test_every_invalid_patch_label_is_reachable_and_breaks_one_thing(label):
    @settings(small, max_examples=4)
    @given(invalid_patch_bodies(PREFIX, only=[label]))
    def check(request):
        assert request.label == label
        _breaks_one_thing("Integration Patch", request, PREFIX)

    check()


@small
@given(invalid_post_bodies(PREFIX))
def test_invalid_post_bodies_mix_all_kinds(request):
    assert request.label in INVALID_POST_LABELS
    _breaks_one_thing("Integration Post", request, PREFIX)


@small
@given(invalid_patch_bodies())
def test_invalid_patch_bodies_need_no_prefix(request):
    assert request.label in INVALID_PATCH_LABELS
    _breaks_one_thing("Integration Patch", request, "")


def test_labels_cover_the_brief():
    wanted = {
        "missing name", "missing integrationType", "unknown property in body",
        "unknown property in mqttConfig", "name longer than 1024", "name empty",
        "topics[] empty", "topics[] longer than 1024", "integrationType outside enum",
        "mqttConfig.port below minimum", "mqttConfig.port above maximum",
        "mqttConfig.protocol outside enum",
        "missing mqttConfig.host", "googlePubSubConfig.keyJson shorter than 4",  # decisions 4: 4..49 may go either way
        "malformed JSON", "empty body", "body is JSON array", "body is JSON string",
        "body is JSON number", "body is JSON null", "content type text/plain",
        "content type application/x-www-form-urlencoded", "no content type",
    }  # fmt: skip
    assert wanted <= set(INVALID_POST_LABELS)
    assert "missing name" not in INVALID_PATCH_LABELS
    # decisions 8: the body rules of POST hold for PATCH
    whole = {"malformed JSON", "empty body", "body is JSON array", "content type text/plain", "no content type"}
    assert {"unknown property in body", "missing mqttConfig.host", *whole} <= set(INVALID_PATCH_LABELS)
    # a property of the wrong type: one drawn label here; the types checks send every pair
    assert "a property of the wrong JSON type" in set(INVALID_POST_LABELS) & set(INVALID_PATCH_LABELS)
    assert not [label for label in INVALID_POST_LABELS + INVALID_PATCH_LABELS if label.endswith("wrong type")]


def test_unknown_labels_are_refused():
    with pytest.raises(ValueError, match="unknown labels"):
        invalid_post_bodies(PREFIX, only=["no such label"])


# -- queries ---------------------------------------------------------------------------

_ENUMS = {
    "sortField": {"name", "id", "creationDate", "integrationType", "lastUpdated"},
    "sortDirection": {"asc", "desc"},
    "filterField": {"name", "integrationType"},
}
_UNKNOWN = {"_actions": "false", "_links": "true", "_embedded": "true", "foo": "bar"}


def _invalid_keys(params: dict[str, str]) -> set[str]:
    """The parameters whose value section 3 refuses (blank counts as absent)."""
    bad = set()
    for key, value in params.items():
        if value == "" or key in ("filter", *_UNKNOWN):
            continue
        if key in _ENUMS:
            ok = value in _ENUMS[key]
        else:
            ok = re.fullmatch(r"-?[0-9]+", value) is not None and (
                int(value) >= 0 if key == "page" else 1 <= int(value) <= 1000
            )
        if not ok:
            bad.add(key)
    return bad


@settings(small, max_examples=100)
@given(list_queries())
def test_list_queries_hold_only_valid_values(params):
    assert set(params) <= {*_ENUMS, "page", "perPage", "filter", *_UNKNOWN}
    assert all(isinstance(value, str) for value in params.values())
    assert _invalid_keys(params) == set()
    assert all(params[key] == value for key, value in _UNKNOWN.items() if key in params)


@pytest.mark.parametrize(
    "condition",
    [
        lambda q: q == {},
        lambda q: q.get("page") == "",
        lambda q: q.get("sortField") == "",
        lambda q: set(_UNKNOWN) <= set(q),
        lambda q: q.get("perPage") == "1000",
        lambda q: q.get("filterField") == "integrationType" and q.get("filter") not in (None, ""),
        *[lambda q, f=f: q.get("sortField") == f for f in sorted(_ENUMS["sortField"])],
    ],
)
def test_list_queries_reach(condition):
    reaches(list_queries(), condition)


@pytest.mark.parametrize("label", INVALID_QUERY_LABELS)
def test_each_invalid_query_label_is_reachable(label):
    reaches(invalid_list_queries(), lambda case: case[0] == label)


@settings(small, max_examples=100)
@given(invalid_list_queries())
def test_invalid_list_queries_hold_exactly_one_invalid_value(case):
    label, params = case
    assert label in INVALID_QUERY_LABELS
    assert _invalid_keys(params) == {label.split(" ")[0]}
    if label.startswith("sortDirection"):
        assert params["sortDirection"] not in ("ASC", "DESC")  # may be accepted either way
    bad = params[label.split(" ")[0]]
    assert bad == bad.strip() != ""  # whether a server may trim is not decided


# -- names and patterns ----------------------------------------------------------------


def _ambiguous(c: str) -> bool:
    """Case mapping differs between lower(), casefold() and a round trip (ß, İ, ı, ς, µ, K...)."""
    return c.lower() != c.casefold() or c.swapcase().swapcase() != c


def test_corpus_names_hold_every_trap():
    names = corpus_names(PREFIX)
    assert names == corpus_names(PREFIX)  # deterministic
    assert 20 <= len(names) <= 50
    assert all(name.startswith(PREFIX) and len(name) <= 1024 for name in names)
    stems = [name[len(PREFIX) :] for name in names]
    text = "".join(stems)
    assert len(set(stems)) < len(stems), "duplicates"
    assert sorted(["n9", "n10"]) == ["n10", "n9"] and {"n9", "n10"} <= set(stems), "digit runs"
    case_twins = {s.casefold() for s in stems if s != s.casefold() and s.casefold() in stems}
    assert {"alpha", "ω", "é"} <= case_twins
    assert {"B", "Z", "a"} <= set(stems)  # "B" < "Z" < "a" by code point, not by dictionary
    assert {"é", "e\u0301", "e"} <= set(stems)  # composed, decomposed, plain
    assert any(ord(c) > 0xFFFF for c in text) and any(0xE000 <= ord(c) <= 0xFFFF for c in text)
    assert all(c in text for c in METACHARACTERS)
    assert "  " in text and any(stem.endswith(" ") for stem in stems)
    assert "\n" in text, 'a line break, where a regex\'s "." stops'
    assert not [c for c in text if _ambiguous(c)]


@small
@given(awkward_names(PREFIX))
def test_awkward_names_are_prefixed_and_unambiguous(name):
    assert name.startswith(PREFIX) and len(name) <= 1024 and len(name) > len(PREFIX)
    assert not [c for c in name if _ambiguous(c)]


@pytest.mark.parametrize(
    "condition",
    [
        lambda n: n[len(PREFIX) :] in ("Alpha", "ALPHA"),
        lambda n: any(c in METACHARACTERS for c in n[len(PREFIX) + 1 :]),  # beyond the corpus stems
        lambda n: n[len(PREFIX) :] not in CORPUS_STEMS and "\u0301" in n,
    ],
)
def test_awkward_names_reach(condition):
    reaches(awkward_names(PREFIX), condition)


def _glob(pattern: str, name: str) -> bool:
    """Section 3: anchored, case-insensitive, only `*` special."""
    regex = ".*".join(re.escape(part) for part in pattern.casefold().split("*"))
    return re.fullmatch(regex, name.casefold(), re.DOTALL) is not None


def _wrongly(pattern: str, name: str) -> bool:
    """Would a regex, or a glob with ? and [] wildcards, match?"""
    try:
        regex = re.fullmatch(pattern, name, re.IGNORECASE) is not None
    except re.error:
        regex = False
    return regex or fnmatch.fnmatchcase(name.casefold(), pattern.casefold())


STEMS = sorted(set(CORPUS_STEMS))


@small
@given(filters_for(STEMS))
def test_filters_are_strings(pattern):
    assert isinstance(pattern, str) and pattern


@pytest.mark.parametrize(
    "kind",
    [
        lambda p: p in STEMS,  # exact
        lambda p: p not in STEMS and any(p.casefold() == s.casefold() for s in STEMS),  # case-swapped
        lambda p: p == "*",
        lambda p: p.endswith("*") and "*" not in p[:-1] and len(p) > 2,  # prefix*
        lambda p: p.startswith("*") and "*" not in p[1:] and len(p) > 2,  # *suffix
        lambda p: p.startswith("*") and p.endswith("*") and len(p) > 2 and "*" not in p[1:-1],  # *infix*
        lambda p: p in STEMS and any(c in METACHARACTERS for c in p),  # metacharacters, literally
        lambda p: any(_wrongly(p, s) and not _glob(p, s) for s in STEMS),  # bait
        lambda p: not any(_glob(p, s) for s in STEMS),  # matches nothing
    ],
    ids=[
        "exact",
        "case-swapped",
        "star",
        "prefix",
        "suffix",
        "infix",
        "literal",
        "bait",
        "nothing",
    ],
)
def test_filters_for_reach(kind):
    reaches(filters_for(STEMS), kind)


@pytest.mark.parametrize(
    "kind",
    [
        lambda p: p in INTEGRATION_TYPES,
        lambda p: p not in INTEGRATION_TYPES and p.casefold() in {t.casefold() for t in INTEGRATION_TYPES},
        lambda p: "*" in p and p != "*" and any(_glob(p, t) for t in INTEGRATION_TYPES),
    ],
    ids=["exact", "case-swapped", "partial"],
)
def test_integration_type_filters_reach(kind):
    reaches(integration_type_filters(), kind)


def test_filters_for_needs_a_name():
    with pytest.raises(ValueError):
        filters_for(["", ""])


def test_swap_case_leaves_ambiguous_characters_alone():
    reaches(filters_for(["Straße"]), lambda p: p == "sTRAßE")

    @settings(small, max_examples=100)
    @given(filters_for(["Straße"]))
    def check(pattern):
        assert "SS" not in pattern and "ss" not in pattern  # ß is never folded

    check()
