"""Integrations the suite did not create, named to trip up sorting and filtering.

A live application may already hold such data (contract-decisions.md section 7).
The names mix case, Unicode beyond the BMP, glob and regex metacharacters, SQL
LIKE wildcards, odd spacing, exact duplicates and maximum length; none starts with
"lct-" in any case, so they never look like the suite's own. Dates spread over
years, with some ties, and lastUpdated does not follow creation order.
"""

from __future__ import annotations

from collections.abc import Iterator

from .clock import format_ms
from .store import Record, Store

NAMES = (
    "Alpha",
    "alpha",
    "ALPHA",
    "aLpHa",
    "B",
    "a",
    "Zeta",
    "zeta",
    "Ünïcödé intégration",
    "日本語の統合",
    "emoji 🚀 bridge",
    "ＦＵＬＬＷＩＤＴＨ",
    "\U0001d49c script",
    "straße",
    "STRASSE",
    "İstanbul",
    "ǅemal titlecase",
    "*",
    "star * inside",
    "question?",
    "?",
    "bracket [abc]",
    "[!x]",
    "dot.name",
    "...",
    "paren (x)",
    "dollar $1",
    "caret ^ pipe |",
    "brace {1,2}",
    "plus+name",
    "back\\slash",
    "percent % underscore _",
    "  leading and trailing  ",
    "double  space",
    "line\nbreak",
    "tab\there",
    "lct_underscore",
    "xlct-inside",
    "lct",
    "lct -spaced",
    "duplicate",
    "duplicate",
    "Duplicate",
    "L" * 1024,
)
TYPES = ("mqtt", "particle", "meridian", "googlePubSub")
_HOUR_MS = 3_600_000
_DAY_MS = 24 * _HOUR_MS
_START_MS = 1_552_219_200_000  # 2019-03-10T12:00:00Z


def _config(integration_type: str, i: int) -> Record:
    if integration_type == "mqtt":
        return {
            "mqttConfig": {
                "host": f"broker{i}.example.com",
                "port": 1883 + i % 2 * 7000,
                "protocol": ("mqtt", "mqtts", "ws", "wss")[i % 4],
            },
            "topics": [f"foreign/{i}", "#"],
        }
    if integration_type == "particle":
        return {"particleConfig": {"accessToken": f"foreign-token-{i}"}}
    if integration_type == "meridian":
        return {"meridianConfig": {"authenticationToken": f"auth-{i}", "locationId": f"loc-{i}"}}
    return {
        "googlePubSubConfig": {
            "projectId": f"project-{i}",
            "keyJson": "{" + '"k":"' + "x" * 60 + '"}',
        }
    }


def name(i: int) -> str:
    """The i-th foreign name: the list, then the list again with a round number."""
    base = NAMES[i % len(NAMES)]
    return base if i < len(NAMES) else f"{base} {i // len(NAMES)}"[:1024]


def integrations(store: Store, count: int) -> Iterator[Record]:
    """`count` foreign integrations for the store's application."""
    for i in range(count):
        slot = i - (i % 5 == 4)  # every fifth shares the previous one's creationDate
        created = _START_MS + slot * 3 * _HOUR_MS + slot * 7_919_000 % _HOUR_MS
        integration_id, creation_date = store.issue(created)
        integration_type = TYPES[i % len(TYPES)]
        yield {
            "id": integration_id,
            "integrationId": integration_id,
            "applicationId": store.application_id,
            "creationDate": creation_date,
            "lastUpdated": format_ms(created + i * 104_729_000 % (400 * _DAY_MS)),
            "name": name(i),
            "integrationType": integration_type,
            "enabled": i % 3 != 0,
            **_config(integration_type, i),
        }


def siblings(store: Store) -> Iterator[Record]:
    """Two integrations of the second application: what the first one must never show."""
    for i, integration_type in enumerate(("mqtt", "particle")):
        integration_id, now = store.issue()
        yield {
            "id": integration_id,
            "integrationId": integration_id,
            "applicationId": store.second_application_id,
            "creationDate": now,
            "lastUpdated": now,
            "name": f"sibling {integration_type}",
            "integrationType": integration_type,
            "enabled": True,
            **_config(integration_type, i),
        }
