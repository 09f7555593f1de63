"""Downloads: the committee report as PDF, workbooks (.xlsx) of the portfolio, an
intervention's deadlines and its plan, and calendar feeds (.ics).

Each is served twice from one function: under /api for a bearer token, and beside the dashboard's
pages for a signed-in person. A calendar subscribed to in Outlook or Google Calendar cannot send
either, so each person's feed has a secret URL of its own (POST /api/me/calendar-feed issues it,
DELETE revokes it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from activities.pdf import MEDIA_TYPES, DocumentFormat, PdfUnavailableError, render_document
from api.auth import Caller
from api.backend import Services, today
from api.committee_report import committee_report
from api.dashboard import SignedIn, page
from api.errors import ApiError, documented
from api.routes import InterventionId
from api.session import Session, form_token_matches
from application.feeds import (
    FEED_PATH,
    FeedError,
    Subscriber,
    feed_calendar,
    feed_for_person,
    feed_people,
    feed_url,
    intervention_feed,
    issue_feed_secret,
    person_for_secret,
    portfolio_feed,
    revoke_feed,
)
from application.portfolio_entries import portfolio_entry
from application.workbooks import deadlines_workbook, plan_workbook, portfolio_workbook
from domain.intervention import apply_all
from domain.values import Actor, Role
from eventstore.queries import PortfolioScope, intervention_status, portfolio, stream_events
from eventstore.store import EventStore

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CALENDAR = "text/calendar; charset=utf-8"
CALENDAR_RESPONSE: dict[int | str, dict[str, object]] = {
    200: {"content": {"text/calendar": {}}, "description": "An iCalendar (RFC 5545) file"}
}


class HideFeedSecrets(logging.Filter):
    """A feed's secret is its only key: the access log shows the path without it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) >= 3:
            path = str(record.args[2])
            if path.startswith("/feeds/"):
                hidden = SECRET_IN_PATH.sub("/feeds/…/", path)
                record.args = (*record.args[:2], hidden, *record.args[3:])
        return True


SECRET_IN_PATH = re.compile(r"^/feeds/[^/]+/")
logging.getLogger("uvicorn.access").addFilter(HideFeedSecrets())

api_router = APIRouter(prefix="/api", tags=["downloads"], responses=documented(401, 503))
page_router = APIRouter(include_in_schema=False)
feed_router = APIRouter(include_in_schema=False)


