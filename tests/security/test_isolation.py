"""Two councils and the DfE on the real stack, signed in with the real identity provider: each
sees exactly its own portfolio, and every attempt to read or change another authority's
intervention, through the API, the dashboard or straight at the workflow, is refused as if it
did not exist, writes nothing, and is logged and counted."""

from __future__ import annotations

import json
from datetime import date
from io import BytesIO
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowHandle, WorkflowUpdateFailedError
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.exceptions import ApplicationError

from api.models import EXAMPLE_PLAN_CHANGE
from domain.access import unknown_intervention
from domain.commands import RecordMilestone
from domain.plan import ChangePlan, UpdateAction
from domain.values import Actor, Role
from tests.api.conftest import Stack, good_plan, opening, today
from tests.observability.test_worker_process import scrape
from tests.security.conftest import (
    CROYDON,
    DFE,
    SUTTON,
    IdentityProvider,
    Person,
    api,
    dashboard_client,
    published_months_ago,
)
from workflows.intervention import InterventionWorkflow

UNKNOWN = "intervention-nowhere-2026-01-05"


def every_intervention(stack: Stack, tokens: dict[str, str]) -> set[str]:
    with api(stack, stack.tokens["admin"]) as client:
        listed = client.get("/api/interventions").json()["interventions"]
    return {row["intervention_id"] for row in listed}


def events_written(stack: Stack) -> int:
    """Every event of every intervention, as the local admin (every authority) reads them."""
    with api(stack, stack.tokens["admin"]) as client:
        listed = client.get("/api/interventions").json()["interventions"]
        return sum(
            len(client.get(f"/api/interventions/{row['intervention_id']}/events").json()["events"])
            for row in listed
        )


def refused_count(stack: Stack, surface: str) -> float:
    families = scrape(stack.env["INTERVENTION_METRICS_ADDRESS"])
    return sum(
        value
        for name, series in families.items()
        if name.startswith("intervention_access_refused")
        for labels, value in series
        if labels.get("surface") == surface and labels.get("organisation") == "council"
    )


def test_each_sees_exactly_its_own_portfolio(
    stack: Stack, tokens: dict[str, str], interventions: dict[str, list[str]]
) -> None:
    everything = every_intervention(stack, tokens)
    expected = {
        CROYDON.login: set(interventions[CROYDON.login]),
        SUTTON.login: set(interventions[SUTTON.login]),
        DFE.login: everything,
    }
    assert len(expected[CROYDON.login]) == 3
    assert len(expected[SUTTON.login]) == 1
    for login, own in expected.items():
        with api(stack, tokens[login]) as client:
            portfolio = client.get("/api/interventions").json()
            # The totals count only what the person may see; so does every filter.
            narrowed = client.get("/api/interventions", params={"authority": "sutton"}).json()
        assert {row["intervention_id"] for row in portfolio["interventions"]} == own, login
        assert portfolio["totals"]["interventions"] == len(own), login
        sutton_seen = {i for i in own if "sutton" in i}
        assert narrowed["totals"]["interventions"] == len(sutton_seen), login


def test_the_downloads_of_the_portfolio_hold_only_its_own(
    stack: Stack, tokens: dict[str, str], interventions: dict[str, list[str]]
) -> None:
    with api(stack, tokens[CROYDON.login]) as client:
        calendar = client.get("/api/calendar.ics").text
        workbook = load_workbook(BytesIO(client.get("/api/portfolio.xlsx").content))
    assert "Croydon" in calendar
    assert "Sutton" not in calendar
    cells = {str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row}
    assert set(interventions[CROYDON.login]) <= cells
    assert not set(interventions[SUTTON.login]) & cells


def test_a_council_may_open_only_for_its_own_authorities(
    stack: Stack, tokens: dict[str, str], interventions: dict[str, list[str]]
) -> None:
    before = every_intervention(stack, tokens)
    # The very opening Sutton has made: refused for its authority, before anything could say
    # that it exists.
    theirs = interventions[SUTTON.login][0]
    with api(stack, tokens[CROYDON.login]) as client:
        response = client.post(
            "/api/interventions", json=opening("Sutton", date.fromisoformat(theirs[-10:]))
        )
    refusal = (
        "London Borough of Croydon acts for Croydon, not 'Sutton'; open interventions for your "
        "own authorities"
    )
    assert response.status_code == 403, response.text
    assert response.json()["error"]["message"] == refusal
    # Nor bring one in with its past.
    inspection = opening("Sutton", published_months_ago(9))["inspection"]
    history = f"authority: Sutton\ninspection: {json.dumps(inspection)}\nsteps: []\n"
    with api(stack, tokens[CROYDON.login]) as client:
        response = client.post(
            "/api/interventions/import",
            content=history,
            headers={"Content-Type": "application/yaml"},
        )
    assert response.status_code == 403, response.text
    assert response.json()["error"]["message"] == refusal
    assert every_intervention(stack, tokens) == before


