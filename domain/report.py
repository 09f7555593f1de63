"""The committee progress report, built from the event log alone.

Every count and date in it is read off the events: milestones, deadlines met and missed,
escalations, monitoring visit findings, plan progress, audits, funding and board meetings in the
period, and what falls due next. The plan stands as it was known at the end of the period.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from pydantic import BaseModel

from domain.calendar import add_months, london_date
from domain.carry import carried
from domain.errors import InvalidDateError
from domain.events import (
    BoardMeetingHeld,
    CaseAuditCompleted,
    DeadlineMet,
    DeadlineMissed,
    DeadlineWithdrawn,
    EscalationRaised,
    Event,
    FocusedVisitCompleted,
    FundingAllocated,
    JtaiCompleted,
    MilestoneEvent,
    MilestoneOverdue,
    MonitoringLetterPublished,
    MonitoringVisitCompleted,
    ReminderSent,
)
from domain.intervention import apply_all
from domain.plain_words import and_list, role_words
from domain.plan_progress import PlanProgress, RagPoint, plan_progress, rag_over_time
from domain.standing import Report, Track
from domain.state import Deadline, DeadlineStatus, InterventionState, Stage, deadline_key
from domain.timeline import (
    PublishedLater,
    after_the_intervention,
    condition_in_words,
    describe,
    report_published_words,
    visit_title,
)
from domain.values import AppointmentRole, ReportKind, Role

UPCOMING_MONTHS = 3


class Period(BaseModel):
    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


class Dated(BaseModel):
    on: date
    what: str


class DeadlineOutcome(BaseModel):
    deadline: str
    kind: str
    due: date
    outcome: str  # met, met within the time allowed, met late, missed, overdue, withdrawn (why)
    on: date

    @property
    def tone(self) -> str:
        """How the printed report marks the outcome: good, late, bad, or plain for one no
        longer asked for (withdrawn, with its reason)."""
        return {
            "met": "met",
            "met within the time allowed": "met",
            "met late": "late",
            "missed": "missed",
            "overdue": "overdue",
        }.get(self.outcome, "withdrawn")


class EscalationLine(BaseModel):
    deadline: str
    level: int
    to: str
    raised_on: date
    withdrawn_on: date | None

    @property
    def to_words(self) -> str:
        return role_words(self.to)


class VisitFindings(BaseModel):
    number: int
    # "Monitoring visit 2", or the focused visit or JTAI that stood for one.
    title: str
    visited_on: date
    letter_on: date | None
    areas_reviewed: list[str]
    key_findings: list[str]


class AuditOutcome(BaseModel):
    on: date
    theme: str | None
    cases_reviewed: int
    outstanding: int
    good: int
    requires_improvement: int
    inadequate: int


class FundingLine(BaseModel):
    on: date
    phase: str
    amount: int | None  # not stated on the record
    source: str | None


class BoardMeeting(BaseModel):
    on: date
    chair: str | None
    attendance: int | None  # how many the minutes list; None when they list nobody
    decisions: list[str]


class Upcoming(BaseModel):
    deadline: str
    kind: str
    due: date
    status: str


class Oversight(BaseModel):
    """Where the intervention stood at the end of the period: the DfE's instrument in force and
    its conditions, who was appointed, Ofsted's re-inspection, and any move of services."""

    instrument: str | None
    conditions: list[str]
    appointed: list[str]
    reinspection: str | None
    delivery: str | None
    # The year of support and supervision after the lifting, and how it ends.
    support: str | None = None
    receipt_assumed: list[int]
    # The areas for priority action the latest report named, and that report.
    priority_actions: list[str] = []
    priority_actions_from: str | None = None


class CommitteeReport(BaseModel):
    intervention_id: str
    authority: str
    period: Period
    events_read: int
    purpose: str
    # What the record opened on, as the report's heading names it: the judgement, or the letter
    # of a visit or the report that named priority actions without one.
    opened_on: str
    judgement_published_on: date
    track: str | None
    stage: str
    # The instrument and the stage as the committee would say them, in the report's heading.
    standing: str
    oversight: Oversight
    milestones: list[Dated]
    deadlines: list[DeadlineOutcome]
    escalations: list[EscalationLine]
    monitoring_visits: list[VisitFindings]
    plan: PlanProgress
    rag_trend: list[RagPoint]
    audits: list[AuditOutcome]
    funding: list[FundingLine]
    funding_to_date: int
    funding_unstated: int  # allocations to date whose amount the record does not say
    board_meetings: list[BoardMeeting]
    upcoming: list[Upcoming]
    next_steps: list[str]

    @property
    def no_milestones(self) -> str:
        """What to say when no milestone is listed: the visits, meetings and audits of the period
        are listed in sections of their own, and "none recorded" would deny them (Halton: two
        monitoring visits in 2025 and no other fact)."""
        elsewhere = [
            words
            for words, listed in (
                ("monitoring visits", self.monitoring_visits),
                ("board meetings", self.board_meetings),
                ("case audits", self.audits),
            )
            if listed
        ]
        if not elsewhere:
            return "No milestones were recorded in the period."
        return f"No milestones were recorded in the period besides the {and_list(elsewhere)} below."


