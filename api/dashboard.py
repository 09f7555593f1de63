"""The dashboard: server-rendered pages for improvement teams and managers. The portfolio, one
intervention's timeline, deadlines and event log, and a form to record a milestone."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, ValidationError

from api.auth import may_record, token_book
from api.backend import Services, today
from api.errors import ApiError, invalid_request, translate
from api.models import RecordMilestoneRequest
from api.portfolio import Portfolio, PortfolioFilter, load_portfolio
from api.routes import InterventionId
from api.session import (
    Session,
    current_session,
    end_session,
    form_token_matches,
    login_nonce_matches,
    new_login_nonce,
    remember_login_nonce,
    safe_back_to,
    start_session,
)
from api.timeline_chart import day, timeline_chart
from application.interventions import (
    MilestoneRejectedError,
    NoRunningInterventionError,
    record_milestone,
)
from domain.milestones import MILESTONES, detail_fields
from domain.state import Stage, Track
from domain.views import StatusView
from eventstore.queries import intervention_status

templates = Jinja2Templates(directory=FilePath(__file__).parent / "templates")
templates.env.filters["day"] = day
templates.env.filters["words"] = lambda value: str(value).replace("_", " ")

router = APIRouter(include_in_schema=False)
SignedIn = Annotated[Session, Depends(current_session)]
FORM_FIELDS = ("milestone", "effective_on", "details")


class RecordForm(BaseModel):
    # Text as typed: a bad value goes back into the form, next to its error.
    milestone: str = ""
    effective_on: str = ""
    details: str = ""
    csrf: str = ""


class SignOutForm(BaseModel):
    csrf: str = ""


class LoginForm(BaseModel):
    token: str = ""
    nonce: str = ""
    next: str = "/"


def page(
    request: Request, template: str, context: dict[str, object], status: int = 200
) -> HTMLResponse:
    response = templates.TemplateResponse(request, template, context, status_code=status)
    # Every load reads the record afresh; nothing stale from a cache or the back button.
    response.headers["Cache-Control"] = "no-store"
    return response


def error_page(request: Request, error: ApiError) -> Response:
    return page(request, "error.html", {"error": error}, status=error.status)


@dataclass(frozen=True)
class PageLinks:
    """Where the rows shown sit among all of them, and the links to the pages either side,
    keeping the filters."""

    first: int
    last: int
    previous: str | None
    next: str | None

    @classmethod
    def of(cls, request: Request, portfolio: Portfolio) -> PageLinks:
        def at(offset: int) -> str:
            url = request.url.include_query_params(offset=offset)
            return f"{url.path}?{url.query}"

        shown = len(portfolio.interventions)
        after = portfolio.offset + shown
        return cls(
            first=portfolio.offset + 1 if shown else 0,
            last=after,
            previous=at(max(portfolio.offset - portfolio.limit, 0)) if portfolio.offset else None,
            next=at(after) if after < portfolio.totals.interventions and shown else None,
        )


@router.get("/")
async def portfolio_page(
    request: Request,
    filters: Annotated[PortfolioFilter, Query()],
    services: Services,
    session: SignedIn,
) -> Response:
    portfolio = await load_portfolio(services.store.pool, today(), filters)
    return page(
        request,
        "portfolio.html",
        {
            "session": session,
            "portfolio": portfolio,
            "pages": PageLinks.of(request, portfolio),
            "filters": filters,
            "stages": [stage.value for stage in Stage],
            "tracks": [track.value for track in Track],
        },
    )


def milestone_help(names: list[str]) -> dict[str, list[str]]:
    """The fields each milestone takes as details, with their choices where there are some."""
    help_ = {}
    for name in names:
        spec = MILESTONES[name]
        fields = []
        for field in detail_fields(spec):
            choices = getattr(spec.event.model_fields[field].annotation, "__members__", {})
            values = [member.value for member in choices.values()]
            fields.append(f"{field} ({' | '.join(values)})" if values else field)
        help_[name] = fields
    return help_


def _intervention_page(
    request: Request,
    session: Session,
    status: StatusView,
    form: RecordForm | None = None,
    errors: dict[str, str] | None = None,
    http_status: int = 200,
) -> Response:
    now = today()
    recorded = request.query_params.get("recorded")
    return page(
        request,
        "intervention.html",
        {
            "session": session,
            "status": status,
            "chart": timeline_chart(status, now),
            "today": now,
            "form": form or RecordForm(effective_on=now.isoformat()),
            "errors": errors or {},
            "cannot_record": may_record(session.person),
            "help": milestone_help(status.allowed_milestones),
            "recorded": recorded if recorded in MILESTONES else None,
        },
        status=http_status,
    )


@router.get("/interventions/{intervention_id}")
async def intervention_page(
    request: Request, intervention_id: InterventionId, services: Services, session: SignedIn
) -> Response:
    status = await intervention_status(services.store, intervention_id, today=today())
    return _intervention_page(request, session, status)


def _details(text: str) -> dict[str, str]:
    """`key=value` lines, as `--set` takes them on the command line."""
    details = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise ApiError(
                422, "invalid_request", f"{line.strip()!r}: write key=value, one a line", "details"
            )
        details[key.strip()] = value.strip()
    return details


def _form_field(field: str | None) -> str:
    """Where on the form an error shows: a field of its own, the details box, or the top."""
    if field is None:
        return "form"
    head = field.split(".")[0]
    return head if head in FORM_FIELDS else "details"


@router.post("/interventions/{intervention_id}/milestones")
async def record_from_form(
    request: Request,
    intervention_id: InterventionId,
    form: Annotated[RecordForm, Form()],
    services: Services,
    session: SignedIn,
) -> Response:
    if not form_token_matches(session, form.csrf):
        raise ApiError(
            403, "forbidden", "this form has expired or came from another site; reload the page"
        )
    try:
        reason = may_record(session.person)
        if reason is not None:
            raise ApiError(403, "forbidden", reason, "milestone")
        try:
            body = RecordMilestoneRequest.model_validate(
                {
                    "milestone": form.milestone,
                    "effective_on": form.effective_on,
                    "details": _details(form.details),
                }
            )
        except ValidationError as error:
            raise invalid_request(error.errors()) from None
        await record_milestone(services.client, intervention_id, body.command(session.person))
    except (ApiError, MilestoneRejectedError, NoRunningInterventionError) as error:
        failure = translate(error)
        assert failure is not None  # each of these has a translation
        status = await intervention_status(services.store, intervention_id, today=today())
        errors = {_form_field(failure.detail.field): failure.detail.message}
        return _intervention_page(request, session, status, form, errors, failure.status)
    # Post, redirect, get: reloading the page does not record the milestone twice.
    return RedirectResponse(
        f"/interventions/{intervention_id}?recorded={body.milestone}#timeline", status_code=303
    )


@router.get("/login")
async def login_page(request: Request, next: str = "/") -> Response:
    return _login(request, safe_back_to(next))


def _login(request: Request, back_to: str, error: str | None = None, status: int = 200) -> Response:
    nonce = new_login_nonce()
    response = page(
        request, "login.html", {"next": back_to, "error": error, "nonce": nonce}, status=status
    )
    remember_login_nonce(response, request, nonce)
    return response


@router.post("/login")
async def login(request: Request, form: Annotated[LoginForm, Form()]) -> Response:
    back_to = safe_back_to(form.next)
    if not login_nonce_matches(request, form.nonce):
        return _login(request, back_to, "The sign-in form expired; please try again.", 403)
    if token_book(request).person(form.token.strip()) is None:
        return _login(request, back_to, "That token is not known here; check and try again.", 401)
    response = RedirectResponse(back_to, status_code=303)
    start_session(response, request, form.token.strip())
    return response


@router.post("/logout")
async def logout(form: Annotated[SignOutForm, Form()], session: SignedIn) -> Response:
    if not form_token_matches(session, form.csrf):
        raise ApiError(403, "forbidden", "this form has expired or came from another site")
    response = RedirectResponse("/login", status_code=303)
    end_session(response)
    return response
