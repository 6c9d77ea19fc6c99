"""Client adapter for Losant's official Python client, losant-rest (PyPI), for the
losant-contract client acceptance kit.

    losant-contract clients run --adapter examples/python-losant-rest/adapter.py:LosantRestAdapter

Each operation calls the client as an application would and returns what it returned.
A LosantError (the client's error for any 4xx/5xx answer) becomes ClientError with its
status and the Error body's type and message; everything else the client raises
(requests' ConnectionError, ...) is left for the kit to report as it is.

The client has no timeout setting (it calls requests without one), no retries and no
pager, so the adapter claims no optional capability.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

from losant_rest import Client
from losant_rest.losant_error import LosantError

from losant_contract.clientkit import Adapter, ClientConfig, ClientError, Implementation


def _calling(action: Any, **kwargs: Any) -> Any:
    try:
        return action(**kwargs)
    except LosantError as error:
        body = error.data if isinstance(error.data, dict) else {}
        raise ClientError(error.status, body.get("type"), body.get("message"), "LosantError") from None


class LosantRestAdapter(Adapter):
    capabilities: frozenset[str] = frozenset()  # no timeout option, no retries, no pager

    @property
    def implementation(self) -> Implementation:
        return Implementation(
            "losant-rest (Python)", version("losant-rest"), "python", "https://github.com/Losant/losant-rest-python"
        )

    def _client(self, client: ClientConfig) -> Client:
        return Client(auth_token=client.token, url=client.url)  # client.timeout: the client has no such setting

    def list_integrations(self, client: ClientConfig, applicationId: str, **query: Any) -> Any:  # noqa: N803
        return _calling(self._client(client).integrations.get, applicationId=applicationId, **query)

    def create_integration(self, client: ClientConfig, applicationId: str, body: dict[str, Any]) -> Any:  # noqa: N803
        return _calling(self._client(client).integrations.post, applicationId=applicationId, integration=body)

    def get_integration(self, client: ClientConfig, applicationId: str, integrationId: str) -> Any:  # noqa: N803
        action = self._client(client).integration.get
        return _calling(action, applicationId=applicationId, integrationId=integrationId)

    def patch_integration(
        self,
        client: ClientConfig,
        applicationId: str,  # noqa: N803
        integrationId: str,  # noqa: N803
        body: dict[str, Any],
    ) -> Any:
        action = self._client(client).integration.patch
        return _calling(action, applicationId=applicationId, integrationId=integrationId, integration=body)

    def delete_integration(self, client: ClientConfig, applicationId: str, integrationId: str) -> Any:  # noqa: N803
        action = self._client(client).integration.delete
        return _calling(action, applicationId=applicationId, integrationId=integrationId)

    def create_token(self, client: ClientConfig, applicationId: str, body: dict[str, Any]) -> Any:  # noqa: N803
        return _calling(self._client(client).application_api_tokens.post, applicationId=applicationId, apiToken=body)

    def delete_token(self, client: ClientConfig, applicationId: str, apiTokenId: str) -> Any:  # noqa: N803
        action = self._client(client).application_api_token.delete
        return _calling(action, applicationId=applicationId, apiTokenId=apiTokenId)
