"""The record of refused access: every attempt through the API or the dashboard to reach an
intervention of an authority the person's organisation does not cover is logged as a security
event. The line names the person, their organisation and the intervention asked for; never a
token, and nothing more about the person than their name. Each attempt is counted once, where
it was refused: a read here, a command by the workflow (which logs it too)."""

from __future__ import annotations

import structlog
from fastapi import Request
from temporalio.runtime import Runtime

from activities.metrics import Surface, count_access_refused, organisation_kind
from application.interventions import CommandRefusedError
from eventstore.queries import NotYoursError

log = structlog.get_logger("security")

Refusal = NotYoursError | CommandRefusedError


def surface(request: Request) -> Surface:
    return "api" if request.url.path.startswith("/api") else "dashboard"


def record_refusal(request: Request, refusal: Refusal) -> None:
    person = refusal.person
    where = surface(request)
    if isinstance(refusal, NotYoursError):
        count_access_refused(Runtime.default().metric_meter, organisation_kind(person), where)
    log.warning(
        "access_refused",
        person=person.name,
        organisation=person.organisation,
        intervention_id=refusal.intervention_id,
        surface=where,
        action=f"{request.method} {request.url.path}",
    )
