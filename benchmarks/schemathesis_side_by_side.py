"""Our suite and Schemathesis side by side: which mock faults each catches, which
controls (and the correct mock) each flags, and what each costs in time and requests.

    .venv/bin/python -m benchmarks.schemathesis_side_by_side [--jobs 2] [--max-examples 30]
        [--timeout 600] [--seed 1] [--kill-matrix PATH | --fresh] [--only NAME ...]

Our suite's column comes from reports/kill-matrix.json (re-run through
`losant_contract.kill_matrix` with --fresh, or when missing, short of a variation or older
than the mock or the suite). Schemathesis (the separate .venv-schemathesis) runs once per
variation with contracts/openapi.json, all checks, all phases and a fixed budget against an
in-process mock that counts the requests it receives; without an example database, so that
no run replays another's failures. Prints figures only; writes
reports/schemathesis-side-by-side.md (and .json with every failing check).
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import datetime, timezone
from pathlib import Path

from losant_contract import settings
from losant_contract.kill_matrix import BASELINE
from losant_contract.mock import MockServer
from losant_contract.mock.faults import CONTROLS, FAULTS

ROOT = Path(__file__).resolve().parent.parent
#: The reports directory as every command reads it (LOSANT_REPORTS_DIR), from the checkout.
REPORTS = ROOT / settings.reports_dir(dotenv_path=ROOT / ".env")
SCHEMATHESIS = ROOT / ".venv-schemathesis" / "bin" / "schemathesis"
OPENAPI = ROOT / "contracts" / "openapi.json"
#: What the kill matrix measures: a kill-matrix.json older than any of these is stale.
MEASURED = [*(ROOT / "losant_contract" / "mock").glob("*.py"), *(ROOT / "suites").glob("*.py")]
PHASES = "examples,coverage,fuzzing,stateful"


# -- our suite: the kill matrix ------------------------------------------------------------


def kill_matrix(path: Path | None, names: list[str], jobs: int, fresh: bool) -> tuple[dict[str, dict], Path, str]:
    """Kill-matrix rows by name, their file and where it came from (a given file is used as is)."""
    if path is not None:
        return _rows(path), path, f"{path} (given)"
    path = REPORTS / "kill-matrix.json"
    stale = fresh or not path.is_file() or path.stat().st_mtime < max(p.stat().st_mtime for p in MEASURED)
    if stale or not set(names) <= set(_rows(path)):
        only = [n for n in names if n != BASELINE] if len(names) < len(FAULTS) + len(CONTROLS) + 1 else []
        out = Path(tempfile.mkdtemp(prefix="side-by-side-km-")) if only else path.parent
        command = [sys.executable, "-m", "losant_contract.kill_matrix", "--jobs", str(jobs)]
        command += ["--out", str(out)] + (["--only", *only] if only else [])
        print("running the kill matrix:", shlex.join(command[1:]), flush=True)
        subprocess.run(command, cwd=ROOT, check=False)  # exits 1 on a miss: still a verdict
        path = out / "kill-matrix.json"
        return _rows(path), path, f"{path} (run now)"
    return _rows(path), path, f"{path} (of {_stamp(path)})"


def _rows(path: Path) -> dict[str, dict]:
    return {row["name"]: row for row in json.loads(path.read_text())} if path.is_file() else {}


def _wall(path: Path) -> str:
    """The wall time kill_matrix wrote beside its JSON (in kill-matrix.md), if any."""
    found = re.search(r"wall time (\d+ s)", _read(path.with_suffix(".md")))
    return found.group(1) if found else "unknown"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def _stamp(path: Path) -> str:
    return f"{datetime.fromtimestamp(path.stat().st_mtime, timezone.utc):%Y-%m-%d %H:%M} UTC"


# -- Schemathesis: one run per variation ---------------------------------------------------


def schemathesis(name: str, budget: dict) -> dict:
    """Run Schemathesis against a fresh mock with `name` injected; failures, time, requests."""
    with (
        tempfile.TemporaryDirectory(prefix="side-by-side-") as work,
        MockServer(faults=() if name == BASELINE else [name]) as mock,
    ):
        counted = _count_requests(mock)
        config = Path(work) / "schemathesis.toml"
        config.write_text(
            f'headers = {{ Authorization = "Bearer {mock.admin_token}" }}\n\n'
            f'[parameters]\n"path.applicationId" = "{mock.application_id}"\n'
        )
        command = [
            str(SCHEMATHESIS), "--config-file", str(config), "run", str(OPENAPI), "--url", mock.url,
            "--checks", "all", "--mode", "all", "--phases", PHASES, "--workers", "1",
            "--max-examples", str(budget["max_examples"]), "--seed", str(budget["seed"]),
            "--request-timeout", "10", "--generation-database", "none", "--no-color",
            "--output-sanitize", "false",  # keep the mock's throwaway tokens; _curl names the admin one
            "--report", "ndjson,json",
            "--report-dir", work,
        ]  # fmt: skip
        started, status = time.monotonic(), "done"
        try:
            done = subprocess.run(  # in `work`: nothing lands in the repository
                command, cwd=work, capture_output=True, text=True, timeout=budget["timeout"]
            )
            if done.returncode not in (0, 1):
                status = f"exit {done.returncode}: {_tail(done.stdout + done.stderr)}"
        except subprocess.TimeoutExpired:
            status = f"cut at {budget['timeout']} s (failures so far kept)"
        seconds = round(time.monotonic() - started, 1)
        failures = _failures(Path(work), mock)
        errors = _errors(Path(work))
    return {"name": name, "status": status, "seconds": seconds, "requests": counted[0],
            "failures": failures, "errors": errors}  # fmt: skip


def _count_requests(mock: MockServer) -> list[int]:
    """Count every request line the mock parses (malformed ones too), in a one-item list."""
    counted, lock = [0], threading.Lock()
    handler = mock._httpd.RequestHandlerClass

    class Counting(handler):
        def parse_request(self) -> bool:
            with lock:
                counted[0] += 1
            return super().parse_request()

    mock._httpd.RequestHandlerClass = Counting
    return counted


def _failures(work: Path, mock: MockServer) -> list[dict]:
    """One entry per (check, code, operation): the shortest failing request found for it."""
    found: dict[tuple, dict] = {}
    for report in work.glob("ndjson-*.ndjson"):
        for line in report.read_text().splitlines():
            event = json.loads(line).get("ScenarioFinished") if line.strip() else None
            recorder = (event or {}).get("recorder") or {}
            for case, checks in recorder.get("checks", {}).items():
                for check in checks:
                    if check.get("status") != "failure":
                        continue
                    failure = check["failure_info"]["failure"]
                    exchange = recorder.get("interactions", {}).get(case) or {}
                    entry = {
                        "check": check["name"], "code": failure.get("code", ""),
                        "title": failure.get("title", ""),
                        "operation": failure.get("operation", ""),
                        "message": failure.get("message", "").replace("\n", "; ")[:200],
                        "request": _curl(exchange.get("request") or {}, mock),
                        "status": (exchange.get("response") or {}).get("status_code"),
                        "phase": event.get("phase", ""),
                    }  # fmt: skip
                    key = (entry["check"], entry["code"], entry["operation"])
                    if key not in found or len(entry["request"]) < len(found[key]["request"]):
                        found[key] = entry
    return sorted(found.values(), key=lambda f: (f["check"], f["operation"]))


def _errors(work: Path) -> list[str]:
    """Errors (not check failures) from Schemathesis' JSON report, one line each."""
    lines = []
    for report in work.glob("json-*.json"):
        for error in json.loads(report.read_text()).get("errors", []):
            lines.append(_tail(json.dumps(error), 200))
    return lines


