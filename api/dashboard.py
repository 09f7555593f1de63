"""The dashboard: server-rendered pages on GOV.UK Frontend for improvement teams and managers.
The portfolio, one intervention's timeline, deadlines and event log, a form to record a
milestone with that milestone's own fields, and the accessibility statement."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path as FilePath
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader
from pydantic import ValidationError

from api.auth import may_record
from api.backend import Services, today
from api.errors import ApiError, invalid_request, translate
from api.models import RecordMilestoneRequest
from api.portfolio import Portfolio, PortfolioFilter, load_portfolio
from api.record_form import (
    DateNotReadError,
    FormField,
    date_from_parts,
    date_parts,
    error_key,
    form_fields,
    read_details,
)
from api.routes import InterventionId
from api.session import Session, current_session, form_token_matches
from api.timeline_chart import day, timeline_chart
from application.interventions import (
    CommandRefusedError,
    MilestoneRejectedError,
    NoRunningInterventionError,
    record_milestone,
)
from domain.explain import Explanation
from domain.milestones import MILESTONES
from domain.regimes import get_regime
from domain.state import Stage, Track
from domain.timeline import condition_in_words
from domain.views import StatusView
from eventstore.queries import NotFoundError, explained_status

# Our pages, and GOV.UK Frontend's components as macros under "govuk_frontend_jinja/".
templates = Jinja2Templates(
    env=Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader(FilePath(__file__).parent / "templates"),
                PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
            ]
        ),
        autoescape=True,
    )
)


def words(value: object) -> str:
    return str(value).replace("_", " ")


def choice(value: str, chosen: str | None) -> dict[str, object]:
    """A value as an item of a GOV.UK select or radios: its words, and whether it is chosen."""
    picked = value == chosen
    return {
        "value": value,
        "text": words(value).capitalize(),
        "selected": picked,
        "checked": picked,
    }


templates.env.filters |= {
    "day": day,
    "words": words,
    "choice": choice,
    "condition_in_words": condition_in_words,
}

router = APIRouter(include_in_schema=False)
SignedIn = Annotated[Session, Depends(current_session)]


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
    portfolio = await load_portfolio(services.store.pool, today(), filters, session.person)
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


@dataclass
class FormState:
    """A form as the page shows it: the values as typed, by input name, and the errors, by the
    field they are about ("form" for those about none)."""

    values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


@dataclass
class RecordFormState(FormState):
    milestone: str = ""
    fields: list[FormField] = field(default_factory=list)


def _record_form(status: StatusView, milestone: str | None, now: date) -> RecordFormState:
    """The record form for `milestone`, or for the first that can be recorded now."""
    allowed = status.allowed_milestones
    form = RecordFormState(values={f"effective_on-{k}": v for k, v in date_parts(now).items()})
    if milestone and milestone not in allowed:
        form.errors["milestone"] = (
            f"{milestone!r} cannot be recorded now; choose one of the milestones listed"
        )
    form.milestone = milestone if milestone in allowed else (allowed[0] if allowed else "")
    form.fields = form_fields(form.milestone, _judgements(status))
    return form


def _judgements(status: StatusView) -> tuple[str, ...]:
    """What a report may be judged under the intervention's regime."""
    return get_regime(status.regime, status.regime_version).judged_as


def _report_form(status: StatusView, now: date) -> FormState:
    values = {f"from-{k}": v for k, v in date_parts(status.opened_on).items()}
    values |= {f"to-{k}": v for k, v in date_parts(now).items()}
    return FormState(values=values)


def _error_list(errors: dict[str, str], anchors: dict[str, str]) -> list[dict[str, str]]:
    """The error summary's items, each linked to the input it is about."""
    return [
        {"text": message, "href": f"#{anchors[key]}"} if key in anchors else {"text": message}
        for key, message in errors.items()
    ]


