"""`python -m losant_contract.mock` (or `losant-mock`): serve the mock until Ctrl-C.

Stdout is a valid .env file: a comment with the URL, then the settings lines, so
`losant-mock > .env` points the suite at it.
"""

from __future__ import annotations

import argparse
import math
import signal
import sys
import threading

from . import transport
from .faults import CONTROLS, FAULTS, VARIATIONS
from .server import MockServer


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="losant-mock", description="Serve the embedded Losant mock.")
    parser.add_argument("--port", type=int, default=0, help="TCP port on 127.0.0.1 (default: any free port)")
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="NAME",
        choices=sorted({*VARIATIONS, *transport.FAULTS}),
        help="inject a fault or control (repeatable; see --list-faults)",
    )
    parser.add_argument(
        "--foreign",
        type=int,
        default=0,
        metavar="N",
        help="pre-fill N integrations the suite did not create",
    )
    parser.add_argument(
        "--latency",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="every request waits this long before it is served, like a remote link (e.g. 0.05)",
    )
    parser.add_argument(
        "--write-delay",
        type=_seconds,
        default=0.0,
        metavar="SECONDS",
        help="every POST, PATCH and DELETE is answered this much later, on top of --latency (e.g. 0.5)",
    )
    parser.add_argument(
        "--max-in-flight",
        type=_at_least_one,
        metavar="N",
        help="at most N requests in flight at once; one more is answered 429 (default: no limit)",
    )
    parser.add_argument(
        "--max-per-second",
        type=_at_least_one,
        metavar="N",
        help="at most N requests let through in any second; one more is answered 429 (default: no limit)",
    )
    parser.add_argument(
        "--no-retry-after",
        dest="retry_after",
        action="store_false",
        help="the limits' 429s carry no Retry-After (default: Retry-After: 1)",
    )
    parser.add_argument("--list-faults", action="store_true", help="list faults and controls, then exit")
    return parser.parse_args(argv)


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 <= value < math.inf:
        raise argparse.ArgumentTypeError(f"must be a number of seconds >= 0, got {text!r}")
    return value


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {text!r}")
    return value


def _listing() -> str:
    rows = [(v.name, "fault", v.area, v.description) for v in FAULTS.values()]
    rows += [(v.name, "control", v.area, v.description) for v in CONTROLS.values()]
    rows += [(name, "fault", "transport", text) for name, text in transport.FAULTS.items()]
    width = max((len(row[0]) for row in rows), default=0)
    return "\n".join(f"{name:<{width}}  {role:<7}  {area:<11}  {text}" for name, role, area, text in rows)


def main(argv: list[str] | None = None) -> int:
    options = _arguments(argv)
    if options.list_faults:
        print(_listing())
        return 0
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with MockServer(
        faults=options.fault,
        foreign=options.foreign,
        port=options.port,
        latency=options.latency,
        write_delay=options.write_delay,
        max_in_flight=options.max_in_flight,
        max_per_second=options.max_per_second,
        retry_after=options.retry_after,
    ) as mock:
        print(f"# Losant mock serving at {mock.url} (Ctrl-C to stop)")
        print("\n".join(mock.tokens_env()), flush=True)
        try:
            while not stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
