"""The pieces of the reports, without a run: exchanges are redacted, failures get the
right verdict, and Allure's side files say what they must."""

from __future__ import annotations

import json
import re

import pytest
import requests
from handmade import response

from losant_contract import allure_files, decisions_page, exchange, redact, verdicts
from losant_contract.client import TransportError
from losant_contract.oracles import ScopeLeak, ServerError, Violation
from losant_contract.preflight import PreflightError
from losant_contract.verdicts import SetupError
from losant_contract.vocabulary import Kind

SECRET = "s3cr3t-token-value-for-the-reporting-tests"


@pytest.fixture(autouse=True)
def registered_secret(monkeypatch):
    """Only this module's secret is known (other tests register their own)."""
    monkeypatch.setattr(redact, "_secrets", {})
    redact.register(SECRET, "$LOSANT_API_TOKEN")


def sent(body: bytes | None = None, headers: dict | None = None) -> requests.Response:
    made = response(201, {"id": "x", "token": "minted-secret-value", "note": f"echo {SECRET}"}, method="POST")
    made.request = requests.Request(
        "POST",
        "http://mock/applications/a/tokens",
        data=body,
        headers={"Authorization": f"Bearer {SECRET}", "Content-Type": "application/json", **(headers or {})},
    ).prepare()
    return made


# exchanges ---------------------------------------------------------------------------


def test_request_and_response_documents_hide_every_credential():
    made = sent(json.dumps({"name": "n", "token": "posted-secret"}).encode())
    text = exchange.request_json(made.request) + exchange.response_json(made) + exchange.reproduce(made)
    for secret in (SECRET, "minted-secret-value", "posted-secret"):
        assert secret not in text
    request = json.loads(exchange.request_json(made.request))
    assert request["headers"]["Authorization"] == "Bearer $LOSANT_API_TOKEN"
    assert request["body"] == {"name": "n", "token": "<redacted>"}
    answer = json.loads(exchange.response_json(made))
    assert answer["status"] == 201 and answer["body"]["note"] == "echo $LOSANT_API_TOKEN"


def test_token_without_bearer_prefix_is_hidden_too():
    made = sent(headers={"Authorization": SECRET})
    assert SECRET not in exchange.request_json(made.request)


def test_bodies_that_are_not_json_are_text_and_huge_ones_are_cut():
    made = response(500, raw=b"<html>" + b"x" * (exchange.MAX_BODY + 10), content_type="text/html")
    body = json.loads(exchange.response_json(made))["body"]
    assert body.startswith("<html>") and body.endswith("characters in all]") and len(body) < exchange.MAX_BODY + 100


# verdicts ----------------------------------------------------------------------------


class Group(Exception):
    """An exception group as Hypothesis raises it (ExceptionGroup is not built in before 3.11)."""

    def __init__(self, *errors: BaseException) -> None:
        super().__init__("group")
        self.exceptions = errors


def refusal_served() -> ScopeLeak:
    return ScopeLeak(
        "GET Integrations with scope all.Device must be refused", "expected 401 or 403, got 200", response(200, {})
    )


@pytest.mark.parametrize(
    "error, kind",
    [
        (refusal_served(), Kind.SCOPE_LEAK),
        (ScopeLeak("a refused POST creates nothing", "'x' exists afterwards", response(200, {})), Kind.SCOPE_LEAK),
        # refusing an accepted scope is drift, not a leak: the check raises a plain Violation
        (
            Violation("GET Integrations with scope integrations.get", "expected 200", response(403, {})),
            Kind.CONTRACT_DRIFT,
        ),
        (ServerError("no 5xx", "server error 500", response(500, {})), Kind.SERVER_ERROR),
        # any rule broken by a 5xx exchange is the server's error
        (Violation("Integrations schema", "bad", response(500, {})), Kind.SERVER_ERROR),
        (Violation("Integrations schema", "items/0/name: 5 is not a string", response(200, {})), Kind.CONTRACT_DRIFT),
        (TransportError("GET /x: no answer"), Kind.TRANSPORT),
        (SetupError("the target will not mint a token"), Kind.SETUP),
        (PreflightError("LOSANT_API_TOKEN was rejected"), Kind.SETUP),
        (AssertionError("plain"), Kind.SUITE),  # a check that says nothing of its kind is ours to fix
        (KeyError("fixture broke"), Kind.SUITE),
        (Group(TransportError("t"), refusal_served()), Kind.SCOPE_LEAK),
        (Group(Violation("r", "x", response(200, {})), TransportError("t")), Kind.CONTRACT_DRIFT),
    ],
)
def test_the_kind_is_what_the_raiser_said(error, kind):
    assert verdicts.classify(error) is kind


