"""The adapter protocol ships as JSON Schema files: generated from the operations table,
carried by the wheel, resolved from the package alone, and what the kit really sends and
receives validates against them."""

from __future__ import annotations

import json
import sys
from fnmatch import fnmatch
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.exceptions import Unresolvable

from losant_contract.clientkit import generate_schemas, protocol
from losant_contract.clientkit.operations import BY_NAME
from losant_contract.clientkit.outcomes import PASS
from losant_contract.clientkit.process import ProcessAdapter
from losant_contract.clientkit.runner import run

ROOT = Path(__file__).resolve().parents[1]
ADAPTERS = Path(__file__).resolve().parent / "clientkit_adapters.py"
#: Scenarios that between them call every operation of the table, and meet an error.
EVERY_OPERATION = [
    "sort name asc",
    "walk all pages",
    "create mqtt",
    "get",
    "patch",
    "delete",
    "token mint and delete",
    "error 404 integration",
]
CLIENT = {"url": "http://127.0.0.1:1", "token": "t", "timeout": 1}
TOKEN_ARGS = {"applicationId": "a", "apiTokenId": "b"}
ERROR = {"status": None, "type": None, "message": "m", "raised": "TypeError"}


def test_the_committed_files_are_what_the_table_generates():
    written = {path.stem: path.read_text(encoding="utf-8") for path in protocol.DIRECTORY.glob("*.json")}
    generated = {name: generate_schemas.text(document) for name, document in generate_schemas.schemas().items()}
    stale = sorted(name for name in written.keys() | generated.keys() if written.get(name) != generated.get(name))
    assert stale == [], f"{stale} differ from the table: run python -m losant_contract.clientkit.generate_schemas"
    assert sorted(written) == sorted(protocol.NAMES)


def test_every_file_is_a_schema_whose_refs_resolve_from_the_package_alone():
    resolver = protocol.registry().resolver()
    for name, document in protocol.documents().items():
        Draft202012Validator.check_schema(document)
        assert document["$id"] == protocol.uri(name)
        for ref in protocol._refs(document):
            assert resolver.lookup(ref).contents in protocol.documents().values(), (name, ref)
    with pytest.raises(Unresolvable):  # nothing outside the files, and nothing fetched
        resolver.lookup(protocol.uri("elsewhere"))


def test_each_bundle_is_self_contained_and_judges_as_the_files_do():
    samples = {
        "call": [
            {"cmd": "call", "seq": 1, "op": "get_integration", "client": CLIENT, "args": {"applicationId": "a"}},
            {"cmd": "call", "seq": 1, "op": "delete_token", "client": CLIENT, "args": TOKEN_ARGS},
            {"cmd": "call", "seq": 1, "op": "delete_token", "client": {**CLIENT, "timeout": 0}, "args": TOKEN_ARGS},
        ],
        "result": [{"seq": 1, "ok": False}, {"seq": 1, "ok": False, "error": ERROR}, {"seq": 1, "ok": True}],
        "protocol": [{"cmd": "stop"}, {"cmd": "start", "version": 2}, {"seq": 1, "ok": True, "value": None}],
    }
    for name, messages in samples.items():
        alone = Draft202012Validator(protocol.bundled(name), registry=Registry())  # no retrieval at all
        verdicts = [(alone.is_valid(m), not protocol.problems(name, m)) for m in messages]
        assert all(bundled == files for bundled, files in verdicts), (name, verdicts)
        assert {bundled for bundled, _ in verdicts} == {True, False}, name  # each sample set has both


def test_what_the_kit_sends_and_an_adapter_answers_validates(monkeypatch):
    sent: list[dict] = []
    answered: list[tuple[str, dict]] = []
    send, problems = ProcessAdapter._send, protocol.problems
    monkeypatch.setattr(ProcessAdapter, "_send", lambda self, command: sent.append(command) or send(self, command))
    monkeypatch.setattr(protocol, "problems", lambda name, message: answered.append((name, message)) or [])
    adapter = ProcessAdapter([sys.executable, str(ADAPTERS), "ReferenceAdapter"])
    try:
        results = run(adapter, EVERY_OPERATION)
    finally:
        adapter.close()
    assert {r.name: r.reason for r in results if r.verdict != PASS} == {}
    # Named, never shown: a call carries the token, an answer may carry a minted token's secret.
    assert [(c["cmd"], c.get("op")) for c in sent if problems(c["cmd"], c)] == []
    assert [(name, a["seq"]) for name, a in answered if problems(name, a)] == []
    assert (sent[0]["cmd"], sent[-1]["cmd"]) == ("start", "stop")
    assert {c["op"] for c in sent if c["cmd"] == "call"} == set(BY_NAME)
    assert {a["ok"] for name, a in answered if name == "result"} == {True, False}


def test_the_wheel_carries_the_schema_files():
    tomllib = pytest.importorskip("tomllib")
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["losant_contract"]
    for path in protocol.DIRECTORY.glob("*.json"):
        packaged = path.relative_to(ROOT / "losant_contract").as_posix()
        assert any(fnmatch(packaged, pattern) for pattern in patterns), packaged


def test_the_schema_command_prints_the_files(capsys):
    from losant_contract.clientkit.cli import main

    assert main(["schema", "call"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["$id"] == protocol.uri("call") and printed["$defs"]["client"] == protocol.documents()["client"]
