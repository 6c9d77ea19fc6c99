"""Self-tests of the fixed lists behind the four classes: type confusion covers every
(property, JSON type) pair, and each body is wrong in that one place only; the bodies at
the bounds are valid and reach every bound; those outside are invalid in either reading;
the query texts are refused or open exactly as contract-decisions.md section 3 says, read
by several independent parsers."""

from __future__ import annotations

import math
import re

import pytest

from losant_contract.contracts import decided, decided_validator, schema, validator, violations
from losant_contract.strategies._schema import ITEM, JSON_TYPES, nodes
from losant_contract.strategies.boundaries import (
    OPEN_SPELLINGS,
    REFUSED_SPELLINGS,
    bodies_at_bounds,
    bodies_outside_bounds,
    either_way,
    patches_at_bounds,
)
from losant_contract.strategies.types import TOP_LEVEL, by_object, confused_patch, confused_post, wrong_types

PREFIX = "lct-202611270000-ab12cd-"
SCHEMAS = ("Integration Post", "Integration Patch")
_KIND = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null", int: "number"}


def _places(errors) -> set[str]:
    return {"/".join(map(str, error.absolute_path)) for error in errors}


# -- type confusion ----------------------------------------------------------------------


@pytest.mark.parametrize("schema_name", SCHEMAS)
def test_wrong_types_are_every_pair_of_property_and_disallowed_type(schema_name):
    pairs = wrong_types(schema_name)
    properties = [path for path, _ in nodes(decided(schema_name)) if path]
    assert len(pairs) == 5 * len(properties) == 150  # six JSON types, one allowed (number takes integers)
    assert len({(pair.path, pair.json_type) for pair in pairs}) == len(pairs)
    assert {pair.path for pair in pairs} == set(properties)
    assert {pair.path for pair in pairs if pair.json_type == "null"} == set(properties)
    assert ("mqttConfig", "disableSSLVerification") in properties and ("topics", ITEM) in properties
    for pair in pairs:
        assert _KIND[type(pair.value)] == pair.json_type and pair.json_type in JSON_TYPES
    assert wrong_types(schema_name) == pairs  # deterministic: the same pairs on every run


@pytest.mark.parametrize("schema_name", SCHEMAS)
def test_each_confused_body_is_wrong_in_its_one_place_in_either_reading(schema_name):
    for pair in wrong_types(schema_name):
        tag = f"{PREFIX}type {pair.label}"
        body = confused_post(pair, tag) if schema_name == "Integration Post" else confused_patch(pair)
        place = "/".join("0" if step == ITEM else step for step in pair.path)
        for reading in (validator(schema_name), decided_validator(schema_name)):
            found = _places(reading.iter_errors(body))
            # an unknown property (disableSSLVerification to the documented schema) shows at its object
            assert found and found <= {place, place.rsplit("/", 1)[0]}, (pair.label, found)
        if schema_name == "Integration Post":
            carried = [body.get("name"), *(body["topics"] if isinstance(body.get("topics"), list) else [])]
            assert tag in carried, pair.label


def test_by_object_groups_stay_small_enough_to_show_every_exchange():
    groups = by_object(wrong_types("Integration Post"))
    assert set(groups) == {TOP_LEVEL, "googlePubSubConfig", "mqttConfig", "particleConfig", "meridianConfig"}
    assert sum(map(len, groups.values())) == 150 and max(map(len, groups.values())) < 59


# -- bodies at and outside the bounds ----------------------------------------------------


def _strings(body, path=()):
    if isinstance(body, dict):
        for key, value in body.items():
            yield from _strings(value, (*path, key))
    elif isinstance(body, list):
        for value in body:
            yield from _strings(value, (*path, ITEM))
    elif isinstance(body, str):
        yield path, len(body)


