"""The result file: every run writes results.json, a real run's file validates against the
schema that ships in the package, its words are the vocabulary's, and the reader refuses
what is not a results file (one line, never a traceback)."""

from __future__ import annotations

import json

import pytest
import suite_process

from losant_contract import results
from losant_contract.mock import MockServer
from losant_contract.vocabulary import AREAS, Kind


def test_the_schema_speaks_the_vocabulary():
    schema = json.loads(results.SCHEMA_PATH.read_text())
    assert schema["$defs"]["area"]["enum"] == list(AREAS)
    assert schema["$defs"]["kind"]["enum"] == [kind.title for kind in Kind]
    assert schema["$defs"]["check"]["properties"]["outcome"]["enum"] == list(results.OUTCOMES)


@pytest.fixture(scope="module")
def a_real_run(tmp_path_factory):
    """A run with passes, failures in checks (create-answers-200: contract drift), errors in
    set-up (the corpus and the integration to scope cannot be created as documented) and
    skips (scopes no token is given for)."""
    reports = tmp_path_factory.mktemp("reports")
    with MockServer(faults=["create-answers-200"]) as mock:
        env = suite_process.environment(mock, reports=reports, LOSANT_SEED="3")
        for name in [n for n in env if n.startswith("LOSANT_SCOPE_TOKEN_")]:
            env[name] = ""  # the organisation and user scopes: skipped, naming their setting
        done = suite_process.run(["suites/test_scopes.py", "suites/test_sorting.py", "-q"], env)
    return done, reports


def test_a_real_run_validates_against_the_schema(a_real_run):
    done, reports = a_real_run
    document = json.loads((reports / results.FILE_NAME).read_text())
    assert results.problems(document) == []
    run = results.load(reports)
    assert run.exit_status == done.returncode == 1, done.stdout[-2000:]
    assert {check.outcome for check in run.checks} == set(results.OUTCOMES), run.outcomes()
    assert document["outcomes"] == run.outcomes() and document["requests"] == run.requests > 0
    assert sum(run.kinds().values()) == run.outcomes()["failed"] + run.outcomes()["error"]


def test_each_check_says_what_came_of_it(a_real_run):
    _, reports = a_real_run
    run = results.load(reports)
    failed = [check for check in run.checks if check.outcome == results.FAILED]
    assert failed and all(check.kind == Kind.CONTRACT_DRIFT.title and check.rule for check in failed)
    assert all(check.reason and "\n" not in check.reason and check.failed_after is not None for check in failed)
    assert any(check.curl and check.curl.startswith("curl ") for check in failed)
    errors = [check for check in run.checks if check.outcome == results.ERROR]
    assert errors and all(check.kind == Kind.CONTRACT_DRIFT.title for check in errors)  # the corpus, say
    skipped = [check for check in run.checks if check.outcome == results.SKIPPED]
    assert skipped and all("LOSANT_SCOPE_TOKEN_" in check.reason for check in skipped)
    assert all(check.kind is None for check in run.checks if not check.failed)


def test_the_reader_refuses_what_is_not_a_results_file(tmp_path):
    with pytest.raises(results.ResultsError, match="no results file"):
        results.load(tmp_path)
    (tmp_path / results.FILE_NAME).write_text('{"format": 1, "target": 3}')
    with pytest.raises(results.ResultsError, match="breaks results.schema.json") as raised:
        results.load(tmp_path)
    assert "\n" not in str(raised.value)
    (tmp_path / results.FILE_NAME).write_text('{"format": 99}')
    with pytest.raises(results.ResultsError, match="not a results file of format 1"):
        results.load(tmp_path)