def month_ends(period: Period) -> list[date]:
    """The last day of each month in the period, and the period's own last day."""
    days = []
    first = date(period.start.year, period.start.month, 1)
    while True:
        end_of_month = add_months(first, 1) - timedelta(days=1)
        if end_of_month >= period.end:
            break
        days.append(end_of_month)
        first = add_months(first, 1)
    return [*days, period.end]


def build_report(
    events: list[Event], start: date | None = None, end: date | None = None
) -> CommitteeReport:
    if not events:
        raise ValueError("a report needs the intervention's events")
    final = apply_all(events)
    period = _period(final, start, end or london_date(events[-1].recorded_at))
    known = took_effect_by(events, period.end)
    state = apply_all(known)
    titles = {d.key: final.shown_label(d) for d in final.deadlines}
    in_period = [e for e in events if e.effective_on in period]
    plan = plan_progress(state, period.end)
    soon = _upcoming(state, period.end)
    opened_on, judgement_published_on = _opened_on(state)
    upcoming = [
        Upcoming(deadline=state.shown_label(d), kind=d.kind.value, due=d.due, status=d.status.value)
        for d in soon
    ]
    return CommitteeReport(
        intervention_id=final.intervention_id,
        authority=final.authority,
        period=period,
        events_read=len(events),
        purpose=_purpose(final.authority, state, period),
        opened_on=opened_on,
        judgement_published_on=judgement_published_on,
        track=state.track_under_way.value if state.track_under_way else None,
        stage=state.stage.value,
        standing=_standing(state),
        oversight=_oversight(state, period.end),
        milestones=_milestones(in_period, _published_in(known, period), state),
        deadlines=sorted(_deadline_outcomes(in_period, final), key=lambda d: (d.on, d.due)),
        escalations=_escalations(in_period, final, titles),
        monitoring_visits=_visits(in_period, state),
        plan=plan,
        rag_trend=rag_over_time(known, month_ends(period)) if state.actions else [],
        audits=[_audit(e) for e in in_period if isinstance(e, CaseAuditCompleted)],
        funding=[
            FundingLine(on=e.effective_on, phase=e.phase, amount=e.amount, source=e.source)
            for e in in_period
            if isinstance(e, FundingAllocated)
        ],
        funding_to_date=sum(e.amount or 0 for e in known if isinstance(e, FundingAllocated)),
        funding_unstated=sum(
            1 for e in known if isinstance(e, FundingAllocated) and e.amount is None
        ),
        board_meetings=[_meeting(e) for e in in_period if isinstance(e, BoardMeetingHeld)],
        upcoming=upcoming,
        next_steps=_next_steps(plan, soon, state, period.end),
    )


def _period(final: InterventionState, start: date | None, end: date) -> Period:
    """The period asked for, from the opening unless told otherwise; it must end after the
    intervention opened and after it starts."""
    period = Period(start=start or final.opened_on, end=end)
    if period.end < final.opened_on:
        raise InvalidDateError(
            "to",
            period.end,
            f"is before the intervention opened on {final.opened_on}",
            label="the period's end",
        )
    if period.end < period.start:
        raise InvalidDateError(
            "to",
            period.end,
            f"is before its start {period.start}; pick a later end",
            label="the period's end",
        )
    return period


def _opened_on(state: InterventionState) -> tuple[str, date]:
    """The judgement the council was under, and the day it was published: in a later cycle,
    the one that started it, not the first (Herefordshire: inadequate in 2012, and again in the
    report of 21 September 2022, the direction that day)."""
    inspection = state.inspection
    if state.cycle > 1:
        return "Judgement published", state.cycle_published_on
    if not inspection.is_ungraded:
        return "Judgement published", inspection.published_on
    letter = "report" if inspection.kind is ReportKind.AREA_SEND else "letter"
    words = f"{inspection.kind.label[0].upper()}{inspection.kind.label[1:]} {letter} published"
    return words, inspection.published_on


