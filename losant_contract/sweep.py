"""`python -m losant_contract.sweep`: delete what killed runs left behind.

A run deletes everything it created, even when interrupted; only a run killed outright
(SIGKILL, a lost machine, a network gone during clean-up) leaves integrations or tokens
behind. They all carry the run prefix, so they can be found later. Nothing else is
touched: the name must match ledger.PREFIX_PATTERN exactly (case included) and its stamp
must be a real time older than --older-than minutes, so a run in progress is never swept.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, TextIO

from losant_contract import redact
from losant_contract.client import ApiClient, TransportError
from losant_contract.guard import RefusedTarget
from losant_contract.ledger import PREFIX_PATTERN, delete_until_gone
from losant_contract.settings import SettingsError, load
from losant_contract.target import Target

#: The default age, in minutes, of a run the sweep may take: above the longest run (a release
#: run against staging, bounded by the workflow's timeout-minutes), so a run in progress is
#: never swept. tests/test_sweep.py holds it above the workflow's timeout.
OLDER_THAN = 240
MAX_PAGES = 1000  # a walk longer than this is a broken listing, not a big application
PER_PAGE = 1000  # the documented maximum: fewest requests


class SweepError(Exception):
    """A listing could not be read, so nothing is deleted; one readable line."""


@dataclass(frozen=True)
class Leftover:
    resource: str  # "integration" or "token"
    id: str
    name: str
    started: datetime  # the run's stamp


def run_started(name: object) -> datetime | None:
    """When the run that named this started (UTC minute), or None if no run named it."""
    found = PREFIX_PATTERN.match(name) if isinstance(name, str) else None
    if found is None:
        return None
    try:
        return datetime.strptime(found.group(1), "%Y%m%d%H%M").replace(tzinfo=timezone.utc)
    except ValueError:  # twelve digits that are no date: not ours
        return None


def listing(api: ApiClient, path: str, per_page: int = PER_PAGE) -> list[dict[str, Any]]:
    """Every item of a paged collection, by id order; a page adding nothing new ends the walk."""
    items: dict[str, dict[str, Any]] = {}
    for page in range(MAX_PAGES):
        params = {"sortField": "id", "sortDirection": "asc", "page": page, "perPage": per_page}
        response = api.get(path, params=params)
        try:
            batch = response.json()["items"] if response.status_code == 200 else None
        except (ValueError, KeyError, TypeError):
            batch = None
        if not isinstance(batch, list):
            raise SweepError(f"GET {path} answered {response.status_code} without a list of items: nothing deleted")
        fresh = {
            i["id"]: i for i in batch if isinstance(i, dict) and isinstance(i.get("id"), str) and i["id"] not in items
        }
        items.update(fresh)
        if len(batch) < per_page or not fresh:
            break
    return list(items.values())


def find(
    api: ApiClient, target: Target, older_than: timedelta, *, now: datetime | None = None, per_page: int = PER_PAGE
) -> list[Leftover]:
    """Integrations and application tokens named by a run that started before now - older_than."""
    cutoff = (now or datetime.now(timezone.utc)) - older_than
    found = []
    for resource, path in (("integration", target.integrations()), ("token", target.tokens())):
        for item in listing(api, path, per_page):
            started = run_started(item.get("name"))
            if started is not None and started < cutoff:
                found.append(Leftover(resource, item["id"], item["name"], started))
    return found


def this_run(api: ApiClient, target: Target, prefix: str, unsettled: Sequence[str] = ()) -> list[str]:
    """Delete whatever still carries exactly this run's prefix; one line per item that
    could not be. The ledger's safety net: an interrupt can land after the server created
    something and before its answer reached the ledger. `unsettled`: the ledger's lines for
    what it could not delete; this pass settles those named with the prefix."""
    try:
        found = [
            Leftover(resource, item["id"], item["name"], datetime.now(timezone.utc))
            for resource, path in (("integration", target.integrations()), ("token", target.tokens()))
            for item in listing(api, path)
            if str(item.get("name", "")).startswith(prefix)
        ]
    except (SweepError, TransportError, RefusedTarget) as error:
        return [*unsettled, redact.text(f"anything else named {prefix}*: could not list to check ({error})")]
    failures = [line for line in unsettled if prefix not in line]
    for leftover in found:
        status = remove(api, target, leftover)
        if status not in (200, 404):
            failures.append(f"{leftover.resource} {leftover.id} {leftover.name!r}: DELETE answered {status}")
    return failures


def remove(api: ApiClient, target: Target, leftover: Leftover) -> int | None:
    """DELETE one leftover; the status (200 or 404: gone), None without an answer."""
    path = target.integration(leftover.id) if leftover.resource == "integration" else target.token_path(leftover.id)
    return delete_until_gone(api, path)


def sweep(
    api: ApiClient,
    target: Target,
    older_than: timedelta,
    *,
    dry_run: bool = False,
    out: TextIO = sys.stdout,
    per_page: int = PER_PAGE,
) -> int:
    """Print one line per leftover removed (or, dry, found) and a total; the exit status."""
    failed = 0
    done = 0
    for leftover in find(api, target, older_than, per_page=per_page):
        line = f"{leftover.resource} {leftover.id} {leftover.name!r}"
        if dry_run:
            _say(f"would delete {line}", out)
            done += 1
            continue
        status = remove(api, target, leftover)
        if status in (200, 404):
            _say(f"deleted {line}", out)
            done += 1
        else:
            _say(f"COULD NOT DELETE {line}: DELETE answered {status}", out)
            failed += 1
    verb = "would delete" if dry_run else "deleted"
    _say(
        f"{verb} {done} item(s) left by runs older than {older_than.total_seconds() / 60:g} minutes"
        + (f"; {failed} could not be deleted" if failed else ""),
        out,
    )
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None, out: TextIO = sys.stdout) -> int:
    parser = argparse.ArgumentParser(prog="python -m losant_contract.sweep", description=__doc__.split("\n\n")[1])
    parser.add_argument(
        "--older-than",
        type=_minutes,
        default=OLDER_THAN,
        metavar="MINUTES",
        help=f"only runs that started more than this many minutes ago (default {OLDER_THAN}: above a release run)",
    )
    parser.add_argument("--dry-run", action="store_true", help="list what would be deleted, delete nothing")
    options = parser.parse_args(argv)
    try:
        settings = load()
        if settings.embedded:
            raise SettingsError("LOSANT_API_URL is not set: the sweep cleans a live application (.env or environment)")
    except SettingsError as error:
        _say(f"SettingsError: {error}", sys.stderr)
        return SettingsError.EXIT
    assert settings.api_url is not None and settings.application_id is not None and settings.api_token is not None
    target = Target(settings.api_url, settings.application_id, settings.api_token)
    api = ApiClient(
        target.url,
        target.token,
        timeout=settings.timeout,
        max_per_second=settings.max_per_second,
        allow_production=settings.allow_production,
        allow_insecure=settings.allow_insecure,
    )
    try:
        return sweep(api, target, timedelta(minutes=options.older_than), dry_run=options.dry_run, out=out)
    except (SweepError, TransportError, RefusedTarget) as error:
        _say(f"{type(error).__name__}: {error}", sys.stderr)
        return 2
    finally:
        api.close()


def _say(line: str, out: TextIO) -> None:
    """Every line the sweep prints: it can quote what the target answered, so redacted."""
    print(redact.text(line), file=out)


def _minutes(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value < 10**7:
        raise argparse.ArgumentTypeError(f"a number of minutes >= 0, not {raw!r}")
    return value


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # one line, no traceback; what was deleted stays deleted
        _say("interrupted: the sweep stopped; run it again to finish", sys.stderr)
        sys.exit(130)
