"""The filter's glob (contract-decisions.md section 3) matched without regular expressions.

A glob is anchored at both ends, `*` matches any run of characters (none included) and
every other character matches itself. Split on `*`, the first piece must start the
value, the last must end it, and each piece between is found leftmost after the one
before: leftmost is always safe, since a later piece can only gain from more room. So a
match costs one pass of str.find per piece, linear-ish in the value and the pattern,
where a backtracking regex took seconds for a 60 KB `*a*a*a…`. Nothing is compiled or
cached per pattern, so distinct patterns cost no memory once answered.
"""

from __future__ import annotations

from collections.abc import Callable

#: How text is made comparable; str.casefold: case-insensitive, as the decisions ask.
Fold = Callable[[str], str]
#: str.find's contract: the lowest index of `piece` within value[start:end], or -1.
Find = Callable[[str, str, int, int], int]


def glob_matcher(pattern: str, fold: Fold = str.casefold, find: Find = str.find) -> Callable[[str], bool]:
    """A predicate: does a value match `pattern`? Built once per request, used per record."""
    head, *rest = fold(pattern).split("*")
    if not rest:
        return lambda value: len(text := fold(value)) == len(head) and find(text, head, 0, len(text)) == 0
    *middle, tail = rest
    pieces = [piece for piece in middle if piece]
    shortest = len(head) + len(tail) + sum(map(len, pieces))  # no shorter value can match

    def matches(value: str) -> bool:
        text = fold(value)
        end = len(text) - len(tail)
        if len(text) < shortest or find(text, head, 0, len(head)) != 0 or find(text, tail, end, len(text)) != end:
            return False
        position = len(head)
        for piece in pieces:  # each consumes at least one character: at most len(text) rounds
            found = find(text, piece, position, end)
            if found < 0:
                return False
            position = found + len(piece)
        return True

    return matches
