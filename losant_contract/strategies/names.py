"""Names and glob patterns that make sort and filter checks bite.

Sort is by code point and case-sensitive; filter is a case-insensitive glob where only
`*` is special (contract-decisions.md section 3). The names below put that to the test:
case-only twins, code-point order that differs from dictionary order ("B" < "a",
"Z" < "a", "é" after "z"), composed vs decomposed accents, a character above the BMP
(UTF-16 code-unit order puts it before U+FF21, code-point order after), every glob and
regex metacharacter next to a decoy that a regex or a `?` wildcard would also match,
SQL LIKE wildcards, odd spaces and exact duplicates.

Left out on purpose: characters whose case mapping differs between str.lower(),
str.casefold() and Unicode simple case folding (ß, ẞ, İ, ı, ς and Σ, µ, the ﬁ ligature,
the Kelvin and Ohm signs, ...). A correct server may fold them either way, so no check
could fairly expect one answer.
"""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

from losant_contract.contracts import schema

METACHARACTERS = "*?[].()+^$\\|{}"

#: The run's shared data set, after the prefix. A decoy follows each metacharacter name.
CORPUS_STEMS = (
    "Alpha", "alpha", "alpha", "ALPHA",  # case-only twins, and a duplicate
    "B", "a", "Z",  # upper case sorts before lower case
    "e", "é", "e\u0301", "É",  # composed, decomposed, upper
    "Ω", "ω",  # non-Latin case pair
    "😀 emoji", "Ａ fullwidth",  # above the BMP vs U+FF21
    "a*b", "axxb",
    "what?", "whatX",
    "a.c", "abc",
    "[ab]",  # a regex would match "a"
    "(paren)", "paren",
    "plus+", "pluss",
    "^caret$", "caret",
    "back\\slash", "back lash",  # as a regex, \s matches the space
    "pipe|bar", "pipe",
    "brace{2}", "bracee",
    "under_score", "underXscore",  # _ is LIKE's one-character wildcard; sorts between Z and a
    "two  spaces", "trailing space ",
    "dup", "dup",
    "n9", "n10",  # code point puts n10 first; a natural (numeric) sort puts n9 first
    "line\nbreak",  # a regex's "." (and so a "*" built on it) stops at a line break
)  # fmt: skip


def corpus_names(prefix: str) -> list[str]:
    """The fixed list of 43 names the sort, filter and pagination checks run on."""
    _check_room(prefix)
    return [prefix + stem for stem in CORPUS_STEMS]


def awkward_names(prefix: str) -> st.SearchStrategy[str]:
    """Corpus names, or short runs of the corpus's trap characters, after `prefix`."""
    _check_room(prefix)
    traps = sorted(set("".join(CORPUS_STEMS)))
    stems = st.one_of(st.sampled_from(CORPUS_STEMS), st.text(st.sampled_from(traps), min_size=1, max_size=12))
    return stems.map(lambda stem: prefix + stem)


def filters_for(names: Sequence[str]) -> st.SearchStrategy[str]:
    """Glob patterns aimed at `names`: exact, case-swapped, prefix*, *suffix, *infix*, `*`
    alone, names holding metacharacters, baits that only a regex or a `?`/`[]` wildcard
    would match, and patterns that match none of them."""
    names = sorted({name for name in names if name})
    if not names:
        raise ValueError("filters_for needs at least one non-empty name")
    picks = st.sampled_from(names)
    folded = {name.casefold() for name in names}
    pieces = st.tuples(picks, st.integers(0, 1024), st.integers(0, 1024)).map(_cut)
    shapes = [
        picks,
        picks.map(_swap_case),
        st.just("*"),
        pieces.map(lambda p: p[0] + p[1] + "*"),
        pieces.map(lambda p: "*" + p[1] + p[2]),
        pieces.map(lambda p: "*" + p[1] + "*"),
        st.tuples(picks, st.integers(0, 1024), st.sampled_from(_BAITS)).map(_bait),
        picks.map(lambda name: name + "~no such name").filter(lambda p: p.casefold() not in folded),
    ]
    literal = [name for name in names if any(c in METACHARACTERS for c in name)]
    if literal:
        shapes.append(st.sampled_from(literal))
    return st.one_of(shapes)


def integration_type_filters() -> st.SearchStrategy[str]:
    """Patterns for filterField=integrationType, aimed at the documented integration types."""
    return filters_for(schema("Integration Post")["properties"]["integrationType"]["enum"])


def _check_room(prefix: str) -> None:
    longest = schema("Integration Post")["properties"]["name"]["maxLength"]
    if len(prefix) + max(map(len, CORPUS_STEMS)) > longest:
        raise ValueError(f"prefix {prefix!r} leaves no room for the names under {longest} characters")


def _cut(drawn: tuple[str, int, int]) -> tuple[str, str, str]:
    """name -> (head, middle, tail) at two drawn positions."""
    name, i, j = drawn
    i, j = sorted((i % (len(name) + 1), j % (len(name) + 1)))
    return name[:i], name[i:j], name[j:]


#: How a bait rewrites the character at a position: each matches the name only if
#: the pattern is taken as a regex or as a glob with more wildcards than `*`.
_BAITS = ("?", ".", "[c]", "^name$")


def _bait(drawn: tuple[str, int, str]) -> str:
    name, at, how = drawn
    if how == "^name$":
        return "^" + name + "$"
    at %= len(name)
    swap = {"?": "?", ".": ".", "[c]": f"[{name[at]}]"}[how]
    return name[:at] + swap + name[at + 1 :]


def _safe_to_swap(c: str) -> bool:
    s = c.swapcase()
    return len(s) == 1 and s.swapcase() == c and c.lower() == c.casefold() and s.lower() == s.casefold()


def _swap_case(name: str) -> str:
    """Swap the case of each character whose case mapping is unambiguous (see module note)."""
    return "".join(c.swapcase() if _safe_to_swap(c) else c for c in name)
