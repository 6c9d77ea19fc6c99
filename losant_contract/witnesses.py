"""The rules of contract-decisions.md section 3 (GET Integrations query semantics), each
with a short stable id, its exact words, the area its check belongs to, and fixed witness
cases: concrete requests, each with the answer every correct server gives (where the
decisions allow a choice, every allowed answer). suites/test_witnesses.py sends every
case on every run, one check per rule, marked `@pytest.mark.witness(<id>)`; generated
examples (the other suites) come on top of them. tests/test_witnesses.py holds the table
to the decisions: every sentence of section 3 quoted by exactly one rule, every rule held
by a check.

Pure data. A case is judged on the run's corpus (losant_contract.corpus: integrations
named `<corpus prefix><stem>`, the stems in strategies/names.py), so the cases name stems;
what depends on the corpus's size is said as such (ALL, LAST_PAGE, PAST_PAGE), so a stem
added to the corpus changes no case. The self-test holds the stems and patterns named here
to the corpus and to the glob oracle.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

#: The decisions heading every witness check is labelled with (`assumed`).
SECTION = "3. GET Integrations query semantics"
#: Stands for the run's corpus prefix in a sent value.
CORPUS = "{corpus}"
#: Stands for the corpus prefix without its first character: a glob anchored at the start of
#: the value cannot match a corpus name through it; one matched anywhere can.
CLIPPED = "{corpus-clipped}"
#: The query that lists exactly the corpus (filterField=name, filter=<corpus prefix>*).
OWN: Mapping[str, str] = {"filterField": "name", "filter": CORPUS + "*"}
#: Losant's own clients send these; they must change nothing (decisions 3).
CLIENT_EXTRAS: Mapping[str, str] = {"_actions": "false", "_links": "true", "_embedded": "true"}
CLIENT_HEADERS: Mapping[str, str] = {"Accept-Version": "^1.31.0"}
#: Page numbers counted from the end of the corpus, in pages of the case's perPage: the
#: last page, and the first page past the end.
LAST_PAGE = "{last page}"
PAST_PAGE = "{past the end}"
#: `listed`: every integration of the corpus, each exactly once; `count`, `total`: as many.
ALL: Literal["all"] = "all"

Stems = tuple[str, ...] | Literal["all"] | None
Number = int | Literal["all"] | None


class Answer(Enum):
    """What a correct server answers a case with."""

    SERVED = "200, served as the effective query"
    REFUSED = "400 with an Error body"
    EITHER = "400 with an Error body, or 200 served as the effective query"


@dataclass(frozen=True)
class Rule:
    """One rule of decisions section 3: its id, the area of its check, its exact words."""

    id: str
    area: str
    words: str


@dataclass(frozen=True)
class Case:
    """One fixed request of GET Integrations and what every correct answer shows.

    `sent` is the query as sent ("" is sent blank; CORPUS and CLIPPED stand for the prefix).
    Served, the answer is judged as the effective query `served_as` (default: `sent`, blank
    values read as absent): an Integrations body, the effective query echoed, count and
    totalCount consistent, the items in its order and matching its filter. On top of that,
    where given: the corpus stems listed, exactly (or `or_listed`, the other allowed answer);
    the stems `before` (pairs) in that order; `window`: the page is the slice
    [page*perPage, (page+1)*perPage) of the corpus in id order; `count` and `total`.
    `walk`: every page is read (the answer may list the whole application, other data
    included)."""

    label: str
    sent: Mapping[str, str]
    answer: Answer = Answer.SERVED
    served_as: Mapping[str, str] | None = None
    listed: Stems = None
    or_listed: Stems = None
    of_type: str | None = None  #: listed: exactly the corpus integrations of this integrationType
    before: tuple[tuple[str, str], ...] = ()
    window: bool = False
    count: Number = None
    total: Number = None
    headers: Mapping[str, str] = field(default_factory=dict)
    walk: bool = False


def own(**params: str) -> dict[str, str]:
    """A query restricted to the corpus, with `params` on top."""
    return {**OWN, **params}


def served(label: str, sent: Mapping[str, str], **expect: Any) -> Case:
    """A case answered 200, as `expect` says."""
    return Case(label, sent, Answer.SERVED, **expect)


def refused(label: str, sent: Mapping[str, str]) -> Case:
    """A case answered 400 with an Error body."""
    return Case(label, sent, Answer.REFUSED)


def either(label: str, sent: Mapping[str, str], **expect: Any) -> Case:
    """A case the decisions let a server refuse (400) or serve (200, as `expect` says)."""
    return Case(label, sent, Answer.EITHER, **expect)


#: The sortField enum, as the decisions list it (the self-test holds it to the contract's).
SORT_FIELDS = ("name", "id", "creationDate", "integrationType", "lastUpdated")
#: Code-point order (decisions 3), each pair a trap: case ("B" < "a", "Z" < "["), "_" between
#: upper and lower case, digits as text ("n10" < "n9"), above the BMP (U+FF21 < U+1F600,
#: where UTF-16 code units put the emoji first), composed after decomposed.
CODE_POINT_PAIRS: tuple[tuple[str, str], ...] = (
    ("B", "a"),
    ("Z", "[ab]"),
    ("ALPHA", "Alpha"),
    ("Alpha", "alpha"),
    ("underXscore", "under_score"),
    ("n10", "n9"),
    ("\uff21 fullwidth", "\U0001f600 emoji"),
    ("e\u0301", "\u00e9"),
)
#: The corpus stems whose names hold a glob or regex metacharacter, each matched only by
#: itself, though a regex or a `?` wildcard would also match the decoy the corpus holds.
LITERAL_STEMS = (
    "a.c",  # .  (decoy abc)
    "what?",  # ?  (whatX)
    "[ab]",  # [ ]  (a)
    "(paren)",  # ( )  (paren)
    "plus+",  # +  (pluss)
    "^caret$",  # ^ $  (caret)
    "back\\slash",  # \  (back lash: \s)
    "pipe|bar",  # |  (pipe)
    "brace{2}",  # { }  (bracee)
)

RULES: tuple[Rule, ...] = (
    Rule(
        "3.sort-field",
        "sorting",
        "`sortField` in {name, id, creationDate, integrationType, lastUpdated}; default `name`. "
        "Any other non-blank value: **400**.",
    ),
    Rule(
        "3.sort-direction",
        "sorting",
        "`sortDirection` in {asc, desc}; default `asc`. "
        "Any other non-blank value except `ASC`/`DESC` (which may be accepted or refused): **400**. "
        "The echoed `sortDirection` may be the value as sent: `ASC`/`DESC` when those were accepted, "
        'and `""` for a blank one (the schemas shipped with Losant\'s JavaScript client 2.8.1 list '
        '`asc`, `desc`, `ASC`, `DESC` and `""`). '
        "The order must still be the effective direction. "
        "This widens the enum of the Integrations schema for that one field, and nothing else.",
    ),
    Rule(
        "3.order",
        "sorting",
        'Order: strings compare by Unicode code point (binary, case-sensitive: "B" < "a"); '
        "creationDate and lastUpdated compare as instants.",
    ),
    Rule(
        "3.stable-ties",
        "pagination",
        "Items with equal sort values may come in any order, but that order must be stable across "
        "pages: walking all pages with one sortField/sortDirection yields every matching integration "
        "exactly once.",
    ),
    Rule(
        "3.filter-field", "filtering", "`filterField` in {name, integrationType}; any other non-blank value: **400**."
    ),
    Rule(
        "3.glob",
        "filtering",
        "`filter` is a glob matched against the whole field value (anchored at both ends), "
        "**case-insensitively**. "
        "`*` matches any run of characters, including none. "
        "Every other character, `?` `.` `[` `]` `(` `)` `+` `^` `$` `\\` `|` `{` `}` included, "
        "matches only itself.",
    ),
    Rule(
        "3.filter-applies",
        "filtering",
        "Filtering applies when both `filterField` and `filter` are non-blank. "
        "A blank or absent `filter` means no filtering. "
        "A `filter` without `filterField` is not checked (the API may ignore it or filter by name).",
    ),
    Rule(
        "3.blank",
        "pagination",
        "A blank value (`page=`, `sortField=`) counts as absent, so the default applies. Blank means the empty string.",
    ),
    Rule(
        "3.white-space",
        "errors",
        "A value of only Unicode White_Space (spaces, tabs) may count as blank or be refused as "
        "invalid (both compliant).",
    ),
    Rule(
        "3.control-characters",
        "errors",
        "Control characters such as `\\x1e` are not White_Space: they are values, and an invalid one is a **400**.",
    ),
    Rule(
        "3.page-per-page",
        "pagination",
        "`page`: integer >= 0, default 0. "
        "`perPage`: integer 1..1000, default 1000. "
        "Non-integers, negatives, perPage 0 or above 1000: **400**.",
    ),
    Rule(
        "3.slice",
        "pagination",
        "The page is the slice [page*perPage, (page+1)*perPage) of the filtered, sorted collection.",
    ),
    Rule(
        "3.counts",
        "pagination",
        "`count` = number of items on this page; `totalCount` = number of integrations matching the "
        "filter on all pages.",
    ),
    Rule(
        "3.past-the-end",
        "pagination",
        "A page past the end: 200 with empty `items`, `count` 0 and the true `totalCount`.",
    ),
    Rule(
        "3.echo",
        "pagination",
        "The response echoes the effective `sortField`, `sortDirection`, `page`, `perPage` (defaults "
        "when not given), `applicationId`, and, when filtering applied, `filterField` and `filter`.",
    ),
    Rule(
        "3.extras",
        "pagination",
        "Unknown query parameters are ignored. "
        "Losant's own clients send `_actions`, `_links` and `_embedded`, and an `Accept-Version` header; "
        "these never change the result or cause an error.",
    ),
)
CASES: Mapping[str, tuple[Case, ...]] = {
    "3.sort-field": (
        # name itself is sent explicitly by the 3.order cases
        *(served(f"sortField={name}", own(sortField=name), listed=ALL) for name in SORT_FIELDS[1:]),
        served("sortField absent: name", own(), listed=ALL, before=(("B", "a"),)),
        refused("sortField='name ' (not blank: a value)", {"sortField": "name "}),
    ),
    "3.sort-direction": (
        served("sortDirection=desc", own(sortDirection="desc"), listed=ALL, before=(("a", "B"),)),
        served("sortDirection absent: asc", own(), listed=ALL, before=(("B", "a"),)),
        served("sortDirection blank: asc, echoed asc or ''", own(sortDirection=""), listed=ALL, before=(("B", "a"),)),
        either("sortDirection=ASC", own(sortDirection="ASC"), listed=ALL, before=(("B", "a"),)),
        either("sortDirection=DESC", own(sortDirection="DESC"), listed=ALL, before=(("a", "B"),)),
        refused("sortDirection=Asc", {"sortDirection": "Asc"}),
        refused("sortDirection=descending", {"sortDirection": "descending"}),
    ),
    "3.order": (
        served("name asc", own(sortField="name", sortDirection="asc"), listed=ALL, before=CODE_POINT_PAIRS),
        served(
            "name desc",
            own(sortField="name", sortDirection="desc"),
            listed=ALL,
            before=tuple((b, a) for a, b in CODE_POINT_PAIRS),
        ),
        served("creationDate asc", own(sortField="creationDate", sortDirection="asc"), listed=ALL),
        served("lastUpdated desc", own(sortField="lastUpdated", sortDirection="desc"), listed=ALL),
    ),
    "3.stable-ties": (
        # 42 integrations of 4 types (11, 10, 10, 11): page boundaries of 9 cut ties (the check
        # makes sure one does).
        served(
            "integrationType asc, pages of 9",
            own(sortField="integrationType", perPage="9"),
            listed=ALL,
            walk=True,
        ),
    ),
    "3.filter-field": (
        served(
            "filterField=integrationType filter=mqtt",
            {"filterField": "integrationType", "filter": "mqtt"},
            of_type="mqtt",
            walk=True,
        ),
        refused("filterField=Name", {"filterField": "Name"}),
        refused("filterField=id (a sortField, no filterField)", {"filterField": "id"}),
    ),
    "3.glob": (
        served("A: anchored both ends, case-insensitive", own(filter=CORPUS + "A"), listed=("a",)),
        served("anchored at the start", own(filter=CLIPPED + "pipe"), listed=()),
        served("\u03c9: case-insensitive beyond ASCII", own(filter=CORPUS + "\u03c9"), listed=("\u03a9", "\u03c9")),
        served("a*b*: * any run, including none", own(filter=CORPUS + "a*b*"), listed=("a*b", "axxb", "abc")),
        *(served(f"{stem} only itself", own(filter=CORPUS + stem), listed=(stem,)) for stem in LITERAL_STEMS),
    ),
    "3.filter-applies": (
        served(
            "filterField=name, filter blank: no filtering", {"filterField": "name", "filter": ""}, listed=ALL, walk=True
        ),
        served(
            "filterField=integrationType, filter absent: no filtering",
            {"filterField": "integrationType"},
            listed=ALL,
            walk=True,
        ),
        served(
            "filter without filterField: ignored, or by name",
            {"filter": CORPUS + "dup"},
            listed=ALL,
            or_listed=("dup", "dup"),
            walk=True,
        ),
    ),
    "3.blank": (
        served("sortField blank: name", own(sortField=""), listed=ALL, before=(("B", "a"),)),
        served("page blank: 0", own(page=""), listed=ALL, count=ALL, total=ALL),
        served("perPage blank: 1000", own(perPage=""), listed=ALL, count=ALL),
        served(
            "filterField blank: a filter without filterField",
            {"filterField": "", "filter": CORPUS + "*"},
            listed=ALL,
            walk=True,
        ),
        refused("sortField=U+FEFF (not blank: a value)", {"sortField": "\ufeff"}),
        refused("page=U+FEFF (not blank: a value)", {"page": "\ufeff"}),
    ),
    "3.white-space": (
        either("sortField='  '", own(sortField="  "), served_as=own(), listed=ALL),
        either("sortDirection=TAB", own(sortDirection="\t"), served_as=own(sortDirection=""), listed=ALL),
        either("page=' '", own(page=" "), served_as=own(), listed=ALL, count=ALL),
        either("perPage=U+3000", own(perPage="\u3000"), served_as=own(), listed=ALL, count=ALL),
    ),
    "3.control-characters": (
        refused("sortField=U+001C", {"sortField": "\x1c"}),
        refused("sortDirection=U+001D", {"sortDirection": "\x1d"}),
        refused("filterField=U+001F", {"filterField": "\x1f"}),
        refused("page=U+001E", {"page": "\x1e"}),
        refused("perPage=U+001F U+001E", {"perPage": "\x1f\x1e"}),
        served("filter=U+001E is a value: filtering applies", own(filter="\x1e"), listed=()),
    ),
    "3.page-per-page": (
        served("page and perPage absent: 0 and 1000", own(), listed=ALL, count=ALL, total=ALL),
        served("page=0 perPage=1", own(page="0", perPage="1"), listed=("(paren)",), count=1, total=ALL),
        served("perPage=1000", own(perPage="1000"), listed=ALL, count=ALL),
        refused("page=-1", {"page": "-1"}),
        refused("page=1.5", {"page": "1.5"}),
        refused("perPage=0", {"perPage": "0"}),
        refused("perPage=1001", {"perPage": "1001"}),
        refused("perPage=2.5", {"perPage": "2.5"}),
    ),
    "3.slice": (
        served("page=1 perPage=5", own(sortField="id", page="1", perPage="5"), window=True, total=ALL),
        served("the last page of 10", own(sortField="id", page=LAST_PAGE, perPage="10"), window=True, total=ALL),
        served("the last page of 3", own(sortField="id", page=LAST_PAGE, perPage="3"), window=True, total=ALL),
    ),
    "3.counts": (
        served(
            "4 match, pages of 3",
            own(filter=CORPUS + "alpha", perPage="3"),
            listed=("ALPHA", "Alpha", "alpha"),
            count=3,
            total=4,
        ),
    ),
    "3.past-the-end": (
        # Past what a 32-bit integer holds and up to JavaScript's safe integers, still exact.
        served("page=2**53: far past the end", own(page=str(2**53), perPage="7"), listed=(), count=0, total=ALL),
        served(
            "the first page past the end, of 7",
            own(sortField="id", page=PAST_PAGE, perPage="7"),
            listed=(),
            count=0,
            total=ALL,
        ),
        served(
            "page=1 perPage=4 of 4 matches",
            own(filter=CORPUS + "alpha", page="1", perPage="4"),
            listed=(),
            count=0,
            total=4,
        ),
    ),
    "3.echo": (
        served("nothing sent: the defaults, no filter", {}),
        served(
            "everything sent",
            own(sortField="lastUpdated", sortDirection="desc", page="1", perPage="3"),
            count=3,
            total=ALL,
        ),
    ),
    "3.extras": (
        # Each unknown parameter, obeyed, would change the page: another order, size or page.
        served(
            "client extras, Accept-Version, unknown parameters",
            {
                **own(sortField="id", page="1", perPage="5"),
                **CLIENT_EXTRAS,
                "sortfield": "lastUpdated",
                "SortDirection": "desc",
                "perpage": "1",
                "Page": "3",
                "limit": "2",
                "offset": "7",
                "sort": "-name",
                "q": "zzz",
            },
            served_as=own(sortField="id", page="1", perPage="5"),
            window=True,
            total=ALL,
            headers=CLIENT_HEADERS,
        ),
    ),
}


def rule(rule_id: str) -> Rule:
    """The rule of that id; KeyError for an unknown one."""
    for each in RULES:
        if each.id == rule_id:
            return each
    raise KeyError(f"no rule {rule_id!r} in losant_contract.witnesses.RULES")


def cases(rule_id: str) -> tuple[Case, ...]:
    """The fixed witness cases of a rule."""
    rule(rule_id)
    return CASES[rule_id]


def resolve(value: str, corpus_prefix: str) -> str:
    """A sent value with CORPUS and CLIPPED replaced."""
    return value.replace(CLIPPED, corpus_prefix[1:]).replace(CORPUS, corpus_prefix)


def params(case: Case, corpus_prefix: str, corpus_size: int, served: bool = False) -> dict[str, str]:
    """The query `case` sends (or, `served`, the effective query it is judged as), for a
    corpus of `corpus_size` integrations named with `corpus_prefix`."""
    chosen = case.served_as if served and case.served_as is not None else case.sent
    found = {name: resolve(value, corpus_prefix) for name, value in chosen.items()}
    if found.get("page") in (LAST_PAGE, PAST_PAGE):
        per_page = int(found.get("perPage") or 1000)
        pages = -(-corpus_size // per_page)
        found["page"] = str(pages - 1 if found["page"] == LAST_PAGE else pages)
    return found


def number(stated: Number, corpus_size: int) -> int | None:
    """A case's count or total as a number (ALL: the corpus's size)."""
    return corpus_size if isinstance(stated, str) else stated
