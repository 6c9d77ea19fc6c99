"""The checks of what a client sent: each catches its mistake and passes the right request."""

from __future__ import annotations

import pytest

from losant_contract.clientkit import sent
from losant_contract.clientkit.outcomes import SentWrong
from losant_contract.mock.recording import Recorded

APP = "/applications/575ec8687ae143cd83dc4a97"
TOKEN = "secret-token"


def record(method="GET", path=f"{APP}/integrations", query="", body=b"", **headers: str) -> Recorded:
    sent_headers = {"Authorization": f"Bearer {TOKEN}", **headers}
    return Recorded(1, 0.0, method, path, query, tuple(sent_headers.items()), body)


@pytest.mark.parametrize(
    "request_, asked",
    [
        (record(query="sortField=name&sortDirection=desc"), {"sortField": "name", "sortDirection": "desc"}),
        (record(query="filter=a%2Bb%20c*&filterField=name"), {"filter": "a+b c*", "filterField": "name"}),
        (record(query="filter=a+b&filterField=name"), {"filter": "a b", "filterField": "name"}),  # form: + is space
        (record(query="filter=%C3%BC*&_links=true&page=0&perPage="), {"filter": "ü*"}),  # defaults, blanks, extras
        (record(query="sortDirection=DESC"), {"sortDirection": "DESC"}),  # decisions 3: may be accepted
    ],
)
def test_a_request_as_asked_passes(request_, asked):
    sent.conforms(request_, TOKEN)
    sent.sent_query(request_, asked)


@pytest.mark.parametrize(
    "request_, asked, complaint",
    [
        (record(query="sortField=name"), {"sortDirection": "desc"}, "the query has no sortDirection"),
        (record(query="filter=a+b"), {"filter": "a+b"}, "decodes to filter='a b'"),
        (record(query="filter=a%252A"), {"filter": "a*"}, "decodes to filter='a%2A'"),  # encoded twice
        (record(query="sortDirection=asc&filter=x"), {"sortDirection": "asc"}, "filter='x' was sent but not asked"),
    ],
)
def test_a_request_that_differs_from_what_was_asked_is_caught(request_, asked, complaint):
    with pytest.raises(SentWrong, match=complaint):
        sent.sent_query(request_, asked)


@pytest.mark.parametrize(
    "request_, complaint",
    [
        (record(query="filter=a b"), "carries ' ' unencoded"),
        (record(query="filter=ü"), "carries 'ü' unencoded"),
        (record(query="filter=%FF"), "not UTF-8"),
        (record(query="sortDirection=up"), "not one of asc, desc"),
        (record(query="perPage=0"), "outside 1..1000"),
        (record(query="page=1&page=2"), "sent 2 times"),
        (record("DELETE", f"{APP}/integrations/575ed78e7ae143cd83dc4aab", body=b"{}"), "where the contract has none"),
        (record("POST", body=b'{"name": "x"}', **{"Content-Type": "text/plain"}), "not application/json"),
        (record("POST", body=b"{", **{"Content-Type": "application/json"}), "not UTF-8 JSON"),
        (record("PUT"), "no operation in the contract"),
        (Recorded(1, 0.0, "GET", f"{APP}/integrations", "", (("Authorization", "Token x"),), b""), "Authorization"),
    ],
)
def test_a_request_that_breaks_the_contract_is_caught(request_, complaint):
    with pytest.raises(SentWrong, match=complaint):
        sent.conforms(request_, TOKEN)


def test_a_json_body_with_parameters_in_its_content_type_passes():
    sent.conforms(record("POST", body=b'{"name": "x"}', **{"Content-Type": "application/json; charset=utf-8"}), TOKEN)
    sent.sent_body(record("POST", body=b'{"b": 1, "a": [2]}'), {"a": [2], "b": 1})
    with pytest.raises(SentWrong, match="differs from the body asked"):
        sent.sent_body(record("POST", body=b'{"b": 1}'), {"b": 2})
