"""Where the suite may send a token: never to Losant's production host unless asked to,
never in clear text across a network unless asked to. One decision, made in settings
(a readable SettingsError line) and again in the client's transport for every request.

The host is judged the way the HTTP library will connect to it, not as it is written:
`https://%61pi.losant.com`, `api%2elosant%2ecom`, `API.Losant.COM.:443`, `ａｐｉ.losant.com`
and `api.losant.com\\@staging` all reach production. So every reading of the host is
taken (urllib.parse's and urllib3's, which disagree on a backslash), percent-decoded,
IDNA-mapped (both the standard library's IDNA 2003 and the `idna` package requests
uses), lower-cased and stripped of trailing dots, userinfo and port; the URL is
production if any reading is. Nothing is resolved: an IP address of production is not
recognised (a deliberate choice, not an accident this guard is for).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import unquote, urlsplit

import idna
from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

from losant_contract.vocabulary import Kind

PRODUCTION_HOSTS = frozenset({"api.losant.com"})
LOOPBACK_NAMES = frozenset({"localhost"})


class RefusedTarget(Exception):
    """A request was about to go where the settings do not allow; one readable line. No
    contract verdict: the run was set up to go somewhere it may not."""

    kind = Kind.SETUP


def readings(url: str) -> frozenset[str]:
    """Every host the HTTP library could take `url` to mean, normalised. ValueError when no
    parser finds a host."""
    raw: set[str] = set()
    try:
        raw.add(urlsplit(url).hostname or "")
    except ValueError:
        pass
    try:
        raw.add(parse_url(url).host or "")
    except (LocationParseError, ValueError):
        pass
    found = {form for host in raw if host for form in _forms(host)}
    if not found:
        raise ValueError(f"no host in {url!r}")
    return frozenset(found)


def production(url: str) -> str | None:
    """The production host `url` reaches (any reading), or None."""
    return next((host for host in sorted(readings(url)) if host in PRODUCTION_HOSTS), None)


def in_clear(url: str) -> str | None:
    """The host `url` would send a token to in clear text (plain http, not loopback), or None."""
    if urlsplit(url).scheme.lower() != "http":
        return None
    outside = sorted(host for host in readings(url) if not _loopback(host))
    return outside[0] if outside else None


def refusal(url: str, *, allow_production: bool, allow_insecure: bool) -> str | None:
    """Why the suite may not send its token to `url` (one line naming the setting), or None."""
    try:
        host = None if allow_production else production(url)
        clear = None if allow_insecure else in_clear(url)
    except ValueError:
        return "LOSANT_API_URL has no host the suite can read: use a URL such as https://api.staging.example.com"
    if host is not None:
        return (
            f"LOSANT_API_URL reaches Losant's production host {host}: point it at staging, "
            "or set LOSANT_ALLOW_PRODUCTION=yes if you really mean production"
        )
    if clear is not None:
        return (
            f"LOSANT_API_URL sends the token to {clear} in clear text (plain http): use https, "
            "or set LOSANT_ALLOW_INSECURE=yes if the network between is yours"
        )
    return None


def _forms(host: str) -> set[str]:
    """`host` percent-decoded (as often as it decodes), IDNA-mapped both ways, lower case,
    without trailing dots or IPv6 brackets."""
    decoded = [host]
    while len(decoded) < 4 and unquote(decoded[-1]) != decoded[-1]:
        decoded.append(unquote(decoded[-1]))
    forms = set()
    for each in decoded:
        forms.add(each)
        try:
            forms.add(each.encode("idna").decode("ascii"))
        except UnicodeError:
            pass
        try:
            forms.add(idna.encode(each, uts46=True).decode("ascii"))
        except (idna.IDNAError, UnicodeError, ValueError):
            pass
    return {form.strip("[]").lower().rstrip(".") for form in forms}


def _loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
