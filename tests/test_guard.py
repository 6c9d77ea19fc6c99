"""The guard on where the token may go. Losant's production host is refused in every
spelling, in the settings and in the client's transport (so in the preflight and the
sweep too), and no connection is attempted: name resolution is blocked and every lookup
recorded. With LOSANT_ALLOW_PRODUCTION the same spellings do reach the (blocked) resolver
as api.losant.com: the recorder sees what the guard prevents, so the tests can fail.
Plain http to a host that is not loopback is refused the same way, unless
LOSANT_ALLOW_INSECURE=yes."""

from __future__ import annotations

import io
import socket

import pytest

from losant_contract import guard, sweep
from losant_contract.client import ApiClient, TransportError
from losant_contract.ledger import run_prefix
from losant_contract.preflight import PreflightError, preflight
from losant_contract.settings import SettingsError, load
from losant_contract.target import Target

APP = "575ec8687ae143cd83dc4a97"
TOKEN = "production-guard-test-token-0123456789"
#: The spellings seen getting through (issue 10), then ours.
SPELLINGS = [
    "https://%61pi.losant.com",
    "https://api%2elosant%2ecom",
    "https://api.losant.co%6d:443",
    "https://api.losant.com%2e",
    "https://api.losant.com",
    "https://API.Losant.COM./",
    "https://api.losant.com..",
    "https://api.losant.com:443/v1",
    "https://%41PI.LOSANT.COM",
    "https://api.losant.com\\@staging.example.com",  # urllib3 connects to api.losant.com
    "https://staging.example.com@api.losant.com",
    "https://user:secret@api.losant.com",
    "https://ａｐｉ.ｌｏｓａｎｔ.ｃｏｍ",  # fullwidth: IDNA maps it to api.losant.com
    "https://api。losant。com",  # ideographic full stops
    "http://api.losant.com:80",
]


@pytest.fixture
def resolver(monkeypatch) -> list[object]:
    """Every host name lookup and connection attempt, recorded and refused."""
    attempts: list[object] = []

    def lookup(host, *args, **kwargs):
        attempts.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "name resolution is blocked in this test")

    def connect(address, *args, **kwargs):
        attempts.append(address)
        raise OSError("connections are blocked in this test")

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    monkeypatch.setattr(socket, "create_connection", connect)
    return attempts


def _environ(url: str, **extra: str) -> dict[str, str]:
    return {"LOSANT_API_URL": url, "LOSANT_APPLICATION_ID": APP, "LOSANT_API_TOKEN": TOKEN, **extra}


@pytest.mark.parametrize("url", SPELLINGS)
def test_settings_refuse_every_spelling_in_one_line(url):
    with pytest.raises(SettingsError) as raised:
        load(_environ(url), dotenv_path=None)
    message = str(raised.value)
    assert "LOSANT_ALLOW_PRODUCTION=yes" in message and "api.losant.com" in message
    assert "\n" not in message and TOKEN not in message and "secret" not in message


@pytest.mark.parametrize("url", SPELLINGS)
def test_the_transport_refuses_every_spelling_without_a_connection(resolver, url):
    """Built around the settings (a caller that skips them): every method. A URL requests
    cannot even parse (fullwidth letters, ideographic dots) fails before the transport, as
    a TransportError; either way nothing is looked up or connected."""
    api = ApiClient(url, TOKEN, retries=0, timeout=1)
    for method in ("GET", "POST", "PATCH", "DELETE"):
        with pytest.raises((guard.RefusedTarget, TransportError)) as raised:
            api.request(method, "/applications", json={})
        if isinstance(raised.value, guard.RefusedTarget):
            assert "LOSANT_ALLOW_PRODUCTION" in str(raised.value)
        assert TOKEN not in str(raised.value)
    assert resolver == []


def test_a_path_cannot_take_the_request_to_production(resolver):
    """base + '@api.losant.com/...' makes the base URL a user name: judged on the URL sent."""
    api = ApiClient("https://staging.example.com", TOKEN, retries=0, timeout=1)
    with pytest.raises(guard.RefusedTarget):
        api.get("@api.losant.com/applications")
    assert resolver == []


