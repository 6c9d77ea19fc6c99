"""Self-tests for `losant-contract contract-diff`: the schema diff on small schemas, and the
command on small packages and docs pages made here (no network, no npm)."""

from __future__ import annotations

import copy
import io
import json
import tarfile
from pathlib import Path

import pytest

from losant_contract import contract_sources
from losant_contract.contract_sources import SCHEMA_FILES, js_name, main
from losant_contract.contracts import schema
from losant_contract.schema_diff import Change, diff

PINNED = {
    "type": "object",
    "title": "Thing",
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 255},
        "mode": {"type": "string", "enum": ["a", "b"]},
        "old": {"type": "number"},
        "tags": {"type": "array", "items": {"type": "string", "maxLength": 10}},
        "a/b~c": {"type": "string"},
    },
    "required": ["name"],
}


def changed(**edits: object) -> dict[str, object]:
    published = copy.deepcopy(PINNED)
    for path, value in edits.items():
        *parents, last = path.split("__")
        node = published
        for step in parents:
            node = node[step]
        if value is None:
            del node[last]
        else:
            node[last] = value
    return published


def only(published: dict[str, object]) -> Change:
    changes = list(diff(PINNED, published))
    assert len(changes) == 1, changes
    return changes[0]


# --- the diff ---------------------------------------------------------------------------------


def test_identical_schemas_and_annotations_give_no_changes():
    assert list(diff(PINNED, copy.deepcopy(PINNED))) == []
    assert list(diff(PINNED, changed(title="Other", properties__name__description="says more"))) == []


def test_property_added_and_removed_with_their_pointers():
    added = only(changed(properties__mqttConfig={"type": "boolean"}))
    assert (added.pointer, added.aspect) == ("/properties/mqttConfig", "property added")
    assert '`{"type":"boolean"}`' in added.detail
    removed = only(changed(properties__old=None))
    assert (removed.pointer, removed.aspect) == ("/properties/old", "property removed")


def test_enum_values_added_and_dropped_not_the_whole_list():
    change = only(changed(properties__mode__enum=["b", "c", "ASC"]))
    assert (change.pointer, change.aspect) == ("/properties/mode/enum", "enum")
    assert change.detail == 'published adds `"c"`, `"ASC"`; published drops `"a"`'
    assert list(diff(PINNED, changed(properties__mode__enum=["b", "a"]))) == []  # order carries no meaning


def test_bounds_changed_added_and_removed():
    assert only(changed(properties__name__minLength=4)) == Change("/properties/name/minLength", "bound", "`1` -> `4`")
    assert only(changed(properties__old__maximum=10)).detail == "published adds maximum `10`"
    assert only(changed(properties__name__maxLength=None)).detail == "published lacks maxLength (pinned: `255`)"


def test_required_type_and_nested_items():
    assert only(changed(required=["name", "mode"])).detail == 'published adds `"mode"`'
    assert only(changed(properties__old__type="string")) == Change(
        "/properties/old/type", "type", '`"number"` -> `"string"`'
    )
    nested = only(changed(properties__tags__items__maxLength=20))
    assert nested.pointer == "/properties/tags/items/maxLength"


def test_pointer_escapes_slash_and_tilde():
    assert only(changed(**{"properties__a/b~c__type": "number"})).pointer == "/properties/a~1b~0c/type"


def test_long_lists_say_their_size_first():
    detail = only(changed(properties__mode__enum=["a", "b", "c", "d", "e", "f"])).detail
    assert detail.startswith("published adds 4 values: ")


# --- sources ----------------------------------------------------------------------------------


def test_js_names_follow_losant_rest():
    assert js_name("Application API Token Post") == "applicationApiTokenPost.json"
    assert js_name("API Tokens") == "apiTokens.json"
    assert sorted(js_name(title) for title in SCHEMA_FILES) == sorted(
        [
            "apiToken.json",
            "apiTokens.json",
            "application.json",
            "applicationApiTokenPost.json",
            "error.json",
            "integration.json",
            "integrationPatch.json",
            "integrationPost.json",
            "integrations.json",
            "success.json",
        ]
    )


