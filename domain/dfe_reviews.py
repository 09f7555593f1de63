"""When the DfE's own reviews fall due around its commissioner and its decisions: put back
while a commissioner reviews, counted again from a late report or from the decision on who runs
the services, and set anew by a notice or direction of a later report. `domain.consequences`
calls these as the facts that move them are recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from domain.arming import Armed, arm
from domain.deadlines import CountedFrom, counted_from_report, rescheduled, waits_for, withdrawn
from domain.events import CommissionerAppointed, CommissionerReportSubmitted, Event
from domain.regime import Anchor, MilestoneRule, Regime
from domain.state import Deadline, DeadlineStatus, InterventionState, Stage
from domain.values import AppointmentRole

DECIDED_WHO_RUNS_THE_SERVICES = "the DfE's decision on who runs the services"


def sees_it_through(state: InterventionState, regime: Regime, on: date) -> bool:
    """Whether a commissioner appointed on `on` is there to see the DfE's decision through,
    reporting nothing: not when the only decision is a move in principle of her own day, under
    the regimes that say so, unless its options were appraised by then."""
    if not state.commissioner_sees_it_through:
        return False
    if not regime.a_move_in_principle_wants_her_report or options_appraised_by(state, regime, on):
        return True
    return any(
        decision.on != on or decision.milestone != "alternative_delivery_directed"
        for decision in state.services_decisions
    )


def options_appraised_by(state: InterventionState, regime: Regime, on: date) -> bool:
    """Whether the move under way had its options appraised by `on`, under the regimes for
    which that leaves a commissioner of the decision's day nothing to report on."""
    move = state.services_move
    appraised = move.options_appraised_on if move is not None else None
    return regime.an_appraised_move_needs_no_report and appraised is not None and appraised <= on


def reviews_after_the_commissioner(
    state: InterventionState,
    regime: Regime,
    now: datetime,
    appointed: CommissionerAppointed | None,
) -> Iterable[Event]:
    """The DfE's next review, put back a period after the report of the commissioner sent in to
    review, while one is reviewing: the DfE holds none of its own meanwhile (Solihull: a review
    in September 2022, the commissioner from October to his report of March 2023; Herefordshire:
    the commissioner from the direction of September 2022 to her report of December). One
    `appointed` the day the DfE decided, to report by a day named, reviews too."""
    if state.stage is not Stage.COMMISSIONER_REVIEW and not _reporting_on_decision_day(
        state, regime, appointed
    ):
        return
    # The report just set is the last of them.
    awaited = state.commissioner_reports_awaited
    if not awaited:
        return
    report = awaited[-1]
    reviews = regime.dfe_reviews()
    reason = (
        f"the commissioner reviews until {report.due.isoformat()}; "
        "the DfE's next review counts from the report"
    )
    counted = counted_from_report(report)
    yield from _next_review_put_back(state, regime, reviews, counted, reason, now)


def _reporting_on_decision_day(
    state: InterventionState, regime: Regime, appointed: CommissionerAppointed | None
) -> bool:
    if not regime.reviews_wait_for_a_decision_days_commissioner or appointed is None:
        return False
    on = appointed.effective_on
    reporting = appointed.report_by is not None or not sees_it_through(state, regime, on)
    return reporting and any(decision.on == on for decision in state.services_decisions)


def reviews_after_the_report(
    state: InterventionState, regime: Regime, event: CommissionerReportSubmitted, now: datetime
) -> Iterable[Event]:
    """The DfE's reviews put back to wait for the commissioner's report it just met, counted
    from the day it came when that is after the day it was due (Reading: the report due in
    December 2016, published with the DfE's decision of 12 September 2017), or before it,
    under the regimes that say so (West Sussex: the report of 10 December 2020, due by the
    17th)."""
    on = event.effective_on
    early = regime.the_awaited_report_is_not_the_review
    reports = regime.commissioner_reports()
    came = [
        d
        for d in state.deadlines
        if d.milestone in reports and d.met_on == on and (d.due < on or (early and on < d.due))
    ]
    basis = "the commissioner's report"
    when = "after" if all(d.due < on for d in came) else "before"
    reason = f"counted from {basis}, submitted {on.isoformat()}, {when} it was due"
    yield from _reviews_counted_again(state, regime, came, CountedFrom(on, basis), reason, now)


