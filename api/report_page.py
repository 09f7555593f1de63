"""The committee progress report in the dashboard: the document `intervention report` writes,
for the period a person picks, to print or to save for the committee's papers."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from activities.reports import ReportFormat, render
from api.backend import Services, today
from api.committee_report import committee_report
from api.dashboard import SignedIn
from api.policy import allowing_its_styles
from api.routes import InterventionId

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
    # Up to today by default: a report for the committee says where things stand now.
    report = await committee_report(services.store, intervention_id, start, end or today())
    document = render(report, fmt)
    # Every load reads the record afresh, like every other page.
    headers = {"Cache-Control": "no-store"}
    if fmt is ReportFormat.md:
        headers["Content-Disposition"] = f'attachment; filename="{intervention_id}-report.md"'
        return Response(document, media_type="text/markdown; charset=utf-8", headers=headers)
    headers["Content-Security-Policy"] = allowing_its_styles(document)
    return HTMLResponse(document, headers=headers)
