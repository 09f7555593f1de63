"""The committee progress report in the dashboard: the document `intervention report` writes,
for the period a person picks, to print or to save for the committee's papers."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from activities.reports import ReportFormat, render
from api.backend import Services, today
from api.committee_report import committee_report
from api.dashboard import FormState, SignedIn, intervention_page
from api.errors import ApiError, translate
from api.policy import allowing_its_styles
from api.record_form import DateNotReadError, date_from_parts
from api.routes import InterventionId
from domain.errors import DomainError
from eventstore.queries import explained_status

router = APIRouter(include_in_schema=False)
PERIOD = {"from": "From", "to": "To"}


def _typed_period(form: FormState) -> dict[str, date | None]:
    """The period as typed in the intervention page's day, month and year boxes."""
    period: dict[str, date | None] = {}
    for key, label in PERIOD.items():
        try:
            typed = date_from_parts(form.values, key, label)
        except DateNotReadError as error:
            form.errors[key] = str(error)
            continue
        period[key] = date.fromisoformat(typed) if typed else None
    return period


@router.get("/interventions/{intervention_id}/report")
async def report_page(
    request: Request,
    intervention_id: InterventionId,
    services: Services,
    session: SignedIn,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
    fmt: Annotated[ReportFormat, Query(alias="format")] = ReportFormat.html,
) -> Response:
    # From the page's form the dates come as boxes, and a mistake goes back beside its box;
    # a link or a script gives ISO dates, and a mistake is a page saying why.
    form = FormState(values=dict(request.query_params))
    from_boxes = any(key.endswith(("-day", "-month", "-year")) for key in form.values)
    if from_boxes:
        period = _typed_period(form)
        start, end = period.get("from"), period.get("to")
    try:
        if form.errors:
            raise ApiError(422, "invalid_request", "; ".join(form.errors.values()))
        # Up to today by default: a report for the committee says where things stand now.
        report = await committee_report(
            services.store, intervention_id, start, end or today(), session.person
        )
    except (ApiError, DomainError) as error:
        failure = translate(error)
        if not from_boxes or failure is None or failure.status != 422:
            raise
        if not form.errors:
            form.errors[failure.detail.field if failure.detail.field in PERIOD else "form"] = (
                failure.detail.message
            )
        status, explained = await explained_status(
            services.store, intervention_id, today(), session.person
        )
        return intervention_page(request, session, status, explained, report=form, http_status=422)
    document = render(report, fmt)
    # Every load reads the record afresh, like every other page.
    headers = {"Cache-Control": "no-store"}
    if fmt is ReportFormat.md:
        headers["Content-Disposition"] = f'attachment; filename="{intervention_id}-report.md"'
        return Response(document, media_type="text/markdown; charset=utf-8", headers=headers)
    headers["Content-Security-Policy"] = allowing_its_styles(document, request.app.state.policy)
    return HTMLResponse(document, headers=headers)