def test_the_kind_never_follows_the_message():
    """The same words in a plain Violation are drift; only a ScopeLeak is a leak."""
    words = "expected 401 or 403, got 200: creates nothing"
    assert (
        verdicts.classify(Violation("a refused POST creates nothing", words, response(200, {}))) is not Kind.SCOPE_LEAK
    )


def test_first_finds_a_violation_inside_a_hypothesis_group():
    inner = refusal_served()
    assert verdicts.first(Group(KeyError("k"), Group(inner)), Violation) is inner
    assert verdicts.first(KeyError("k"), Violation) is None


# Allure side files -------------------------------------------------------------------


def test_every_verdict_line_lands_in_exactly_its_category():
    for kind in Kind:
        trace = f"Traceback ...\nE   Violation: x\n---- verdict ----\n{kind.line}\n"
        matching = [c["name"] for c in allure_files.categories() if re.fullmatch(c["traceRegex"], trace)]
        assert matching == [kind.title[0].upper() + kind.title[1:]]


def test_environment_properties_are_redacted_and_escaped(tmp_path):
    path = allure_files.write_environment(tmp_path, {"target": "https://staging", "note": f"a\\b\n{SECRET}"})
    assert path.read_text() == "target = https://staging\nnote = a\\\\b\\n$LOSANT_API_TOKEN\n"


def test_executor_in_github_actions_links_the_run(tmp_path):
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_SERVER_URL": "https://github.example",
        "GITHUB_REPOSITORY": "o/r",
        "GITHUB_RUN_ID": "99",
        "GITHUB_RUN_NUMBER": "12",
        "GITHUB_WORKFLOW": "nightly drift",
    }
    info = json.loads(allure_files.write_executor(tmp_path, env).read_text())
    assert info["buildUrl"] == "https://github.example/o/r/actions/runs/99" and info["buildOrder"] == 12
    assert info["buildName"] == "nightly drift #12" and info["type"] == "github"


def test_executor_only_in_ci(tmp_path):
    assert allure_files.executor({"CI": "true"})["name"] == "CI"
    assert allure_files.write_executor(tmp_path, {}) is None and not (tmp_path / "executor.json").exists()


def test_stand_alone_result_is_a_finished_allure_result_with_attachments(tmp_path):
    path = allure_files.write_result(
        tmp_path,
        "Drift report: 1 findings",
        passed=False,
        labels={"epic": "Drift", "story": "Drift report"},
        attachments={"drift.md": ("text/plain", f"# drift {SECRET}")},
        message="m",
        trace=Kind.CONTRACT_DRIFT.line,
    )
    result = json.loads(path.read_text())
    assert result["status"] == "failed" and result["stage"] == "finished"
    assert {"name": "epic", "value": "Drift"} in result["labels"]
    [attachment] = result["attachments"]
    assert (tmp_path / attachment["source"]).read_text() == "# drift $LOSANT_API_TOKEN"
    again = json.loads(
        allure_files.write_result(
            tmp_path,
            "Drift report: 2 findings",
            passed=True,
            labels={"story": "Drift report"},
            attachments={},
        ).read_text()
    )
    assert again["historyId"] == result["historyId"]  # one trend across runs, whatever the counts


# decisions page ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "heading, expected",
    [
        ("1. Authentication and scopes", "1-authentication-and-scopes"),
        ("3. GET Integrations query semantics", "3-get-integrations-query-semantics"),
        ("7. Living beside other data", "7-living-beside-other-data"),
    ],
)
def test_decision_anchor_is_the_markdown_anchor(heading, expected):
    assert decisions_page.anchor(heading) == expected


def test_decisions_page_gives_every_heading_its_anchor(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "contract-decisions.md").write_text("# Title\n\n## 1. Scopes <here>\n- a & b\n")
    page = decisions_page.publish(tmp_path, tmp_path).read_text()
    assert '<h2 id="1-scopes-here">1. Scopes &lt;here&gt;</h2>' in page and "- a &amp; b" in page
    assert decisions_page.publish(tmp_path / "nowhere", tmp_path).read_text().startswith("<!doctype html>")


def test_decisions_page_comes_from_the_package_outside_a_checkout(tmp_path, monkeypatch):
    """An installed wheel has no docs/ beside the run: the package's own copy is the page."""
    assert decisions_page.PACKAGED.is_file()
    assert decisions_page.find(tmp_path) == decisions_page.PACKAGED
    monkeypatch.setattr(decisions_page, "PACKAGED", tmp_path / "absent.md")
    assert decisions_page.publish(tmp_path / "nowhere", tmp_path) is None
