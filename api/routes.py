"""The JSON API under /api: what the command line does, for programs and other services."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from pydantic import ValidationError

from api.auth import Caller, Recorder
from api.backend import Services, today
from api.committee_report import committee_report
from api.errors import ApiError, documented, invalid_request
from api.models import (
    EXAMPLE_ID,
    INTERVENTION_ID,
    ChangePlanRequest,
    EventLog,
    Health,
    OpenInterventionRequest,
    RecordMilestoneRequest,
    ScheduleQuery,
)
from api.portfolio import Portfolio, PortfolioFilter, load_portfolio
from application.interventions import (
    change_plan,
    import_intervention,
    open_intervention,
    record_milestone,
)
from application.plan_import import import_plan_file, read_plan_file
from application.scenario import ScenarioError, parse_scenario
from application.text_files import decoded
from domain.explain import Explanation
from domain.plan_csv import PlanFileError
from domain.regimes import get_regime
from domain.report import CommitteeReport
from domain.schedule import Schedule, schedule
from domain.values import Actor
from domain.views import StatusView
from eventstore.queries import explanations, folded, intervention_status, stream_events
from workflows.models import RecordResult

router = APIRouter(prefix="/api", responses=documented(401, 422, 503))
health_router = APIRouter(prefix="/api")

InterventionId = Annotated[
    str, Path(pattern=INTERVENTION_ID, max_length=250, examples=[EXAMPLE_ID])
]


@health_router.get("/health", tags=["service"])
async def health() -> Health:
    """Whether the API answers; needs no token, for load balancers and container checks."""
    return Health()


@router.get("/me", tags=["service"])
async def me(person: Caller) -> Actor:
    """The person the token stands for: their role, their organisation and the authorities it
    covers (none listed: every authority)."""
    return person


@router.get("/interventions", tags=["interventions"])
async def list_interventions(
    filters: Annotated[PortfolioFilter, Query()], services: Services, person: Caller
) -> Portfolio:
    """Every intervention the person's organisation covers (the DfE's: every one), its next
    deadline, working days left and red/amber/green."""
    return await load_portfolio(services.store.pool, today(), filters, person)


@router.post(
    "/interventions",
    status_code=201,
    tags=["interventions"],
    responses=documented(400, 403, 409),
)
async def open_(
    body: OpenInterventionRequest, services: Services, person: Recorder, response: Response
) -> StatusView:
    """Open an intervention on a report (an inspection of any grade, a focused visit or JTAI
    letter, an area SEND inspection); its workflow starts at once."""
    view = await open_intervention(
        services.client, services.store, body.command(person), services.task_queue
    )
    response.headers["Location"] = f"/api/interventions/{view.intervention_id}"
    return view


async def _body(
    request: Request, types: tuple[str, ...], limit: int, what: str
) -> tuple[str, bytes]:
    """A body of one of `types` and its media type, read up to `limit` bytes and never more."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in types:
        raise ApiError(
            415,
            "unsupported_media_type",
            f"send {what} as {_either(types)}, not {media_type or 'nothing'}",
        )
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > limit:
            raise ApiError(413, "too_large", f"{what} is over {limit:,} bytes", "body")
    return media_type, bytes(raw)


def _either(choices: tuple[str, ...]) -> str:
    return " or ".join([", ".join(choices[:-1]), choices[-1]] if len(choices) > 1 else choices)


async def _body_text(
    request: Request, types: tuple[str, ...], limit: int, what: str, save_as: str
) -> str:
    """A text body of one of `types`, read up to `limit` bytes and never more."""
    _, raw = await _body(request, types, limit, what)
    return decoded(raw, what, save_as)


# A three-year past of a hundred facts is well under this.
MAX_IMPORT_BYTES = 1_000_000
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/plain")
YAML_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/yaml": {
                "schema": {"type": "string", "maxLength": MAX_IMPORT_BYTES},
                "example": (
                    "authority: Example Borough Council\n"
                    "inspection: {published_on: 2025-06-03, received_on: 2025-05-29}\n"
                    "steps:\n"
                    "  - {on: 2025-07-01, record: improvement_notice_issued}\n"
                ),
            }
        },
    }
}


@router.post(
    "/interventions/import",
    status_code=201,
    tags=["interventions"],
    openapi_extra=YAML_BODY,
    responses=documented(403, 409, 413, 415),
)
async def import_(
    request: Request, services: Services, person: Recorder, response: Response
) -> StatusView:
    """Bring in an intervention already under way, from the scenario format: its past facts
    are recorded in date order, past deadlines judged against them, nothing sent for the past.
    A step the rules refuse stops the import, naming the step, and nothing is written."""
    text = await _body_text(request, YAML_TYPES, MAX_IMPORT_BYTES, "the import", "UTF-8")
    try:
        scenario = parse_scenario(text, "the import")
    except ScenarioError as error:
        raise ApiError(422, "invalid_request", str(error), "body") from None
    files = [n for n, step in enumerate(scenario.steps, start=1) if step.plan_import]
    if files:
        raise ApiError(
            422,
            "invalid_request",
            f"step {files[0]}: plan_import names a file, which an upload cannot carry; "
            "give the plan's changes in the step (plan: [...])",
            "body",
        )
    view = await import_intervention(
        services.client, services.store, scenario, services.task_queue, person=person
    )
    response.headers["Location"] = f"/api/interventions/{view.intervention_id}"
    return view