def _count(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() else None


def intervention_page(
    request: Request,
    session: Session,
    status: StatusView,
    explained: dict[str, Explanation],
    record: RecordFormState | None = None,
    report: FormState | None = None,
    http_status: int = 200,
) -> Response:
    now = today()
    recorded = request.query_params.get("recorded")
    record = record or _record_form(status, request.query_params.get("milestone"), now)
    report = report or _report_form(status, now)
    return page(
        request,
        "intervention.html",
        {
            "session": session,
            "status": status,
            "explained": explained,
            "chart": timeline_chart(status, now),
            "today": now,
            "record": record,
            "report": report,
            "error_count": len(record.errors) + len(report.errors),
            "error_list": _error_list(
                record.errors,
                {"milestone": "milestone", "effective_on": "effective_on-day"}
                | {field.key: field.anchor for field in record.fields},
            )
            + _error_list(report.errors, {"from": "from-day", "to": "to-day"}),
            "cannot_record": may_record(session.person),
            "recorded": recorded if recorded in MILESTONES else None,
            "imported": _count(request.query_params.get("imported")),
        },
        status=http_status,
    )


@router.get("/interventions/{intervention_id}")
async def intervention_view(
    request: Request, intervention_id: InterventionId, services: Services, session: SignedIn
) -> Response:
    status, explained = await explained_status(
        services.store, intervention_id, today(), session.person
    )
    return intervention_page(request, session, status, explained)


def _record_request(form: RecordFormState) -> RecordMilestoneRequest:
    """The API's request from what the form holds; a value the form cannot read is refused
    here, beside its field, before the rules see it."""
    try:
        effective_on = date_from_parts(form.values, "effective_on", "When it took effect")
        details = read_details(form.fields, form.values)
    except DateNotReadError as error:
        raise ApiError(422, "invalid_request", str(error), error.key) from None
    if effective_on is None:
        raise ApiError(
            422,
            "invalid_request",
            "give the date the milestone took effect: day, month and year",
            "effective_on",
        )
    try:
        return RecordMilestoneRequest.model_validate(
            {"milestone": form.milestone, "effective_on": effective_on, "details": details}
        )
    except ValidationError as error:
        raise invalid_request(error.errors()) from None


@router.post("/interventions/{intervention_id}/milestones")
async def record_from_form(
    request: Request, intervention_id: InterventionId, services: Services, session: SignedIn
) -> Response:
    # The fields depend on the milestone, so the form is read whole rather than by a model.
    posted = {key: value for key, value in (await request.form()).items() if isinstance(value, str)}
    if not form_token_matches(session, posted.get("csrf", "")):
        raise ApiError(
            403, "forbidden", "this form has expired or came from another site; reload the page"
        )
    milestone = posted.get("milestone", "")
    form = RecordFormState(values=posted, milestone=milestone, fields=form_fields(milestone))
    try:
        reason = may_record(session.person)
        if reason is not None:
            raise ApiError(403, "forbidden", reason, "milestone")
        body = _record_request(form)
        await record_milestone(services.client, intervention_id, body.command(session.person))
    except CommandRefusedError:
        # Another authority's: not found, as an intervention that is not there.
        raise
    except (ApiError, MilestoneRejectedError, NoRunningInterventionError) as error:
        failure = translate(error)
        assert failure is not None  # each of these has a translation
        try:
            status, explained = await explained_status(
                services.store, intervention_id, today(), session.person
            )
        except NotFoundError:
            # No page to show the error on: said as for another authority's.
            raise error from None
        form.fields = form_fields(milestone, _judgements(status))
        form.errors[error_key(failure.detail.field, form.fields)] = failure.detail.message
        return intervention_page(
            request, session, status, explained, record=form, http_status=failure.status
        )
    # Post, redirect, get: reloading the page does not record the milestone twice.
    return RedirectResponse(
        f"/interventions/{intervention_id}?recorded={body.milestone}", status_code=303
    )


@router.get("/accessibility")
async def accessibility_statement(request: Request) -> Response:
    # Public: a person must be able to read it before, and without, signing in.
    return page(
        request,
        "accessibility.html",
        {"contact": request.app.state.accessibility_contact, "session": None},
    )
