"""Pure checks of what came back against what was asked.

Each check is a plain function named after the property it guards. It returns None
or raises Violation, whose one-line message names the rule and the reason; the
exchange that broke it travels with it so the suite can print a curl line.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import requests


class Violation(AssertionError):
    """A response broke a rule of the contract."""

    def __init__(self, rule: str, reason: str, response: requests.Response | None = None) -> None:
        self.rule, self.reason, self.response = rule, reason, response
        where = f" [{describe(response)}]" if response is not None else ""
        super().__init__(f"{rule}: {reason}{where}")


def describe(response: requests.Response) -> str:
    """'GET /applications/…/integrations?page=0 -> 200': the exchange in one line."""
    url = urlsplit(response.request.url or "")
    target = url.path + (f"?{url.query}" if url.query else "")
    return f"{response.request.method} {target} -> {response.status_code}"


def body(response: requests.Response, rule: str = "JSON body") -> object:
    """The parsed JSON body, or a Violation saying it is not JSON."""
    try:
        return response.json()
    except ValueError:
        raise Violation(rule, f"body is not JSON: {response.text[:80]!r}", response) from None