@router.get("/interventions/{intervention_id}", tags=["interventions"], responses=documented(404))
async def status(intervention_id: InterventionId, services: Services, person: Caller) -> StatusView:
    """Stage, deadlines, escalations, events and the improvement plan's progress as of today,
    folded from the intervention's stream."""
    return await intervention_status(services.store, intervention_id, today=today(), person=person)


@router.get(
    "/interventions/{intervention_id}/events", tags=["interventions"], responses=documented(404)
)
async def events(intervention_id: InterventionId, services: Services, person: Caller) -> EventLog:
    """Every event recorded for the intervention, in order."""
    recorded = await stream_events(services.store, intervention_id, person)
    return EventLog(intervention_id=intervention_id, events=folded(recorded).views)


@router.post(
    "/interventions/{intervention_id}/milestones",
    tags=["interventions"],
    responses=documented(400, 403, 404),
)
async def record(
    intervention_id: InterventionId,
    body: RecordMilestoneRequest,
    services: Services,
    person: Recorder,
) -> RecordResult:
    """Record a milestone through the workflow's Update: the same rules as the command line,
    and a rejected command leaves no trace."""
    return await record_milestone(services.client, intervention_id, body.command(person))


@router.get("/schedule", tags=["rules"])
async def schedule_(query: Annotated[ScheduleQuery, Query()], person: Caller) -> Schedule:
    """The regime's due dates for a report: pure computation; with `explain=true`, how each
    date is worked out."""
    return schedule(
        get_regime(query.regime, query.regime_version),
        query.published_on,
        query.received_on,
        query.issued_on,
        query.judgement,
        explained=query.explain,
    )


@router.get(
    "/interventions/{intervention_id}/explain", tags=["interventions"], responses=documented(404)
)
async def explain_(
    intervention_id: InterventionId,
    services: Services,
    person: Caller,
    deadline: Annotated[
        str | None,
        Query(
            max_length=150,
            description="e.g. statement_of_action, monitoring_visit:3; every deadline if left out",
        ),
    ] = None,
) -> list[Explanation]:
    """Why each date is what it is: the fact it counts from, the rule and its source, the
    arithmetic with each weekend and bank holiday skipped, the reminder and escalation dates,
    and what would meet it."""
    return await explanations(services.store, intervention_id, deadline, person)


@router.post(
    "/interventions/{intervention_id}/plan",
    tags=["improvement plan"],
    responses=documented(400, 403, 404),
)
async def change_plan_(
    intervention_id: InterventionId,
    body: ChangePlanRequest,
    services: Services,
    person: Recorder,
) -> RecordResult:
    """Add priorities and actions; rate, move or complete actions. One batch, recorded whole or
    not at all, through the workflow's Update."""
    return await change_plan(services.client, intervention_id, body.command(person, today()))


# Large enough for a plan of a thousand actions with long titles.
MAX_PLAN_BYTES = 2_000_000
CSV_TYPES = ("text/csv", "text/plain")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "text/csv": {
                "schema": {"type": "string", "maxLength": MAX_PLAN_BYTES},
                "example": (
                    "priority,priority_title,addresses,action,title,owner,theme,phase,"
                    "review_on,rag\n"
                    "P1,Strengthen social work practice,R1;R2,A1.1,Audit every open child "
                    "protection plan,Head of Safeguarding,Practice,immediate,2026-03-31,amber\n"
                ),
            },
            XLSX_TYPE: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


@router.post(
    "/interventions/{intervention_id}/plan/import",
    tags=["improvement plan"],
    openapi_extra=CSV_BODY,
    responses=documented(400, 403, 404, 413, 415),
)
async def import_plan(
    intervention_id: InterventionId,
    request: Request,
    services: Services,
    person: Recorder,
    effective_on: Annotated[date | None, Query(description="Today when not given")] = None,
    source: Annotated[str | None, Query(max_length=200, description="e.g. the file's name")] = None,
) -> RecordResult:
    """Import a plan from CSV or an Excel workbook (such as `plan.xlsx` gives), one row per
    action: a row new to the plan adds its action and priority, a row of an action already in
    it changes its owner, review_on or rag where they differ. A file with any row that cannot be
    applied changes nothing, and the error names its line (in a workbook: sheet, row, column)."""
    media_type, raw = await _body(request, (*CSV_TYPES, XLSX_TYPE), MAX_PLAN_BYTES, "the plan")
    try:
        changes, place = read_plan_file(raw, media_type == XLSX_TYPE, "the plan")
    except PlanFileError as error:
        raise ApiError(422, "invalid_request", f"the plan {error}", "body") from None
    body = ChangePlanRequest(changes=changes, effective_on=effective_on)
    try:
        command = body.command(person, today(), source)
    except ValidationError as error:
        raise invalid_request(error.errors()) from None
    try:
        return await import_plan_file(
            services.client, services.store, intervention_id, command, place, person
        )
    except PlanFileError as error:
        raise ApiError(422, "rejected", f"the plan {error}") from None


@router.get(
    "/interventions/{intervention_id}/report",
    tags=["improvement plan"],
    responses=documented(404),
)
async def report_(
    intervention_id: InterventionId,
    services: Services,
    person: Caller,
    start: Annotated[
        date | None, Query(alias="from", description="The opening if not given")
    ] = None,
    end: Annotated[date | None, Query(alias="to", description="Today if not given")] = None,
) -> CommitteeReport:
    """The committee progress report for a period; every number in it comes from the log."""
    return await committee_report(services.store, intervention_id, start, end or today(), person)