def _report_named(state: InterventionState, kind: ReportKind, published: date) -> str:
    """A report or letter by its kind and the day it was published: "the inspection report
    published on 5 March 2024"."""
    letter = "letter" if kind in _LETTERS else "report"
    # The kind's label is written into the record's reasons as it stands: spelt here only.
    what = kind.label
    if kind is ReportKind.REINSPECTION:
        what = "inspection" if after_the_intervention(state, published) else "re-inspection"
    return f"the {what} {letter} published on {published:%-d %B %Y}"


def _purpose(authority: str, state: InterventionState, period: Period) -> str:
    return (
        f"To update the committee, for {period.start:%-d %B %Y} to {period.end:%-d %B %Y}, on "
        f"{authority}'s progress {_under(state, period)}: the milestones reached, the deadlines "
        "met and missed, the improvement plan, and what comes next."
    )


def _under(state: InterventionState, period: Period) -> str:
    """What the council's progress was under in the period: each notice or direction in force
    in it, in turn, and its end when it ended in the period (Hull: the notice of May 2019, the
    direction of 16 March 2020, stepped down to a notice on 5 August 2022, lifted on 28
    September 2023)."""
    during = [
        i
        for i in state.instruments
        if i.issued_on <= period.end and (i.ended_on is None or i.ended_on >= period.start)
    ]
    if not during:
        # A period after the notice was lifted is not one under it (Stoke-on-Trent: the
        # direction revoked on 10 February 2025, the report for April 2025 to March 2026),
        # nor, once a report after it started a new cycle, one since its lifting (Knowsley:
        # lifted in July 2017, inadequate again in January 2025).
        ended_on = state.revoked_on
        if state.instruments and state.track_under_way is not None and ended_on is not None:
            track = state.instruments[-1].kind
            return f"since its {track.value} was {_ended_verb(track)} on {ended_on:%-d %B %Y}"
        # With no notice or direction, the DfE has not intervened by statute (Hackney: a
        # focused visit's priority actions in 2019, no DfE action found), and the report says
        # so, naming the report that started the cycle and any that came after it by the day
        # each was published, not as the inspection's day (Bradford: the area SEND inspection
        # of March 2022, its report of June).
        named = [(state.inspection.kind, state.inspection.published_on)]
        if state.reports:
            # A letter of a visit in the period, published after it, is not yet one to name.
            out = [r for r in state.reports if r.published_on <= period.end] or state.reports
            opening = [r for r in out if r.published_on == state.cycle_published_on]
            named = [(r.kind, r.published_on) for r in (*opening[:1], out[-1])]
        reports = [_report_named(state, kind, on) for kind, on in dict.fromkeys(named)]
        return f"after {' and '.join(reports)}, with no notice or direction"
    # The first without its day: "under its notice from 10 November 2023" would read as the
    # notice's day (Hertfordshire: the report of 10 November 2023, the notice of February 2024).
    # One replaced by another of its kind (re-issued, revised) is the same to the committee.
    words = f"under its {during[0].kind.value}"
    for before, after in itertools.pairwise(during):
        if after.kind is not before.kind:
            words += f" and, from {after.issued_on:%-d %B %Y}, its {after.kind.value}"
    last = during[-1]
    if last.ended_on is not None and last.ended_because in ("lifted", "revoked"):
        words += f", {_ended_verb(last.kind)} on {last.ended_on:%-d %B %Y}"
    return words


def _ended_verb(kind: Track) -> str:
    return "lifted" if kind is Track.NOTICE else "revoked"


# Whom the DfE may send to support a council in place of a notice or direction.
_SUPPORT_WITHOUT_INSTRUMENT = (AppointmentRole.PARTNER, AppointmentRole.IMPROVEMENT_ADVISER)


