"""How long the whole suite takes against the embedded mock, serial and with pytest-xdist
workers, and how many requests it makes: what parallel runs buy (and cost: each worker
builds its own corpus and mints its own tokens). Prints a table; asserts nothing.

    .venv/bin/python -m benchmarks.suite_speed [--workers 0 2 4] [--seed 1]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REQUESTS = re.compile(r"requests made against .*?: (\d+)")
SUMMARY = re.compile(r"^=* ?(\d+ (?:passed|failed|error).*?) in [0-9.]+s", re.MULTILINE)


def run(workers: int, seed: str) -> tuple[float, str, str]:
    """(wall seconds, requests made, pytest's summary) for one run of the suite."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOSANT_")}
    with tempfile.TemporaryDirectory() as reports:
        env.update(
            LOSANT_API_URL="",
            LOSANT_PROFILE="quick",
            LOSANT_SEED=seed,
            LOSANT_REPORTS_DIR=reports,
            PYTHONPATH=str(ROOT),
        )
        command = [sys.executable, "-m", "pytest", "suites", "-q", "-p", "no:cacheprovider"]
        command += ["-n", str(workers)] if workers else []
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - started
    requests = REQUESTS.findall(done.stdout)
    summary = SUMMARY.findall(done.stdout)
    return wall, requests[-1] if requests else "?", summary[-1] if summary else f"exit {done.returncode}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[0, 2, 4], help="0 means serial")
    parser.add_argument("--seed", default="1")
    options = parser.parse_args()
    print(f"suite against the embedded mock, LOSANT_PROFILE=quick, LOSANT_SEED={options.seed}, {os.cpu_count()} CPUs")
    print(f"{'run':<12} {'wall s':>7} {'requests':>9}  outcome")
    for workers in options.workers:
        wall, requests, summary = run(workers, options.seed)
        print(f"{'serial' if not workers else f'-n {workers}':<12} {wall:>7.1f} {requests:>9}  {summary}", flush=True)


if __name__ == "__main__":
    main()