def _file(content: bytes, media_type: str, filename: str) -> Response:
    return Response(
        content,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


def _dashboard(request: Request) -> str:
    return str(request.base_url).rstrip("/")


# --- the committee report as PDF ---------------------------------------------------------------


async def _report_pdf(
    store: EventStore, intervention_id: str, start: date | None, end: date | None, person: Actor
) -> Response:
    report = await committee_report(store, intervention_id, start, end or today(), person)
    try:
        # Layout takes a second or more: off the event loop, so other requests go on.
        pdf = await asyncio.to_thread(render_document, report, DocumentFormat.pdf)
    except PdfUnavailableError as error:
        raise ApiError(503, "unavailable", str(error)) from None
    return _file(pdf, MEDIA_TYPES[DocumentFormat.pdf], f"{intervention_id}-report.pdf")


PDF_RESPONSE: dict[int | str, dict[str, object]] = {
    200: {"content": {"application/pdf": {}}, "description": "The report, A4"}
}


@api_router.get(
    "/interventions/{intervention_id}/report.pdf",
    responses={**PDF_RESPONSE, **documented(404, 422)},
    response_class=Response,
)
async def report_pdf(
    intervention_id: InterventionId,
    services: Services,
    person: Caller,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
) -> Response:
    """The committee report as a PDF for the committee's papers (A4, page numbers)."""
    return await _report_pdf(services.store, intervention_id, start, end, person)


@page_router.get("/interventions/{intervention_id}/report.pdf")
async def report_pdf_page(
    intervention_id: InterventionId,
    services: Services,
    session: SignedIn,
    start: Annotated[date | None, Query(alias="from")] = None,
    end: Annotated[date | None, Query(alias="to")] = None,
) -> Response:
    return await _report_pdf(services.store, intervention_id, start, end, session.person)


# --- workbooks -------------------------------------------------------------------------------


async def _portfolio_xlsx(store: EventStore, person: Actor) -> Response:
    day = today()
    rows = await portfolio(store.pool, day, PortfolioScope(authorities=person.authorities))
    book = portfolio_workbook([portfolio_entry(row, day) for row in rows])
    return _file(book, XLSX, f"portfolio-{day.isoformat()}.xlsx")


async def _deadlines_xlsx(store: EventStore, intervention_id: str, person: Actor) -> Response:
    status = await intervention_status(store, intervention_id, person=person)
    return _file(deadlines_workbook(status.deadlines), XLSX, f"{intervention_id}-deadlines.xlsx")


async def _plan_xlsx(store: EventStore, intervention_id: str, person: Actor) -> Response:
    recorded = await stream_events(store, intervention_id, person)
    state = apply_all(event.to_domain() for event in recorded)
    return _file(plan_workbook(state), XLSX, f"{intervention_id}-plan.xlsx")


XLSX_RESPONSE: dict[int | str, dict[str, object]] = {
    200: {"content": {XLSX: {}}, "description": "An Excel workbook"}
}


@api_router.get("/portfolio.xlsx", responses=XLSX_RESPONSE, response_class=Response)
async def portfolio_xlsx(services: Services, person: Caller) -> Response:
    """Every intervention, its next deadline and RAG, as an Excel workbook."""
    return await _portfolio_xlsx(services.store, person)


@api_router.get(
    "/interventions/{intervention_id}/deadlines.xlsx",
    responses={**XLSX_RESPONSE, **documented(404)},
    response_class=Response,
)
async def deadlines_xlsx(
    intervention_id: InterventionId, services: Services, person: Caller
) -> Response:
    """The intervention's deadlines, as an Excel workbook."""
    return await _deadlines_xlsx(services.store, intervention_id, person)


@api_router.get(
    "/interventions/{intervention_id}/plan.xlsx",
    responses={**XLSX_RESPONSE, **documented(404)},
    response_class=Response,
)
async def plan_xlsx(
    intervention_id: InterventionId, services: Services, person: Caller
) -> Response:
    """The improvement plan, in the columns the plan import reads."""
    return await _plan_xlsx(services.store, intervention_id, person)


@page_router.get("/portfolio.xlsx")
async def portfolio_xlsx_page(services: Services, session: SignedIn) -> Response:
    return await _portfolio_xlsx(services.store, session.person)


@page_router.get("/interventions/{intervention_id}/deadlines.xlsx")
async def deadlines_xlsx_page(
    intervention_id: InterventionId, services: Services, session: SignedIn
) -> Response:
    return await _deadlines_xlsx(services.store, intervention_id, session.person)


@page_router.get("/interventions/{intervention_id}/plan.xlsx")
async def plan_xlsx_page(
    intervention_id: InterventionId, services: Services, session: SignedIn
) -> Response:
    return await _plan_xlsx(services.store, intervention_id, session.person)


# --- calendars -------------------------------------------------------------------------------


class CalendarFeed(BaseModel):
    person: str
    url: str = Field(description="Every deadline; subscribe to it in Outlook or Google Calendar")
    intervention_url: str = Field(
        description="One intervention's deadlines: put its id in place of {intervention_id}"
    )


def _ics(content: bytes, filename: str) -> Response:
    return Response(
        content,
        media_type=CALENDAR,
        headers={"Content-Disposition": f'inline; filename="{filename}"'},
    )


@api_router.get("/calendar.ics", responses=CALENDAR_RESPONSE)
async def portfolio_calendar(request: Request, services: Services, person: Caller) -> Response:
    """Every deadline of the interventions the person may see, and each reminder, as an
    iCalendar file."""
    feed = portfolio_feed(person.authorities)
    body = await feed_calendar(services.store.pool, feed, _dashboard(request))
    return _ics(body, "deadlines.ics")


@api_router.get(
    "/interventions/{intervention_id}/calendar.ics",
    responses={**CALENDAR_RESPONSE, **documented(404)},
)
async def intervention_calendar(
    request: Request, intervention_id: InterventionId, services: Services, person: Caller
) -> Response:
    """The intervention's deadlines, and each reminder, as an iCalendar file."""
    await stream_events(services.store, intervention_id, person)  # 404 for an unknown one
    feed = intervention_feed(intervention_id)
    body = await feed_calendar(services.store.pool, feed, _dashboard(request))
    return _ics(body, f"{intervention_id}.ics")


@api_router.post("/me/calendar-feed", status_code=201)
async def issue_calendar_feed(request: Request, services: Services, person: Caller) -> CalendarFeed:
    """A secret feed URL for the caller; the one they had before stops working. Keep it like a
    password: anyone with it sees the deadlines."""
    secret = await issue_feed_secret(services.store.pool, person.name, person.authorities)
    return CalendarFeed(
        person=person.name,
        url=feed_url(_dashboard(request), secret),
        intervention_url=feed_url(_dashboard(request), secret, "{intervention_id}"),
    )


@api_router.delete("/me/calendar-feed", status_code=204, responses=documented(404))
async def revoke_calendar_feed(services: Services, person: Caller) -> Response:
    """Stop the caller's feed URL."""
    try:
        await revoke_feed(services.store.pool, person.name)
    except FeedError as error:
        raise ApiError(404, "not_found", str(error)) from None
    return Response(status_code=204)


async def _subscriber(services: Services, secret: str) -> Subscriber:
    person = await person_for_secret(services.store.pool, secret)
    if person is None:
        # The same answer for a wrong and a revoked secret: nothing to learn by guessing.
        raise ApiError(404, "not_found", "no calendar feed at this address; it may be revoked")
    return person


def _feed_reader(subscriber: Subscriber) -> Actor:
    """The subscriber as the record's reads know people: by name and authorities."""
    return Actor(name=subscriber.name, role=Role.VIEWER, authorities=subscriber.authorities)


@feed_router.get(FEED_PATH + "/deadlines.ics")
async def subscribed_portfolio(request: Request, secret: str, services: Services) -> Response:
    person = await _subscriber(services, secret)
    body = await feed_calendar(services.store.pool, feed_for_person(person), _dashboard(request))
    return _ics(body, "deadlines.ics")


@feed_router.get(FEED_PATH + "/interventions/{intervention_id}.ics")
async def subscribed_intervention(
    request: Request, secret: str, intervention_id: InterventionId, services: Services
) -> Response:
    person = await _subscriber(services, secret)
    # Not the subscriber's organisation's: not found, as one that is not there.
    await stream_events(services.store, intervention_id, _feed_reader(person))
    feed = feed_for_person(person, intervention_id)
    body = await feed_calendar(services.store.pool, feed, _dashboard(request))
    return _ics(body, f"{intervention_id}.ics")


@page_router.get("/interventions/{intervention_id}/calendar.ics")
async def intervention_calendar_page(
    request: Request, intervention_id: InterventionId, services: Services, session: SignedIn
) -> Response:
    await stream_events(services.store, intervention_id, session.person)
    feed = intervention_feed(intervention_id)
    body = await feed_calendar(services.store.pool, feed, _dashboard(request))
    return _file(body, CALENDAR, f"{intervention_id}.ics")


class CalendarForm(BaseModel):
    csrf: str = ""


def _checked(session: Session, form: CalendarForm) -> None:
    if not form_token_matches(session, form.csrf):
        raise ApiError(403, "forbidden", "this form has expired or came from another site")


async def _calendar_page(
    request: Request, services: Services, session: Session, feed: str | None = None
) -> Response:
    people = await feed_people(services.store.pool)
    context = {
        "session": session,
        "has_feed": session.person.name in people,
        "feed_url": feed,
    }
    return page(request, "calendar.html", context)


@page_router.get("/calendar")
async def calendar_page(request: Request, services: Services, session: SignedIn) -> Response:
    return await _calendar_page(request, services, session)


@page_router.post("/calendar")
async def issue_calendar_page(
    request: Request,
    form: Annotated[CalendarForm, Form()],
    services: Services,
    session: SignedIn,
) -> Response:
    _checked(session, form)
    person = session.person
    secret = await issue_feed_secret(services.store.pool, person.name, person.authorities)
    return await _calendar_page(request, services, session, feed_url(_dashboard(request), secret))


@page_router.post("/calendar/revoke")
async def revoke_calendar_page(
    form: Annotated[CalendarForm, Form()], services: Services, session: SignedIn
) -> Response:
    _checked(session, form)
    with contextlib.suppress(FeedError):  # already stopped: the page says so either way
        await revoke_feed(services.store.pool, session.person.name)
    return RedirectResponse("/calendar", status_code=303)
