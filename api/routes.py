"""The JSON API under /api: what the command line does, for programs and other services."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from api.auth import Caller, Recorder
from api.backend import Services, today
from api.errors import ApiError, documented
from api.models import (
    EXAMPLE_ID,
    INTERVENTION_ID,
    EventLog,
    Health,
    OpenInterventionRequest,
    RecordMilestoneRequest,
    ScheduleQuery,
)
from api.portfolio import Portfolio, PortfolioFilter, load_portfolio
from cli.operations import open_intervention, record_milestone
from domain.regime import get_regime
from domain.schedule import Schedule, schedule
from domain.values import Actor
from domain.views import StatusView
from eventstore.queries import event_view, intervention_status
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
    """The person and role the token stands for."""
    return person


@router.get("/interventions", tags=["interventions"])
async def list_interventions(
    filters: Annotated[PortfolioFilter, Query()], services: Services, person: Caller
) -> Portfolio:
    """Every intervention, its next deadline, working days left and red/amber/green."""
    return await load_portfolio(services.store.pool, today(), filters)


@router.post(
    "/interventions",
    status_code=201,
    tags=["interventions"],
    responses=documented(400, 403, 409),
)
async def open_(
    body: OpenInterventionRequest, services: Services, person: Recorder, response: Response
) -> StatusView:
    """Open an intervention after a judgement of inadequate; its workflow starts at once."""
    view = await open_intervention(
        services.client, services.store, body.command(person), services.task_queue
    )
    response.headers["Location"] = f"/api/interventions/{view.intervention_id}"
    return view


@router.get("/interventions/{intervention_id}", tags=["interventions"], responses=documented(404))
async def status(intervention_id: InterventionId, services: Services, person: Caller) -> StatusView:
    """Stage, deadlines, escalations and events, folded from the intervention's stream."""
    return await intervention_status(services.store, intervention_id)


@router.get(
    "/interventions/{intervention_id}/events", tags=["interventions"], responses=documented(404)
)
async def events(intervention_id: InterventionId, services: Services, person: Caller) -> EventLog:
    """Every event recorded for the intervention, in order."""
    recorded = await services.store.read_stream(intervention_id)
    if not recorded:
        raise ApiError(404, "not_found", f"no intervention {intervention_id!r} in the event store")
    return EventLog(
        intervention_id=intervention_id, events=[event_view(event) for event in recorded]
    )


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
    """The regime's due dates for a judgement: pure computation."""
    return schedule(
        get_regime(query.regime), query.published_on, query.received_on, query.issued_on
    )
