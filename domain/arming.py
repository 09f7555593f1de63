"""Setting and withdrawing the regime's deadlines as the lifecycle reaches each point.

A point (a report received, a notice issued, a commissioner appointed, ...) sets the deadlines
of the rules anchored there, each counted from the point's date; reaching another point
withdraws the open deadlines of the rules it ends. The events are applied as they are made, so
each one sees the deadlines set before it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence, Set
from datetime import date, datetime

from domain.apply import apply
from domain.deadlines import CountedFrom, meet, schedule_condition, schedule_rule, withdrawn
from domain.events import DeadlineScheduled, Event
from domain.regime import Anchor, DeadlineKind, MilestoneRule, Regime, Span, condition_period
from domain.standing import RecordedFact, Report
from domain.state import InterventionState
from domain.values import AppointmentRole, Condition

# What a report asks of the council answers that report only.
REPORT_ANCHORS = frozenset({Anchor.REPORT_RECEIVED, Anchor.PUBLISHED})


class Armed:
    """Events made one after another, each applied to the state the next one sees."""

    def __init__(self, state: InterventionState) -> None:
        self.state = state
        self.events: list[Event] = []

    def add(self, events: Iterable[Event]) -> None:
        for event in events:
            self.events.append(event)
            self.state = apply(self.state, event)


def _overseen(state: InterventionState) -> bool:
    """Whether a commissioner or an adviser the DfE sent in is in post."""
    roles = (AppointmentRole.COMMISSIONER, AppointmentRole.IMPROVEMENT_ADVISER)
    return any(state.appointed(role) is not None for role in roles)


def applies(state: InterventionState, rule: MilestoneRule, report: Report | None) -> bool:
    if report is not None and not rule.applies_to(
        report.kind, report.judgement, report.published_on
    ):
        return False
    if report is not None and report.kind in rule.not_again_while_overseen and _overseen(state):
        return False
    if report is not None and report.number > 1 and report.kind in rule.not_again_for:
        return False
    # The notice or direction set this deadline itself, as a condition: it stands instead.
    if any(
        d.milestone == rule.name and d.kind is DeadlineKind.CONDITION for d in state.open_deadlines
    ):
        return False
    if rule.only_without_instrument and state.track_in_force is not None:
        return False
    if rule.only_with_instrument and state.track_in_force is None:
        return False
    return not (rule.unless_alternative_delivery and state.services_move is not None)


def arm(
    state: InterventionState,
    regime: Regime,
    anchor: Anchor,
    on: date,
    now: datetime,
    *,
    report: Report | None = None,
    assumed: bool = False,
    number: int | None = None,
    basis: str | None = None,
    due: date | None = None,
    only: Set[str] | None = None,
) -> list[Event]:
    """The deadlines `anchor`, reached on `on`, sets (of the rules named in `only`, if given).
    A report's own duties are numbered by the report after the first ("Statement of Action
    2"); others by `number` when given (a commissioner's report for each further period).
    `basis` says what `on` is, when it is not the anchor's own day; `due` is the day the fact
    itself sets, when it sets one."""
    if report is not None and report.number > 1 and anchor is Anchor.REPORT_RECEIVED:
        number = report.number
    basis = basis or _basis(anchor, report)
    armed = Armed(state)
    for rule in regime.rules_anchored_at(anchor):
        if (only is None or rule.name in only) and applies(armed.state, rule, report):
            _set(armed, regime, rule, on, now, assumed, basis, number, due)
    return armed.events


def _basis(anchor: Anchor, report: Report | None) -> str:
    """What the day an anchor is reached is, in words: "report 1 received"."""
    if report is not None and anchor in (Anchor.REPORT_RECEIVED, Anchor.PUBLISHED):
        what = "received" if anchor is Anchor.REPORT_RECEIVED else "published"
        return f"report {report.number} ({report.label}) {what}"
    return ANCHOR_WORDS[anchor]


# The day each anchor is reached, in words, for explaining a date.
ANCHOR_WORDS = {
    Anchor.REPORT_RECEIVED: "the report received",
    Anchor.PUBLISHED: "the report published",
    Anchor.RULE_DUE: "a deadline's due date",
    Anchor.INTERVENTION_ISSUED: "the notice or direction issued",
    Anchor.COMMISSIONER_APPOINTED: "the commissioner appointed",
    Anchor.REINSPECTION_STARTED: "Ofsted on site for the re-inspection",
    Anchor.REINSPECTION_PASSED: "the re-inspection report published",
    Anchor.TRANSFER_DIRECTED: "the go-live date the direction to transfer sets",
    Anchor.REVOCATION: "the notice lifted or the direction revoked",
}


def _set(
    armed: Armed,
    regime: Regime,
    rule: MilestoneRule,
    on: date,
    now: datetime,
    assumed: bool,
    basis: str,
    number: int | None = None,
    named: date | None = None,
) -> None:
    # A day the fact names is where the deadline counts from: `Deadline.named_not_counted`.
    counted = CountedFrom(named or on, basis)
    if rule.occurrences:
        for occurrence, span in enumerate(rule.occurrences, start=1):
            due = regime.due_on(rule, on, span)
            armed.add(
                [
                    schedule_rule(
                        armed.state, regime, rule, due, now, number=occurrence, counted=counted
                    )
                ]
            )
        return
    number = 1 if rule.repeat_every is not None else number
    due = named or regime.due_on(rule, on)
    if rule.due_before is not None and due >= rule.due_before:
        return
    scheduled = schedule_rule(
        armed.state, regime, rule, due, now, number=number, assumed=assumed, counted=counted
    )
    armed.add([scheduled])
    if regime.earlier_facts_count and not rule.recurs:
        armed.add(_met_by_earlier_fact(armed.state, rule, now))


def _met_by_earlier_fact(
    state: InterventionState, rule: MilestoneRule, now: datetime
) -> Iterable[Event]:
    """A fact recorded in this cycle before the deadline was set meets it now (a board that
    first met before the notice that asks for one). In the first cycle that includes what was
    already in place before the report (Doncaster: a board since March 2009, the report of
    November 2012). Under the regimes that say so, a board serves the whole intervention, the
    cycles before included, until a notice is lifted or a direction revoked (Surrey: a board
    since April 2016, the direction after the report of May 2018). What answers a report
    answers only that report: a statement of action revised before a re-inspection is not the
    statement of action the re-inspection's report asks for."""
    deadline = state.first_open(rule.name)
    if deadline is None:
        return
    whole = state.rules.board_serves_the_intervention and rule.anchor is Anchor.INTERVENTION_ISSUED
    since = deadline.counted_from if rule.anchor in REPORT_ANCHORS else None
    if rule.anchor is Anchor.TRANSFER_DIRECTED and state.rules.a_go_live_follows_its_direction:
        # Only a go-live once the transfer was directed (Doncaster: its trust live since 2014).
        move = state.services_move
        since = move.transfer_directed_on if move is not None else None
    earlier = [
        fact.on
        for fact in state.recorded
        if fact.milestone in rule.met_by
        and not fact.met_deadline
        and (state.of_this_intervention(fact) if whole else state.of_this_cycle(fact))
        and (since is None or fact.on >= since)
        and not _the_report_itself(state, fact, since)
    ]
    if earlier:
        yield from meet(state, deadline, min(earlier), now)