def newer_integration() -> dict[str, object]:
    """The pinned Integration with two changes like those losant-rest 2.8.1 ships."""
    published = copy.deepcopy(schema("Integration"))
    mqtt = published["properties"]["mqttConfig"]["properties"]
    mqtt["disableSSLVerification"] = {"type": "boolean"}
    mqtt["certificate"]["minLength"] = 4
    return published


def package(folder: Path) -> Path:
    """A small losant-rest package: package.json and two of the ten schemas."""
    schemas = folder / "lib" / "schemas"
    schemas.mkdir(parents=True)
    (folder / "package.json").write_text(json.dumps({"name": "losant-rest", "version": "9.9.9"}))
    (schemas / "integration.json").write_text(json.dumps(newer_integration()))
    (schemas / "success.json").write_text(json.dumps(schema("Success")))
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_integration_diff(text: str) -> None:
    assert "losant-rest 9.9.9" in text
    assert "1 of 2 schemas differ: 1 bound, 1 property added" in text
    assert "| `/properties/mqttConfig/properties/disableSSLVerification` | property added |" in text
    assert "| `/properties/mqttConfig/properties/certificate/minLength` | bound | `50` -> `4` |" in text
    assert "## Success (success.json)\n\nNo differences." in text
    assert "Not in the source, so not compared: API Token, API Tokens," in text


def test_js_client_folder(tmp_path, capsys):
    out = tmp_path / "diff.md"
    code, printed, err = run(capsys, "--js-client", str(package(tmp_path / "pkg")), "--out", str(out))
    assert (code, err) == (0, "")
    assert_integration_diff(out.read_text())
    assert out.read_text() in printed


def test_js_client_installed_in_node_modules(tmp_path, capsys):
    package(tmp_path / "node_modules" / "losant-rest")
    code, printed, _ = run(capsys, "--js-client", str(tmp_path), "--out", str(tmp_path / "d.md"))
    assert code == 0
    assert_integration_diff(printed)


def test_js_client_tarball_is_read_without_unpacking(tmp_path, capsys):
    folder = package(tmp_path / "package")
    packed = tmp_path / "losant-rest-9.9.9.tgz"
    with tarfile.open(packed, "w:gz") as tar:
        tar.add(folder, arcname="package")
    work = tmp_path / "work"
    work.mkdir()
    code, printed, _ = run(capsys, "--js-client", str(packed), "--out", str(work / "d.md"))
    assert code == 0
    assert_integration_diff(printed)
    assert [p.name for p in work.iterdir()] == ["d.md"]


def schemas_md(headings: str, schemas: dict[str, object]) -> str:
    """A schemas.md page in the docs' style ("docs") or losant-rest's ("js")."""
    parts = []
    for title, body in schemas.items():
        anchor = title.lower().replace(" ", "-")
        schema_heading = (
            f"Schema <a name={anchor}-schema></a>" if headings == "docs" else f'<a name="{anchor}"></a> Schema'
        )
        parts += [f"## {title}", "", f"### {schema_heading}", "", "```json", json.dumps(body, indent=2), "```", ""]
        parts += ["### Example", "", "```json", "{}", "```", ""]
    return "\n".join(parts)


@pytest.mark.parametrize("style", ["docs", "js"])
def test_docs_page(tmp_path, capsys, style):
    page = tmp_path / "schemas.md"
    page.write_text(schemas_md(style, {"Integration": newer_integration(), "Unrelated": {"type": "object"}}))
    code, printed, _ = run(capsys, "--docs", str(tmp_path), "--out", str(tmp_path / "d.md"))
    assert code == 0
    assert "1 of 1 schemas differ: 1 bound, 1 property added" in printed
    assert "| `/properties/mqttConfig/properties/disableSSLVerification` | property added |" in printed


