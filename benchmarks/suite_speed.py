"""The suite's time and load against a distant, slow or rate-limited staging, one run a row:

    quick, embedded mock                        the README's first command
    quick at 50 ms                              a standalone mock that holds every request back
    quick at 50 ms, -n 4 / -n 8                 the same with that many pytest-xdist workers
    quick, every write answered after 0.5 s     a staging slow to write
    quick, rate-limited                         4 in flight, 40 a second, 429 with Retry-After: 1
    release at 50 ms                            the release profile
    release at 50 ms, -n 8

Each run is `losant-contract run` (the suite as the README runs it, through the one runner)
with only the settings that point it at the mock, and its figures come from its
results.json: wall time, requests sent, 429s met and time waited, workers, outcomes. The
mock is the embedded one in its own thread here (MockServer's latency, write delay and
limits), the suite in another process. Prints a table and the load average; asserts nothing
(these machines are shared and noisy). Schemathesis has a benchmark of its own.

    .venv/bin/python -m benchmarks.suite_speed [--rows NAME ...] [--seed 1] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from losant_contract import results, runner
from losant_contract.mock import MockServer

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Row:
    name: str
    profile: str = "quick"
    mock: dict[str, Any] | None = None  # MockServer options; None: the embedded mock
    workers: int | None = None  # -n; None: the suite's own choice
    settings: dict[str, str] = field(default_factory=dict)


def rows(latency: float) -> list[Row]:
    distant = {"latency": latency, "foreign": 25}
    return [
        Row("quick, embedded mock"),
        Row(f"quick at {latency * 1000:g} ms", mock=distant),
        Row(f"quick at {latency * 1000:g} ms, -n 4", mock=distant, workers=4),
        Row(f"quick at {latency * 1000:g} ms, -n 8", mock=distant, workers=8),
        Row("quick, one at a time at 50 ms", mock=distant, settings={"LOSANT_CONCURRENCY": "1"}),
        Row("quick, writes after 0.5 s", mock={"write_delay": 0.5, "foreign": 25}),
        Row("quick, rate-limited", mock={"max_in_flight": 4, "max_per_second": 40, "foreign": 25}),
        Row(f"release at {latency * 1000:g} ms", profile="release", mock=distant),
        Row(f"release at {latency * 1000:g} ms, -n 8", profile="release", mock=distant, workers=8),
    ]


def run(row: Row, seed: str) -> tuple[float, results.RunResult | None]:
    """(wall seconds, the run's result) for one row."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOSANT_", "PYTEST_", "HYPOTHESIS_"))}
    with tempfile.TemporaryDirectory() as reports:
        env.update(LOSANT_PROFILE=row.profile, LOSANT_SEED=seed, LOSANT_REPORTS_DIR=reports, **row.settings)
        env.update(HYPOTHESIS_STORAGE_DIRECTORY=str(Path(reports) / ".hypothesis"), LOSANT_PROGRESS="0")
        args = ["-q", "-p", "no:cacheprovider", *(["-n", str(row.workers)] if row.workers is not None else [])]
        mock = MockServer(**row.mock).start() if row.mock is not None else None
        try:
            if mock is not None:
                env.update(line.split("=", 1) for line in mock.tokens_env())
            started = time.perf_counter()
            subprocess.run(runner.command(args), cwd=ROOT, env=env, capture_output=True, text=True)
            wall = time.perf_counter() - started
        finally:
            if mock is not None:
                mock.stop()
        try:
            return wall, results.load(Path(reports))
        except results.ResultsError:
            return wall, None


def line(row: Row, wall: float, result: results.RunResult | None) -> str:
    if result is None:
        return f"{row.name:<36} {wall:>7.1f}  no results.json"
    outcome = ", ".join(f"{n} {name}" for name, n in result.outcomes().items() if n)
    return (
        f"{row.name:<36} {wall:>7.1f} {result.requests:>8} {result.rate_limited:>6} {result.waited_seconds:>7.1f} "
        f"{result.workers:>7}  {outcome} (exit {result.exit_status})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.05, help="seconds each request of the distant mock waits")
    parser.add_argument("--seed", default="1")
    parser.add_argument("--rows", nargs="*", help="only the rows whose name starts with one of these")
    options = parser.parse_args()
    chosen = [r for r in rows(options.latency) if not options.rows or r.name.startswith(tuple(options.rows))]
    print(f"LOSANT_SEED={options.seed}; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f}")
    if sys.dont_write_bytecode:  # each worker then parses and assertion-rewrites the whole suite again
        print("PYTHONDONTWRITEBYTECODE is set: every process (each worker) compiles what is not compiled yet")
    print(f"{'run':<36} {'wall s':>7} {'requests':>8} {'429s':>6} {'waited':>7} {'workers':>7}  outcome")
    for row in chosen:
        wall, result = run(row, options.seed)
        print(line(row, wall, result), flush=True)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
