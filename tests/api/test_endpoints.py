"""Each endpoint of the JSON API against the real stack, each auth outcome, each rejection."""

from __future__ import annotations

import subprocess
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from api.routes import XLSX_TYPE
from domain.calendar import add_working_days
from tests.api.conftest import (
    ENV_TOKENS,
    FILE_TOKENS,
    INTERVENTION,
    Stack,
    good_plan,
    import_plan,
    open_intervention,
    opening,
    plan_csv,
    portfolio_size,
    today,
    unique_authority,
)

ENDPOINTS = [
    ("GET", "/api/me", None),
    ("GET", "/api/interventions", None),
    ("POST", "/api/interventions", opening("Anyone Council")),
    ("GET", "/api/interventions/intervention-x-2026-01-01", None),
    ("GET", "/api/interventions/intervention-x-2026-01-01/events", None),
    (
        "POST",
        "/api/interventions/intervention-x-2026-01-01/milestones",
        {"milestone": "improvement_notice_issued", "effective_on": "2026-01-02"},
    ),
    (
        "POST",
        "/api/interventions/intervention-x-2026-01-01/plan",
        {"changes": [{"type": "complete_action", "ref": "A1.1"}]},
    ),
    ("POST", "/api/interventions/intervention-x-2026-01-01/plan/import", None),
    ("GET", "/api/interventions/intervention-x-2026-01-01/report", None),
    ("GET", "/api/interventions/intervention-x-2026-01-01/explain", None),
    ("POST", "/api/interventions/import", None),
    ("GET", "/api/schedule?published_on=2023-03-07", None),
]


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "field", "allowed"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return dict(body["error"])


def record(stack: Stack, role: str, intervention_id: str, **body: Any) -> httpx.Response:
    with stack.client(role) as client:
        return client.post(f"/api/interventions/{intervention_id}/milestones", json=body)


# --- service ---------------------------------------------------------------------------------


def test_health_needs_no_token(stack: Stack) -> None:
    with stack.client() as client:
        assert client.get("/api/health").json() == {"status": "ok"}