def test_the_pinned_schemas_against_themselves(tmp_path, capsys):
    (tmp_path / "schemas.md").write_text(schemas_md("docs", {title: schema(title) for title in SCHEMA_FILES}))
    code, printed, _ = run(capsys, "--docs", str(tmp_path / "schemas.md"), "--out", str(tmp_path / "d.md"))
    assert code == 0
    assert "0 of 10 schemas differ: no differences" in printed and "Not in the source" not in printed


def test_default_output_is_in_the_reports_setting(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("LOSANT_REPORTS_DIR", str(tmp_path / "reports"))
    assert run(capsys, "--js-client", str(package(tmp_path / "pkg")))[0] == 0
    assert_integration_diff((tmp_path / "reports" / "contract-diff.md").read_text())


# --- bad input: one line, exit 2 --------------------------------------------------------------


def bad(tmp_path: Path) -> dict[str, list[str]]:
    empty = tmp_path / "empty"
    empty.mkdir()
    broken = package(tmp_path / "broken")
    (broken / "lib" / "schemas" / "success.json").write_text("{not json")
    unrelated = tmp_path / "unrelated"
    (unrelated / "lib" / "schemas").mkdir(parents=True)
    (tmp_path / "junk.tgz").write_bytes(b"not a tarball")
    return {
        "no such path": ["--js-client", str(tmp_path / "missing" / "pkg")],
        "no lib/schemas": ["--js-client", str(empty)],
        "not JSON": ["--js-client", str(broken)],
        "no schema of the contract": ["--js-client", str(unrelated)],
        "not a tarball": ["--js-client", str(tmp_path / "junk.tgz")],
        "no schemas.md": ["--docs", str(empty)],
    }


@pytest.mark.parametrize(
    "case",
    ["no such path", "no lib/schemas", "not JSON", "no schema of the contract", "not a tarball", "no schemas.md"],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, case):
    code, printed, err = run(capsys, *bad(tmp_path)[case], "--out", str(tmp_path / "d.md"))
    assert code == 2 and printed == ""
    assert err.count("\n") == 1 and err.startswith("contract-diff: "), err
    assert not (tmp_path / "d.md").exists()


def test_without_npm_an_npm_spec_is_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(contract_sources.shutil, "which", lambda name: None)
    code, _, err = run(capsys, "--js-client", "losant-rest@2.8.1", "--out", str(tmp_path / "d.md"))
    assert code == 2 and "npm is not installed" in err and err.count("\n") == 1


def test_a_failing_npm_pack_is_one_line(tmp_path, capsys, monkeypatch):
    """npm's own reason, without its log-file line; a scoped name is a spec, not a path."""
    npm = tmp_path / "npm"
    npm.write_text(
        "#!/bin/sh\necho 'npm error code ETARGET' >&2\necho 'npm error notarget No matching version' >&2\n"
        "echo 'npm error A complete log of this run can be found in: /x.log' >&2\nexit 1\n"
    )
    npm.chmod(0o755)
    monkeypatch.setattr(contract_sources.shutil, "which", lambda name: str(npm))
    code, _, err = run(capsys, "--js-client", "@losant/rest@99", "--out", str(tmp_path / "d.md"))
    assert (code, err) == (2, "contract-diff: npm pack @losant/rest@99 failed: notarget No matching version\n")


def test_tar_members_are_never_written(tmp_path):
    """A hostile member name cannot land anywhere: the tarball is read, not unpacked."""
    packed = tmp_path / "evil.tgz"
    with tarfile.open(packed, "w:gz") as tar:
        data = json.dumps(schema("Success")).encode()
        for name in ("package/lib/schemas/success.json", "../../escaped.json"):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    source = contract_sources.js_client(str(packed))
    assert list(source.schemas) == ["Success"] and not (tmp_path.parent.parent / "escaped.json").exists()
