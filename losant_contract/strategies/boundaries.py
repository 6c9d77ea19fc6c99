"""Boundary values: each documented bound at the bound, just inside, just outside and far
outside (contract-decisions.md sections 3 and 4), as fixed lists: a server that fails at
one bound must be caught on every run.

Far outside means past what a 32-bit or a double-precision parser holds exactly (2**31,
2**53) and past any fixed width (10**30). Query values travel as text. The decisions
refuse non-integers and out-of-range values (400), which settles a text that denotes no
integer, or one outside the range, in any reading. A text that some parsers read as an
in-range integer ("1e3", "+5", "007") is left open: it may be refused, or served as the
integer it denotes, never as another one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from losant_contract.contracts import decided, schema

from ._schema import dotted, example, nodes

#: Pages far past the end of any collection: 200, no items, the true totalCount.
PAGES_FAR_PAST = (2**31 - 1, 2**31, 2**31 + 1, 2**32, 2**53, 2**53 + 1, 2**63, 2**64, 10**30)
PAGES_BELOW = (-1, -(2**31) - 1, -(2**53) - 1)  #: 400
PER_PAGE_SERVED = (1, 1000)  #: the bounds themselves: 200
PER_PAGE_OUTSIDE = (0, 1001, -1, 2**31, 2**53 + 1, 10**30)  #: 400

#: Texts that denote no integer in range in any reading: 400.
REFUSED_SPELLINGS = {
    "page": ("1.5", "0.5", "1e-1", "Infinity", "NaN", "five"),
    "perPage": ("1.5", "Infinity", "NaN", "-0", "+0", "00", "0.0", "1e4", "1001.0", "0x3E9"),
}
#: Texts some parsers read as an in-range integer, with the integer they denote: 400 or that.
OPEN_SPELLINGS = {
    "page": {"1e3": 1000, "1.0": 1, "+5": 5, "0x10": 16, "-0": 0, "007": 7, " 5": 5, "\uff15": 5},
    "perPage": {"1e3": 1000, "1.0": 1, "+5": 5, "0x10": 16, "007": 7, "\uff15": 5},
}

_POST = schema("Integration Post")["properties"]
_LONG = 1024  #: strings with a larger maxLength (keys, certificates) go one to a body: ~32 KiB each


@dataclass(frozen=True)
class Labelled:
    """A request body and what it tries, in a few words."""

    label: str
    body: dict[str, Any]


def filled(length: int, prefix: str = "", unit: str = "x") -> str:
    """A string of exactly `length` code points: `prefix`, then `unit` repeated."""
    return prefix + (unit * length)[: length - len(prefix)]


def config_at(key: str, bound: str, long: str | None = None, **fixed: Any) -> dict[str, Any]:
    """Config object `key` with every string at its `bound` ("maxLength" or "minLength") and
    numbers at the matching maximum or minimum; at the maximum, strings longer than 1024 only
    when named in `long`. Then `fixed` on top."""
    config = example(_POST[key])
    for name, node in _POST[key]["properties"].items():
        if node.get("type") == "string" and "enum" not in node:
            if bound == "maxLength" and node["maxLength"] > _LONG and name != long:
                config.pop(name)
            else:
                config[name] = filled(node["maxLength"] if name == long else node[bound])
        elif node.get("type") == "number":
            config[name] = node["maximum" if bound == "maxLength" else "minimum"]
    return {**config, **fixed}


def bodies_at_bounds(prefix: str) -> list[Labelled]:
    """Integration Post bodies at the documented bounds, all valid: every string at its
    maximum and minimum length, port 65535 and 1, every integrationType and protocol."""
    top = _POST["name"]["maxLength"]
    every = {key: config_at(key, "minLength") for key in _POST if key.endswith("Config")}
    return [
        Labelled(
            "name, topics and mqttConfig strings at their maximum, port 65535",
            {
                "name": filled(top, prefix),
                "integrationType": "mqtt",
                "topics": [filled(_POST["topics"]["items"]["maxLength"]), "t"],
                "mqttConfig": config_at("mqttConfig", "maxLength", protocol="mqtt"),
            },
        ),
        Labelled(
            "name and topics at their maximum in characters beyond ASCII",
            {"name": filled(top, prefix, "é"), "integrationType": "mqtt", "topics": [filled(top, unit="😀")]},
        ),
        *(
            Labelled(
                f"mqttConfig.{key} at its maximum, port 1, protocol {protocol}",
                {
                    "name": f"{prefix}bound {key}",
                    "integrationType": "mqtt",
                    "mqttConfig": config_at("mqttConfig", "minLength", long=key, protocol=protocol),
                },
            )
            for key, protocol in (("privateKey", "mqtts"), ("certificate", "ws"), ("caCertificate", "wss"))
        ),
        Labelled(
            "googlePubSubConfig at its maximum",
            {
                "name": f"{prefix}bound googlePubSub",
                "integrationType": "googlePubSub",
                "googlePubSubConfig": config_at("googlePubSubConfig", "maxLength", long="keyJson"),
            },
        ),
        *(
            Labelled(
                f"{key} at its maximum",
                {"name": f"{prefix}bound {key}", "integrationType": integration_type, key: config_at(key, "maxLength")},
            )
            for key, integration_type in (("particleConfig", "particle"), ("meridianConfig", "meridian"))
        ),
        Labelled(
            "every string at its minimum length, every config object, port 1",
            {"name": prefix, "integrationType": "particle", "enabled": False, "topics": ["t"], **every},
        ),
    ]


def patches_at_bounds(prefix: str) -> list[Labelled]:
    """Integration Patch bodies at the documented maxima, all valid."""
    return [
        Labelled(
            "name and topics at their maximum",
            {"name": filled(_POST["name"]["maxLength"], prefix), "topics": [filled(_LONG)]},
        ),
        Labelled(
            "mqttConfig strings at their maximum, privateKey too, port 65535",
            {"mqttConfig": config_at("mqttConfig", "maxLength", long="privateKey", protocol="wss")},
        ),
    ]


def bodies_outside_bounds(prefix: str) -> list[Labelled]:
    """Integration Post bodies one value just or far outside its bound, each carrying a
    name of its own (the run prefix first), so one that is created can be found."""
    ports = (0, 65536, -1, 0.5, 65535.5, 2**31, 2**53 + 1, 1e308, -1e308)
    longest = _POST["name"]["maxLength"]
    found = [
        Labelled(
            f"mqttConfig.port {port!r}",
            {
                "name": f"{prefix}outside port {port!r}",
                "integrationType": "mqtt",
                "mqttConfig": {**config_at("mqttConfig", "minLength"), "port": port},
            },
        )
        for port in ports
    ]
    for length in (longest + 1, 8 * longest):
        found.append(Labelled(f"name of {length}", {"name": filled(length, prefix), "integrationType": "mqtt"}))
    long_topic = {"name": f"{prefix}outside topic", "integrationType": "mqtt", "topics": [filled(8 * _LONG)]}
    long_host = {
        "name": f"{prefix}outside host",
        "integrationType": "mqtt",
        "mqttConfig": {**config_at("mqttConfig", "minLength"), "host": filled(8 * _LONG)},
    }
    return [
        *found,
        Labelled(f"topics[] of {8 * _LONG}", long_topic),
        Labelled(f"mqttConfig.host of {8 * _LONG}", long_host),
    ]


def either_way(schema_name: str) -> list[Labelled]:
    """Bodies of `schema_name` valid in one reading of the contract only: where the decided
    schema (contracts/widenings.json) is looser than the documented one, its new lower
    length bound and the documented one less one (a key of 4 and of 49 characters), and
    every value of a property only the decided schema has (disableSSLVerification true and
    false). Each body holds one config object, otherwise the documented example (a POST adds
    a name and an integrationType to it)."""
    documented = dict(nodes(schema(schema_name)))
    found = []
    for path, node in nodes(decided(schema_name)):
        was = documented.get(path)
        values: list[Any]
        if was is None:
            values = {"boolean": [True, False]}[node["type"]]
        elif node.get("minLength", 0) < was.get("minLength", 0):
            values = [filled(node["minLength"]), filled(was["minLength"] - 1)]
        else:
            continue
        for value in values:
            top = path[0]
            body = {top: example(schema(schema_name)["properties"][top])}
            body[top][path[1]] = value  # the widenings are all on config properties
            shown = f"of {len(value)} characters" if isinstance(value, str) else json.dumps(value)
            found.append(Labelled(f"{dotted(path)} {shown}", body))
    return found
