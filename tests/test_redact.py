"""Redaction: no token survives in text, headers or curl lines."""

from __future__ import annotations

import requests

from losant_contract import redact
from losant_contract.client import curl


def test_registered_secret_is_replaced_by_its_label():
    redact.register("s3cr3t-value-1", "$LOSANT_API_TOKEN")
    assert redact.text("a s3cr3t-value-1 b") == "a $LOSANT_API_TOKEN b"


def test_unregistered_bearer_and_token_fields_are_masked():
    shown = redact.text('Authorization: Bearer abc.def {"token": "xyz", "name": "n"}')
    assert "abc.def" not in shown and "xyz" not in shown and '"name": "n"' in shown


def test_headers_mask_credentials():
    shown = redact.headers({"Authorization": "Bearer never-registered", "Cookie": "c=1", "Accept": "x"})
    assert shown == {"Authorization": "Bearer <redacted>", "Cookie": "<redacted>", "Accept": "x"}


def test_curl_line_has_no_secret():
    redact.register("tok-in-curl", "<token for integrations.get>")
    prepared = requests.Request(
        "POST", "http://h/p", headers={"Authorization": "Bearer tok-in-curl"}, data=b'{"token": "minted-secret"}'
    ).prepare()
    line = curl(prepared)
    assert "tok-in-curl" not in line and "minted-secret" not in line
    assert "integrations.get" in line and line.startswith("curl -X POST")
