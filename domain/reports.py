"""Reports that bring the council duties, and when the council received them.

The statutory clocks count from the day the council received a report, usually a few working
days before Ofsted publishes it. When nobody gave that day, the regime's receipt rule assumes
one (never later than the real receipt in the known cases), and every deadline counted from it
is marked as resting on that assumption until the real date is recorded.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from domain.deadlines import CountedFrom, moved, rescheduled
from domain.errors import InvalidDateError
from domain.events import (
    Event,
    FocusedVisitCompleted,
    JtaiCompleted,
    MonitoringLetterPublished,
    MonitoringVisitCompleted,
    ReinspectionCompleted,
    ReportReceiptConfirmed,
    VisitLetterPublished,
)
from domain.milestones import LETTER_VISITS, visit_of_letter, visits_recorded
from domain.regime import Anchor, Regime
from domain.standing import Report
from domain.state import Deadline, DeadlineStatus, InterventionState
from domain.values import Inspection, ReportKind

# The reports of an inspection in full: of the authority, or of the area's SEND arrangements.
INSPECTED_IN_FULL = {ReportKind.INSPECTION, ReportKind.REINSPECTION, ReportKind.AREA_SEND}


def receipt(
    regime: Regime,
    kind: ReportKind,
    published_on: date,
    received_on: date | None,
    earliest: date | None = None,
) -> tuple[date, bool]:
    """The day a report of `kind` was received and whether it is assumed: the day given; else
    the regime's rule, but never before `earliest` (the day the inspection or visit ended);
    else, under a regime without the rule or for a report nothing counts from the receipt of
    (an annual assessment), the day of publication."""
    if received_on is not None:
        return received_on, False
    if regime.receipt is None or not regime.counts_from_receipt(kind):
        return published_on, False
    assumed = regime.receipt.assumed(published_on)
    return (max(assumed, earliest) if earliest else assumed), True


def check_receipt_day(regime: Regime, field: str, received: date, published: date) -> None:
    """Refuse a day of receipt the regime's limit says is a date typed wrong: months before
    the report was published."""
    limit = regime.recording.received_before_published
    if limit is not None and received <= limit.before(published):
        raise InvalidDateError(
            field,
            received,
            f"is {limit.describe()} or more before the report was published on "
            f"{published.isoformat()}; a report is received days before it is published",
        )


def opening_report(inspection: Inspection, regime: Regime) -> Report:
    received, assumed = receipt(
        regime,
        inspection.kind,
        inspection.published_on,
        inspection.received_on,
        inspection.ended_on,
    )
    return Report(
        number=1,
        kind=inspection.kind,
        judgement=inspection.judgement,
        published_on=inspection.published_on,
        received_on=received,
        received_assumed=assumed,
        priority_actions=tuple(inspection.priority_actions),
    )


def received_report(
    state: InterventionState, regime: Regime, event: ReinspectionCompleted
) -> Report:
    # A report after one of an inspection in full (of the authority, or of the area's SEND
    # arrangements) is of an inspection again; a visit's letter is none, and under the regimes
    # that say so neither is an annual assessment or a joint area review.
    before = (
        INSPECTED_IN_FULL
        if regime.an_assessment_is_not_an_inspection
        else set(ReportKind) - set(LETTER_VISITS.values())
    )
    again = not regime.first_full_inspection_is_not_a_reinspection or any(
        report.kind in before for report in state.reports
    )
    kind = event.kind or (ReportKind.REINSPECTION if again else ReportKind.INSPECTION)
    return Report(
        number=len(state.reports) + 1,
        kind=kind,
        judgement=event.judgement,
        published_on=event.published_on,
        received_on=event.received_on,
        received_assumed=event.received_assumed,
        priority_actions=tuple(event.priority_actions),
    )


def report_of_visit(
    state: InterventionState,
    regime: Regime,
    event: FocusedVisitCompleted | JtaiCompleted | VisitLetterPublished,
) -> Report | None:
    """The letter of a focused visit or JTAI, with the visit or after it, when it names priority
    actions and brings duties: one of its time, and, under the regimes that say so, of after
    the inspection the record opened on."""
    if isinstance(event, VisitLetterPublished):
        visit = visit_of_letter(state, event.visit)
        assert visit is not None  # checked when the letter was recorded
        published: date | None = event.effective_on
        kind = LETTER_VISITS[visit.milestone]
        ended_on: date | None = visit.ended_on or visit.on
    else:
        published = event.published_on or event.received_on
        kind = ReportKind.JTAI if isinstance(event, JtaiCompleted) else ReportKind.FOCUSED_VISIT
        ended_on = event.ended_on
    if not event.priority_actions or published is None or not letter_counts(state, published):
        return None
    received = receipt(regime, kind, published, event.received_on, ended_on)
    return _letter(state, kind, published, received, event.priority_actions)


def report_of_revisit(
    state: InterventionState,
    regime: Regime,
    event: MonitoringVisitCompleted | MonitoringLetterPublished,
) -> Report | None:
    """The letter of a visit that met a rule whose letter is a report (an area SEND revisit),
    when it names areas for priority action: a report of that kind, published on the letter's
    day (Surrey: the revisit of March 2019, insufficient progress, the DfE's and NHS England's
    reviews after it)."""
    visited_on: date | None = event.effective_on
    published: date | None = event.effective_on
    if isinstance(event, MonitoringVisitCompleted):
        published = event.letter_on
    else:
        visited_on = visits_recorded(state).get(event.visit)
    kind = letter_report_kind(state, regime, visited_on)
    if not event.priority_actions or published is None or kind is None:
        return None
    received = receipt(regime, kind, published, None)
    return _letter(state, kind, published, received, event.priority_actions)


def _letter(
    state: InterventionState,
    kind: ReportKind,
    published: date,
    received: tuple[date, bool],
    priority_actions: list[str],
) -> Report:
    """A letter naming priority actions as the record's next report: it carries no grade."""
    return Report(
        number=len(state.reports) + 1,
        kind=kind,
        judgement=None,
        published_on=published,
        received_on=received[0],
        received_assumed=received[1],
        priority_actions=tuple(priority_actions),
    )


