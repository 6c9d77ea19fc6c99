"""A pytest plugin loaded into a suite run (`-p count_calls`): logs every request the suite
asked its client for, once per call whatever the retries below, as JSON lines in the file
COUNT_CALLS_FILE names. Set against what the mock received, it shows what was sent again."""

from __future__ import annotations

import hashlib
import json
import os

from requests.adapters import HTTPAdapter

_send = HTTPAdapter.send


def _logged(self, request, *args, **kwargs):
    body = request.body or b""
    body = body.encode() if isinstance(body, str) else body
    with open(os.environ["COUNT_CALLS_FILE"], "a", encoding="utf-8") as log:
        log.write(json.dumps([request.method, request.path_url, hashlib.sha256(body).hexdigest()]) + "\n")
    return _send(self, request, *args, **kwargs)


HTTPAdapter.send = _logged
