"""The committee progress report in the dashboard: the document `intervention report` writes,
for the period a person picks, to print or to save for the committee's papers."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from activities.reports import ReportFormat, render
from api.backend import Services, today
from api.dashboard import SignedIn
from api.errors import ApiError
from api.policy import allowing_its_styles
from api.routes import InterventionId
from domain.report import build_report

router = APIRouter(include_in_schema=False)


@router.get("/interventions/{intervention_id}/report")
async def report_page(
    intervention_id: InterventionId,
    services: Services,
    session: SignedIn,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
    fmt: Annotated[ReportFormat, Query(alias="format")] = ReportFormat.html,
) -> Response:
    if start and end and end < start:
        raise ApiError(
            422, "invalid_request", f"to {end} is before from {start}; pick a later end", "to"
        )
    recorded = await services.store.read_stream(intervention_id)
    if not recorded:
        raise ApiError(404, "not_found", f"no intervention {intervention_id!r} in the event store")
    # Up to today by default: a report for the committee says where things stand now.
    report = build_report([event.to_domain() for event in recorded], start, end or today())
    document = render(report, fmt)
    # Every load reads the record afresh, like every other page.
    headers = {"Cache-Control": "no-store"}
    if fmt is ReportFormat.md:
        headers["Content-Disposition"] = f'attachment; filename="{intervention_id}-report.md"'
        return Response(document, media_type="text/markdown; charset=utf-8", headers=headers)
    headers["Content-Security-Policy"] = allowing_its_styles(document)
    return HTMLResponse(document, headers=headers)
