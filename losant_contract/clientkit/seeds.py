"""The data scenarios create: valid Integration Post bodies for each integration type, and
names chosen to find mistakes in sorting (case, digits, Unicode), filtering (glob
metacharacters, case, Unicode) and query encoding (space, plus, ampersand, percent)."""

from __future__ import annotations

from typing import Any

CONFIGS: dict[str, dict[str, Any]] = {
    "mqtt": {
        "mqttConfig": {
            "clientId": "exampleClientId",
            "username": "exampleUsername",
            "password": "examplePassword",
            "port": 8883,
            "protocol": "mqtts",
            "host": "broker.example.com",
        },
        "topics": ["myTopic"],
    },
    "particle": {"particleConfig": {"accessToken": "particle-access-token", "productSlugOrId": "my-product"}},
    "googlePubSub": {
        "googlePubSubConfig": {
            "projectId": "my-project",
            "keyJson": '{"type": "service_account", "k": "' + "x" * 48 + '"}',
        },
        "topics": ["projects/my-project/topics/t"],
    },
    "meridian": {
        "meridianConfig": {"authenticationToken": "meridian-token", "locationId": "loc-1", "zoneUpdates": True}
    },
}
TYPES = tuple(CONFIGS)

#: Names for listings: case ("B" < "a" by code point), digits, Unicode, metacharacters, encoding.
NAMES = (
    "kit alpha",
    "kit Beta",
    "kit beta",
    "kit-10",
    "kit-9",
    "kit Ünïcødé 雪",
    "kit a.b?c[d](e)+f^g$h\\i|j{k}",
    "kit a+b c&d=e%f#g",
    "KIT shout",
)


def body(name: str, integration_type: str = "mqtt") -> dict[str, Any]:
    """A valid Integration Post body."""
    return {"name": name, "integrationType": integration_type, **CONFIGS[integration_type]}


def seeded() -> list[dict[str, Any]]:
    """The bodies a listing scenario creates: every name, types taking turns."""
    return [body(name, TYPES[i % len(TYPES)]) for i, name in enumerate(NAMES)]
