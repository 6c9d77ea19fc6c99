"""Self-tests of losant_contract.strategies.exhaustive: the fixed lists the suite sends whole.

The glob oracle (losant_contract.oracles.globbing.glob_match) is the judge: every pattern
built from a value must match that value, in every case form, and the lists must be
exactly the case forms x placements the issue asks for.
"""

from __future__ import annotations

import pytest

from losant_contract.contracts import schema
from losant_contract.oracles.globbing import glob_match
from losant_contract.strategies import corpus_names
from losant_contract.strategies.exhaustive import (
    CASE_FORMS,
    CASE_STEMS,
    PLACEMENTS,
    case_forms,
    glob_forms,
    page_corners,
)
from losant_contract.strategies.names import CORPUS_STEMS

PREFIX = "lct-202612041559-a705bf-c-"
INTEGRATION_TYPES = schema("Integration Post")["properties"]["integrationType"]["enum"]


def test_case_forms_of_a_lower_case_value_leave_out_as_written():
    assert case_forms("mqtt") == {"lower-case": "mqtt", "UPPER-CASE": "MQTT", "mIxEd case": "mQtT"}


def test_case_forms_of_a_mixed_value_are_four():
    assert case_forms("googlePubSub") == {
        "lower-case": "googlepubsub",
        "UPPER-CASE": "GOOGLEPUBSUB",
        "mIxEd case": "gOoGlEpUbSuB",
        "as written": "googlePubSub",
    }


def test_case_forms_keep_characters_whose_case_is_ambiguous():
    """ß upper-cases to SS and folds to ss: a correct server may go either way, so it stays."""
    forms = case_forms("ßa")
    assert forms["UPPER-CASE"] == "ßA"
    assert all(len(form) == 2 for form in forms.values())


def test_case_forms_change_letters_beyond_ascii():
    assert case_forms("\uff21\u03c9") == {
        "lower-case": "\uff41\u03c9",
        "UPPER-CASE": "\uff21\u03a9",
        "mIxEd case": "\uff41\u03a9",
        "as written": "\uff21\u03c9",
    }


@pytest.mark.parametrize("value", INTEGRATION_TYPES)
def test_every_type_form_matches_its_type_and_no_other(value):
    patterns = [pattern for _, pattern in glob_forms(value)]
    assert len(patterns) == len(set(patterns)) == len(case_forms(value)) * len(PLACEMENTS)
    for pattern in patterns:
        assert pattern.count("*") <= 1
        assert [t for t in INTEGRATION_TYPES if glob_match(pattern, t)] == [value], pattern


def test_the_type_forms_are_every_form_with_every_placement():
    labels = [label for label, _ in glob_forms("googlePubSub")]
    assert labels == [f"{form}, {place}" for form in CASE_FORMS for place in PLACEMENTS]
    patterns = dict(glob_forms("mqtt"))
    assert patterns["lower-case, whole"] == "mqtt"
    assert patterns["UPPER-CASE, * before"] == "*MQTT"
    assert patterns["mIxEd case, * after"] == "mQtT*"
    assert patterns["lower-case, * inside"] == "mq*tt"
    assert sum(len(glob_forms(value)) for value in INTEGRATION_TYPES) == 52


@pytest.mark.parametrize("stem", CASE_STEMS)
def test_name_forms_are_anchored_by_the_prefix_and_match_their_name(stem):
    for label, pattern in glob_forms(stem, anchor=PREFIX):
        assert pattern.casefold().startswith(PREFIX.casefold()), label
        assert "*" not in pattern[: len(PREFIX)], label
        assert glob_match(pattern, PREFIX + stem) is True, label


@pytest.mark.parametrize("stem", CASE_STEMS)
def test_name_forms_split_the_corpus_definitely(stem):
    """No corpus name is left open by case folding, so the listing's split and count are exact."""
    for _, pattern in glob_forms(stem, anchor=PREFIX):
        assert all(glob_match(pattern, name) is not None for name in corpus_names(PREFIX))


def test_the_case_stems_cover_letters_whose_case_differs():
    assert set(CASE_STEMS) <= set(CORPUS_STEMS)
    assert all(any(c.lower() != c.upper() for c in stem) for stem in CASE_STEMS)
    assert any(any(ord(c) > 127 and c.lower() != c.upper() for c in stem) for stem in CASE_STEMS)
    twins = [s for s in CORPUS_STEMS if any(s != t and s.casefold() == t.casefold() for t in CASE_STEMS)]
    assert twins, "a stem with case twins in the corpus, which every case form must find"


def test_glob_forms_need_room_for_a_star_inside():
    with pytest.raises(ValueError):
        glob_forms("a")


def test_page_corners_of_the_corpus():
    assert page_corners(42) == [(1, 0), (1, 41), (41, 0), (41, 1), (42, 0), (42, 1), (1000, 0)]


def test_page_corners_of_a_small_collection_are_each_once():
    assert page_corners(2) == [(1, 0), (1, 1), (2, 0), (2, 1), (1000, 0)]


@pytest.mark.parametrize("n", [0, 1, 1001])
def test_page_corners_need_a_collection_perpage_can_hold(n):
    with pytest.raises(ValueError):
        page_corners(n)
