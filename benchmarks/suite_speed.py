"""How long the quick profile takes, and how many requests it makes, in one run of each:

- against the embedded mock (the README's first command);
- against a mock in its own process that holds every request back LATENCY seconds (a
  realistic staging link), at the default settings, serially and with pytest-xdist workers.

Prints a table; asserts nothing (these machines are shared and noisy: read the figures with
the load average printed beside them). The figures come from each run's results.json.

    .venv/bin/python -m benchmarks.suite_speed [--latency 0.05] [--workers 0 4] [--seed 1]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path

from losant_contract import results, runner
from losant_contract.mock import MockServer

ROOT = Path(__file__).resolve().parents[1]


def run(seed: str, workers: int = 0, mock: MockServer | None = None) -> tuple[float, results.RunResult | None]:
    """(wall seconds, the run's result) for one run of the suite, as `losant-contract run`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOSANT_", "PYTEST_", "HYPOTHESIS_"))}
    with tempfile.TemporaryDirectory() as reports:
        env.update(LOSANT_PROFILE="quick", LOSANT_SEED=seed, LOSANT_REPORTS_DIR=reports)
        env["HYPOTHESIS_STORAGE_DIRECTORY"] = str(Path(reports) / ".hypothesis")
        if mock is not None:
            env.update(line.split("=", 1) for line in mock.tokens_env())
        args = ["-q", "-p", "no:cacheprovider", *(["-n", str(workers)] if workers else [])]
        started = time.perf_counter()
        subprocess.run(runner.command(args), cwd=ROOT, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - started
        try:
            return wall, results.load(Path(reports))
        except results.ResultsError:
            return wall, None


def _row(where: str, how: str, wall: float, result: results.RunResult | None) -> str:
    if result is None:
        return f"{where:<34} {how:<8} {wall:>7.1f} {'?':>9}  no results.json"
    outcome = ", ".join(f"{n} {name}" for name, n in result.outcomes().items() if n)
    return f"{where:<34} {how:<8} {wall:>7.1f} {result.requests:>9}  {outcome} (exit {result.exit_status})"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.05, help="seconds per request of the remote mock")
    parser.add_argument("--workers", type=int, nargs="+", default=[0, 4], help="against the remote mock; 0: serial")
    parser.add_argument("--seed", default="1")
    options = parser.parse_args()
    print(f"LOSANT_PROFILE=quick LOSANT_SEED={options.seed}; {os.cpu_count()} CPUs; load {os.getloadavg()[0]:.1f}")
    print(f"{'target':<34} {'run':<8} {'wall s':>7} {'requests':>9}  outcome")
    print(_row("embedded mock", "serial", *run(options.seed)), flush=True)
    for workers in options.workers:
        with MockServer(latency=options.latency) as mock:  # its own thread here, the suite in another process
            wall, result = run(options.seed, workers, mock)
        where = f"mock, {options.latency * 1000:g} ms per request"
        print(_row(where, f"-n {workers}" if workers else "serial", wall, result), flush=True)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