def _standing(state: InterventionState) -> str:
    """The instrument and the stage as the committee would say them: a notice is lifted, a
    direction revoked (Bury: a notice, requires improvement in 2025, "awaiting revocation" read
    wrongly), and a council the DfE supports through a partner or an adviser with neither is
    not awaiting its decision (Isles of Scilly: Essex County Council funded by the DfE from
    the report of August 2023, no notice or direction), nor is an area whose regime expects none.
    """
    stage, track = state.stage, state.track_under_way
    if track is not None:
        if stage is Stage.AWAITING_REVOCATION:
            ends = "lifting" if track is Track.NOTICE else "revocation"
            return f"{track.value}, stage awaiting the {track.value}'s {ends}"
        return f"{track.value}, stage {stage.replace('_', ' ')}"
    if stage in (Stage.ENDED, Stage.CLOSED):
        # Over with none, as a re-inspection of positive experiences ends an area's record
        # (Hartlepool: the report of 17 May 2023): none is still to come.
        return f"no notice or direction, stage {stage}"
    if stage is not Stage.AWAITING_DECISION:
        return f"no notice or direction yet, stage {stage.replace('_', ' ')}"
    supporting = [
        f"{a.name or 'not named'} ({role_words(a.role.value)}, from {a.from_on:%-d %B %Y})"
        for a in state.appointments
        if a.active and a.role in _SUPPORT_WITHOUT_INSTRUMENT
    ]
    if supporting:
        return f"no notice or direction, supported by {and_list(supporting)}"
    if not state.rules.rules_met_by("improvement_notice_issued"):
        # The regime expects no decision of the DfE: an area SEND inspection's plan is
        # monitored by the inspectorates, a notice the exception (Bradford: the report of June
        # 2022, no notice).
        return "no notice or direction"
    return "no notice or direction yet, stage awaiting the DfE's decision"


def _oversight(state: InterventionState, end: date) -> Oversight:
    instrument = state.instrument
    moving = state.services_move
    support_ends = state.support_ends_on
    answering = _answering(state)
    return Oversight(
        instrument=(
            f"{instrument.kind.value} of {instrument.issued_on:%-d %B %Y}"
            + "".join(f", revised {d:%-d %B %Y}" for d in instrument.revised_on)
            if instrument
            else None
        ),
        conditions=[
            condition_in_words(c, state.deadlines)
            for c in (instrument.conditions if instrument else ())
        ],
        appointed=[
            f"{a.role.value.replace('_', ' ').capitalize()}: {a.name or 'not named'}, "
            f"from {a.from_on:%-d %B %Y}"
            for a in state.appointments
            if a.active
        ],
        reinspection=state.reinspection.value.replace("_", " ") if state.reinspection else None,
        delivery=(
            f"{(moving.model.value if moving.model else 'new provider').replace('_', ' ')}"
            + (f", live {live:%-d %B %Y}" if (live := moving.live_on or moving.go_live_on) else "")
            if moving
            else None
        ),
        # Past its end the stage reads the same: what keeps the record open is said in words
        # (Middlesbrough: support to 12 September 2025, no closing letter on the record).
        support=(
            f"{'ran to' if support_ends < end else 'until'} {support_ends:%-d %B %Y}; the "
            "intervention ends on the day the DfE's letter says so"
            if support_ends is not None and state.stage is Stage.SUPPORT_AND_SUPERVISION
            else None
        ),
        receipt_assumed=list(state.receipt_to_confirm),
        priority_actions=list(answering.priority_actions) if answering else [],
        priority_actions_from=_named_report(answering) if answering else None,
    )


# The reports that are a visit's letter, not an inspection's report.
_LETTERS = (ReportKind.FOCUSED_VISIT, ReportKind.JTAI)


def _answering(state: InterventionState) -> Report | None:
    """The latest report, when it set out areas for priority action: what the council is
    answering, a letter's as an inspection's (Tameside: the focused visit's letter of May 2022,
    "two Areas of Priority Action", until the graded inspection of December 2023)."""
    report = state.reports[-1] if state.reports else None
    return report if report is not None and report.priority_actions else None


def _named_report(report: Report) -> str:
    letter = "letter" if report.kind in _LETTERS else "report"
    return f"{report.kind.label} {letter} of {report.published_on:%-d %B %Y}"


def _milestones(
    in_period: list[Event], published: list[PublishedLater], state: InterventionState
) -> list[Dated]:
    """The facts of the period, and the reports published in it whose visit came before it."""
    facts = [
        Dated(on=e.effective_on, what=describe(e, state))
        for e in in_period
        if isinstance(e, MilestoneEvent) and not isinstance(e, _RECORDS)
    ]
    reports = [Dated(on=e.published_on, what=report_published_words(e, state)) for e in published]
    return sorted([*facts, *reports], key=lambda m: m.on)