def test_bodies_at_bounds_are_valid_and_reach_every_bound():
    cases = bodies_at_bounds(PREFIX)
    lengths: dict = {}
    for case in cases:
        assert (
            violations("Integration Post", case.body)
            == []
            == list(validator("Integration Post").iter_errors(case.body))
        )
        assert case.body["name"].startswith(PREFIX)
        for path, length in _strings(case.body):
            lengths.setdefault(path, set()).add(length)
    post = schema("Integration Post")
    for path, node in nodes(post):
        if node.get("type") == "string" and "enum" not in node:
            if path != ("name",):  # the name carries the prefix: its shortest is the prefix itself
                assert node["minLength"] in lengths[path], path
            assert node["maxLength"] in lengths[path], path
    ports = {case.body.get("mqttConfig", {}).get("port") for case in cases}
    assert {1, 65535} <= ports
    assert {case.body["integrationType"] for case in cases} == set(post["properties"]["integrationType"]["enum"])
    protocols = {case.body.get("mqttConfig", {}).get("protocol") for case in cases}
    assert set(post["properties"]["mqttConfig"]["properties"]["protocol"]["enum"]) <= protocols
    assert any(len(t) == 1024 and ord(t[0]) > 0xFFFF for case in cases for t in case.body.get("topics", []))
    assert len({case.label for case in cases}) == len(cases)


def test_patches_at_bounds_are_valid():
    for case in patches_at_bounds(PREFIX):
        assert violations("Integration Patch", case.body) == []
        assert case.body.get("name", PREFIX).startswith(PREFIX)


def test_bodies_outside_bounds_are_invalid_in_one_place_in_either_reading_and_named():
    cases = bodies_outside_bounds(PREFIX)
    assert len({case.body["name"] for case in cases}) == len(cases)
    for case in cases:
        assert case.body["name"].startswith(PREFIX)
        found = {line.split(": ", 1)[0] for line in violations("Integration Post", case.body)}
        assert len(found) == 1, (case.label, found)
        assert list(validator("Integration Post").iter_errors(case.body))
    ports = [case.body["mqttConfig"]["port"] for case in cases if "port" in case.label]
    assert {0, 65536, 2**31, 2**53 + 1} <= set(ports) and any(isinstance(p, float) for p in ports)


@pytest.mark.parametrize("schema_name", SCHEMAS)
def test_either_way_bodies_are_valid_in_the_decided_reading_only(schema_name):
    cases = either_way(schema_name)
    assert len(cases) == 10  # four keys at 4 and 49 characters, disableSSLVerification true and false
    for case in cases:
        body = {"name": "n", "integrationType": "mqtt", **case.body} if schema_name == "Integration Post" else case.body
        assert violations(schema_name, body) == [], case.label
        assert len(_places(validator(schema_name).iter_errors(body))) == 1, case.label


# -- query texts -------------------------------------------------------------------------


def _readings(text: str) -> set[int]:
    """Every integer some common parser reads `text` as: strict decimal, Python's int (signs,
    spaces, other digits), int with a base prefix, and a JavaScript-like Number."""
    found = set()
    if re.fullmatch(r"[0-9]+", text):
        found.add(int(text))
    for read in (int, lambda t: int(t, 0), float):
        try:
            value = read(text)
        except ValueError:
            continue
        if not (isinstance(value, float) and (math.isnan(value) or math.isinf(value) or not value.is_integer())):
            found.add(int(value))
    return found


_IN_RANGE = {"page": lambda n: n >= 0, "perPage": lambda n: 1 <= n <= 1000}


@pytest.mark.parametrize("name, text", [(n, t) for n, ts in REFUSED_SPELLINGS.items() for t in ts])
def test_refused_texts_denote_no_integer_in_range(name, text):
    assert not [value for value in _readings(text) if _IN_RANGE[name](value)]


@pytest.mark.parametrize("name, text, value", [(n, t, v) for n, s in OPEN_SPELLINGS.items() for t, v in s.items()])
def test_open_texts_denote_their_integer_somewhere_and_are_not_its_plain_decimal(name, text, value):
    assert value in _readings(text) and _IN_RANGE[name](value)
    assert text != str(value)  # the plain decimal is simply valid, not open
