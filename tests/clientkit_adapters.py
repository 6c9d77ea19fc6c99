"""Adapters for the kit's self-tests: a reference client that does everything right, and
broken variants of it that each do one thing wrong, which the kit must catch.

The reference client is plain requests with a retry policy (429 for any method; 503 and
dropped connections for reads only), Retry-After honoured, a timeout on every request,
and a pager of its own: the kit must pass it on every scenario.

Run as a script (`python clientkit_adapters.py ReferenceAdapter`), it serves one of them over
the adapter protocol, as an adapter in any language would.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ProtocolError, ReadTimeoutError
from urllib3.util.retry import Retry

from losant_contract.clientkit import Adapter, ClientConfig, ClientError, Implementation

READS = frozenset({"GET", "HEAD", "OPTIONS"})


class SafeRetry(Retry):
    """Retry reads on 429/503 and lost answers; retry a POST only on 429 (refused, not acted on)."""

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        if method.upper() not in READS:
            return status_code == 429 and bool(self.total)
        return super().is_retry(method, status_code, has_retry_after)

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        if isinstance(error, (ReadTimeoutError, ProtocolError)) and (method or "").upper() not in READS:
            raise error
        return super().increment(method, url, response, error, _pool, _stacktrace)


class ReferenceAdapter(Adapter):
    capabilities = frozenset({"retries", "timeout", "walk"})
    retry_class: type[Retry] = SafeRetry
    retry_statuses: tuple[int, ...] = (429, 503)
    respect_retry_after = True

    def __init__(self) -> None:
        self._sessions: dict[str, requests.Session] = {}

    @property
    def implementation(self) -> Implementation:
        return Implementation(type(self).__name__, "0", "python")

    def _session(self, url: str) -> requests.Session:
        if url not in self._sessions:
            retry = self.retry_class(
                total=2,
                status_forcelist=self.retry_statuses,
                allowed_methods=frozenset({"GET", "POST", "PATCH", "DELETE"}),
                respect_retry_after_header=self.respect_retry_after,
                raise_on_status=False,
                backoff_factor=0,
            )
            session = requests.Session()
            session.trust_env = False  # a local mock: no proxy look-up in the environment per request
            session.mount("http://", HTTPAdapter(max_retries=retry))
            self._sessions[url] = session
        return self._sessions[url]

    def _do(self, client: ClientConfig, method: str, path: str, body: Any = None, **query: Any) -> Any:
        response = self._session(client.url).request(
            method,
            client.url + path,
            params=query or None,
            json=body,
            headers={"Authorization": f"Bearer {client.token}"},
            timeout=client.timeout,
        )
        if response.status_code >= 400:
            raise self.error_for(response)
        return response.json()

    def error_for(self, response: requests.Response) -> ClientError:
        try:
            error = response.json()
        except ValueError:
            error = {}
        error = error if isinstance(error, dict) else {}
        return self.error(response.status_code, error.get("type"), error.get("message"))

    def error(self, status: int, type_: str | None, message: str | None) -> ClientError:
        return ClientError(status, type_, message, "HTTPError")

    def list_integrations(self, client, applicationId, **query):  # noqa: N803
        return self._do(client, "GET", f"/applications/{applicationId}/integrations", **query)

    def walk_integrations(self, client, applicationId, **query):  # noqa: N803
        items, page = [], 0
        while True:
            listing = self.list_integrations(client, applicationId, **query, page=page)
            items += listing["items"]
            if not listing["items"] or len(items) >= listing["totalCount"]:
                return items
            page += 1

    def create_integration(self, client, applicationId, body):  # noqa: N803
        return self._do(client, "POST", f"/applications/{applicationId}/integrations", body)

    def get_integration(self, client, applicationId, integrationId):  # noqa: N803
        return self._do(client, "GET", f"/applications/{applicationId}/integrations/{integrationId}")

    def patch_integration(self, client, applicationId, integrationId, body):  # noqa: N803
        return self._do(client, "PATCH", f"/applications/{applicationId}/integrations/{integrationId}", body)

    def delete_integration(self, client, applicationId, integrationId):  # noqa: N803
        return self._do(client, "DELETE", f"/applications/{applicationId}/integrations/{integrationId}")

    def create_token(self, client, applicationId, body):  # noqa: N803
        return self._do(client, "POST", f"/applications/{applicationId}/tokens", body)

    def delete_token(self, client, applicationId, apiTokenId):  # noqa: N803
        return self._do(client, "DELETE", f"/applications/{applicationId}/tokens/{apiTokenId}")

    def close(self) -> None:
        for session in self._sessions.values():
            session.close()


class DropsSortDirection(ReferenceAdapter):
    """Forgets to pass sortDirection on."""

    def list_integrations(self, client, applicationId, **query):  # noqa: N803
        query.pop("sortDirection", None)
        return super().list_integrations(client, applicationId, **query)


class RetryEverything(SafeRetry):
    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        return Retry.is_retry(self, method, status_code, has_retry_after)


class RetriesPostAfter5xx(ReferenceAdapter):
    """Retries every method on 503 and 504, POST included."""

    retry_class = RetryEverything
    retry_statuses = (429, 503, 504)


class IgnoresRetryAfter(ReferenceAdapter):
    """Retries a 429 at once, whatever its Retry-After says."""

    respect_retry_after = False


class CrashesOnNullErrorBody(ReferenceAdapter):
    """Reads the error's message from the parsed body without looking at what it parsed,
    as Losant's JavaScript client 2.8.1 does: a JSON null body raises (here AttributeError,
    there TypeError) and the status is lost."""

    def error_for(self, response: requests.Response) -> ClientError:
        try:
            parsed = response.json()
        except ValueError:
            return self.error(response.status_code, None, None)  # a text body: the status is kept
        return self.error(response.status_code, parsed.get("type"), parsed.get("message"))  # null: AttributeError


class HidesErrorStatus(ReferenceAdapter):
    """Raises errors that carry the Error body's type and message but not the status."""

    def error(self, status: int, type_: str | None, message: str | None) -> ClientError:
        return ClientError(None, type_, message, "HTTPError")


