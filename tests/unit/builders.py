"""Builders for the pure domain tests: open an intervention, record milestones, run the clock.

Every date used by the tests is written out by hand from the England bank-holiday calendar; the
builders only save typing, they never compute an expected value.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime

from application.portfolio_entries import PortfolioEntry
from domain.clock import tick
from domain.commands import Detail, OpenIntervention, RecordMilestone
from domain.events import Event
from domain.identity import intervention_id
from domain.intervention import apply_all, decide, decide_open
from domain.regimes import current_version
from domain.state import InterventionState
from domain.values import Actor, Inspection, Role

MANAGER = Actor(name="Morgan Manager", role=Role.MANAGER)
TEAM = Actor(name="Tamsin Team", role=Role.IMPROVEMENT_TEAM)
VIEWER = Actor(name="Vic Viewer", role=Role.VIEWER)

AUTHORITY = "Example Borough Council"

# The worked example of docs/domain.md: inspected 9-20 January 2023, report received Thursday
# 2 March 2023, published Tuesday 7 March 2023. Statement of Action due Thursday 15 June 2023.
WORKED = Inspection(
    started_on=date(2023, 1, 9),
    ended_on=date(2023, 1, 20),
    published_on=date(2023, 3, 7),
    received_on=date(2023, 3, 2),
)


def noon(day: date) -> datetime:
    """Midday UTC on `day`: the same calendar day in London all year round."""
    return datetime(day.year, day.month, day.day, 12, 0, tzinfo=UTC)


def utc(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def open_command(
    inspection: Inspection = WORKED,
    *,
    authority: str = AUTHORITY,
    actor: Actor = MANAGER,
    regime: str = "ilacs",
    regime_version: int | None = None,
) -> OpenIntervention:
    return OpenIntervention(
        authority=authority,
        inspection=inspection,
        actor=actor,
        regime=regime,
        regime_version=regime_version,
    )


def opened(
    inspection: Inspection = WORKED,
    now: datetime | None = None,
    regime_version: int | None = None,
    regime: str = "ilacs",
) -> InterventionState:
    """The state just after opening, recorded at noon on the publication date by default, under
    the regime's first version unless another is named."""
    command = open_command(inspection, regime=regime, regime_version=regime_version)
    return apply_all(decide_open(command, now or noon(inspection.published_on)))


def command(
    milestone: str, on: date, *, actor: Actor = MANAGER, **details: Detail
) -> RecordMilestone:
    return RecordMilestone(milestone=milestone, effective_on=on, actor=actor, details=details)


def events_for(
    state: InterventionState,
    milestone: str,
    on: date,
    *,
    now: datetime | None = None,
    actor: Actor = MANAGER,
    **details: Detail,
) -> list[Event]:
    """What `decide` returns for recording `milestone` effective `on` (at noon that day)."""
    return decide(state, command(milestone, on, actor=actor, **details), now or noon(on))


def record(
    state: InterventionState,
    milestone: str,
    on: date,
    *,
    now: datetime | None = None,
    actor: Actor = MANAGER,
    **details: Detail,
) -> InterventionState:
    """Record `milestone` and return the state with its events applied."""
    return apply_all(events_for(state, milestone, on, now=now, actor=actor, **details), state)


def run_clock(state: InterventionState, *instants: datetime) -> InterventionState:
    """Tick the clock at each instant in turn, applying what it returns."""
    for instant in instants:
        state = apply_all(tick(state, instant), state)
    return state


def notice_state() -> InterventionState:
    """The worked example with an Improvement Notice issued on Thursday 20 April 2023."""
    return record(opened(), "improvement_notice_issued", date(2023, 4, 20))


def direction_state(regime_version: int | None = None) -> InterventionState:
    """The worked example with a statutory Direction issued on Thursday 20 April 2023, under
    `regime_version` (the first unless another is named)."""
    return record(opened(regime_version=regime_version), "direction_issued", date(2023, 4, 20))


def commissioner_reviewing(regime_version: int | None = None) -> InterventionState:
    """The worked example with a Direction issued on Thursday 20 April 2023, under
    `regime_version`, and a commissioner appointed on Tuesday 2 May 2023 to review who runs the
    services."""
    return record(
        direction_state(regime_version), "commissioner_appointed", date(2023, 5, 2), name="C. Smith"
    )


def types(events: Iterable[Event]) -> list[str]:
    return [event.type for event in events]


def scheduled(events: Iterable[Event]) -> list[tuple[str, int | None, int, date]]:
    """(milestone, number, cycle, due) of every DeadlineScheduled, in order."""
    return [
        (event.milestone, event.number, event.cycle, event.due)
        for event in events
        if event.type == "DeadlineScheduled"
    ]


def of_milestone(events: Iterable[Event], milestone: str) -> list[Event]:
    return [event for event in events if getattr(event, "milestone", None) == milestone]


def status_of(
    state: InterventionState, milestone: str, number: int | None = None, cycle: int = 1
) -> str:
    deadline = next(
        (
            d
            for d in state.deadlines
            if d.milestone == milestone and d.number == number and d.cycle == cycle
        ),
        None,
    )
    assert deadline is not None, f"no deadline {cycle}:{milestone}:{number}"
    return deadline.status.value


def reported(
    state: InterventionState, on_site: date, published: date, judgement: str, **details: str
) -> InterventionState:
    """The state once an inspection from `on_site` (or an annual assessment), judged
    `judgement`, is recorded as `reinspection_completed` on the day its report is published."""
    events = events_for(
        state,
        "reinspection_completed",
        on_site,
        now=noon(published),
        judgement=judgement,
        published_on=published.isoformat(),
        **details,
    )
    return apply_all(events, state)


def portfolio_entry(
    authority: str,
    due: date | None,
    rag: str | None,
    status: str = "open",
    receipt_unconfirmed: bool = False,
) -> PortfolioEntry:
    """A row of the portfolio as the API, the dashboard and the command line show it."""
    published_on = date(2023, 3, 7)
    return PortfolioEntry(
        intervention_id=intervention_id(authority, published_on),
        authority=authority,
        regime="ilacs",
        regime_version=current_version("ilacs"),
        track="notice",
        stage="improvement",
        status=status,
        cycle=1,
        published_on=published_on,
        next_milestone="statement_of_action" if due else None,
        next_number=None,
        next_due=due,
        overdue=1 if rag == "red" else 0,
        highest_escalation=1 if rag == "red" else 0,
        next_title="Statement of Action" if due else None,
        working_days_left=-3 if rag == "red" else 8,
        rag=rag,  # type: ignore[arg-type]
        receipt_unconfirmed=receipt_unconfirmed,
    )