def _published_in(events: list[Event], period: Period) -> list[PublishedLater]:
    """The reports and letters published in the period of a visit dated before it."""
    return [
        e
        for e in events
        if isinstance(e, PublishedLater)
        and e.effective_on < period.start
        and e.published_on is not None
        and e.published_on in period
    ]


def _escalations(
    in_period: list[Event], final: InterventionState, titles: dict[str, str]
) -> list[EscalationLine]:
    """Each escalation raised in the period, and when it was withdrawn, if it was."""
    withdrawn = {
        (x.deadline_key, x.level, x.to, x.raised_on): x.withdrawn_on for x in final.escalations
    }
    return [
        EscalationLine(
            deadline=titles.get(_key(e), e.milestone),
            level=e.level,
            to=e.to,
            raised_on=e.effective_on,
            withdrawn_on=withdrawn.get((_key(e), e.level, e.to, e.effective_on)),
        )
        for e in in_period
        if isinstance(e, EscalationRaised)
    ]


def _visits(in_period: list[Event], state: InterventionState) -> list[VisitFindings]:
    """Each visit with what Ofsted's letter found, whether the letter came with the visit's
    record or on its own later (then it belongs to the last visit of its number before it); and
    a focused visit or JTAI that met a monitoring visit, under its number (Middlesbrough: the
    focused visit of 26 and 27 May 2021, the visits after it numbered from 2)."""
    visits: list[VisitFindings] = _visits_in_place(in_period, state)
    latest: dict[int, int] = {}
    for e in in_period:
        if isinstance(e, MonitoringVisitCompleted):
            latest[e.number] = len(visits)
            visits.append(
                VisitFindings(
                    number=e.number,
                    title=visit_title(state, e.effective_on) or f"Monitoring visit {e.number}",
                    visited_on=e.effective_on,
                    letter_on=e.letter_on,
                    areas_reviewed=list(e.areas_reviewed),
                    key_findings=_findings(e),
                )
            )
        elif isinstance(e, MonitoringLetterPublished) and e.visit in latest:
            visit = visits[latest[e.visit]]
            visits[latest[e.visit]] = visit.model_copy(
                update={
                    "letter_on": e.effective_on,
                    "areas_reviewed": visit.areas_reviewed or list(e.areas_reviewed),
                    "key_findings": visit.key_findings or _findings(e),
                }
            )
    return sorted(visits, key=lambda v: v.number)


def _findings(e: MonitoringVisitCompleted | MonitoringLetterPublished) -> list[str]:
    """What a visit's letter found, and the areas a revisit's letter still names for priority
    action."""
    return [*e.key_findings, *(f"Priority action: {action}" for action in e.priority_actions)]


def _visits_in_place(in_period: list[Event], state: InterventionState) -> list[VisitFindings]:
    """The focused visits and JTAIs that met a monitoring visit, each under its number."""
    series = {rule.name for rule in state.rules.rules_met_by("monitoring_visit_completed")}
    met = {
        e.met_on: e.number or 1
        for e in in_period
        if isinstance(e, DeadlineMet) and e.milestone in series
    }
    return [
        VisitFindings(
            number=met[e.effective_on],
            title=(
                f"{'Focused visit' if isinstance(e, FocusedVisitCompleted) else 'JTAI'}, "
                f"in place of monitoring visit {met[e.effective_on]}"
            ),
            visited_on=e.effective_on,
            letter_on=e.published_on,
            areas_reviewed=[e.theme] if e.theme else [],
            key_findings=[f"Priority action: {action}" for action in e.priority_actions],
        )
        for e in in_period
        if isinstance(e, FocusedVisitCompleted | JtaiCompleted) and e.effective_on in met
    ]


def _audit(e: CaseAuditCompleted) -> AuditOutcome:
    return carried(e, AuditOutcome, on=e.effective_on)


def _meeting(e: BoardMeetingHeld) -> BoardMeeting:
    return BoardMeeting(
        on=e.effective_on,
        chair=e.chair,
        attendance=len(e.attendance) or None,
        decisions=list(e.decisions),
    )


# The clock's own facts: dated by the day the clock acted.
_CLOCK = (ReminderSent, DeadlineMissed, EscalationRaised, MilestoneOverdue)


