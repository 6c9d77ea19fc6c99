"""Drive the mock through Losant's official Python client (losant-rest).

The client sends what real integrations send (query flags _actions/_links/_embedded,
an Accept-Version header, sometimes losantdomain), so this proves the mock serves
Losant's own clients, not only the suite's requests.
"""

from __future__ import annotations

import pytest
from losant_rest import Client
from losant_rest.losant_error import LosantError

from losant_contract.contracts import violations
from losant_contract.mock import MockServer

CONFIG = {"host": "broker.example.com", "port": 8883, "protocol": "mqtts"}


@pytest.fixture(scope="module")
def mock():
    with MockServer(foreign=8) as server:
        yield server


@pytest.fixture
def client(mock):
    mock.reset()
    return Client(auth_token=mock.admin_token, url=mock.url)


def create(client: Client, mock: MockServer, name: str, kind: str = "mqtt") -> dict:
    configs = {
        "mqtt": {"mqttConfig": CONFIG, "topics": ["t"]},
        "particle": {"particleConfig": {"accessToken": "x"}},
    }
    sent = {"name": name, "integrationType": kind, **configs[kind]}
    return client.integrations.post(applicationId=mock.application_id, integration=sent)


def test_create_get_patch_delete(client, mock):
    created = create(client, mock, "lct-official")
    assert violations("Integration", created) == []
    got = client.integration.get(
        applicationId=mock.application_id, integrationId=created["id"], losantdomain="example.com"
    )
    assert got == created
    patched = client.integration.patch(
        applicationId=mock.application_id,
        integrationId=created["id"],
        integration={"topics": ["differentTopic"]},
    )
    assert patched["topics"] == ["differentTopic"] and patched["lastUpdated"] >= created["lastUpdated"]
    deleted = client.integration.delete(applicationId=mock.application_id, integrationId=created["id"])
    assert deleted == {"success": True}
    with pytest.raises(LosantError) as raised:
        client.integration.get(applicationId=mock.application_id, integrationId=created["id"])
    assert raised.value.status == 404 and violations("Error", raised.value.data) == []


def test_list_sorts_filters_and_pages(client, mock):
    for name, kind in [
        ("lct-b", "mqtt"),
        ("lct-A", "particle"),
        ("lct-c", "mqtt"),
        ("lct-a", "particle"),
    ]:
        create(client, mock, name, kind)
    listed = client.integrations.get(
        applicationId=mock.application_id,
        filterField="name",
        filter="LCT-*",
        sortField="name",
        sortDirection="desc",
        perPage=3,
        page=0,
    )
    assert violations("Integrations", listed) == []
    assert [item["name"] for item in listed["items"]] == ["lct-c", "lct-b", "lct-a"]
    assert (listed["count"], listed["totalCount"], listed["filter"]) == (3, 4, "LCT-*")
    rest = client.integrations.get(
        applicationId=mock.application_id,
        filterField="name",
        filter="LCT-*",
        sortField="name",
        sortDirection="desc",
        perPage=3,
        page=1,
    )
    assert [item["name"] for item in rest["items"]] == ["lct-A"]
    by_type = client.integrations.get(
        applicationId=mock.application_id,
        filterField="integrationType",
        filter="particle",
        sortField="creationDate",
    )
    assert by_type["totalCount"] == 2 + 2  # two of ours and two foreign particle integrations


def test_everything_is_listed_with_defaults_including_foreign_data(client, mock):
    create(client, mock, "lct-mine")
    listed = client.integrations.get(applicationId=mock.application_id)
    assert listed["totalCount"] == 9 and listed["perPage"] == 1000 and listed["sortField"] == "name"


def test_errors_come_back_as_losant_errors(client, mock):
    with pytest.raises(LosantError) as raised:
        client.integrations.post(applicationId=mock.application_id, integration={"name": "lct-x"})
    assert raised.value.status == 400 and "integrationType" in raised.value.data["message"]
    with pytest.raises(LosantError) as raised:
        client.integrations.get(applicationId=mock.application_id, sortDirection="sideways")
    assert raised.value.status == 400
    with pytest.raises(LosantError) as raised:
        Client(auth_token="not-a-token", url=mock.url).integrations.get(applicationId=mock.application_id)
    assert raised.value.status == 401


def test_scoped_tokens_minted_through_the_client(client, mock):
    minted = client.application_api_tokens.post(
        applicationId=mock.application_id,
        apiToken={"name": "lct-reader", "scope": ["integrations.get"]},
    )
    reader = Client(auth_token=minted["token"], url=mock.url)
    assert reader.integrations.get(applicationId=mock.application_id)["totalCount"] == 8
    with pytest.raises(LosantError) as raised:
        create(reader, mock, "lct-refused")
    assert raised.value.status == 403
    client.application_api_token.delete(applicationId=mock.application_id, apiTokenId=minted["id"])
    with pytest.raises(LosantError) as raised:
        reader.integrations.get(applicationId=mock.application_id)
    assert raised.value.status == 401
