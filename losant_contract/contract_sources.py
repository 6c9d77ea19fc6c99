"""`losant-contract contract-diff`: the pinned contracts (contracts/schemas/, verbatim from
the docs) against a published source of the same schemas, as a readable Markdown diff, so
a maintainer sees what changed before a scheduled run reports it as drift. It never
changes the pinned contracts: decisions follow from reading the diff.

    losant-contract contract-diff --js-client losant-rest@2.8.1        # npm pack, nothing installed
    losant-contract contract-diff --js-client node_modules/losant-rest  # or a folder, or a .tgz
    losant-contract contract-diff --docs path/to/reference              # a newer schemas.md (or its folder)

Losant's JavaScript client (npm losant-rest) ships the schemas as lib/schemas/<camelCase>.json;
the docs keep them in schemas.md, one ```json block under "### Schema" per "## <Schema>".
Writes reports/contract-diff.md (or LOSANT_REPORTS_DIR) and prints it. Exit status: 0 when
it ran (differences are information, not failure), 2 for bad input, in one line.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from losant_contract.contracts import SCHEMA_FILES, schema
from losant_contract.schema_diff import Change, diff
from losant_contract.settings import SettingsError, reports_dir

REPORT = "contract-diff.md"
NPM_TIMEOUT = 300  # seconds for `npm pack`: one download
#: npm's first line saying why it failed (npm 7+: "npm error", before: "npm ERR!"), past its code.
_NPM_ERROR = re.compile(r"^npm (?:error|ERR!) (?!code\b|A complete log)(.+)$", re.M)


class SourceError(Exception):
    """The source cannot be read; the message is one line saying what to give instead."""


@dataclass
class Source:
    label: str  # what was compared, as the report names it
    schemas: dict[str, Any] = field(default_factory=dict)  # by the docs' title ("Integration Post")


def js_name(title: str) -> str:
    """ "Application API Token Post" -> "applicationApiTokenPost.json" (losant-rest's lib/schemas/)."""
    first, *rest = SCHEMA_FILES[title].removesuffix(".json").split("-")
    return first + "".join(word.capitalize() for word in rest) + ".json"


def js_client(given: str) -> Source:
    """losant-rest from a folder, a packed .tgz, or an npm spec (fetched with `npm pack`)."""
    path = Path(given)
    if path.is_dir():
        return _js_folder(path)
    if path.is_file():
        return _js_tarball(path, str(path))
    scoped = given.startswith("@")  # @scope/name is an npm spec; any other slash means a path
    if given.startswith((".", "/", "~")) or given.endswith((".tgz", ".tar.gz")) or ("/" in given and not scoped):
        raise SourceError(f"--js-client {given}: no such folder or file")
    return _npm_pack(given)


def _js_folder(path: Path) -> Source:
    for root in (path, path / "package", path / "node_modules" / "losant-rest"):
        folder = root / "lib" / "schemas"
        if folder.is_dir():
            files = {title: folder / js_name(title) for title in SCHEMA_FILES}
            label = f"{_package_label(_read_json(root / 'package.json'))}, {folder}"
            return Source(label, {title: _read_json(file) for title, file in files.items() if file.is_file()})
    raise SourceError(f"--js-client {path}: no lib/schemas/ there (give the losant-rest package folder)")


def _js_tarball(path: Path, origin: str) -> Source:
    """Read the schemas out of a packed package without unpacking it (nothing lands on disk)."""
    try:
        with tarfile.open(path) as packed:
            members = {member.name: member for member in packed.getmembers() if member.isfile()}

            def read(name: str) -> Any:
                member = members.get(f"package/{name}")
                stream = packed.extractfile(member) if member is not None else None
                return None if stream is None else _parse(stream.read().decode("utf-8"), f"{origin}: {name}")

            schemas = {title: read(f"lib/schemas/{js_name(title)}") for title in SCHEMA_FILES}
            label = f"{_package_label(read('package.json'))}, lib/schemas/ of {origin}"
    except (tarfile.TarError, OSError) as error:
        raise SourceError(f"--js-client {origin}: not a readable package tarball ({_first_line(error)})") from None
    return Source(label, {title: found for title, found in schemas.items() if found is not None})


def _npm_pack(spec: str) -> Source:
    npm = shutil.which("npm")
    if npm is None:
        raise SourceError(f"--js-client {spec}: npm is not installed; give a losant-rest folder or .tgz instead")
    with tempfile.TemporaryDirectory(prefix="contract-diff-") as folder:
        try:
            done = subprocess.run(
                [npm, "pack", spec, "--loglevel=error"], cwd=folder, capture_output=True, text=True, timeout=NPM_TIMEOUT
            )
        except subprocess.TimeoutExpired:
            raise SourceError(f"npm pack {spec}: no answer within {NPM_TIMEOUT} s") from None
        packed = sorted(Path(folder).glob("*.tgz"))
        if done.returncode != 0 or not packed:
            said = _NPM_ERROR.search(done.stderr)
            reason = said.group(1).strip() if said else "no package written"
            raise SourceError(f"npm pack {spec} failed: {reason}")
        return _js_tarball(packed[0], f"npm pack {spec}")


def _first_line(error: BaseException) -> str:
    return (str(error).splitlines() or [type(error).__name__])[0].rstrip(":")


def _package_label(manifest: Any) -> str:
    if isinstance(manifest, dict) and manifest.get("name"):
        return f"{manifest['name']} {manifest.get('version', '(no version)')}"
    return "a package without package.json"


def docs(given: str) -> Source:
    """The schemas of a copy of the docs' schemas.md (the file, or the folder holding it)."""
    path = Path(given)
    page = path / "schemas.md" if path.is_dir() else path
    if not page.is_file():
        raise SourceError(f"--docs {given}: no schemas.md there")
    schemas = {}
    for title, body in _sections(page.read_text(encoding="utf-8"), "##").items():
        block = re.search(r"^```json\n(.*?)\n```$", _sections(body, "###").get("Schema", ""), flags=re.S | re.M)
        if title in SCHEMA_FILES and block is not None:
            schemas[title] = _parse(block.group(1), f"{page}: ## {title}")
    return Source(f"{page}", schemas)


def _sections(markdown: str, marks: str) -> dict[str, str]:
    """The body under each heading of one level, keyed by its text without anchors
    (the docs write `## Title <a name=...></a>`, losant-rest `### <a name=...></a> Title`)."""
    parts = re.split(rf"^{marks} (.+)$", markdown, flags=re.M)
    titles = (re.sub(r"<a\b[^>]*>(\s*</a>)?", "", title).strip() for title in parts[1::2])
    return dict(zip(titles, parts[2::2], strict=True))


def _read_json(path: Path) -> Any:
    return _parse(path.read_text(encoding="utf-8"), str(path)) if path.is_file() else None


def _parse(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise SourceError(f"{where}: not JSON ({error.msg}, line {error.lineno})") from None


def compare(source: Source) -> dict[str, list[Change]]:
    """Differences per schema the source has, by the docs' title."""
    return {
        title: list(diff(schema(title), source.schemas[title])) for title in SCHEMA_FILES if title in source.schemas
    }


def markdown(source: Source, changes: dict[str, list[Change]], when: datetime) -> str:
    total = Counter(change.aspect for found in changes.values() for change in found)
    absent = [title for title in SCHEMA_FILES if title not in changes]
    lines = [
        "# Contract sources: the pinned contracts against a published source",
        "",
        "- pinned: contracts/schemas/ (verbatim from the docs' schemas.md)",
        f"- published: {source.label}",
        f"- compared {when:%Y-%m-%d %H:%M} UTC; 'adds', 'drops' and `pinned -> published` read from the pinned "
        "contract to the published source; annotations (title, description, default) are left out",
        "",
        f"{sum(1 for found in changes.values() if found)} of {len(changes)} schemas differ: "
        + (", ".join(f"{count} {aspect}" for aspect, count in sorted(total.items())) or "no differences"),
        "The pinned contracts are unchanged: each difference is for a decision, not a fix.",
    ]
    if absent:
        lines.append(f"Not in the source, so not compared: {', '.join(absent)}.")
    for title, found in changes.items():
        lines += ["", f"## {title} ({SCHEMA_FILES[title]})", ""]
        if not found:
            lines.append("No differences.")
            continue
        lines += ["| where (JSON pointer) | what | difference |", "|---|---|---|"]
        lines += [f"| `{c.pointer}` | {c.aspect} | {c.detail.replace('|', chr(92) + '|')} |" for c in found]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="losant-contract contract-diff", description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--js-client", metavar="SOURCE", help="losant-rest: a folder, a .tgz, or an npm spec")
    where.add_argument("--docs", metavar="PATH", help="a copy of the docs' schemas.md, or the folder holding it")
    parser.add_argument("--out", type=Path, help=f"the Markdown diff (default: reports/{REPORT})")
    options = parser.parse_args(argv)
    try:
        out = options.out or reports_dir() / REPORT
    except SettingsError as error:
        print(f"SettingsError: {error}", file=sys.stderr)
        return SettingsError.EXIT
    try:
        source = js_client(options.js_client) if options.js_client else docs(options.docs)
        if not source.schemas:
            raise SourceError(f"{source.label}: none of the contract's schemas found ({', '.join(SCHEMA_FILES)})")
    except SourceError as error:
        print(f"contract-diff: {error}", file=sys.stderr)
        return 2
    text = markdown(source, compare(source), datetime.now(timezone.utc))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(text + f"\n(written to {out})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