def _the_report_itself(state: InterventionState, fact: RecordedFact, since: date | None) -> bool:
    """Whether `fact` is the report a deadline counts from, recorded on its own day: it is
    not the re-inspection after it, under the regimes that say so."""
    return (
        state.rules.a_report_on_its_day_is_not_its_visit
        and fact.milestone == "reinspection_completed"
        and fact.on == since
    )


def arm_report(
    state: InterventionState, regime: Regime, report: Report, now: datetime
) -> list[Event]:
    """The duties a report brings: counted from its receipt and its publication, then the
    rules counted from those deadlines (the first monitoring visit after the statement of
    action's)."""
    armed = Armed(state)
    received = (Anchor.REPORT_RECEIVED, report.received_on, report.received_assumed)
    for anchor, on, assumed in (received, (Anchor.PUBLISHED, report.published_on, False)):
        armed.add(arm(armed.state, regime, anchor, on, now, report=report, assumed=assumed))
    parents = [event for event in armed.events if isinstance(event, DeadlineScheduled)]
    for parent in parents:
        for rule in regime.rules_after(parent.milestone):
            if applies(armed.state, rule, report):
                basis = f"{parent.title} due" + (
                    " (from an assumed receipt)" if parent.assumed else ""
                )
                assumed = parent.assumed and not _fixed_by_a_pause(regime, rule, parent, report)
                _set(armed, regime, rule, parent.due, now, assumed, basis)
    return armed.events