def _curl(request: dict, mock: MockServer) -> str:
    """The request as a curl line; the mock's URL, application and admin token as variables."""
    if not request:
        return ""

    def variables(text: str) -> str:
        """Double-quoted for a shell, the mock's own values as variables it expands."""
        for char in '\\"$`':
            text = text.replace(char, "\\" + char)
        for value, name in names.items():
            text = text.replace(value, name)
        return f'"{text}"'

    names = {mock.url: "$LOSANT_API_URL", mock.application_id: "$LOSANT_APPLICATION_ID"}
    names[mock.admin_token] = "$LOSANT_API_TOKEN"
    parts = ["curl", "-X", request["method"]]
    for header, values in (request.get("headers") or {}).items():
        parts += [f"-H {variables(f'{header}: {value}')}" for value in values]
    body = request.get("body")
    if isinstance(body, dict) and "$base64" in body:
        body = base64.b64decode(body["$base64"]).decode("utf-8", "backslashreplace")
    elif isinstance(body, dict):
        body = body.get("string")
    if body:
        parts.append(f"--data-raw {shlex.quote(body if len(body) <= 300 else body[:300] + '...(cut)')}")
    return " ".join(parts + [variables(request["uri"])])


def _tail(text: str, limit: int = 160) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return (lines[-1] if lines else "")[:limit]


# -- the table -----------------------------------------------------------------------------


def plan(only: list[str] | None) -> list[tuple[str, str, str]]:
    rows = [(BASELINE, "baseline", "the mock as the contract says")]
    rows += [(n, "fault", v.description) for n, v in FAULTS.items()]
    rows += [(n, "control", v.description) for n, v in CONTROLS.items()]
    return [r for r in rows if not only or r[0] in only or r[1] == "baseline"]