def letter_report_kind(
    state: InterventionState, regime: Regime, visited_on: date | None
) -> ReportKind | None:
    """The kind of report the letter of the visit of `visited_on` is, by the rule the visit
    met: none for a visit whose rule says nothing of its letter."""
    kinds = [
        rule.letter_is_report
        for deadline in state.deadlines
        if deadline.met_on == visited_on
        and (rule := regime.rule(deadline.milestone)) is not None
        and rule.letter_is_report is not None
    ]
    return kinds[-1] if kinds else None


def letter_counts(state: InterventionState, day: date) -> bool:
    """Whether a letter naming priority actions, of a visit or published on `day`, brings
    duties: one of its time, and, under the regimes that say so, not history from before the
    inspection the record opened on."""
    regime = state.rules
    history = regime.earlier_letters_are_history and day < state.inspection.finished_on
    return regime.letter_brings_duties(day) and not history


def receipt_confirmed(
    state: InterventionState, regime: Regime, event: ReportReceiptConfirmed, now: datetime
) -> Iterable[Event]:
    """The deadlines counted from a report's assumed receipt, moved to count from the real
    day, and the deadlines counted from theirs after them."""
    report = state.report(event.report)
    assert report is not None  # checked when the fact was recorded
    basis = f"report {report.number} ({report.label}) received"
    number = None if report.number == 1 else report.number
    moves: list[tuple[Deadline, date, CountedFrom]] = []
    for rule in regime.rules_anchored_at(Anchor.REPORT_RECEIVED):
        for deadline in _assumed(state, rule.name, number):
            due = regime.due_on(rule, event.received_on)
            moves.append((deadline, due, CountedFrom(event.received_on, basis)))
            for child in regime.rules_after(rule.name):
                # A series counted from a deadline is numbered from 1, a single one not at all:
                # only a series was found before the regimes that move what follows.
                single = not child.recurs and regime.a_confirmed_receipt_moves_what_follows
                for later in _assumed(
                    state, child.name, None if single else 1, counted_from=deadline.due
                ):
                    counted = CountedFrom(due, f"{deadline.title} due")
                    moves.append((later, regime.due_on(child, due), counted))
    reason = f"receipt of report {report.number} confirmed as {event.received_on.isoformat()}"
    for deadline, due, counted in moves:
        if regime.receipt_confirmed_withdraws_undeserved_escalations:
            yield from moved(state, deadline, due, now, reason, counted)
        else:
            alert_on = regime.alert_for(deadline.kind, deadline.milestone, due)
            yield rescheduled(deadline, due, alert_on, now, reason, counted=counted)


def _assumed(
    state: InterventionState, milestone: str, number: int | None, counted_from: date | None = None
) -> list[Deadline]:
    return [
        d
        for d in state.deadlines
        if (d.milestone, d.number) == (milestone, number)
        and d.assumed
        and d.status is not DeadlineStatus.WITHDRAWN
        and (counted_from is None or d.counted_from == counted_from)
    ]
