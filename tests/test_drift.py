"""Drift detection finds what the documents do not describe, and only that; the report
marks as new only what the previous run against the same target did not see."""

from __future__ import annotations

import json

import pytest

from losant_contract import drift, drift_report
from losant_contract.drift import Finding

APP = "575ec8687ae143cd83dc4a97"
ID = "58ec07f20c747f65243d0d76"
LIST = f"/applications/{APP}/integrations"
ONE = f"{LIST}/{ID}"


def integration(**extra) -> dict:
    return {
        "id": ID,
        "integrationId": ID,
        "applicationId": APP,
        "name": "n",
        "integrationType": "mqtt",
        "creationDate": "2016-06-13T04:00:00.000Z",
        "lastUpdated": "2016-06-13T04:00:00.000Z",
        **extra,
    }


def listing(*items: dict) -> dict:
    return {
        "items": list(items),
        "count": len(items),
        "totalCount": len(items),
        "perPage": 1000,
        "page": 0,
        "sortField": "name",
        "sortDirection": "asc",
        "applicationId": APP,
    }


def found(method: str, path: str, status: int, body: object, content_type: str = "application/json") -> list[Finding]:
    text = body if isinstance(body, str) else json.dumps(body)
    return drift.findings(method, path, status, content_type, text)


# which operation -----------------------------------------------------------------


@pytest.mark.parametrize(
    "method, path, expected",
    [
        ("GET", LIST, "GET /applications/{applicationId}/integrations"),
        ("POST", LIST, "POST /applications/{applicationId}/integrations"),
        ("PATCH", ONE, "PATCH /applications/{applicationId}/integrations/{integrationId}"),
        ("get", "/api/v1" + ONE + "/", "GET /applications/{applicationId}/integrations/{integrationId}"),  # base path
        ("DELETE", f"/applications/{APP}/tokens/{ID}", "DELETE /applications/{applicationId}/tokens/{apiTokenId}"),
        ("GET", f"/applications/{APP}", "GET /applications/{applicationId}"),
    ],
)
def test_operation_maps_method_and_path_template(method, path, expected):
    assert drift.operation(method, path).name == expected


@pytest.mark.parametrize(
    "method, path",
    [
        ("PUT", LIST),
        ("GET", "/devices"),
        ("GET", f"{LIST}/a/b"),
        ("GET", "/applications//integrations"),
    ],
)
def test_calls_outside_the_documents_are_not_judged(method, path):
    assert drift.operation(method, path) is None
    assert found(method, path, 500, "oops", "text/html") == []


def test_operation_knows_its_reference_page():
    assert drift.operation("GET", LIST).page == "integrations"
    assert drift.operation("PATCH", ONE).page == "integration"


# what counts as drift -------------------------------------------------------------


def test_documented_answers_have_no_drift():
    assert found("GET", LIST, 200, listing(integration(), integration(enabled=False, topics=["a"]))) == []
    assert found("POST", LIST, 201, integration(mqttConfig={"host": "h", "port": 1883})) == []
    assert found("GET", LIST, 400, {"type": "Validation", "message": "bad"}) == []
    assert found("DELETE", ONE, 200, {"success": True}) == []


def test_extra_enum_value_is_breaking_drift():
    [finding] = found("GET", LIST, 200, listing(integration(integrationType="azureIotHub")))
    assert (finding.aspect, finding.where, finding.seen) == ("enum", "items[].integrationType", "azureIotHub")
    assert finding.breaking
    assert "googlePubSub, meridian, mqtt, particle" == finding.documented


def test_undocumented_field_is_reported_not_breaking():
    [finding] = found("GET", ONE, 200, integration(shinyNew={"x": 1}))
    assert (finding.aspect, finding.where, finding.seen, finding.breaking) == ("field", "shinyNew", "object", False)


def test_field_where_the_schema_forbids_extras_is_breaking():
    [finding] = found("GET", ONE, 200, integration(mqttConfig={"host": "h", "secretSauce": 1}))
    assert (finding.aspect, finding.where, finding.breaking) == ("field", "mqttConfig.secretSauce", True)


@pytest.mark.parametrize("value, seen", [(5, "integer"), (None, "null"), (["a"], "array"), (True, "boolean")])
def test_type_change_is_breaking_drift(value, seen):
    [finding] = found("GET", ONE, 200, integration(name=value))
    assert (finding.aspect, finding.where, finding.seen, finding.documented) == ("type", "name", seen, "string")
    assert finding.breaking


def test_integer_is_a_number_but_a_fraction_is_not_an_integer():
    assert found("GET", LIST, 200, {**listing(), "count": 1.5})[0].seen == "number"
    assert drift.json_type(3) == "integer" and drift.json_type(3.0) == "number" and drift.json_type(False) == "boolean"


@pytest.mark.parametrize("status", [418, 500, 422])
def test_undocumented_status_is_breaking_drift(status):
    [finding] = found("GET", LIST, status, {"type": "x", "message": "y"})
    assert (finding.aspect, finding.seen, finding.breaking) == ("status", str(status), True)
    assert finding.documented == "200, 400, 401, 403, 404"


def test_rate_limiting_is_not_drift():
    assert found("GET", LIST, 429, "slow down", "text/plain") == []


