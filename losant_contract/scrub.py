"""Secrets out of structured text before it is written: redact.text applied to every
string inside a value, keeping its structure.

Used where the writer holds objects, not text: a pytest report before the terminal,
JUnit or Allure read it (long tracebacks print each frame's arguments, and the client's
frames hold tokens; `--showlocals` prints headers too), Allure's result and container
objects on their way to disk, and the drift report's document. Plain object walking: no
pytest import here.
"""

from __future__ import annotations

from typing import Any

from losant_contract import redact


def deep(value: Any, _seen: set[int] | None = None) -> Any:
    """`value` with every string inside it redacted: containers and objects are changed in
    place where they can be, tuples and strings are rebuilt."""
    seen = set() if _seen is None else _seen
    if isinstance(value, str):
        return redact.text(value)
    if isinstance(value, (bytes, int, float, bool, type(None))) or id(value) in seen:
        return value
    seen.add(id(value))
    if isinstance(value, list):
        value[:] = [deep(item, seen) for item in value]
    elif isinstance(value, tuple):
        return (
            type(value)(*(deep(item, seen) for item in value))
            if hasattr(value, "_fields")
            else tuple(deep(item, seen) for item in value)
        )
    elif isinstance(value, dict):
        for key in list(value):
            value[key] = deep(value[key], seen)
    elif hasattr(value, "__dict__") and not isinstance(value, type):
        for name, item in list(vars(value).items()):
            object.__setattr__(value, name, deep(item, seen))
    return value


def report(test_report: Any) -> None:
    """Redact a pytest TestReport's failure text and captured sections, in place."""
    test_report.longrepr = deep(test_report.longrepr)
    test_report.sections = deep(list(test_report.sections))
