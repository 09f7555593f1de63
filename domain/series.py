"""Recurring duties: monitoring visits, progress reviews, and conditions due every so many
months. Each occurrence is a deadline of its own; the next falls due a period after the one
before took place, or, when nobody recorded it, after it fell due (if the regime keeps missed
series going; under later regimes a series another party keeps waits instead, its unrecorded
occurrence open for the next visit or review to meet). A late record meets the occurrence it
belongs to."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime

from domain.calendar import is_month_end, month_end
from domain.deadlines import (
    CountedFrom,
    rescheduled,
    schedule_condition,
    schedule_rule,
    withdrawn,
)
from domain.events import DeadlineScheduled, Event
from domain.regime import DeadlineKind, Owner, Regime, Span, condition_period
from domain.state import Deadline, InterventionState


def _period(state: InterventionState, regime: Regime, deadline: Deadline) -> Span | None:
    """How long after an occurrence the next falls due, if the deadline recurs."""
    if deadline.number is None:
        return None
    if deadline.kind is DeadlineKind.CONDITION:
        return condition_period(state.condition(deadline.milestone))
    rule = regime.rule(deadline.milestone)
    return rule.repeat_every if rule is not None else None


def _next_due(state: InterventionState, regime: Regime, deadline: Deadline, start: date) -> date:
    period = _period(state, regime, deadline)
    assert period is not None  # only asked of recurring deadlines
    rule = regime.rule(deadline.milestone)
    if deadline.kind is DeadlineKind.CONDITION or rule is None:
        after = period.after(start)
        # A quarter's end is the next quarter's end, not the same day of the month (30 June to
        # 30 September to 31 December, not 30 December).
        keep_month_end = regime.month_ends_kept and bool(period.months) and is_month_end(start)
        return month_end(after) if keep_month_end else after
    return regime.due_on(rule, start, period)


def _last_slot(state: InterventionState, regime: Regime, deadline: Deadline, on: date) -> date:
    """The last day on the instrument's calendar for `deadline`'s series by `on`: its own due
    date, or a period after it, and so on."""
    slot = deadline.due
    while (after := _next_due(state, regime, deadline, slot)) <= on:
        slot = after
    return slot


def _held_early_in_its_slot(regime: Regime, deadline: Deadline, on: date) -> bool:
    """Whether `deadline` is one of the DfE's own reviews (the series a notice or direction
    sets), held before it fell due by no more than the grace its rule gives after: that slot's
    review, held early, so the calendar holds. One held earlier still is a count of its own."""
    review = next((r for r in regime.dfe_reviews() if r.name == deadline.milestone), None)
    return (
        deadline.kind is not DeadlineKind.CONDITION
        and review is not None
        and review.grace.before(deadline.due) <= on < deadline.due
    )


def _later(deadlines: Iterable[Deadline], deadline: Deadline) -> Iterator[Deadline]:
    """The occurrences of the same series, in the same cycle, after `deadline`."""
    return (
        d
        for d in deadlines
        if (d.milestone, d.cycle) == (deadline.milestone, deadline.cycle)
        and (d.number or 0) > (deadline.number or 0)
    )


def _following(state: InterventionState, deadline: Deadline) -> Deadline | None:
    return next(_later(state.deadlines, deadline), None)


def _schedule_next(
    state: InterventionState,
    regime: Regime,
    deadline: Deadline,
    start: date,
    basis: str,
    now: datetime,
    *,
    assumed: bool,
    due: date | None = None,
) -> Event:
    due = due or _next_due(state, regime, deadline, start)
    number = (deadline.number or 0) + 1
    counted = CountedFrom(start, basis)
    return _occurrence(state, regime, deadline, number, due, now, assumed=assumed, counted=counted)


def _occurrence(
    state: InterventionState,
    regime: Regime,
    deadline: Deadline,
    number: int,
    due: date,
    now: datetime,
    *,
    assumed: bool,
    counted: CountedFrom | None,
) -> DeadlineScheduled:
    """Occurrence `number` of `deadline`'s series, due on `due`: of the condition it is, with
    the condition's own period, or of the regime's rule."""
    if deadline.kind is DeadlineKind.CONDITION:
        condition = state.condition(deadline.milestone)
        assert condition is not None  # the instrument in force set it
        return schedule_condition(
            state, regime, condition, due, now, number=number, cycle=deadline.cycle, counted=counted
        )
    rule = regime.rule(deadline.milestone)
    assert rule is not None  # a recurring deadline not a condition is one of the regime's rules
    return schedule_rule(
        state,
        regime,
        rule,
        due,
        now,
        number=number,
        cycle=deadline.cycle,
        assumed=assumed,
        counted=counted,
    )


def after_met(
    state: InterventionState,
    regime: Regime,
    deadline: Deadline,
    on: date,
    now: datetime,
    named: date | None = None,
) -> Iterable[Event]:
    """The next occurrence once one is met on `on`: set a period after it, or, when it was
    already set because this one was missed, moved later so the period runs from `on`; on the
    day `named`, when the one met set the next itself. A condition keeps the instrument's own
    calendar: a period after this one's due date. Of a fixed number of occurrences (the
    support reviews at six and twelve months), `named` moves the next."""
    if _period(state, regime, deadline) is None:
        following = _following(state, deadline)
        if named is not None and following is not None and following.is_open:
            reason = f"{deadline.label} took place on {on.isoformat()}; it set the next"
            counted = CountedFrom(named, f"the day {deadline.label} set for the next")
            alert = regime.alert_for(following.kind, following.milestone, named)
            yield rescheduled(following, named, alert, now, reason, counted=counted)
        return
    # A condition keeps its calendar, unless its owner's silence left it waiting for this
    # record: then the next counts from the record, as a visit's does, or, under the regimes
    # that say so, is the instrument's next date after the record.
    condition = deadline.kind is DeadlineKind.CONDITION
    waited = condition and waits_for_a_record(regime, deadline) and on > deadline.due
    if waited and regime.a_late_condition_keeps_its_calendar:
        start = _last_slot(state, regime, deadline, on)
        basis = f"{deadline.label} due, on the instrument's calendar"
    elif condition and not waited:
        start, basis = deadline.due, f"{deadline.label} due"
    elif regime.an_early_review_keeps_the_calendar and _held_early_in_its_slot(
        regime, deadline, on
    ):
        start, basis = deadline.due, f"{deadline.label} due, on the DfE's calendar"
    else:
        start, basis = on, f"{deadline.label} took place"
    then = "the next is due a period after"
    if named is not None:
        # A day the fact names is where the deadline counts from: `Deadline.named_not_counted`.
        start, basis, then = named, f"the day {deadline.label} set for the next", "it set the next"
    due = named or _next_due(state, regime, deadline, start)
    # Counted from what took place, the next rests on no assumed receipt, under the regimes
    # that say so; before them the mark passed down the series.
    assumed = deadline.assumed and not regime.assumed_only_where_it_counts
    following = _following(state, deadline)
    if following is None:
        yield _schedule_next(state, regime, deadline, start, basis, now, assumed=assumed, due=due)
    elif following.is_open and not following.fired and (following.due < due or named):
        yield rescheduled(
            following,
            due,
            regime.alert_for(following.kind, following.milestone, due),
            now,
            f"{deadline.label} took place on {on.isoformat()}; {then}",
            assumed=following.assumed and not regime.assumed_only_where_it_counts,
            counted=CountedFrom(start, basis),
        )


def series_ended(
    state: InterventionState, deadline: Deadline, now: datetime, last: str
) -> Iterable[Event]:
    """The series ends with `deadline`, said to be `last` (the last before the re-inspection):
    the occurrences after it still open are withdrawn, and no other is set."""
    reason = f"{deadline.label} was {last}"
    for following in _later(state.open_deadlines, deadline):
        yield withdrawn(following, now, reason)


def after_missed(
    state: InterventionState, regime: Regime, deadline: Deadline, now: datetime
) -> Iterable[Event]:
    """The next occurrence once one passes unrecorded, when the regime keeps series going;
    none for a series another party keeps, under the regimes where its unrecorded occurrence
    waits for the next visit or review."""
    if not regime.continue_missed_series or _period(state, regime, deadline) is None:
        return
    if waits_for_a_record(regime, deadline):
        return
    if _following(state, deadline) is None:
        basis = f"{deadline.label} due, not recorded"
        yield _schedule_next(
            state, regime, deadline, deadline.due, basis, now, assumed=deadline.assumed
        )


def ahead_of(regime: Regime, awaited: Deadline | None, number: int) -> bool:
    """Whether `number` names a later occurrence than the one a waiting series awaits."""
    return (
        awaited is not None
        and waits_for_a_record(regime, awaited)
        and number > (awaited.number or 1)
    )


def skipped_to(
    state: InterventionState,
    regime: Regime,
    awaited: Deadline,
    number: int,
    on: date,
    now: datetime,
) -> Iterable[Event]:
    """A visit or review recorded with its owner's number, later than the occurrence its
    series awaits (Ofsted's fourth visit, the third never recorded): the ones before it were
    held and not recorded, so the one awaited is withdrawn, not missed, and the numbered one
    set in its place for the fact to meet: due when the one awaited was, or, under the regimes
    that say so, the day it took place, since when it fell due hangs on the days of those
    not recorded. Under the regimes that say so, each one between is set and withdrawn as
    well, so that none is missing from the record."""
    held = f"{awaited.title} {number} took place"
    reason = f"held but not recorded, since {held} on {on.isoformat()}"
    yield withdrawn(awaited, now, reason)

    def occurrence(
        n: int, due: date, assumed: bool, counted: CountedFrom | None
    ) -> DeadlineScheduled:
        return _occurrence(state, regime, awaited, n, due, now, assumed=assumed, counted=counted)

    awaited_from = (
        CountedFrom(awaited.counted_from, awaited.basis)
        if awaited.counted_from is not None and awaited.basis is not None
        else None
    )
    between = range((awaited.number or 1) + 1, number)
    due, counted = awaited.due, awaited_from
    for n in between if regime.every_skipped_occurrence_withdrawn else ():
        if regime.skipped_occurrences_fall_due_in_turn:
            # Each a period after the one before, as the series would have had them, never
            # after the day the numbered one took place.
            basis = f"{awaited.title} {n - 1} due, not recorded"
            due, counted = min(_next_due(state, regime, awaited, due), on), CountedFrom(due, basis)
        skipped = occurrence(n, due, awaited.assumed, counted)
        yield skipped
        yield withdrawn(skipped, now, reason)
    if regime.numbered_occurrence_due_when_held:
        yield occurrence(
            number, on, False, CountedFrom(on, f"the day {held}, those before it not recorded")
        )
    else:
        yield occurrence(number, awaited.due, awaited.assumed, awaited_from)


def waits_for_a_record(regime: Regime, deadline: Deadline) -> bool:
    """Whether an unrecorded occurrence of `deadline`'s series stays open for the next visit or
    review to meet (Ofsted's and the DfE's series, and, under the regimes that say so, what a
    notice or direction asks of someone other than the council), rather than the series going
    on without it (the council's own calendar)."""
    if not regime.unrecorded_occurrence_waits:
        return False
    if deadline.kind is DeadlineKind.EXPECTED:
        return True
    return (
        regime.others_conditions_wait_for_a_record
        and deadline.kind is DeadlineKind.CONDITION
        and deadline.owner != Owner.COUNCIL
    )