class StopsAfterFirstPage(ReferenceAdapter):
    """Its pager returns the first page only."""

    def walk_integrations(self, client, applicationId, **query):  # noqa: N803
        return self.list_integrations(client, applicationId, **query, page=0)["items"]


class SendsBodyOnDelete(ReferenceAdapter):
    """Sends `{}` as JSON on DELETE, as Losant's JavaScript client 2.8.1 does."""

    def delete_integration(self, client, applicationId, integrationId):  # noqa: N803
        return self._do(client, "DELETE", f"/applications/{applicationId}/integrations/{integrationId}", {})

    def delete_token(self, client, applicationId, apiTokenId):  # noqa: N803
        return self._do(client, "DELETE", f"/applications/{applicationId}/tokens/{apiTokenId}", {})


class SendsBodyOnDeleteWithoutPager(SendsBodyOnDelete):
    """As SendsBodyOnDelete, claiming no pager: one run shows a failure, a pass and a skip."""

    capabilities = frozenset({"retries", "timeout"})


class LeavesQueryUnencoded(ReferenceAdapter):
    """Glues the query together by hand: '+', '&', '#' and '%' go out raw (requests still
    percent-encodes spaces and non-ASCII characters in a URL it is given)."""

    def list_integrations(self, client, applicationId, **query):  # noqa: N803
        raw = "&".join(f"{key}={value}" for key, value in query.items())
        path = f"/applications/{applicationId}/integrations" + (f"?{raw}" if raw else "")
        return self._do(client, "GET", path)


class ReordersItems(ReferenceAdapter):
    """Returns the page's items in reverse order."""

    def list_integrations(self, client, applicationId, **query):  # noqa: N803
        listing = super().list_integrations(client, applicationId, **query)
        listing["items"].reverse()
        return listing


class ClaimsWalkWithoutPager(ReferenceAdapter):
    """Claims the capability "walk" but has no walk_integrations: an adapter error, on every path."""

    walk_integrations = Adapter.walk_integrations


def serve(adapter: Adapter) -> None:
    """Answer the kit's commands on stdin with one JSON line each on stdout until `stop`."""
    for line in sys.stdin:
        command = json.loads(line)
        if command["cmd"] == "stop":
            return
        if command["cmd"] == "start":
            implementation = dataclasses.asdict(adapter.implementation)
            answer = {"version": 1, "implementation": implementation, "capabilities": sorted(adapter.capabilities)}
        else:
            answer = {"seq": command["seq"], **outcome(adapter, command)}
        print(json.dumps(answer), flush=True)


def outcome(adapter: Adapter, command: dict[str, Any]) -> dict[str, Any]:
    """What the client returned, or what it raised, as a `result` carries it."""
    try:
        value = adapter.call(command["op"], ClientConfig(**command["client"]), command["args"])
    except ClientError as error:
        raised = error
    except Exception as error:
        raised = ClientError(None, None, str(error), type(error).__name__)
    else:
        return {"ok": True, "value": value}
    return {"ok": False, "error": {key: getattr(raised, key) for key in ("status", "type", "message", "raised")}}


if __name__ == "__main__":
    serve(globals()[sys.argv[1]]())