@pytest.mark.parametrize("url", SPELLINGS)
def test_the_preflight_stops_in_one_line_without_a_connection(resolver, url):
    api = ApiClient(url, TOKEN, retries=0, timeout=1)
    with pytest.raises(PreflightError) as raised:
        preflight(api, Target(url, APP, TOKEN), run_prefix())
    assert "LOSANT_API_URL" in str(raised.value) and "\n" not in str(raised.value)
    assert resolver == []


@pytest.mark.parametrize("url", SPELLINGS)
def test_the_sweep_stops_in_one_line_without_a_connection(resolver, monkeypatch, capsys, url):
    monkeypatch.chdir("/")  # no .env
    for name, value in _environ(url).items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("LOSANT_ALLOW_PRODUCTION", raising=False)
    assert sweep.main(["--dry-run"], out=io.StringIO()) == 4  # a bad setting, as from every command
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "LOSANT_ALLOW_PRODUCTION" in err
    assert resolver == []


def test_with_the_opt_in_the_same_spellings_do_reach_production(resolver):
    """The control: what the guard stops is what would have happened (the resolver is asked
    for api.losant.com), so the tests above can fail."""
    reached = []
    for url in SPELLINGS:
        resolver.clear()
        api = ApiClient(url, TOKEN, retries=0, timeout=1, allow_production=True, allow_insecure=True)
        with pytest.raises(TransportError):  # blocked resolution, or a URL requests cannot parse
            api.get("/applications")
        assert {str(host).rstrip(".").lower() for host in resolver} <= {"api.losant.com"}, url
        reached += [url] if resolver else []
    assert set(SPELLINGS[:4]) <= set(reached) and len(reached) >= len(SPELLINGS) - 3, reached  # 3 requests cannot parse
    allowed = load(_environ(SPELLINGS[0], LOSANT_ALLOW_PRODUCTION="yes"), dotenv_path=None)
    assert allowed.allow_production and allowed.api_url == SPELLINGS[0]


def test_staging_hosts_that_look_alike_are_not_production():
    for url in (
        "https://api.staging.losant.com",
        "https://api.losant.com.example.org",
        "https://xapi.losant.com",
        "https://api-losant.com",
        "https://api.losant.co",
    ):
        assert guard.production(url) is None, url
        assert load(_environ(url), dotenv_path=None).api_url == url


INSECURE = [
    "http://staging.example.com",
    "http://10.0.0.5:8080",
    "http://[2001:db8::1]",
    "http://127.0.0.1.example.org",
]
LOOPBACK = [
    "http://127.0.0.1:8080",
    "http://localhost:3000",
    "http://[::1]:8080",
    "http://127.1.2.3",
    "http://LOCALHOST.",
]


@pytest.mark.parametrize("url", INSECURE)
def test_plain_http_across_a_network_needs_the_opt_in(resolver, url):
    with pytest.raises(SettingsError) as raised:
        load(_environ(url), dotenv_path=None)
    assert "LOSANT_ALLOW_INSECURE=yes" in str(raised.value) and "\n" not in str(raised.value)
    with pytest.raises(guard.RefusedTarget, match="LOSANT_ALLOW_INSECURE"):
        ApiClient(url, TOKEN, retries=0, timeout=1).get("/applications")
    assert resolver == []
    assert load(_environ(url, LOSANT_ALLOW_INSECURE="yes"), dotenv_path=None).allow_insecure
    with pytest.raises(TransportError):  # allowed: it goes for the (blocked) network
        ApiClient(url, TOKEN, retries=0, timeout=1, allow_insecure=True).get("/applications")
    assert resolver != []


@pytest.mark.parametrize("url", LOOPBACK)
def test_plain_http_to_this_machine_is_fine(url):
    assert load(_environ(url), dotenv_path=None).api_url == url.rstrip("/")
    assert guard.refusal(url, allow_production=False, allow_insecure=False) is None


def test_https_needs_no_opt_in():
    assert guard.in_clear("https://staging.example.com") is None