def took_effect_by(events: list[Event], end: date) -> list[Event]:
    """The events that had taken effect by `end`, however late they were recorded.

    One rule for every section: a fact recorded by a person counts from the day it took
    effect, the clock's events from the day the clock acted, and what the engine decided in
    consequence of a fact (deadlines set, met, withdrawn) stands or falls with that fact.
    """
    kept: list[Event] = []
    cause_kept = True
    for event in events:
        if isinstance(event, _CLOCK):
            keep = event.effective_on <= end
        elif event.actor.role is Role.SYSTEM:
            keep = cause_kept
        else:
            keep = cause_kept = event.effective_on <= end
        if keep:
            kept.append(event)
    return kept


# Facts the report shows in their own sections rather than among the milestones.
_RECORDS = (
    BoardMeetingHeld,
    CaseAuditCompleted,
    FundingAllocated,
    MonitoringVisitCompleted,
    MonitoringLetterPublished,
)


def _key(
    event: DeadlineMet | DeadlineMissed | MilestoneOverdue | DeadlineWithdrawn | EscalationRaised,
) -> str:
    return deadline_key(event.milestone, event.number, event.cycle)


def _deadline_outcomes(events: list[Event], final: InterventionState) -> list[DeadlineOutcome]:
    deadlines = {d.key: d for d in final.deadlines}
    outcomes = []
    for e in events:
        if not isinstance(e, DeadlineMet | DeadlineMissed | MilestoneOverdue | DeadlineWithdrawn):
            continue
        deadline = deadlines.get(_key(e))
        if deadline is None or _flagged_before_it_was_known_met(e, deadline):
            continue
        if isinstance(e, DeadlineMet):
            # After its day but within what the rules allow (Ofsted's re-inspection, the DfE's
            # decision): "met" beside a due date months earlier would read as a contradiction
            # (Bury: the re-inspection expected by December 2023, on site in June 2025).
            on_time = "met within the time allowed" if e.effective_on > e.due else "met"
            outcome = "met late" if e.late else on_time
        elif isinstance(e, DeadlineMissed):
            outcome = "missed"
        elif isinstance(e, MilestoneOverdue):
            outcome = "overdue"
        elif deadline.due < e.effective_on:
            # Past due and unmet when it was no longer asked for: the committee sees it end.
            outcome = f"withdrawn ({e.reason})"
        else:
            continue
        outcomes.append(
            DeadlineOutcome(
                deadline=final.shown_label(deadline),
                kind="deadline"
                if final.rules.escalates(deadline.kind, deadline.milestone)
                else "expected",
                due=deadline.due,
                outcome=outcome,
                on=e.effective_on,
            )
        )
    return outcomes


def _flagged_before_it_was_known_met(event: Event, deadline: Deadline) -> bool:
    """A flag raised on a day the deadline, as later recorded, had already been met: the
    fact came onto the record after the flag (Swindon: Ofsted's fourth visit of June 2025,
    recorded with its letter in September, flagged overdue in July), and the committee sees
    it met, not met and overdue."""
    flag = isinstance(event, DeadlineMissed | MilestoneOverdue)
    return flag and deadline.met_on is not None and deadline.met_on <= event.effective_on


def _upcoming(state: InterventionState, end: date) -> list[Deadline]:
    horizon = add_months(end, UPCOMING_MONTHS)
    return [
        d for d in sorted(state.open_deadlines, key=lambda d: (d.due, d.key)) if d.due <= horizon
    ]


def _next_steps(
    plan: PlanProgress, soon: list[Deadline], state: InterventionState, end: date
) -> list[str]:
    steps = [
        f"Action {a.ref} ({a.owner}): review was due {a.review_on:%-d %B %Y}; agree a new date "
        "or complete it"
        for a in plan.overdue
    ]
    return steps + [_step(d, state, end) for d in soon]


def _step(deadline: Deadline, state: InterventionState, end: date) -> str:
    """What is owed next, in words: what others are expected to do (a condition in place of
    such a series too, where the regime gives it the series' grace) is "expected", and past
    its day it is still within the time allowed until flagged, and then not yet on the
    record."""
    day = f"{deadline.due:%-d %B %Y}"
    expected = not state.rules.escalates(deadline.kind, deadline.milestone)
    if deadline.status is DeadlineStatus.MISSED:
        when = f"expected by {day}, not on the record" if expected else f"overdue since {day}"
    elif expected:
        allowed = ", still within the time allowed" if deadline.due < end else ""
        when = f"expected by {day}{allowed}"
    else:
        when = f"due {day}"
    return f"{state.shown_label(deadline)}: {when}"
