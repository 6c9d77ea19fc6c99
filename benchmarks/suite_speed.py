"""How long the quick profile takes, and how many requests it makes, in one run of each:

- against the embedded mock (the README's first command);
- against a mock in its own process that holds every request back LATENCY seconds (a
  realistic staging link), at the default settings, serially and with pytest-xdist workers.

Prints a table; asserts nothing (these machines are shared and noisy: read the figures with
the load average printed beside them).

    .venv/bin/python -m benchmarks.suite_speed [--latency 0.05] [--workers 0 4] [--seed 1] [--checkout DIR]
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

from losant_contract.mock import MockServer

ROOT = Path(__file__).resolve().parents[1]
REQUESTS = re.compile(r"requests made against .*?: (\d+)")
SUMMARY = re.compile(r"^=* ?(\d+ (?:passed|failed|error).*?) in [0-9.]+s", re.MULTILINE)


def run(seed: str, workers: int = 0, mock: MockServer | None = None, root: Path = ROOT) -> tuple[float, str, str]:
    """(wall seconds, requests made, pytest's summary) for one run of the suite."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOSANT_", "PYTEST_"))}
    with tempfile.TemporaryDirectory() as reports:
        env.update(LOSANT_PROFILE="quick", LOSANT_SEED=seed, LOSANT_REPORTS_DIR=reports, PYTHONPATH=str(root))
        if mock is not None:
            env.update(line.split("=", 1) for line in mock.tokens_env())
        command = [sys.executable, "-m", "pytest", "suites", "-q", "-p", "no:cacheprovider"]
        command += ["-n", str(workers)] if workers else []
        started = time.perf_counter()
        done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - started
    requests = REQUESTS.findall(done.stdout)
    summary = SUMMARY.findall(done.stdout)
    return wall, requests[-1] if requests else "?", summary[-1] if summary else f"exit {done.returncode}"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per request of the remote mock")
    parser.add_argument("--workers", type=int, nargs="+", default=[0, 4], help="against the remote mock; 0: serial")
    parser.add_argument("--seed", default="1")
    parser.add_argument("--checkout", type=Path, default=ROOT, help="the suite of another checkout (a before figure)")
    options = parser.parse_args()
    print(f"LOSANT_PROFILE=quick LOSANT_SEED={options.seed}; {os.cpu_count()} CPUs; load {os.getloadavg()[0]:.1f}")
    print(f"{'target':<34} {'run':<8} {'wall s':>7} {'requests':>9}  outcome")
    print(f"suite of {options.checkout}")
    wall, requests, summary = run(options.seed, root=options.checkout)
    print(f"{'embedded mock':<34} {'serial':<8} {wall:>7.1f} {requests:>9}  {summary}", flush=True)
    for workers in options.workers:
        with MockServer(latency=options.latency) as mock:  # its own thread here, the suite in another process
            wall, requests, summary = run(options.seed, workers, mock, options.checkout)
        where = f"mock, {options.latency * 1000:g} ms per request"
        print(f"{where:<34} {f'-n {workers}' if workers else 'serial':<8} {wall:>7.1f} {requests:>9}  {summary}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
