"""What a recorded milestone causes beyond itself: the deadlines it meets, the deadlines it
sets or withdraws, and the stages it moves the intervention into.

`decide` calls `meet_deadlines` and then `follow_on`, each on the state the one before left, so
a deadline met by the milestone is no longer open when the lifecycle withdraws what is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from domain.apply import apply
from domain.arming import (
    Armed,
    arm,
    arm_conditions,
    arm_report,
    withdraw_all,
    withdraw_conditions,
    withdraw_ending,
    withdraw_support,
)
from domain.carry import carried
from domain.deadlines import (
    by_engine,
    meet,
    withdrawn,
)
from domain.dfe_reviews import (
    options_appraised_by,
    reviews_after_the_commissioner,
    reviews_after_the_report,
    reviews_from_decision,
    reviews_of_a_commissioner_seeing_it_through,
    reviews_of_a_later_report,
    reviews_off_withdrawn_reports,
    sees_it_through,
    waits_for_this_report,
)
from domain.events import (
    APPOINTMENT_EVENTS,
    INSTRUMENT_EVENTS,
    AlternativeDeliveryModelDirected,
    CommissionerAppointed,
    CommissionerReportSubmitted,
    ConditionMet,
    DeadlineScheduled,
    DirectionRevised,
    DirectionRevoked,
    DirectionSteppedDown,
    Event,
    FocusedVisitCompleted,
    ImprovementNoticeIssued,
    InterventionClosed,
    JtaiCompleted,
    MonitoringLetterPublished,
    MonitoringVisitCompleted,
    NewCycleStarted,
    NoticeEscalatedToDirection,
    NoticeLifted,
    NoticeRevised,
    OptionsAppraisalCompleted,
    ProgressReviewCompleted,
    ReinspectionCompleted,
    ReinspectionStarted,
    ReportReceiptConfirmed,
    ReportReceived,
    ServicesRetained,
    StatutoryDirectionIssued,
    SupportAndSupervisionStarted,
    TransferDirected,
    VisitLetterPublished,
)
from domain.milestones import MILESTONE_OF_EVENT, answers_deadlines
from domain.regime import Anchor, DeadlineKind, Regime
from domain.reports import receipt_confirmed, received_report, report_of_revisit, report_of_visit
from domain.series import after_met, ahead_of, series_ended, skipped_to
from domain.standing import ESCALATED, REISSUED, Report
from domain.state import Deadline, DeadlineStatus, InterventionState
from domain.values import AppointmentRole

# A re-inspection judged inadequate starts a new cycle; these anchors belong to one cycle.
CYCLE_ANCHORS = (Anchor.REPORT_RECEIVED, Anchor.PUBLISHED, Anchor.RULE_DUE)
# Facts that may say they are the last of their series.
FINAL_FACTS = (MonitoringVisitCompleted, ProgressReviewCompleted)


def meet_deadlines(
    state: InterventionState, regime: Regime, event: Event, now: datetime
) -> Iterable[Event]:
    """The open deadlines the milestone meets, the earliest of each, and what follows in their
    series."""
    milestone = MILESTONE_OF_EVENT.get(event.type)
    if milestone is None or not answers_deadlines(event):
        return
    kind = getattr(event, "kind", None)
    decided = state.services_decided
    if regime.a_decision_days_report_came_before_it:
        decided = state.services_decided_before(event.effective_on)
    names = [
        rule.name
        for rule in regime.rules_met_by(milestone, decided)
        if kind not in rule.not_again_for
    ]
    if isinstance(event, ConditionMet):
        names.append(event.condition)
    armed = Armed(state)
    number = getattr(event, "number", None)
    for name in names:
        if (
            _before_the_series(state, regime, name, event)
            or _in_post_before_the_inspection(state, regime, name, event)
            or regime.before_any_series(name, event.effective_on)
            or _writes_up_a_review(state, regime, name, milestone, event)
            or waits_for_this_report(state, regime, name, event)
        ):
            continue
        if number is None and regime.unnumbered_facts_meet_the_occurrence_due:
            deadline = armed.state.occurrence_on(name, event.effective_on)
        else:
            deadline = armed.state.open_occurrence(name, number)
        if deadline is None and number is not None:
            awaited = armed.state.first_open(name)
            if ahead_of(regime, awaited, number):
                assert awaited is not None  # ahead_of found it
                on = event.effective_on
                armed.add(skipped_to(armed.state, regime, awaited, number, on, now))
                deadline = armed.state.open_occurrence(name, number)
        if deadline is None:
            deadline = _withdrawn_by_the_lifting_of_its_day(armed.state, regime, name, event)
        if deadline is None or _received_after(regime, deadline, event):
            continue
        before = armed.state
        armed.add(meet(before, deadline, event.effective_on, now))
        if isinstance(event, FINAL_FACTS) and event.final:
            armed.add(series_ended(armed.state, deadline, now, event.LAST))
        else:
            named = getattr(event, "next_by", None)
            armed.add(after_met(armed.state, regime, deadline, event.effective_on, now, named))
    yield from armed.events


def _received_after(regime: Regime, deadline: Deadline, event: Event) -> bool:
    """Whether `deadline` is the duty of a report received after `event` took effect, which it
    cannot answer, under the regimes that say so (Cumbria: a statement of action of September
    2012 is not the answer to the report of June 2013)."""
    rule = regime.rule(deadline.milestone)
    return (
        regime.a_reports_duties_outlive_its_cycle
        and rule is not None
        and rule.anchor is Anchor.REPORT_RECEIVED
        and deadline.counted_from is not None
        and deadline.counted_from > event.effective_on
    )


def _writes_up_a_review(
    state: InterventionState, regime: Regime, name: str, milestone: str, event: Event
) -> bool:
    """Whether `event`, a fact that meets the review `name` only once the DfE has decided (a
    commissioner's report), writes up a review recorded within that review's grace before it,
    under the regimes that say so: the review it reports on was met, and the next is still to
    come."""
    rule = regime.rule(name)
    if (
        not regime.a_report_writes_up_the_review_before_it
        or rule is None
        or milestone in rule.met_by
        or milestone not in rule.met_once_decided_by
    ):
        return False
    on = event.effective_on
    return any(
        fact.milestone in rule.met_by
        and fact.met_deadline
        and fact.on <= on <= rule.grace.after(fact.on)
        for fact in state.recorded
    )


def _before_the_series(state: InterventionState, regime: Regime, name: str, event: Event) -> bool:
    """Whether `event`, a fact of before the report the intervention follows, is kept from
    meeting the series `name` that report set, under the regimes that say so (North East
    Lincolnshire: a focused visit of October 2019, the report of November 2021 and the
    monitoring visits it brought)."""
    rule = regime.rule(name)
    return (
        regime.series_follow_the_report
        and rule is not None
        and rule.repeat_every is not None
        and event.effective_on < state.inspection.published_on
    )


def _in_post_before_the_inspection(
    state: InterventionState, regime: Regime, name: str, event: Event
) -> bool:
    """Whether `event`, an appointment made before the inspection ended, is kept from meeting
    `name`, a deadline its report set, under the regimes that say so (Bournemouth,
    Christchurch and Poole: an adviser from 2020 is not the DfE's decision on the report of
    2022)."""
    rule = regime.rule(name)
    return (
        regime.decisions_follow_the_inspection
        and isinstance(event, APPOINTMENT_EVENTS)
        and rule is not None
        and rule.anchor in CYCLE_ANCHORS
        and event.effective_on < state.inspection.finished_on
    )


def follow_on(
    state: InterventionState, regime: Regime, event: Event, now: datetime
) -> Iterable[Event]:
    """Deadlines set and withdrawn, and stages entered, because of a recorded milestone."""
    on = event.effective_on
    match event:
        case ImprovementNoticeIssued() | StatutoryDirectionIssued():
            armed = Armed(state)
            if len(state.instruments) <= 1:
                if regime.the_first_instrument_ends_the_reviews_before_it:
                    reason = "replaced by the notice's or direction's own reviews"
                    points = [Anchor.INTERVENTION_ISSUED]
                    armed.add(withdraw_ending(state, regime, points, now, reason, every_cycle=True))
                armed.add(_first_instrument(armed.state, regime, on, now))
            elif regime.each_intervention_overseen and _issued_with_none_in_force(state):
                by = f"the {state.instruments[-1].kind.value} of {on.isoformat()}"
                armed.add(_support_ended(state, regime, now, by, on))
                armed.add(arm(armed.state, regime, Anchor.INTERVENTION_ISSUED, on, now))
            else:
                armed.add(reviews_of_a_later_report(state, regime, on, now))
            # Its conditions see what it set: one named as a rule replaces it.
            armed.add(_conditions(armed.state, regime, event, now))
            if regime.reviews_wait_for_a_commissioner_already_reviewing:
                # Appointed first, that day or before: the DfE's reviews it sets wait for the
                # commissioner's report as they would had the appointment come after.
                armed.add(reviews_after_the_commissioner(armed.state, regime, now, None))
            yield from armed.events
        case NoticeEscalatedToDirection():
            armed = Armed(state)
            armed.add(reviews_of_a_later_report(state, regime, on, now))
            armed.add(_conditions(armed.state, regime, event, now))
            if regime.an_escalation_waits_for_a_commissioner_already_reviewing:
                armed.add(reviews_after_the_commissioner(armed.state, regime, now, None))
            yield from armed.events
        case NoticeRevised() | DirectionRevised() | DirectionSteppedDown():
            yield from _conditions(state, regime, event, now)
        # A support commissioner reports with the commissioner, not on a clock of their own.
        case CommissionerAppointed(support=False):
            armed = Armed(state)
            armed.add(_commissioner_report(state, regime, event, now))
            if regime.reviews_wait_for_the_commissioner:
                armed.add(reviews_after_the_commissioner(armed.state, regime, now, event))
            armed.add(reviews_of_a_commissioner_seeing_it_through(armed.state, regime, event, now))
            yield from armed.events
        case ReinspectionStarted():
            # Dated by its day on site, recorded then or with the fieldwork's end (Sefton: on
            # site from 23 June 2025, the fieldwork recorded on 4 July).
            day = on if regime.ofsted_on_site_withdraws_on_its_day else None
            yield from _ofsted_on_site(state, regime, now, "re-inspection under way", day)
        case ReinspectionCompleted() if event.judgement.fails:
            yield from _new_cycle(state, regime, event, now)
        case ReinspectionCompleted():
            yield from _reinspection_passed(state, regime, event, now)
        case ReportReceiptConfirmed():
            yield from receipt_confirmed(state, regime, event, now)
        case FocusedVisitCompleted() | JtaiCompleted() | VisitLetterPublished():
            report = report_of_visit(state, regime, event)
            if report is not None:
                yield from report_received(state, regime, report, now)
        case MonitoringVisitCompleted() | MonitoringLetterPublished():
            report = report_of_revisit(state, regime, event)
            if report is not None:
                yield from report_received(state, regime, report, now)
        case TransferDirected() | AlternativeDeliveryModelDirected():
            yield from _move_directed(state, regime, event, now)
        case OptionsAppraisalCompleted() if options_appraised_by(state, regime, on):
            # The options appraised the day of a move in principle: the commissioner appointed
            # that day, recorded first, has nothing to report on.
            yield from _seen_through(state, regime, on, now)
        case ServicesRetained():
            yield from _services_kept(state, regime, on, now)
        case ProgressReviewCompleted() if regime.a_review_of_the_commissioners_day_came_before_her:
            if state.commissioner_appointed_on == on:
                yield from reviews_after_the_commissioner(state, regime, now, None)
        case CommissionerReportSubmitted() if regime.reviews_wait_for_a_late_report:
            yield from reviews_after_the_report(state, regime, event, now)
        case NoticeLifted() | DirectionRevoked():
            yield from _revoked(state, regime, event, now)
        case InterventionClosed():
            yield from withdraw_all(state, now, "intervention closed")
        case _:
            pass


def _withdrawn_by_the_lifting_of_its_day(
    state: InterventionState, regime: Regime, name: str, event: Event
) -> Deadline | None:
    """What the notice lifted, or the direction revoked, on `event`'s day withdrew of `name`,
    under the regimes for which the day's facts meet it in either order: the last of them."""
    on = event.effective_on
    if not regime.a_fact_of_the_liftings_day_meets_what_it_withdrew or state.revoked_on != on:
        return None
    withdrawn = [
        d
        for d in state.deadlines
        if d.milestone == name and d.status is DeadlineStatus.WITHDRAWN and d.withdrawn_on == on
    ]
    return withdrawn[-1] if withdrawn else None


# The DfE's decisions its reviews count from.
KEPT = "the DfE's decision that the council keeps its services"
MOVED = "the DfE's direction to move the services"

_REPORT_BY = "the day the commissioner's appointment set for the report"


def _commissioner_report(
    state: InterventionState, regime: Regime, event: CommissionerAppointed, now: datetime
) -> Iterable[Event]:
    """The report a commissioner's period brings: three months on, or on the day the
    appointment sets; none from one sent in to see the DfE's decision through unless the
    appointment sets a day (Sefton: Paul Boyce appointed on 22 November 2022, the day the
    council kept its services; Slough: Eleanor Brazil sent in October 2014 to set up the trust
    decided on in July)."""
    if event.report_by is None and sees_it_through(state, regime, event.effective_on):
        return
    period = state.appointed(AppointmentRole.COMMISSIONER)
    number = period.number if period is not None and period.number > 1 else None
    basis = _REPORT_BY if event.report_by else None
    armed = Armed(state)
    if regime.a_further_period_replaces_the_report:
        armed.add(_report_replaced(state, event.effective_on, now))
    armed.add(
        arm(
            armed.state,
            regime,
            Anchor.COMMISSIONER_APPOINTED,
            event.effective_on,
            now,
            number=number,
            basis=basis,
            due=event.report_by,
        )
    )
    yield from armed.events


def _report_replaced(state: InterventionState, on: date, now: datetime) -> Iterable[Event]:
    """The report an earlier appointment set, still awaited, withdrawn as replaced by the
    report of the appointment of `on`; not a report the notice or direction asks for as a
    condition, which stands on its own day."""
    reason = f"replaced by the report of the appointment of {on.isoformat()}"
    for d in state.commissioner_reports_awaited:
        earlier = d.set_on is not None and d.set_on < on
        if d.kind is not DeadlineKind.CONDITION and earlier:
            yield withdrawn(d, now, reason)


def _first_instrument(
    state: InterventionState, regime: Regime, on: date, now: datetime
) -> Iterable[Event]:
    """What the first notice or direction sets. One already in force when the report came out
    sets its board and reviews from the report: the engine follows the intervention from there."""
    published = state.inspection.published_on
    if on >= published:
        return arm(state, regime, Anchor.INTERVENTION_ISSUED, on, now)
    basis = f"the report published, with the notice or direction of {on.isoformat()} in force"
    return arm(state, regime, Anchor.INTERVENTION_ISSUED, published, now, basis=basis)


def _issued_with_none_in_force(state: InterventionState) -> bool:
    """Whether the notice or direction just issued came after the last one had been lifted or
    revoked, rather than in its place."""
    return state.instruments[-2].ended_because != REISSUED


def _support_ended(
    state: InterventionState, regime: Regime, now: datetime, by: str, on: date | None = None
) -> list[Event]:
    """Support and supervision ended `by` a new intervention, under the regimes that say so: its
    reviews still open withdrawn, effective `on` (today by default)."""
    if not regime.a_new_intervention_ends_support:
        return []
    return withdraw_support(state, regime, now, f"support and supervision ended by {by}", on)


def _go_live_set(
    state: InterventionState, regime: Regime, go_live_on: date, now: datetime
) -> Iterable[Event]:
    """A direction's go-live date; a later direction's replaces the one still awaited, so that
    going live meets the date in force (Northamptonshire: the trust directed for July 2020,
    put back by the pandemic to 1 November 2020, live that day)."""
    armed = Armed(state)
    reason = f"replaced by the go-live date {go_live_on.isoformat()} of a later direction"
    armed.add(_go_live_withdrawn(state, regime, now, reason))
    number = _number_of_another(state, regime, Anchor.TRANSFER_DIRECTED)
    armed.add(arm(armed.state, regime, Anchor.TRANSFER_DIRECTED, go_live_on, now, number=number))
    yield from armed.events


def _move_directed(
    state: InterventionState,
    regime: Regime,
    event: TransferDirected | AlternativeDeliveryModelDirected,
    now: datetime,
) -> Iterable[Event]:
    """What a direction to move the services changes: its go-live date, and, under the
    regimes that say so, a transfer directed has the commissioner appointed that day see it
    through. A move decided in principle may still want her report on the options
    (Worcestershire: Trevor Doughty appointed for a further period with the decision of
    September 2017, reported on the options on 14 December)."""
    armed = Armed(state)
    if event.go_live_on:
        armed.add(_go_live_set(state, regime, event.go_live_on, now))
    on = event.effective_on
    transfer = isinstance(event, TransferDirected)
    if (
        transfer or options_appraised_by(state, regime, on)
    ) and regime.the_decision_day_commissioner_sees_it_through:
        armed.add(_seen_through(armed.state, regime, on, now))
    if (transfer or regime.a_move_directed_decides) and _decides_after_a_review(state, regime, on):
        armed.add(reviews_from_decision(armed.state, regime, on, now, MOVED))
    yield from armed.events


def _decides_after_a_review(state: InterventionState, regime: Regime, on: date) -> bool:
    """Whether a move directed on `on` is the DfE's decision after a commissioner's review:
    one sent in before that day, and no decision on who runs the services before it."""
    came = state.commissioner_appointed_on
    return (
        regime.a_transfer_directed_decides
        and regime.reviews_count_from_decision
        and came is not None
        and came < on
        and not state.services_decided_before(on)
    )


def _services_kept(
    state: InterventionState, regime: Regime, on: date, now: datetime
) -> Iterable[Event]:
    """What the DfE's decision to keep the services with the council changes: a move it
    drops has no go-live date; a commissioner appointed the same day to see it through has no
    report to make unless the appointment named a day; and, where the commissioner's review
    stood in for the DfE's own, its reviews count from the decision (Middlesbrough: the
    decision of June 2020, reviews in November 2020 and July 2021; Wakefield: the revised
    direction of 13 December 2018 set reviews for May and November 2019)."""
    armed = Armed(state)
    if state.delivery is not None and state.delivery.dropped_on == on:
        armed.add(_go_live_withdrawn(state, regime, now, "services kept with the council"))
    armed.add(_seen_through(armed.state, regime, on, now))
    if regime.reviews_count_from_decision:
        armed.add(reviews_from_decision(armed.state, regime, on, now, KEPT))
    yield from armed.events


def _seen_through(
    state: InterventionState, regime: Regime, on: date, now: datetime
) -> Iterable[Event]:
    """The DfE having decided on `on` who runs the services, a commissioner appointed that day
    is there to see it through: the report the appointment set is withdrawn, unless it named
    the day, and, under the regimes that say so, the DfE's review put back to wait for that
    report counts from the decision (Slough: the direction, Eleanor Brazil's appointment and
    the transfer to a trust, all in October 2014)."""
    if not state.commissioner_sees_it_through:
        return
    reason = "the commissioner appointed the day the DfE decided sees it through"
    reports = [d for d in state.commissioner_reports_awaited if d.counted_from == on]
    armed = Armed(state)
    armed.add(withdrawn(d, now, reason) for d in reports)
    if regime.the_decision_day_commissioner_sees_it_through:
        armed.add(reviews_off_withdrawn_reports(armed.state, regime, reports, on, now))
    yield from armed.events


def _go_live_withdrawn(
    state: InterventionState, regime: Regime, now: datetime, reason: str
) -> Iterable[Event]:
    """The go-live date still awaited, withdrawn."""
    names = regime.names_anchored_at(Anchor.TRANSFER_DIRECTED)
    return (withdrawn(d, now, reason) for d in state.open_deadlines if d.milestone in names)


def _number_of_another(
    state: InterventionState, regime: Regime, anchor: Anchor, cycle: int | None = None
) -> int | None:
    """The number of one more deadline of the rules `anchor` sets: none for the first, then 2,
    3 and on, counting those of `cycle`, or of every cycle when none is given."""
    names = regime.names_anchored_at(anchor)
    earlier = sum(d.milestone in names and cycle in (None, d.cycle) for d in state.deadlines)
    return earlier + 1 if earlier else None


def _conditions(
    state: InterventionState, regime: Regime, event: Event, now: datetime
) -> Iterable[Event]:
    assert isinstance(event, INSTRUMENT_EVENTS)
    what = state.instrument.kind.value if state.instrument else "instrument"
    armed = Armed(state)
    armed.add(arm_conditions(state, regime, event.conditions, event.effective_on, now, what))
    armed.add(
        withdrawn(deadline, now, f"not asked for by the {what}")
        for deadline in armed.state.open_deadlines
        if deadline.milestone in event.without and deadline.kind is not DeadlineKind.CONDITION
    )
    yield from armed.events


def report_received(
    state: InterventionState, regime: Regime, report: Report, now: datetime
) -> Iterable[Event]:
    received = carried(report, ReportReceived, **by_engine(now, report.received_on))
    armed = Armed(apply(state, received))
    duties = arm_report(armed.state, regime, report, now)
    armed.add(duties)
    if regime.a_publication_ahead_of_its_report_answers_it:
        armed.add(_published_ahead(armed.state, regime, report, duties, now))
    yield received
    yield from armed.events


def _published_ahead(
    state: InterventionState,
    regime: Regime,
    report: Report,
    duties: Sequence[Event],
    now: datetime,
) -> Iterable[Event]:
    """The report's publication, already recorded: a publication of a day on or after its
    receipt, recorded before the report came onto the record, answers the duty it set."""
    ahead = [
        fact.on
        for fact in state.recorded
        if fact.milestone == "report_published" and fact.on >= report.received_on
    ]
    names = {rule.name for rule in regime.rules_met_by("report_published")}
    set_now = {
        (event.milestone, event.number, event.cycle)
        for event in duties
        if isinstance(event, DeadlineScheduled) and event.milestone in names
    }
    if not ahead or not set_now:
        return
    armed = Armed(state)
    for deadline in state.open_deadlines:
        if deadline.identity in set_now:
            armed.add(meet(armed.state, deadline, min(ahead), now))
    yield from armed.events


def _new_cycle(
    state: InterventionState, regime: Regime, event: ReinspectionCompleted, now: datetime
) -> Iterable[Event]:
    armed = Armed(state)
    # A grade given otherwise than by inspecting again (an annual assessment, a joint area
    # review) asks for no statement of action, and replaces none of what the last report's
    # receipt brought: the council still owes it (Birmingham: the inspection published in July
    # 2010, the assessment of 9 December 2010 "poor").
    cycle = (Anchor.PUBLISHED,) if event.kind else CYCLE_ANCHORS
    # In support and supervision, its reviews end with it.
    ending = [*cycle, Anchor.REVOCATION] if state.instrument_ended else cycle
    # Not Ofsted coming back, an annual assessment leaves the re-inspection awaited as it was.
    kept = {rule.name for rule in regime.milestones if event.kind in rule.not_again_for}
    if regime.a_reports_duties_outlive_its_cycle:
        kept |= regime.names_anchored_at(Anchor.REPORT_RECEIVED)
    # An assessment or a review is not Ofsted coming back (Kent: the assessment of December
    # 2010, "performing poorly", under the report of November 2010).
    why = f"{event.kind.label}: new cycle" if event.kind else "re-inspected: new cycle"
    armed.add(withdraw_ending(state, regime, ending, now, why, keep=kept))
    if event.kind is None:
        armed.add(_support_ended(armed.state, regime, now, "the report judged inadequate"))
    if regime.an_inadequate_report_ends_every_cycles_visits and event.kind is None:
        armed.add(_ofsted_on_site(armed.state, regime, now, "re-inspected: new cycle"))
    report = received_report(armed.state, regime, event)
    armed.add(
        [
            NewCycleStarted(
                **by_engine(now, event.effective_on),
                cycle=state.cycle + 1,
                published_on=event.published_on,
                received_on=report.received_on,
            )
        ]
    )
    if regime.records_reports:
        armed.add(report_received(armed.state, regime, report, now))
    else:
        armed.add(arm_report(armed.state, regime, report, now))
    if regime.an_instrument_of_the_reports_day_follows_it:
        armed.add(_instrument_of_the_reports_day(armed.state, regime, event.published_on, now))
    yield from armed.events


def _instrument_of_the_reports_day(
    state: InterventionState, regime: Regime, published: date, now: datetime
) -> Iterable[Event]:
    """The DfE's reviews of a notice or direction issued, in place of another, the day the
    report came out and recorded before it: set anew from its day, as when it is recorded
    after the report."""
    if len(state.instruments) < 2 or state.instrument is None:
        return ()
    previous = state.instruments[-2]
    replaced = previous.ended_because in (REISSUED, ESCALATED) and previous.ended_on == published
    if state.instrument.issued_on != published or not replaced:
        return ()
    return reviews_of_a_later_report(state, regime, published, now)


def _ofsted_on_site(
    state: InterventionState,
    regime: Regime,
    now: datetime,
    reason: str,
    on: date | None = None,
) -> list[Event]:
    """What Ofsted on site again ends: its monitoring visits, of every cycle under the regimes
    that say so, withdrawn effective `on` (today by default)."""
    every_cycle = regime.ofsted_on_site_ends_every_cycles_visits
    points = [Anchor.REINSPECTION_STARTED]
    return withdraw_ending(state, regime, points, now, reason, every_cycle=every_cycle, on=on)


def _reinspection_passed(
    state: InterventionState, regime: Regime, event: ReinspectionCompleted, now: datetime
) -> Iterable[Event]:
    armed = Armed(state)
    points = [Anchor.REINSPECTION_PASSED]
    if regime.records_reports and not regime.ofsted_on_site_ends_every_cycles_visits:
        points.append(Anchor.REINSPECTION_STARTED)
    stand = regime.an_instruments_own_dates_stand
    # Named by the report that came: an annual assessment or a SEND revisit is not a
    # re-inspection (Milton Keynes: the annual assessments of 2010 and 2011 under the direction
    # of 2009).
    why = f"by the {event.kind.label}" if event.kind else "re-inspected"
    armed.add(withdraw_ending(state, regime, points, now, why, conditions_stand=stand))
    if regime.ofsted_on_site_ends_every_cycles_visits and event.kind is None:
        armed.add(_ofsted_on_site(armed.state, regime, now, "re-inspected"))
    report = received_report(state, regime, event)
    if regime.records_reports:
        armed.add(report_received(armed.state, regime, report, now))
    # The DfE acts on the judgement, which is known when the report is published; in support
    # and supervision nothing is left to revoke, and the report brings its own duties only. A
    # further report while the DfE has not yet acted sets the day again (Birmingham: requires
    # improvement in 2019, the direction kept; good in April 2023, lifted in May).
    if not state.instrument_ended:
        number = _number_of_another(state, regime, Anchor.REINSPECTION_PASSED, state.cycle)
        armed.add(
            arm(
                armed.state,
                regime,
                Anchor.REINSPECTION_PASSED,
                event.published_on,
                now,
                report=report,
                number=number,
            )
        )
    yield from armed.events


def _revoked(
    state: InterventionState, regime: Regime, event: Event, now: datetime
) -> Iterable[Event]:
    reason = "notice lifted" if isinstance(event, NoticeLifted) else "direction revoked"
    armed = Armed(state)
    if regime.duties_outlive_revocation:
        # The instrument ends, and with it what it set in any cycle (Sunderland: re-inspected
        # inadequate in 2018, its direction lifted in December 2021, no review after).
        armed.add(
            withdraw_ending(state, regime, [Anchor.REVOCATION], now, reason, every_cycle=True)
        )
        armed.add(withdraw_conditions(armed.state, now, reason))
    else:
        armed.add(withdraw_all(state, now, reason))
    assert isinstance(event, NoticeLifted | DirectionRevoked)
    if event.support and regime.support is not None:
        on: date = event.effective_on
        ends_on = regime.support.lasts.after(on)
        armed.add([SupportAndSupervisionStarted(**by_engine(now, on), ends_on=ends_on)])
        armed.add(arm(armed.state, regime, Anchor.REVOCATION, on, now))
    yield from armed.events