def waits_for_this_report(
    state: InterventionState, regime: Regime, name: str, event: Event
) -> bool:
    """Whether `event` is the commissioner's report the DfE's review `name` was put back to
    wait for, under the regimes for which it is not itself that review."""
    if not regime.the_awaited_report_is_not_the_review or not isinstance(
        event, CommissionerReportSubmitted
    ):
        return False
    return any(
        review.milestone == name and waits_for(review, report)
        for review in state.open_deadlines
        for report in state.commissioner_reports_awaited
    )


def _reviews_counted_again(
    state: InterventionState,
    regime: Regime,
    reports: Sequence[Deadline],
    counted: CountedFrom,
    reason: str,
    now: datetime,
) -> Iterable[Event]:
    """The DfE's reviews put back to wait for one of `reports`, counted from `counted`."""
    for rule in regime.dfe_reviews():
        due = regime.due_on(rule, counted.on)
        for review in state.open_deadlines:
            if review.milestone == rule.name and any(waits_for(review, r) for r in reports):
                alert = regime.alert_for(rule.kind, rule.name, due)
                yield rescheduled(review, due, alert, now, reason, counted=counted)


def _next_review_put_back(
    state: InterventionState,
    regime: Regime,
    rules: Sequence[MilestoneRule],
    counted: CountedFrom,
    reason: str,
    now: datetime,
) -> Iterable[Event]:
    """The next occurrence of each series of `rules`, counted from `counted` instead when that
    is later: the one still to come, not one already flagged, which keeps its date."""
    for rule in rules:
        due = regime.due_on(rule, counted.on)
        coming = _next_to_come(state, rule)
        if coming is not None and due > coming.due:
            alert = regime.alert_for(rule.kind, rule.name, due)
            yield rescheduled(coming, due, alert, now, reason, counted=counted)


def _next_to_come(state: InterventionState, rule: MilestoneRule) -> Deadline | None:
    """The occurrence of `rule` still to come: not one already flagged, which keeps its date."""
    return next(
        (
            d
            for d in state.open_deadlines
            if d.milestone == rule.name and d.status is DeadlineStatus.PENDING
        ),
        None,
    )


def reviews_of_a_later_report(
    state: InterventionState, regime: Regime, on: date, now: datetime
) -> Iterable[Event]:
    """The DfE's reviews of a notice or direction issued on `on` in place of one from before
    the report under way, under the regimes that say so: the reviews still open from before
    are withdrawn, and the new instrument's are counted from its day (Cumbria: a notice after
    the report of 2012, another after that of 2013, a direction after that of 2015 giving
    "six months to improve"). One issued in place of another for the same report keeps the
    calendar running."""
    if not regime.a_later_reports_instrument_sets_its_reviews:
        return
    reviews = {rule.name for rule in regime.dfe_reviews()}
    anew = _replaces_one_from_before_the_last_report(state, regime)
    earlier = [
        d
        for d in state.open_deadlines
        if d.milestone in reviews and (anew or d.cycle < state.cycle)
    ]
    if not earlier:
        return
    armed = Armed(state)
    reason = f"replaced by the reviews of the notice or direction of {on.isoformat()}"
    armed.add(withdrawn(d, now, reason) for d in earlier)
    armed.add(arm(armed.state, regime, Anchor.INTERVENTION_ISSUED, on, now, only=reviews))
    yield from armed.events


def _replaces_one_from_before_the_last_report(state: InterventionState, regime: Regime) -> bool:
    """Whether the notice or direction just issued replaced one issued before the last report
    came, a re-inspection judged well enough to begin no new cycle, under the regimes that say so
    (Isle of Wight: the direction of June 2013, the re-inspection judged requires improvement
    in November 2014, the direction of November 2016), or, under later ones, one issued before
    the report the cycle opened on, the new one answering that report."""
    if (
        not regime.a_later_report_of_any_grade_sets_the_reviews
        or len(state.instruments) < 2
        or not state.reports
    ):
        return False
    replaced, issued, last = state.instruments[-2], state.instruments[-1], state.reports[-1]
    opened_on = state.cycle_published_on
    if regime.an_answer_to_the_report_sets_the_reviews and (
        replaced.issued_on < opened_on <= issued.issued_on
    ):
        # The DfE's answer to the report the cycle opened on, in place of an instrument from
        # before it (Doncaster: the direction of March 2013, after the report of November 2012).
        return True
    # A report that began a new cycle sets the reviews anew whatever the regime.
    return replaced.issued_on < last.published_on and last.published_on > opened_on