Attempt = tuple[str, str, dict[str, Any]]  # method, path with {id}, what else is sent


def api_attempts() -> list[Attempt]:
    """Every way the API reaches one intervention: reads (status, events, committee report,
    explanations, and the downloads: the report as PDF, workbooks, calendar), then writes."""
    path = "/api/interventions/{id}"
    return [
        ("GET", path, {}),
        ("GET", f"{path}/events", {}),
        ("GET", f"{path}/report", {}),
        ("GET", f"{path}/explain", {}),
        ("GET", f"{path}/report.pdf", {}),
        ("GET", f"{path}/deadlines.xlsx", {}),
        ("GET", f"{path}/plan.xlsx", {}),
        ("GET", f"{path}/calendar.ics", {}),
        (
            "POST",
            f"{path}/milestones",
            {"json": {"milestone": "report_published", "effective_on": today().isoformat()}},
        ),
        ("POST", f"{path}/plan", {"json": EXAMPLE_PLAN_CHANGE}),
        (
            "POST",
            f"{path}/plan/import",
            {"content": good_plan(), "headers": {"Content-Type": "text/csv"}},
        ),
    ]


def dashboard_attempts(csrf: str) -> list[Attempt]:
    """Every way the dashboard reaches one: its page, its report, the record form."""
    on = today()
    typed = {f"effective_on-{part}": str(getattr(on, part)) for part in ("day", "month", "year")}
    return [
        ("GET", "/interventions/{id}", {}),
        (
            "GET",
            "/interventions/{id}/report",
            {"params": {"from": "2026-01-01", "to": on.isoformat()}},
        ),
        (
            "POST",
            "/interventions/{id}/milestones",
            {"data": {"csrf": csrf, "milestone": "report_published", **typed}},
        ),
    ]


class Tally:
    """Attempts on another authority's intervention: each must be answered exactly as the same
    attempt on one that does not exist, word for word but the id."""

    def __init__(self) -> None:
        self.tried = 0
        self.refused = 0

    def attempt(self, client: httpx.Client, attempt: Attempt, intervention_id: str) -> None:
        method, path, options = attempt
        theirs = client.request(method, path.format(id=intervention_id), **options)
        missing = client.request(method, path.format(id=UNKNOWN), **options)
        self.tried += 1
        assert theirs.status_code == 404, theirs.text
        assert theirs.text.replace(intervention_id, "ID") == missing.text.replace(UNKNOWN, "ID")
        self.refused += 1


def test_every_cross_authority_read_and_write_is_refused_as_not_found(
    stack: Stack,
    tokens: dict[str, str],
    interventions: dict[str, list[str]],
    identity_provider: IdentityProvider,
) -> None:
    written_before = events_written(stack)
    api_before, dashboard_before = refused_count(stack, "api"), refused_count(stack, "dashboard")
    workflow_before = refused_count(stack, "workflow")
    tally = Tally()
    pairs: list[tuple[Person, str]] = [
        (SUTTON, target) for target in interventions[CROYDON.login]
    ] + [(CROYDON, target) for target in interventions[SUTTON.login]]
    for person, target in pairs:
        with api(stack, tokens[person.login]) as client:
            for attempt in api_attempts():
                tally.attempt(client, attempt, target)
        # The dashboard, signed in through the provider, with a form token of the person's own.
        with dashboard_client(stack, identity_provider, person) as client:
            own = client.get(f"/interventions/{interventions[person.login][0]}").text
            csrf = own.split('name="csrf" value="')[1][:64]
            for attempt in dashboard_attempts(csrf):
                tally.attempt(client, attempt, target)

    written = events_written(stack) - written_before
    print(
        f"\nACCESS across authorities through the API and the dashboard: tried {tally.tried}, "
        f"refused {tally.refused} (404, word for word as an unknown intervention), "
        f"written {written}"
    )
    assert tally.refused == tally.tried == len(pairs) * (11 + 3)
    assert written == 0
    # Reads are counted where they were refused; commands by the workflow, which refused them.
    # A plan import reads the plan it compares the file with first, and is refused there.
    assert refused_count(stack, "api") - api_before == 9 * len(pairs)
    assert refused_count(stack, "dashboard") - dashboard_before == 2 * len(pairs)
    assert refused_count(stack, "workflow") - workflow_before == 3 * len(pairs)
    # The record of each: who, for which organisation, which intervention; never a token.
    log = stack.log()
    refusals = [line for line in log.splitlines() if "access_refused" in line]
    for person, target in pairs:
        assert any(person.name in line and target in line for line in refusals), target
        assert any(person.organisation in line for line in refusals)
    for token in tokens.values():
        assert token not in log


