"""A pytest plugin loaded into a suite run (`-p count_calls`): logs every request the suite
asked its client for, once per call whatever the retries and 429s below it, as JSON lines in
the file COUNT_CALLS_FILE names. Set against what the mock received, it shows what was sent
again."""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any

import requests

from losant_contract.client import ApiClient

_request = ApiClient.request


def _logged(self: ApiClient, method: str, path: str, **kwargs: Any) -> requests.Response:
    body = json.dumps(kwargs["json"]).encode() if "json" in kwargs else kwargs.get("data") or b""
    body = body.encode() if isinstance(body, str) else body
    asked = requests.Request(method, self.base_url + path, params=kwargs.get("params")).prepare()
    with open(os.environ["COUNT_CALLS_FILE"], "a", encoding="utf-8") as log:
        log.write(json.dumps([method, asked.path_url, hashlib.sha256(body).hexdigest()]) + "\n")
    return _request(self, method, path, **kwargs)


ApiClient.request = _logged  # type: ignore[method-assign]
