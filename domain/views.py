"""Read views of an intervention, in the shape of the JSON contract (`status --json`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, computed_field

from domain.calendar import working_days_between
from domain.carry import carried
from domain.clock import alerts_counted
from domain.milestones import allowed_now
from domain.plan_progress import PlanProgress, plan_progress
from domain.standing import Appointment, Delivery, Instrument, Report
from domain.state import Deadline, DeadlineStatus, InterventionState, Stage


class DeadlineView(BaseModel):
    milestone: str
    number: int | None
    cycle: int
    kind: str
    owner: str
    title: str
    due: date
    status: str
    met_on: date | None
    # It counts from a date nobody gave (a report's receipt, assumed by the regime's rule).
    assumed: bool = False
    # What others are expected to do: the day it is flagged if not on the record by then, after
    # any grace its rule gives (a re-inspection is "due" long before it is late). None for what
    # escalates.
    flagged_from: date | None = None


class EscalationView(BaseModel):
    milestone: str
    number: int | None
    cycle: int
    level: int
    raised_on: date
    to: str
    withdrawn_on: date | None


class EventView(BaseModel):
    position: int | None = None
    version: int
    type: str
    effective_on: date
    recorded_at: datetime
    actor: dict[str, str]
    summary: str
    data: dict[str, Any]


class StatusView(BaseModel):
    intervention_id: str
    authority: str
    regime: str
    regime_version: int = 1
    track: str | None
    status: str
    stage: str
    cycle: int
    version: int
    opened_on: date
    closed_on: date | None
    next_deadline: DeadlineView | None
    highest_escalation: int
    allowed_milestones: list[str]
    deadlines: list[DeadlineView]
    escalations: list[EscalationView]
    events: list[EventView] = []
    # The improvement plan's progress, when the intervention has one.
    plan: PlanProgress | None = None
    # Where it stands beyond its deadlines.
    reports: list[Report] = []
    instruments: list[Instrument] = []
    appointments: list[Appointment] = []
    reinspection: str | None = None
    delivery: Delivery | None = None
    # Reports whose receipt is assumed: the deadlines counted from them may still move.
    receipt_unconfirmed: list[int] = []
    # The end of the DfE's support and supervision, while the intervention is in it: it stays
    # open after that day until the DfE's letter ends it.
    support_ends_on: date | None = None

    # What people read first. `next_deadline` orders the portfolio, where a missed duty comes
    # first; on an intervention's own page a duty missed years ago is overdue, not next.
    @property
    def overdue(self) -> list[DeadlineView]:
        """The deadlines missed and still open, the oldest first."""
        return [d for d in self.deadlines if d.status == DeadlineStatus.MISSED]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def upcoming(self) -> DeadlineView | None:
        """The first deadline still to come, in the JSON too: `next_deadline` is the portfolio's
        order, a missed duty before it."""
        return next((d for d in self.deadlines if d.status == DeadlineStatus.PENDING), None)


def deadline_views(state: InterventionState) -> list[DeadlineView]:
    counted = alerts_counted(state)
    return [
        carried(d, DeadlineView, flagged_from=_flagged_from(state, d, counted))
        for d in sorted(state.deadlines, key=lambda d: (d.due, d.key))
    ]


def _flagged_from(
    state: InterventionState, deadline: Deadline, alerts_counted: dict[str, date]
) -> date | None:
    """The day a deadline that does not escalate is flagged if nothing is recorded: a review
    waiting for a commissioner's late report later than its own alert, and not at all while
    the clock leaves it alone (`alerts_counted`, the clock's, found once for all)."""
    regime = state.rules
    if regime.escalates(deadline.kind, deadline.milestone):
        return None
    if not deadline.is_open:
        return deadline.alert_on
    counted = alerts_counted.get(deadline.key)
    if counted is None:
        return None
    # As the clock and `intervention explain` work it out.
    return regime.alert_for(deadline.kind, deadline.milestone, counted)


def status_view(
    state: InterventionState, events: list[EventView] | None = None, today: date | None = None
) -> StatusView:
    """The status; with `today`, plan progress as of that day too."""
    deadlines = deadline_views(state)
    upcoming = state.next_deadline
    return StatusView(
        intervention_id=state.intervention_id,
        authority=state.authority,
        regime=state.regime,
        regime_version=state.regime_version,
        track=state.track_under_way.value if state.track_under_way else None,
        status="closed" if state.is_closed else "open",
        stage=state.stage.value,
        cycle=state.cycle,
        version=state.version,
        opened_on=state.opened_on,
        closed_on=state.closed_on,
        next_deadline=next(
            (
                d
                for d in deadlines
                if upcoming and (d.milestone, d.number, d.cycle) == upcoming.identity
            ),
            None,
        ),
        highest_escalation=state.highest_escalation,
        allowed_milestones=[] if state.is_closed else allowed_now(state),
        deadlines=deadlines,
        escalations=[carried(e, EscalationView) for e in state.escalations],
        events=events or [],
        plan=plan_progress(state, today) if today is not None and state.actions else None,
        reports=list(state.reports),
        instruments=list(state.instruments),
        appointments=list(state.appointments),
        reinspection=state.reinspection.value if state.reinspection else None,
        delivery=state.services_move,
        receipt_unconfirmed=list(state.receipt_to_confirm),
        support_ends_on=state.support_ends_on
        if state.stage is Stage.SUPPORT_AND_SUPERVISION
        else None,
    )


def working_days_left(due: date, today: date) -> int:
    """Working days from today to the due date; negative once it has passed."""
    return working_days_between(today, due)