def ours(row: dict | None, kind: str) -> str:
    if row is None:
        return "not run"
    if row["outcome"] in ("caught", "flagged"):
        verdict = "caught" if kind == "fault" else "**false alarm**"
        return f"{verdict}: `{row['caught_by']}`"
    return {"missed": "**missed**", "passed": "passed"}.get(row["outcome"], row["outcome"])


def theirs(result: dict, kind: str) -> str:
    checks = sorted({f"{f['check']} ({f['code']})" for f in result["failures"]})
    if checks:
        return ("caught" if kind == "fault" else "**false alarm**") + ": " + ", ".join(checks)
    if result["status"] != "done" or result["errors"]:
        return f"error: {result['status'] if result['status'] != 'done' else result['errors'][0]}"
    return "**missed**" if kind == "fault" else "passed"


def markdown(plan_rows, matrix, source, results, budget, walls) -> str:
    when = datetime.now(timezone.utc)
    version = subprocess.run([SCHEMATHESIS, "--version"], capture_output=True, text=True).stdout
    cores, python = len(os.sched_getaffinity(0)), platform.python_version()
    machine = f"{cores} cores (nproc), {platform.machine()}, Python {python}"
    lines = [
        "# Our suite and Schemathesis, side by side",
        "",
        f"Measured {when:%Y-%m-%d %H:%M} UTC on {machine}; {version.strip()}.",
        f"Schemathesis budget per run [^budget]: `--checks all --mode all --phases {PHASES} "
        f"--max-examples {budget['max_examples']} --seed {budget['seed']} --workers 1 "
        "--request-timeout 10 --generation-database none`, "
        f"cut after {budget['timeout']} s; {budget['jobs']} runs at a time, "
        "one fresh mock per run, requests counted at the mock.",
        f"Our suite: {source}; `pytest suites -x` with LOSANT_PROFILE=quick, one mock per run.",
        f"Machine load (5-minute average, other work included): {walls['load']}.",
        "",
        "| variation | kind | our suite | Schemathesis | ours s | ST s | ours req | ST req |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, kind, _ in plan_rows:
        row, result = matrix.get(name), results[name]
        lines.append(
            f"| `{name}` | {kind} | {ours(row, kind)} | {theirs(result, kind)} | "
            f"{row['seconds'] if row else ''} | {result['seconds']} | "
            f"{(row or {}).get('requests') or 'n/a'} | {result['requests']} |"
        )
    lines += ["", *totals(plan_rows, matrix, results, walls), ""]
    lines += only_schemathesis(plan_rows, matrix, results)
    lines += ["", "## Every failing Schemathesis check (shortest request found)", ""]
    for name, kind, _ in plan_rows:
        lines += [f"- `{name}` ({kind}) {line}" for line in _by_check(results[name]["failures"])]
    lines += ["", "## What each variation is", ""]
    lines += [f"- `{name}`: {text}" for name, _, text in plan_rows]
    lines += ["", *NOTES]
    return "\n".join(lines) + "\n"


def totals(plan_rows, matrix, results, walls) -> list[str]:
    names = [n for n, _, _ in plan_rows]
    faults = [n for n, k, _ in plan_rows if k == "fault"]
    clean = [n for n, k, _ in plan_rows if k != "fault"]
    our = {n: matrix.get(n) or {} for n in names}
    ours_caught = {n for n in faults if our[n].get("outcome") == "caught"}
    st_caught = {n for n in faults if results[n]["failures"]}
    ours_alarms = [n for n in clean if our[n].get("outcome") != "passed"]
    st_alarms = [n for n in clean if results[n]["failures"] or results[n]["status"] != "done"]
    ours_req = [our[n].get("requests") for n in names]
    unknown = sum(r is None for r in ours_req)
    return [
        "## Totals",
        "",
        "| | our suite | Schemathesis |",
        "|---|---|---|",
        f"| faults caught (of {len(faults)}) | {len(ours_caught)} | {len(st_caught)} |",
        f"| caught only by this tool | {len(ours_caught - st_caught)} | {len(st_caught - ours_caught)} |",
        f"| caught by neither | {len(set(faults) - ours_caught - st_caught)} | |",
        f"| false alarms (of {len(clean)}: controls + correct mock) [^alarms] "
        f"| {len(ours_alarms)}{_names(ours_alarms)} | {len(st_alarms)}{_names(st_alarms)} |",
        f"| sum of per-run seconds | {sum(our[n].get('seconds', 0) for n in names):.0f} "
        f"| {sum(results[n]['seconds'] for n in names):.0f} |",
        f"| wall time of this comparison's phase [^wall] | {walls['ours']} | {walls['schemathesis']:.0f} s |",
        f"| requests made, all runs [^requests] | {sum(r or 0 for r in ours_req)}"
        f"{f' ({unknown} runs unknown)' if unknown else ''} "
        f"| {sum(results[n]['requests'] for n in names)} |",
        f"| requests, correct mock only | {our[BASELINE].get('requests') or 'n/a'} | {results[BASELINE]['requests']} |",
    ]


def only_schemathesis(plan_rows, matrix, results) -> list[str]:
    lines = ["## Faults Schemathesis catches and our suite misses", ""]
    for name, kind, _ in plan_rows:
        missed = (matrix.get(name) or {}).get("outcome") != "caught"
        if kind == "fault" and missed:
            lines += [f"- `{name}`: {line}" for line in _by_check(results[name]["failures"])]
    return lines if len(lines) > 2 else lines + ["None."]


def _by_check(failures: list[dict]) -> list[str]:
    """One line per failing check: the shortest request found, and where else it failed."""
    lines = []
    for check in sorted({(f["check"], f["code"]) for f in failures}):
        same = [f for f in failures if (f["check"], f["code"]) == check]
        f = min(same, key=lambda f: len(f["request"]))
        more = f" (and {len(same) - 1} more operations)" if len(same) > 1 else ""
        lines.append(
            f"{f['check']} ({f['code']} {f['title']}) on {f['operation']}{more} "
            f"[{f['phase']}], got {f['status']}: {f['message'][:100]}; `{f['request']}`"
        )
    return lines


def _names(names: list[str]) -> str:
    return f" ({', '.join(f'`{n}`' for n in names)})" if names else ""


NOTES = [
    "[^alarms]: Any Schemathesis failure on a control or the correct mock counts as a false "
    "alarm, even where contracts/openapi.json cannot say what contract-decisions.md allows: "
    "`sortDirection=ASC`/`DESC` may be accepted or refused (section 3) but the OpenAPI enum "
    "is `asc`/`desc`, so negative_data_rejection may expect a 4xx for `ASC`; a token lacking "
    "the scope may get 401 or 403 (section 1) and a malformed id 400 or 404 (section 2), "
    "while OpenAPI lists codes per operation, not per case. Our suite encodes those "
    "decisions; Schemathesis sees only the document.",
    "[^wall]: Our suite: the kill matrix's wall time, measured here when this script ran it, "
    "else as kill-matrix.md beside the JSON records it. Our runs use `-x` (stop at the first "
    "failure), so a caught fault costs less than a full run; Schemathesis always spends its "
    "whole budget.",
    "[^budget]: `--generation-database none`: with Hypothesis' example database (the default, "
    "in the working directory) a failure found in one run is replayed in every later run, and "
    "one finding then shows up against every fault and control.",
    "[^requests]: Ours: the suite's own count (`requests made against ...: N`), up to the "
    "first failure. Schemathesis: every request line the mock parsed, counted by a wrapper "
    "around the mock's handler in this process.",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2, help="runs at a time (default 2)")
    parser.add_argument("--max-examples", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=600, help="seconds one Schemathesis run may take")
    parser.add_argument("--kill-matrix", type=Path, help="use this kill-matrix.json as is")
    parser.add_argument("--fresh", action="store_true", help="re-run the kill matrix even if it is current")
    parser.add_argument("--only", nargs="*", help="just these faults or controls (+ the correct mock)")
    parser.add_argument("--out", type=Path, default=REPORTS / "schemathesis-side-by-side.md")
    args = parser.parse_args(argv)
    unknown = set(args.only or ()) - set(FAULTS) - set(CONTROLS)
    if unknown:
        parser.error(f"unknown variation(s): {', '.join(sorted(unknown))}")
    if not SCHEMATHESIS.exists():
        parser.error(
            "Schemathesis is not installed: python3 -m venv .venv-schemathesis && "
            ".venv-schemathesis/bin/pip install schemathesis"
        )
    budget = {"max_examples": args.max_examples, "seed": args.seed, "timeout": args.timeout,
              "jobs": args.jobs}  # fmt: skip
    rows = plan(args.only)

    started, load = time.monotonic(), os.getloadavg()[1]
    matrix, path, source = kill_matrix(args.kill_matrix, [n for n, _, _ in rows], args.jobs, args.fresh)
    walls = {"ours": f"{time.monotonic() - started:.0f} s" if "run now" in source else _wall(path)}

    started, results = time.monotonic(), {}
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(schemathesis, name, budget): (name, kind) for name, kind, _ in rows}
        for future in as_completed(futures):
            name, kind = futures[future]
            results[name] = result = future.result()
            print(f"{kind:8} {name:36} {result['seconds']:6.1f}s {result['requests']:5} req  "
                  f"{theirs(result, kind)}", flush=True)  # fmt: skip
    walls["schemathesis"] = time.monotonic() - started
    walls["load"] = f"{load:.1f} at the start, {os.getloadavg()[1]:.1f} at the end"

    text = markdown(rows, matrix, source, results, budget, walls)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(text)
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