def reviews_off_withdrawn_reports(
    state: InterventionState,
    regime: Regime,
    reports: Sequence[Deadline],
    on: date,
    now: datetime,
) -> Iterable[Event]:
    """The DfE's next review, put back to count from one of `reports` that the decision of `on`
    withdrew, counted from the decision instead, earlier as it is: no date may rest on a report
    that will not come (Tameside: Andy Couldrick appointed again on the day of the revised
    direction of September 2024, which kept the services with the council)."""
    basis = DECIDED_WHO_RUNS_THE_SERVICES
    reason = f"counted from {basis}, {on.isoformat()}, not from a report withdrawn with it"
    yield from _reviews_counted_again(state, regime, reports, CountedFrom(on, basis), reason, now)


def reviews_of_a_commissioner_seeing_it_through(
    state: InterventionState, regime: Regime, appointed: CommissionerAppointed, now: datetime
) -> Iterable[Event]:
    """The DfE's next review when a commissioner is appointed to see through a decision of her
    own day recorded before her, under the regimes that say so: counted from the decision, as
    when she is recorded first (her appointment puts the review back to wait for her report,
    and the decision, withdrawing the report, counts the review from itself); kept where her
    report would not have put it back, or the DfE had decided before that day."""
    on = appointed.effective_on
    if (
        not regime.a_decision_seen_through_counts_the_reviews
        or appointed.report_by is not None
        or not sees_it_through(state, regime, on)
        or state.services_decided_before(on)
    ):
        return
    report = next(iter(regime.rules_anchored_at(Anchor.COMMISSIONER_APPOINTED)), None)
    if report is None:
        return
    report_due = regime.due_on(report, on)
    basis = DECIDED_WHO_RUNS_THE_SERVICES
    reason = f"counted from {basis}, {on.isoformat()}, that the commissioner sees through"
    for rule in regime.dfe_reviews():
        coming = _next_to_come(state, rule)
        due = regime.due_on(rule, on)
        if coming is not None and regime.due_on(rule, report_due) > coming.due != due:
            alert = regime.alert_for(rule.kind, rule.name, due)
            yield rescheduled(coming, due, alert, now, reason, counted=CountedFrom(on, basis))


def reviews_from_decision(
    state: InterventionState, regime: Regime, on: date, now: datetime, basis: str
) -> Iterable[Event]:
    """The DfE's next review counted again from its decision, none held since the commissioner
    came to review (Solihull: a review in September 2022, the commissioner in October, the
    decision in March 2023): the review still to come, not one already flagged, which keeps its
    date (Herefordshire: the review expected in September 2023 flagged, the decision of
    December 2023). `basis` names the decision."""
    since = _reviewing_commissioner_came(state, regime, on)
    none_held = [
        rule
        for rule in regime.dfe_reviews()
        if not any(
            d.milestone == rule.name and d.met_on is not None and d.met_on >= since
            for d in state.deadlines
        )
    ]
    reason = f"counted from {basis}, {on.isoformat()}"
    yield from _next_review_put_back(state, regime, none_held, CountedFrom(on, basis), reason, now)


def _reviewing_commissioner_came(state: InterventionState, regime: Regime, on: date) -> date:
    """The day the commissioner who reviewed before the decision of `on` came; one appointed
    that day came to see it through, under the regimes that say so."""
    if not regime.reviews_since_the_reviewing_commissioner:
        return state.commissioner_appointed_on or date.min
    return max(
        (
            a.from_on
            for a in state.appointments
            if a.role is AppointmentRole.COMMISSIONER and a.from_on < on
        ),
        default=date.min,
    )