def record_today(
    stack: Stack, token: str, intervention_id: str, milestone: str
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Record a milestone as the token's person; what the API answered, and the events after."""
    with api(stack, token) as client:
        response = client.post(
            f"/api/interventions/{intervention_id}/milestones",
            json={"milestone": milestone, "effective_on": today().isoformat()},
        )
        assert response.status_code == 200, response.text
        events = client.get(f"/api/interventions/{intervention_id}/events").json()["events"]
    return response.json(), events


def test_a_council_still_records_on_its_own(
    stack: Stack, tokens: dict[str, str], interventions: dict[str, list[str]]
) -> None:
    own = interventions[SUTTON.login][0]
    _, events = record_today(stack, tokens[SUTTON.login], own, "improvement_notice_issued")
    assert [
        event["actor"]["name"] for event in events if event["type"] == "ImprovementNoticeIssued"
    ] == [SUTTON.name]


async def updates_accepted(handle: WorkflowHandle[Any, Any]) -> int:
    accepted = EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED
    return len(
        [event async for event in handle.fetch_history_events() if event.event_type == accepted]
    )


@pytest.fixture
async def temporal(stack: Stack) -> Client:
    return await Client.connect(
        stack.env["INTERVENTION_TEMPORAL_ADDRESS"], data_converter=pydantic_data_converter
    )


SUTTON_ACTOR = Actor(
    name=SUTTON.name,
    role=Role.MANAGER,
    organisation=SUTTON.organisation,
    authorities=("Sutton",),
)


async def test_an_update_sent_straight_to_the_workflow_is_refused_before_history(
    stack: Stack,
    tokens: dict[str, str],
    interventions: dict[str, list[str]],
    temporal: Client,
) -> None:
    """Skipping the API and its models: the workflow's own validator refuses another
    authority's person, in the words an unknown intervention gets, and writes nothing."""
    target = interventions[CROYDON.login][0]
    handle = temporal.get_workflow_handle_for(InterventionWorkflow.run, target)
    accepted_before = await updates_accepted(handle)
    written_before = events_written(stack)
    workflow_before = refused_count(stack, "workflow")
    record = RecordMilestone(
        milestone="improvement_notice_issued", effective_on=today(), actor=SUTTON_ACTOR
    )
    plan = ChangePlan(
        changes=[UpdateAction(ref="A1.1", note="from another council")],
        effective_on=today(),
        actor=SUTTON_ACTOR,
    )
    for call in (
        handle.execute_update(InterventionWorkflow.record, record),
        handle.execute_update(InterventionWorkflow.change_plan, plan),
    ):
        with pytest.raises(WorkflowUpdateFailedError) as refused:
            await call
        cause = refused.value.cause
        assert isinstance(cause, ApplicationError)
        assert cause.type == "NotFoundForYouError"
        assert cause.message == unknown_intervention(target)

    # The signal for fire-and-forget clients: dropped. The DfE's record after it goes in.
    await handle.signal("record", record.model_dump(mode="json"))
    recorded, events = record_today(stack, tokens[DFE.login], target, "report_published")
    assert not [event for event in events if event["actor"]["name"] == SUTTON.name]
    assert events_written(stack) - written_before == len(recorded["events"])
    # A validator's refusal leaves no trace in history: only the DfE's Update was accepted.
    accepted = await updates_accepted(handle) - accepted_before - 1
    # Both Updates and the signal, each counted once, by the workflow that refused it.
    refused = refused_count(stack, "workflow") - workflow_before
    print(
        f"\nWORKFLOW: 2 Updates and 1 signal from another authority's person sent straight to "
        f"it: refused {refused:.0f}, accepted {accepted}, their events written "
        f"{len([e for e in events if e['actor']['name'] == SUTTON.name])}"
    )
    assert accepted == 0
    assert refused == 3
    assert "surface=workflow" in stack.log() or '"surface": "workflow"' in stack.log()
