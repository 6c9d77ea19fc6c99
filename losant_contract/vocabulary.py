"""The project's words, each defined once: the areas of the contract a check (or a mock
fault) belongs to, in the order a run takes them, and the kinds of verdict a failed
check can get, in the order a reader looks at them.

"Kind" means one thing in this project: the kind of a verdict (`Kind`). Pure data, so the
mock may import it as it imports the contracts.
"""

from __future__ import annotations

from enum import Enum

#: The areas of the contract, in the order a serial run takes their checks: cheap, decisive
#: checks first, so a broken API is named within seconds; the generated sweeps and the model
#: check, which cost the most requests, last. Every check is marked with exactly one; every
#: mock fault and control belongs to one.
AREAS: tuple[str, ...] = (
    "preflight",  # the round trips that prove the target usable, judged against the contract
    "schema",  # every answer against its documented schema
    "sorting",
    "pagination",
    "scopes",  # scope enforcement: who may do what
    "isolation",  # one application's tokens and integrations against the other's
    "read-after-write",  # what was written is read, listed and deleted as written
    "ownership",  # fields the server owns (id, applicationId, creationDate) and partial PATCH
    "filtering",
    "errors",  # documented error statuses and Error bodies
    "boundaries",  # the documented extremes of valid input: maxima, huge pages
    "types",  # values of a JSON type the schema does not allow
    "validation",  # bodies valid and invalid against Integration Post and Patch
    "model",  # generated create/patch/delete/list sequences against a model
)
#: Where requests are counted that no check made: the run's set-up and its clean-up.
SETUP, CLEANUP = "setup", "cleanup"
#: What a release must never ship: checks of these areas are critical in the report.
CRITICAL_AREAS = frozenset({"scopes", "isolation", "ownership", "read-after-write", "model"})
#: Allure's severities, most severe first.
SEVERITIES = ("blocker", "critical", "normal", "minor", "trivial")


class Kind(Enum):
    """A verdict's kind: its title, what it means, and the Allure severity it carries."""

    SCOPE_LEAK = ("scope leak", "a request that had to be refused was served (or had an effect)", "blocker")
    SERVER_ERROR = ("server error", "the target answered 5xx", "critical")
    CONTRACT_DRIFT = ("contract drift", "the answer breaks the documented contract or a decision", "normal")
    TRANSPORT = ("transport error", "no contract verdict: the target did not answer, or a gateway did", "minor")
    SETUP = ("set-up error", "no contract verdict: the run could not set up what the check needs", "minor")
    SUITE = ("suite error", "no contract verdict: the suite itself failed (a defect of ours)", "minor")

    def __init__(self, title: str, meaning: str, severity: str) -> None:
        self.title, self.meaning, self.severity = title, meaning, severity

    @property
    def line(self) -> str:
        """The line the report's categories match: 'verdict: scope leak (...)'."""
        return f"verdict: {self.title} ({self.meaning})"

    @classmethod
    def titled(cls, title: str) -> Kind:
        """The kind whose title is `title`; ValueError for any other text."""
        for kind in cls:
            if kind.title == title:
                return kind
        raise ValueError(f"no verdict kind is titled {title!r}; one of: {', '.join(k.title for k in cls)}")


#: In the order a reader should look at them (and the order a mixed failure is filed by).
ORDER: tuple[Kind, ...] = tuple(Kind)
#: Kinds that are no verdict on the API: the check could not be judged.
NO_VERDICT = frozenset({Kind.TRANSPORT, Kind.SETUP, Kind.SUITE})


def area_rank(area: str) -> int:
    """Where `area` comes in a run; ValueError for a word that is no area."""
    try:
        return AREAS.index(area)
    except ValueError:
        raise ValueError(f"unknown area {area!r}; the areas are: {', '.join(AREAS)}") from None


def area_severity(area: str) -> str:
    """The Allure severity of the checks of `area`."""
    area_rank(area)
    return "critical" if area in CRITICAL_AREAS else "normal"