def test_the_openapi_schema_is_published_with_bearer_auth(stack: Stack) -> None:
    with stack.client() as client:
        schema = client.get("/api/openapi.json").json()
    assert schema["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    assert set(schema["paths"]) == {
        "/api/health",
        "/api/me",
        "/api/interventions",
        "/api/interventions/import",
        "/api/interventions/{intervention_id}",
        "/api/interventions/{intervention_id}/events",
        "/api/interventions/{intervention_id}/explain",
        "/api/interventions/{intervention_id}/milestones",
        "/api/interventions/{intervention_id}/plan",
        "/api/interventions/{intervention_id}/plan/import",
        "/api/interventions/{intervention_id}/report",
        "/api/schedule",
        # Downloads: the report as PDF, workbooks, calendars and the calendar feed.
        "/api/interventions/{intervention_id}/report.pdf",
        "/api/portfolio.xlsx",
        "/api/interventions/{intervention_id}/deadlines.xlsx",
        "/api/interventions/{intervention_id}/plan.xlsx",
        "/api/calendar.ics",
        "/api/interventions/{intervention_id}/calendar.ics",
        "/api/me/calendar-feed",
    }
    record_responses = schema["paths"]["/api/interventions/{intervention_id}/milestones"]["post"]
    assert {"200", "401", "403", "404", "422", "503"} <= set(record_responses["responses"])


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
@pytest.mark.parametrize(
    "authorization", [None, "Bearer not-a-known-token-at-all", "Basic dXNlcjpwYXNz"]
)
def test_every_endpoint_needs_a_known_bearer_token(
    stack: Stack, method: str, path: str, body: Any, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    with stack.client() as client:
        response = client.request(method, path, json=body, headers=headers)
    error = assert_error(response, 401, "unauthorized")
    assert "Bearer" in error["message"]
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize(
    ("role", "name"),
    [
        ("viewer", ENV_TOKENS["viewer"][1]),
        ("improvement_team", ENV_TOKENS["improvement_team"][1]),
        ("manager", FILE_TOKENS["manager"][1]),
        ("admin", "Local User"),
    ],
)
def test_each_token_stands_for_its_person_and_role(stack: Stack, role: str, name: str) -> None:
    with stack.client(role) as client:
        # Each of these tokens is the DfE's: every authority.
        assert client.get("/api/me").json() == {
            "name": name,
            "role": role,
            "organisation": "Department for Education",
            "authorities": None,
        }


def test_up_prints_the_local_users_token(stack: Stack) -> None:
    assert stack.tokens["admin"] in stack.log()


def test_unknown_paths_and_methods_answer_in_the_same_shape(stack: Stack) -> None:
    with stack.client("viewer") as client:
        assert_error(client.get("/api/nothing-here"), 404, "not_found")
        assert_error(client.delete("/api/interventions"), 405, "method_not_allowed")


# --- opening ---------------------------------------------------------------------------------


def test_open_an_intervention_then_read_it_back(stack: Stack) -> None:
    authority = unique_authority("Opening")
    with stack.client("improvement_team") as client:
        response = client.post("/api/interventions", json=opening(authority))
        assert response.status_code == 201, response.text
        opened = response.json()
        intervention_id = opened["intervention_id"]
        assert response.headers["Location"] == f"/api/interventions/{intervention_id}"
        assert (opened["authority"], opened["stage"], opened["track"]) == (
            authority,
            "awaiting_decision",
            None,
        )
        assert opened["events"][0]["type"] == "InterventionOpened"
        assert opened["events"][0]["actor"] == {"name": "An Officer", "role": "improvement_team"}

        again = client.post("/api/interventions", json=opening(authority))
        error = assert_error(again, 409, "conflict")
        assert intervention_id in error["message"]


def test_a_viewer_may_read_but_not_write(stack: Stack) -> None:
    intervention_id = open_intervention(stack, "Read Only")
    with stack.client("viewer") as client:
        assert client.get(f"/api/interventions/{intervention_id}").status_code == 200
        assert client.get(f"/api/interventions/{intervention_id}/events").status_code == 200
        assert client.get("/api/interventions").status_code == 200
        error = assert_error(
            client.post("/api/interventions", json=opening(unique_authority("Viewer"))),
            403,
            "forbidden",
        )
        assert error["message"].startswith("role 'viewer' may only read")
    error = assert_error(
        record(
            stack,
            "viewer",
            intervention_id,
            milestone="improvement_notice_issued",
            effective_on=today().isoformat(),
        ),
        403,
        "forbidden",
    )
    assert "may only read" in error["message"]


def _with_inspection(body: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**body, "inspection": {**body["inspection"], **changes}}


@pytest.mark.parametrize(
    ("change", "status", "code", "field", "message"),
    [
        (
            lambda b: _with_inspection(b, kind="focused_visit", judgement="good"),
            422,
            "invalid_request",
            "inspection",
            "a focused visit has no judgement; leave judgement out (got 'good')",
        ),
        (
            lambda b: _with_inspection(
                b, published_on=(today() + timedelta(days=5)).isoformat(), started_on=None
            ),
            422,
            "rejected",
            "inspection.published_on",
            "is in the future; today is",
        ),
        (
            lambda b: {**b, "regime": "scotland"},
            422,
            "rejected",
            "regime",
            "unknown regime 'scotland'; known regimes: ilacs",
        ),
        (
            lambda b: {**b, "authority": "!!!"},
            422,
            "invalid_request",
            "authority",
            "has no letters or digits",
        ),
        (
            lambda b: {"authority": b["authority"]},
            422,
            "invalid_request",
            "inspection",
            "Field required",
        ),
        (
            lambda b: _with_inspection(b, published_on="last tuesday"),
            422,
            "invalid_request",
            "inspection.published_on",
            "it is not a real date written YYYY-MM-DD",
        ),
        (
            lambda b: {**b, "actor": {"name": "Someone Else", "role": "admin"}},
            422,
            "invalid_request",
            "actor",
            "Extra inputs are not permitted",
        ),
        (
            # Dropped, a misspelt receipt day would leave every clock on an assumed receipt.
            lambda b: _with_inspection(b, reveived_on="2026-01-02"),
            422,
            "invalid_request",
            "inspection.reveived_on",
            "Extra inputs are not permitted",
        ),
    ],
)
def test_an_opening_the_rules_refuse_is_rejected_with_their_message(
    stack: Stack, change: Any, status: int, code: str, field: str, message: str
) -> None:
    body = change(opening(unique_authority("Refused")))
    with stack.client("manager") as client:
        error = assert_error(client.post("/api/interventions", json=body), status, code)
    assert error["field"] == field
    assert message in error["message"]


# --- recording -------------------------------------------------------------------------------


def test_record_a_milestone_and_every_read_reflects_it(stack: Stack) -> None:
    intervention_id = open_intervention(stack, "Recording")
    on = today().isoformat()
    response = record(
        stack, "improvement_team", intervention_id, milestone="improvement_notice_issued",
        effective_on=on, details={"note": "letter from the DfE"},
    )  # fmt: skip
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["intervention_id"] == intervention_id
    assert result["events"][0] == "ImprovementNoticeIssued"
    assert "Improvement notice issued" in result["summary"][0]

    with stack.client("viewer") as client:
        status = client.get(f"/api/interventions/{intervention_id}").json()
        assert (status["track"], status["stage"]) == ("notice", "improvement")
        dfe = next(d for d in status["deadlines"] if d["milestone"] == "dfe_decision")
        assert (dfe["status"], dfe["met_on"]) == ("met", on)

        log = client.get(f"/api/interventions/{intervention_id}/events").json()
        assert log["intervention_id"] == intervention_id
        notice = next(e for e in log["events"] if e["type"] == "ImprovementNoticeIssued")
        assert notice["actor"] == {"name": "An Officer", "role": "improvement_team"}
        assert notice["data"]["note"] == "letter from the DfE"
        assert [e["version"] for e in log["events"]] == list(range(1, len(log["events"]) + 1))

        # The portfolio reads the projections: the new stage shows on the very next request.
        row = _row(client, intervention_id)
        assert (row["track"], row["stage"]) == ("notice", "improvement")


@pytest.mark.parametrize(
    ("role", "body", "status", "code", "field", "message"),
    [
        (
            "improvement_team",
            {"milestone": "inspection_passed"},
            422,
            "rejected",
            "milestone",
            "unknown milestone 'inspection_passed' (did you mean 'reinspection_started'?); "
            "allowed: improvement_notice_issued",
        ),
        (
            "improvement_team",
            {"milestone": "support_review_completed"},
            422,
            "rejected",
            "milestone",
            "cannot record 'support_review_completed' at stage 'awaiting_decision'",
        ),
        (
            "improvement_team",
            {"milestone": "improvement_notice_issued", "effective_on": "FUTURE"},
            422,
            "rejected",
            "effective_on",
            "is in the future; today is",
        ),
        (
            "improvement_team",
            {"milestone": "improvement_notice_issued", "effective_on": "2001-01-01"},
            422,
            "rejected",
            "effective_on",
            "effective_on 2001-01-01 is more than 48 months before the inspection ended on",
        ),
        (
            "improvement_team",
            {"milestone": "improvement_notice_issued", "details": {"colour": "blue"}},
            422,
            "rejected",
            "details.colour",
            "'improvement_notice_issued': colour 'blue' is not allowed",
        ),
        (
            "manager",
            {"milestone": "notice_lifted"},
            422,
            "rejected",
            "milestone",
            "cannot record 'notice_lifted'",
        ),
        (
            "improvement_team",
            {"milestone": "notice_lifted"},
            403,
            "forbidden",
            "milestone",
            "role 'improvement_team' may not record 'notice_lifted'; allowed roles: admin, manager",
        ),
        (
            "improvement_team",
            {"milestone": "improvement_notice_issued", "effective_on": "yesterday-ish"},
            422,
            "invalid_request",
            "effective_on",
            "effective_on 'yesterday-ish': it is not a real date written YYYY-MM-DD",
        ),
        (
            "improvement_team",
            {"milestone": "improvement_notice_issued", "by": "Someone Else"},
            422,
            "invalid_request",
            "by",
            "Extra inputs are not permitted",
        ),
    ],
)
def test_a_milestone_the_rules_refuse_is_rejected_and_leaves_no_trace(
    stack: Stack,
    rejected_intervention: str,
    role: str,
    body: dict[str, Any],
    status: int,
    code: str,
    field: str,
    message: str,
) -> None:
    on = body.get("effective_on", today().isoformat())
    if on == "FUTURE":
        on = (today() + timedelta(days=3)).isoformat()
    with stack.client("viewer") as client:
        before = client.get(f"/api/interventions/{rejected_intervention}/events").json()
    response = record(stack, role, rejected_intervention, **{**body, "effective_on": on})
    error = assert_error(response, status, code)
    assert error["field"] == field
    assert message in error["message"]
    with stack.client("viewer") as client:
        after = client.get(f"/api/interventions/{rejected_intervention}/events").json()
    assert len(after["events"]) == len(before["events"])


@pytest.fixture(scope="module")
def rejected_intervention(stack: Stack) -> str:
    """One intervention for every rejection: none of them may change it."""
    return open_intervention(stack, "Rejections")


def test_recording_a_missing_field_names_it(stack: Stack) -> None:
    intervention_id = open_intervention(stack, "Reinspected")
    on = today().isoformat()
    ok = record(
        stack, "improvement_team", intervention_id, milestone="direction_issued", effective_on=on
    )
    assert ok.status_code == 200, ok.text
    missing = record(
        stack,
        "improvement_team",
        intervention_id,
        milestone="reinspection_completed",
        effective_on=on,
    )
    error = assert_error(missing, 422, "rejected")
    assert error["field"] == "details.judgement"
    assert "'reinspection_completed' needs the field 'judgement'" in error["message"]
    bad = record(
        stack, "improvement_team", intervention_id, milestone="reinspection_completed",
        effective_on=on, details={"judgement": "excellent"},
    )  # fmt: skip
    error = assert_error(bad, 422, "rejected")
    assert "judgement 'excellent' is not allowed" in error["message"]


def test_recording_for_an_unknown_intervention_is_not_found(stack: Stack) -> None:
    response = record(
        stack, "manager", "intervention-nowhere-2026-01-01",
        milestone="improvement_notice_issued", effective_on=today().isoformat(),
    )  # fmt: skip
    error = assert_error(response, 404, "not_found")
    assert "no running intervention 'intervention-nowhere-2026-01-01'" in error["message"]


@pytest.mark.parametrize("suffix", ["", "/events"])
def test_reading_an_unknown_intervention_is_not_found(stack: Stack, suffix: str) -> None:
    with stack.client("viewer") as client:
        response = client.get(f"/api/interventions/intervention-nowhere-2026-01-01{suffix}")
    assert (
        "'intervention-nowhere-2026-01-01'" in assert_error(response, 404, "not_found")["message"]
    )


def test_an_id_that_cannot_be_an_intervention_is_refused(stack: Stack) -> None:
    with stack.client("viewer") as client:
        error = assert_error(client.get("/api/interventions/Not An Id!"), 422, "invalid_request")
    assert error["field"] == "intervention_id"


# --- the portfolio ---------------------------------------------------------------------------


def _rows(client: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/api/interventions", params=params)
    assert response.status_code == 200, response.text
    return list(response.json()["interventions"])


def _row(client: httpx.Client, intervention_id: str) -> dict[str, Any]:
    return next(r for r in _rows(client) if r["intervention_id"] == intervention_id)


def test_the_portfolio_filters_by_overdue_stage_track_and_authority(stack: Stack) -> None:
    # A judgement published a year ago: every deadline of its first months has passed.
    late = open_intervention(stack, "Filter Late", add_working_days(today(), -250))
    fresh = open_intervention(stack, "Filter Fresh")
    with stack.client("improvement_team") as client:
        client.post(
            f"/api/interventions/{fresh}/milestones",
            json={"milestone": "improvement_notice_issued", "effective_on": today().isoformat()},
        ).raise_for_status()
    with stack.client("viewer") as client:
        ids = {r["intervention_id"] for r in _rows(client, authority="filter ")}
        assert {late, fresh} <= ids

        overdue = {r["intervention_id"] for r in _rows(client, overdue="true")}
        assert late in overdue
        assert fresh not in overdue

        notice = {r["intervention_id"] for r in _rows(client, track="notice")}
        assert fresh in notice
        assert late not in notice

        awaiting = {r["intervention_id"] for r in _rows(client, stage="awaiting_decision")}
        assert late in awaiting
        assert fresh not in awaiting

        row = _row(client, late)
        assert row["rag"] == "red"
        assert row["overdue"] > 0
        assert row["working_days_left"] < 0
        # Its first deadline, missed long ago: the council's publication of the report.
        assert row["next_title"] == "Report published by the council"

        fresh_row = _row(client, fresh)
        assert fresh_row["rag"] in ("green", "amber")
        assert fresh_row["working_days_left"] >= 0

        assert_error(
            client.get("/api/interventions", params={"stage": "nowhere"}), 422, "invalid_request"
        )


def test_the_portfolio_lists_the_receipts_to_confirm_until_they_are_confirmed(
    stack: Stack,
) -> None:
    # Opened with the day of publication alone: the day of receipt is assumed.
    published = add_working_days(today(), -20)
    assumed = open_intervention(stack, "Receipt Assumed", published)
    confirmed = open_intervention(stack, "Receipt Confirmed", published)
    received = add_working_days(published, -4).isoformat()
    with stack.client("improvement_team") as client:
        response = client.post(
            f"/api/interventions/{confirmed}/milestones",
            json={
                "milestone": "receipt_confirmed",
                "effective_on": today().isoformat(),
                "details": {"received_on": received},
            },
        )
        assert response.status_code == 200, response.text
    with stack.client("viewer") as client:
        listed = _rows(client, authority="receipt ", unconfirmed="true")
        everything = _rows(client, authority="receipt ")

    assert [row["intervention_id"] for row in listed] == [assumed]
    assert listed[0]["receipt_unconfirmed"] is True
    assert {row["intervention_id"]: row["receipt_unconfirmed"] for row in everything} == {
        assumed: True,
        confirmed: False,
    }


def test_the_portfolio_comes_a_page_at_a_time_the_next_deadline_first(stack: Stack) -> None:
    opened = [
        open_intervention(stack, "Paged", add_working_days(today(), -days)) for days in (5, 60, 30)
    ]
    with stack.client("viewer") as client:
        pages = [
            client.get(
                "/api/interventions", params={"authority": "paged", "limit": 2, "offset": offset}
            ).json()
            for offset in (0, 2)
        ]
        everything = _rows(client, authority="PAGED")

    assert [page["totals"]["interventions"] for page in pages] == [3, 3]
    assert [(page["limit"], page["offset"]) for page in pages] == [(2, 0), (2, 2)]
    paged = [row["intervention_id"] for page in pages for row in page["interventions"]]
    assert paged == [row["intervention_id"] for row in everything]
    assert sorted(paged) == sorted(opened)
    dues = [row["next_due"] for row in everything]
    assert dues == sorted(dues)
    # The one published longest ago is the one with its next deadline soonest.
    assert paged[0] == opened[1]


@pytest.mark.parametrize("pattern", ["%", "_"])
def test_an_authority_filter_matches_its_characters_literally(stack: Stack, pattern: str) -> None:
    plain = open_intervention(stack, "Literal")
    with stack.client("viewer") as client:
        rows = _rows(client, authority=pattern)
    assert plain not in {row["intervention_id"] for row in rows}
    assert all(pattern in row["authority"] for row in rows)


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 1001}, {"offset": -1}])
def test_a_page_out_of_bounds_is_refused(stack: Stack, params: dict[str, int]) -> None:
    with stack.client("viewer") as client:
        response = client.get("/api/interventions", params=params)
    assert assert_error(response, 422, "invalid_request")["field"] == next(iter(params))