def _fixed_by_a_pause(
    regime: Regime, rule: MilestoneRule, parent: DeadlineScheduled, report: Report
) -> bool:
    """Whether `rule`, counted from `parent`'s due date, falls on the same day whatever day the
    report came, up to its publication (the receipt assumed is never later than the real one):
    a pause its count begins in holds it, under the regimes that say so."""
    parent_rule = regime.rule(parent.milestone)
    if not regime.a_date_a_pause_fixes_is_not_assumed or parent_rule is None:
        return False
    latest = regime.due_on(parent_rule, report.published_on)
    return regime.due_on(rule, latest) == regime.due_on(rule, parent.due)


def arm_conditions(
    state: InterventionState,
    regime: Regime,
    conditions: Sequence[Condition],
    on: date,
    now: datetime,
    what: str,
) -> list[Event]:
    """The conditions an instrument sets, each a deadline; they replace the open conditions of
    the instrument before, and any deadline of the regime's own they name."""
    if not conditions:
        return []
    armed = Armed(state)
    names = {condition.name for condition in conditions}
    superseded = [
        d
        for d in state.open_deadlines
        if d.kind is DeadlineKind.CONDITION
        or (d.milestone in names and d.kind is not DeadlineKind.PLAN)
    ]
    armed.add(withdrawn(d, now, f"replaced by the conditions of the {what}") for d in superseded)
    for condition in conditions:
        due = condition.due or (condition_period(condition) or Span()).after(on)
        counted = CountedFrom(on, f"the {what} issued")
        armed.add([schedule_condition(armed.state, regime, condition, due, now, counted=counted)])
    return armed.events


def withdraw_ending(
    state: InterventionState,
    regime: Regime,
    points: Sequence[Anchor],
    now: datetime,
    reason: str,
    *,
    every_cycle: bool = False,
    conditions_stand: bool = False,
    keep: Set[str] = frozenset(),
    on: date | None = None,
) -> list[Event]:
    """Withdraw this cycle's open deadlines of the rules `points` end or start; with
    `every_cycle`, those an earlier cycle set too (a series that runs while the instrument is in
    force, such as the DfE's progress reviews, keeps the cycle it started in); with
    `conditions_stand`, not a condition the notice or direction set in a rule's place; never
    the rules named in `keep`. Effective `on`, today by default."""
    names = {rule.name for rule in regime.milestones if set(rule.ends_at) & set(points)}
    names |= {rule.name for rule in regime.milestones if rule.anchor in points}
    names -= keep
    # Anchored at revocation means set by it, not ended by it.
    names -= regime.names_anchored_at(Anchor.REVOCATION)
    return [
        withdrawn(deadline, now, reason, on)
        for deadline in state.open_deadlines
        if deadline.milestone in names
        and (every_cycle or deadline.cycle == state.cycle)
        and not (conditions_stand and deadline.kind is DeadlineKind.CONDITION)
    ]


def withdraw_support(
    state: InterventionState, regime: Regime, now: datetime, reason: str, on: date | None = None
) -> list[Event]:
    """Withdraw the reviews of support and supervision still open, of any cycle, effective `on`
    (today by default)."""
    names = regime.names_anchored_at(Anchor.REVOCATION)
    return [withdrawn(d, now, reason, on) for d in state.open_deadlines if d.milestone in names]


def withdraw_conditions(state: InterventionState, now: datetime, reason: str) -> list[Event]:
    return [
        withdrawn(deadline, now, reason)
        for deadline in state.open_deadlines
        if deadline.kind is DeadlineKind.CONDITION
    ]


def withdraw_all(state: InterventionState, now: datetime, reason: str) -> list[Event]:
    return [withdrawn(deadline, now, reason) for deadline in state.open_deadlines]