def test_documented_json_answer_that_is_not_json_is_breaking():
    [finding] = found("GET", LIST, 404, "<html>not found</html>", "text/html; charset=utf-8")
    assert (finding.aspect, finding.seen, finding.breaking) == ("body", "not JSON (text/html)", True)


def test_one_finding_per_key_however_many_items_repeat_it():
    items = [integration(extra=i, integrationType="azureIotHub") for i in range(50)]
    assert sorted(f.aspect for f in found("GET", LIST, 200, listing(*items))) == ["enum", "field"]


def test_key_ignores_the_type_of_an_undocumented_field_but_not_an_enum_value():
    a, b = (found("GET", ONE, 200, integration(extra=v))[0] for v in (1, "x"))
    assert a.key == b.key
    c, d = (found("GET", ONE, 200, integration(integrationType=v))[0] for v in ("x", "y"))
    assert c.key != d.key


# the report --------------------------------------------------------------------------


def finding(aspect="enum", seen="azureIotHub", breaking=True, where="items[].integrationType") -> Finding:
    return Finding("GET /applications/{applicationId}/integrations", 200, aspect, where, seen, "a, b", breaking)


def log_of(*findings: Finding) -> list[dict]:
    log = drift_report.DriftLog()
    for each in findings:
        log.add(each, "GET /applications/x/integrations -> 200", "suites/test_schema.py::test_x")
        log.add(each, "GET /applications/x/integrations?page=1 -> 200", "suites/test_other.py::test_y")
    return log.entries()


RUN = {
    "generated": "2026-01-02T03:04:05+00:00",
    "target": "https://staging.example.com application " + APP,
    "profile": "drift",
    "seed": 7,
}


def test_log_counts_and_keeps_the_first_example():
    [entry] = log_of(finding())
    assert entry["count"] == 2 and entry["check"] == "suites/test_schema.py::test_x"


def test_merge_adds_up_what_workers_found():
    log = drift_report.DriftLog()
    log.merge(log_of(finding()))
    log.merge(log_of(finding(), finding(seen="other")))
    assert sorted((e["seen"], e["count"]) for e in log.entries()) == [("azureIotHub", 4), ("other", 2)]


def test_without_a_previous_run_everything_is_new():
    document = drift_report.build(log_of(finding()), None, RUN)
    assert document["findings"][0]["new"] and not document["compared"]
    assert "No previous run" in drift_report.markdown(document)


def test_only_what_the_previous_run_did_not_see_is_new_and_what_it_saw_alone_is_gone():
    extra_field = finding(aspect="field", breaking=False, where="items[].x", seen="string")
    first = drift_report.build(log_of(finding(), extra_field), None, RUN)
    second = drift_report.build(
        log_of(finding(), finding(seen="brandNewType")), first, {**RUN, "generated": "2026-01-03T03:04:05+00:00"}
    )
    assert second["compared"]
    assert {e["seen"]: e["new"] for e in second["findings"]} == {"azureIotHub": False, "brandNewType": True}
    assert [e["where"] for e in second["gone"]] == ["items[].x"]
    assert second["summary"] == {"findings": 2, "new": 1, "breaking": 2, "gone": 1}
    page = drift_report.markdown(second)
    assert page.count("**NEW**") == 1 and "brandNewType" in page and "Gone since the previous run" in page


def test_a_previous_run_against_another_target_is_not_compared():
    first = drift_report.build(log_of(finding()), None, {**RUN, "target": "embedded mock"})
    second = drift_report.build(log_of(finding()), first, RUN)
    assert not second["compared"] and second["findings"][0]["new"]
    assert "previous run was against embedded mock" in drift_report.markdown(second)


def test_breaking_findings_come_first_and_say_so():
    extra_field = finding(aspect="field", breaking=False, where="x", seen="string")
    document = drift_report.build(log_of(extra_field, finding()), None, RUN)
    assert [e["aspect"] for e in document["findings"]] == ["enum", "field"]
    assert "(breaking)" in drift_report.markdown(document) and "(the run fails)" in drift_report.markdown(document)


def test_write_and_load_round_trip_and_tolerate_garbage(tmp_path):
    document = drift_report.build(log_of(finding()), None, RUN)
    json_path, md_path = drift_report.write(tmp_path, document)
    assert drift_report.load_previous(json_path) == json.loads(json_path.read_text())
    assert md_path.read_text().startswith("# Drift report")
    json_path.write_text("{not json")
    assert drift_report.load_previous(json_path) is None
    assert drift_report.load_previous(tmp_path / "missing.json") is None


def test_markdown_cells_cannot_break_the_table():
    document = drift_report.build(log_of(finding(seen="a|b\nc")), None, RUN)
    row = [line for line in drift_report.markdown(document).splitlines() if "a\\|b c" in line]
    assert len(row) == 1


def test_a_previous_report_that_still_says_kind_is_read(tmp_path):
    """drift.json files written before "kind" became "aspect" still mark what is new and gone."""
    old = drift_report.build(log_of(finding()), None, {"target": "t"})
    for entry in old["findings"]:
        entry["kind"] = entry.pop("aspect")
    path = tmp_path / drift_report.JSON_NAME
    path.write_text(json.dumps(old))
    previous = drift_report.load_previous(path)
    document = drift_report.build(log_of(finding(aspect="field", where="x", seen="string")), previous, {"target": "t"})
    assert [e["aspect"] for e in document["gone"]] == ["enum"] and all(e["new"] for e in document["findings"])
