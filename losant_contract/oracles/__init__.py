"""Pure checks of what came back against what was asked.

Each check is a plain function named after the property it guards. It returns None
or raises Violation, whose one-line message names the rule and the reason; the
exchange that broke it travels with it so the suite can print a curl line. The
Violation's class says what kind of failure it is (vocabulary.Kind): the check that
raises it knows whether a refusal was served (ScopeLeak), the target failed
(ServerError) or the answer breaks the contract (Violation).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import requests

from losant_contract.vocabulary import Kind


class Violation(AssertionError):
    """A response broke a rule of the contract."""

    kind = Kind.CONTRACT_DRIFT

    def __init__(
        self, rule: str, reason: str, response: requests.Response | None = None, curl: str | None = None
    ) -> None:
        """`curl`: the line that repeats the exchange, where the response itself is not at hand
        (a violation handed from one process of the run to another)."""
        self.rule, self.reason, self.response, self.curl = rule, reason, response, curl
        if response is not None and response.status_code >= 500 and self.kind is Kind.CONTRACT_DRIFT:
            self.kind = Kind.SERVER_ERROR  # whatever rule it broke, the exchange was a 5xx
        where = f" [{describe(response)}]" if response is not None else ""
        super().__init__(f"{rule}: {reason}{where}")


class ScopeLeak(Violation):
    """A request that had to be refused was served, or a refused one had an effect."""

    kind = Kind.SCOPE_LEAK


class ServerError(Violation):
    """The target answered 5xx where the contract wants an answer."""

    kind = Kind.SERVER_ERROR


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