def test_the_portfolio_shows_escalations_raised_by_the_clock(stack: Stack) -> None:
    intervention_id = open_intervention(stack, "Escalated", add_working_days(today(), -200))
    with stack.client("viewer") as client:
        # The workflow's clock raises the escalations right after the opening.
        for _ in range(100):
            if _row(client, intervention_id)["highest_escalation"] == 3:
                break
            time.sleep(0.1)
        assert _row(client, intervention_id)["highest_escalation"] == 3


# --- the improvement plan and the committee report ------------------------------------------


def event_count(stack: Stack, intervention_id: str) -> int:
    with stack.client("viewer") as client:
        response = client.get(f"/api/interventions/{intervention_id}/events")
    return len(response.json()["events"])


def test_import_a_plan_then_change_it_and_read_its_progress(stack: Stack) -> None:
    intervention_id = open_intervention(stack, "Planned")

    imported = import_plan(stack, "improvement_team", intervention_id, good_plan(), source="p.csv")
    assert imported.status_code == 200, imported.text
    changed = record_plan(
        stack,
        "improvement_team",
        intervention_id,
        changes=[
            {"type": "update_action", "ref": "A2.1", "rag": "amber", "note": "shortlist agreed"},
            {"type": "complete_action", "ref": "A1.1", "note": "all 40 audited"},
        ],
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["version"] > imported.json()["version"]

    with stack.client("viewer") as client:
        plan = client.get(f"/api/interventions/{intervention_id}").json()["plan"]
    assert plan["as_of"] == today().isoformat()
    assert plan["priorities"] == 2
    overall = plan["overall"]
    assert (overall["total"], overall["completed"]) == (3, 1)
    assert (overall["green"], overall["amber"], overall["red"]) == (1, 1, 0)
    assert {row["group"]: row["total"] for row in plan["by_theme"]} == {
        "Practice": 2,
        "Leadership": 1,
    }


def test_a_plan_exported_edited_and_imported_again_changes_what_was_edited(
    stack: Stack, tmp_path: Path
) -> None:
    """The README's round trip, as a person types it: `export plan`, one cell edited in
    Excel (row 4 is A2.1, rated red), `plan import`. The same file again changes nothing, and
    a file editing what no plan change changes is refused by its cell, by the command line and
    the API alike, recording nothing."""
    intervention_id = open_intervention(stack, "Round Trip")
    assert import_plan(stack, "improvement_team", intervention_id, good_plan()).status_code == 200
    workbook = tmp_path / "plan.xlsx"
    exported = command(stack, "export", "plan", intervention_id, "-o", str(workbook))
    assert exported.returncode == 0, exported.stderr
    book = load_workbook(workbook)
    assert (book["Plan"]["D4"].value, book["Plan"]["J4"].value) == ("A2.1", "red")
    book["Plan"]["J4"] = "amber"
    book.save(workbook)
    before = event_count(stack, intervention_id)

    imported = command(stack, "plan", "import", intervention_id, str(workbook))

    assert imported.returncode == 0, imported.stderr
    assert new_events(stack, intervention_id, before) == ["ActionUpdated"]
    with stack.client("viewer") as client:
        plan = client.get(f"/api/interventions/{intervention_id}").json()["plan"]
    overall = plan["overall"]
    assert (overall["total"], overall["green"], overall["amber"], overall["red"]) == (3, 1, 2, 0)

    version = event_count(stack, intervention_id)
    again = command(stack, "plan", "import", intervention_id, str(workbook))
    assert again.returncode == 0, again.stderr
    assert "every row is as the plan holds it: nothing changed" in again.stdout
    through_api = import_xlsx(stack, intervention_id, workbook.read_bytes())
    assert through_api.status_code == 200, through_api.text
    assert through_api.json()["events"] == []
    assert event_count(stack, intervention_id) == version

    book["Plan"]["J2"] = "green"
    book["Plan"]["E4"] = "Recruit a director"
    book.save(workbook)
    refused = command(stack, "plan", "import", intervention_id, str(workbook))
    assert refused.returncode == 1
    cell = "sheet 'Plan', row 4, column E: action 'A2.1' is in the plan with title"
    assert cell in refused.stderr, refused.stderr
    through_api = import_xlsx(stack, intervention_id, workbook.read_bytes())
    assert cell in assert_error(through_api, 422, "rejected")["message"]
    assert event_count(stack, intervention_id) == version


def command(stack: Stack, *args: str) -> subprocess.CompletedProcess[str]:
    """`intervention …` on the stack's Temporal server and event store."""
    return subprocess.run(
        [INTERVENTION, *args], env=stack.env, capture_output=True, text=True, timeout=120
    )


def import_xlsx(stack: Stack, intervention_id: str, content: bytes) -> httpx.Response:
    with stack.client("improvement_team") as client:
        return client.post(
            f"/api/interventions/{intervention_id}/plan/import",
            content=content,
            headers={"Content-Type": XLSX_TYPE},
        )


def new_events(stack: Stack, intervention_id: str, before: int) -> list[str]:
    with stack.client("viewer") as client:
        response = client.get(f"/api/interventions/{intervention_id}/events")
    return [event["type"] for event in response.json()["events"][before:]]


def record_plan(stack: Stack, role: str, intervention_id: str, **body: Any) -> httpx.Response:
    with stack.client(role) as client:
        return client.post(f"/api/interventions/{intervention_id}/plan", json=body)


@pytest.mark.parametrize(
    ("text", "headers", "status", "message"),
    [
        (
            plan_csv("P1,Practice,R1,A1.1,Audit,Head,Practice,immediate,2026-02-30,amber"),
            {},
            422,
            "line 2",
        ),
        (plan_csv("P1,Practice,R1,A1.1,Audit,Head,Practice,immediate,,purple"), {}, 422, "line 2"),
        (b"priority,title\n\xff\xfe,x\n", {}, 422, "not UTF-8"),
        ("a" * 2_000_001, {}, 413, "over 2,000,000 bytes"),
        ("{}", {"Content-Type": "application/json"}, 415, "not application/json"),
    ],
)
def test_a_plan_file_that_cannot_be_read_imports_nothing(
    stack: Stack, text: str | bytes, headers: dict[str, str], status: int, message: str
) -> None:
    intervention_id = open_intervention(stack, "Bad Plan")
    before = event_count(stack, intervention_id)
    with stack.client("improvement_team") as client:
        response = client.post(
            f"/api/interventions/{intervention_id}/plan/import",
            content=text,
            headers={"Content-Type": "text/csv", **headers},
        )
    error = assert_error(response, status, response.json()["error"]["code"])
    assert message in error["message"]
    assert event_count(stack, intervention_id) == before


def test_plan_changes_the_rules_refuse_are_rejected_whole(stack: Stack) -> None:
    intervention_id = open_intervention(stack, "Refused Plan")
    assert import_plan(stack, "improvement_team", intervention_id, good_plan()).status_code == 200
    before = event_count(stack, intervention_id)

    response = record_plan(
        stack,
        "improvement_team",
        intervention_id,
        changes=[
            {"type": "complete_action", "ref": "A1.1"},
            {"type": "complete_action", "ref": "A9.9"},
        ],
    )

    error = assert_error(response, 422, "rejected")
    assert "no action 'A9.9' in the plan" in error["message"]
    assert event_count(stack, intervention_id) == before
    viewer = record_plan(
        stack, "viewer", intervention_id, changes=[{"type": "complete_action", "ref": "A1.1"}]
    )
    assert_error(viewer, 403, "forbidden")
    unknown = record_plan(stack, "improvement_team", intervention_id, changes=[{"type": "burn"}])
    assert_error(unknown, 422, "invalid_request")


def test_the_committee_report_as_json(stack: Stack) -> None:
    intervention_id = open_intervention(stack, "Reported")
    with stack.client("viewer") as client:
        whole = client.get(f"/api/interventions/{intervention_id}/report")
        backwards = client.get(
            f"/api/interventions/{intervention_id}/report",
            params={"from": today().isoformat(), "to": (today() - timedelta(days=1)).isoformat()},
        )
    assert whole.status_code == 200, whole.text
    report = whole.json()
    assert report["intervention_id"] == intervention_id
    assert report["period"]["end"] == today().isoformat()
    assert report["events_read"] == event_count(stack, intervention_id)
    assert assert_error(backwards, 422, "invalid_request")["field"] == "to"


# --- the schedule ----------------------------------------------------------------------------


def test_the_schedule_is_the_worked_example(stack: Stack) -> None:
    with stack.client("viewer") as client:
        response = client.get(
            "/api/schedule", params={"published_on": "2023-03-07", "received_on": "2023-03-02"}
        )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["regime"] == "ilacs"
    soa = next(d for d in body["deadlines"] if d["milestone"] == "statement_of_action")
    assert soa["due"] == "2023-06-15"


def test_the_schedule_of_a_focused_visits_letter(stack: Stack) -> None:
    """Tameside: the focused visit of April 2022, its letter naming two areas for priority
    action (written answer of 22 November 2023), published in May 2024 (24 May illustrative):
    a statement of action seventy working days after the receipt assumed on Thursday 19 May,
    the Spring and the Jubilee bank holidays of 2 and 3 June skipped."""
    with stack.client("viewer") as client:
        response = client.get(
            "/api/schedule", params={"published_on": "2022-05-24", "judgement": "focused_visit"}
        )
    assert response.status_code == 200, response.text
    soa = next(d for d in response.json()["deadlines"] if d["milestone"] == "statement_of_action")
    assert (soa["due"], soa["assumed"]) == ("2022-08-30", True)


@pytest.mark.parametrize(
    ("params", "code", "field", "message"),
    [
        ({"published_on": "9999-01-01"}, "invalid_request", None, "outside the years covered"),
        (
            {"published_on": "2023-03-07", "judgement": "area_send"},
            "rejected",
            "judgement",
            "one of focused_visit, jtai",
        ),
        ({}, "invalid_request", "published_on", "Field required"),
        ({"published_on": "2023-03-07", "regime": "x"}, "rejected", "regime", "unknown regime"),
        (
            {"published_on": "2024-03-01", "regime": "send", "judgement": "good"},
            "rejected",
            "judgement",
            "reports that have no grade",
        ),
    ],
)
def test_a_schedule_off_the_calendar_is_refused(
    stack: Stack, params: dict[str, str], code: str, field: str | None, message: str
) -> None:
    with stack.client("viewer") as client:
        error = assert_error(client.get("/api/schedule", params=params), 422, code)
    assert error["field"] == field
    assert message in error["message"]


# --- secrets ---------------------------------------------------------------------------------


def test_no_token_is_ever_written_to_the_log(stack: Stack) -> None:
    with stack.client("manager") as client:
        client.get("/api/me").raise_for_status()
        client.get("/api/interventions", headers={"Authorization": "Bearer guessed-token-1234"})
    log = stack.log()
    assert "/api/me" in log  # the access log is on, and still says nothing of tokens
    for role, token in stack.tokens.items():
        if role != "admin":  # the local user's is printed on purpose, once, by `up`
            assert token not in log
    assert "guessed-token-1234" not in log
    assert log.count(stack.tokens["admin"]) == 1


# --- explaining dates, and bringing an intervention in ---------------------------------------


def test_each_date_is_explained_and_a_deadline_that_is_not_there_is_404(stack: Stack) -> None:
    intervention_id = open_intervention(stack, "Explained")
    with stack.client("viewer") as client:
        response = client.get(
            f"/api/interventions/{intervention_id}/explain",
            params={"deadline": "statement_of_action"},
        )
        assert response.status_code == 200, response.text
        [soa] = response.json()
        assert soa["milestone"] == "statement_of_action"
        assert soa["rule"] == "70 working days after report received"
        assert soa["assumed"] is True
        assert any("working days after" in step for step in soa["arithmetic"])
        every = client.get(f"/api/interventions/{intervention_id}/explain").json()
        assert {e["milestone"] for e in every} >= {"statement_of_action", "report_publication"}
        missing = client.get(
            f"/api/interventions/{intervention_id}/explain", params={"deadline": "nothing_here"}
        )
        error = assert_error(missing, 404, "not_found")
        assert "no deadline 'nothing_here'" in error["message"]
        schedule = client.get(
            "/api/schedule", params={"published_on": "2023-03-07", "explain": "true"}
        ).json()
        assert len(schedule["explanations"]) == len(schedule["deadlines"])


def _history(authority: str, published: date, step: str) -> str:
    return (
        f"authority: {authority}\n"
        f"inspection: {{published_on: {published}, received_on: {published}}}\n"
        f"steps:\n  - {step}\n"
    )


def test_an_intervention_is_imported_and_a_refused_step_writes_nothing(stack: Stack) -> None:
    published = add_working_days(today(), -40)
    authority = unique_authority("Imported")
    notice = f"{{on: {add_working_days(published, 10)}, record: improvement_notice_issued}}"
    lifted = f"{{on: {add_working_days(published, 10)}, record: notice_lifted}}"
    yaml_type = {"content-type": "application/yaml"}
    before = portfolio_size(stack)
    with stack.client("manager") as client:
        refused = client.post(
            "/api/interventions/import",
            content=_history(authority, published, lifted),
            headers=yaml_type,
        )
        error = assert_error(refused, 422, "rejected")
        assert "step 1 (notice_lifted on" in error["message"]
        assert error["message"].endswith("nothing was imported")
        assert portfolio_size(stack) == before
        # A file with two mistakes: both are said, each on a line of its own.
        slips = client.post(
            "/api/interventions/import",
            content=_history(authority, published, "{on: 2024-04-31, record: notice_lifed}"),
            headers=yaml_type,
        )
        lines = assert_error(slips, 422, "invalid_request")["message"].splitlines()
        assert lines[:2] == [
            "the import line 4 step 1: on: is not a real date; check the day and the month "
            "(got '2024-04-31')",
            "the import line 4 step 1: record: unknown milestone 'notice_lifed' "
            "(did you mean 'notice_lifted'?)",
        ]
        wrong_type = client.post("/api/interventions/import", json={"authority": authority})
        assert_error(wrong_type, 415, "unsupported_media_type")

        imported = client.post(
            "/api/interventions/import",
            content=_history(authority, published, notice),
            headers=yaml_type,
        )
        assert imported.status_code == 201, imported.text
        status = imported.json()
        assert status["track"] == "notice"
        assert imported.headers["Location"] == f"/api/interventions/{status['intervention_id']}"
    assert portfolio_size(stack) == before + 1
