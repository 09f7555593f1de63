"""Moving a running intervention to another version of its regime, by an operator's decision.

A new version of a regime applies to interventions opened after it; a running one keeps its
version until it is migrated. Migrating records one event naming both versions and the
deadlines that moved; each open deadline is counted again, from the same day, under the new
rules (moved, with an event that says why, or withdrawn if the new version has no such rule).
What the new version adds applies from the next point it counts from: nothing is set in the past.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from domain.access import check_access
from domain.apply import apply
from domain.commands import MigrateRegime
from domain.deadlines import CountedFrom, by_engine, rescheduled, withdrawn
from domain.decide import check_role
from domain.errors import DomainError, InterventionClosedError
from domain.events import Event, RegimeMigrated
from domain.milestones import SIGN_OFF
from domain.regime import Anchor, DeadlineKind, MilestoneRule, Regime, Span
from domain.regimes import get_regime
from domain.state import Deadline, InterventionState


def decide_migration(
    state: InterventionState, command: MigrateRegime, now: datetime
) -> list[Event]:
    check_access(command.actor, state)
    if state.is_closed:
        raise InterventionClosedError("a regime migration", state.closed_on)
    check_role(command.actor, SIGN_OFF, "migrate an intervention to another regime version")
    if command.to_version == state.regime_version:
        raise DomainError(
            f"the intervention already runs under {state.rules.key}", field="to_version"
        )
    if command.to_version < state.regime_version:
        # Each version mends what a real council's history showed wrong in the one before:
        # going back would bring the mistakes back.
        raise DomainError(
            f"the intervention runs under {state.rules.key}; it moves only to a later version, "
            f"not back to version {command.to_version}",
            field="to_version",
        )
    old, new = state.rules, get_regime(state.regime, command.to_version)
    changes = list(_recounted(state, old, new, now))
    moved = [f"{d.label}: {what}" for d, what, _ in changes]
    migrated = RegimeMigrated(
        **{**by_engine(now), "actor": command.actor},
        from_version=old.version,
        to_version=new.version,
        moved=moved,
    )
    events: list[Event] = [migrated]
    after = apply(state, migrated)
    for _, _, event in changes:
        events.append(event)
        after = apply(after, event)
    return events


def _recounted(
    state: InterventionState, old: Regime, new: Regime, now: datetime
) -> Iterable[tuple[Deadline, str, Event]]:
    for deadline in state.open_deadlines:
        if deadline.kind in (DeadlineKind.PLAN, DeadlineKind.CONDITION):
            continue  # set by the council's plan or the instrument, not by the regime
        if deadline.named_not_counted:
            continue  # a day a fact named: no rule counts it
        rule = new.rule(deadline.milestone)
        if rule is None:
            reason = f"{new.key} has no rule {deadline.milestone!r}"
            yield deadline, "withdrawn", withdrawn(deadline, now, reason)
            continue
        start = deadline.counted_from or counted_from(state, old, deadline)
        if start is None:
            continue
        due = new.due_on(rule, start, _span(rule, deadline))
        alert_on = new.alert_for(rule.kind, rule.name, due)
        if (due, alert_on) == (deadline.due, deadline.alert_on):
            continue
        reason = f"migrated from {old.key} to {new.key}"
        basis = deadline.basis or f"counted again from {start.isoformat()}"
        event = rescheduled(
            deadline,
            due,
            alert_on,
            now,
            reason,
            assumed=deadline.assumed,
            counted=CountedFrom(start, basis),
        )
        what = (
            f"alert {deadline.alert_on} to {alert_on}, due {due} as before"
            if due == deadline.due
            else f"due {deadline.due} to {due}, alert {alert_on}"
        )
        yield deadline, what, event


def counted_from(state: InterventionState, regime: Regime, deadline: Deadline) -> date | None:
    """The day a deadline set before deadlines said so counts from, worked out from the
    record: its rule's anchor, or the occurrence before it in a series."""
    rule = regime.rule(deadline.milestone)
    if rule is None:
        return None
    if (deadline.number or 1) > 1 and rule.repeat_every is not None:
        before = state.deadline_of(deadline.milestone, (deadline.number or 1) - 1, deadline.cycle)
        return (before.met_on or before.due) if before else None
    first_instrument = state.instruments[0].issued_on if state.instruments else None
    anchors: dict[Anchor, date | None] = {
        Anchor.REPORT_RECEIVED: state.cycle_received_on,
        Anchor.PUBLISHED: state.cycle_published_on,
        Anchor.INTERVENTION_ISSUED: first_instrument,
        Anchor.COMMISSIONER_APPOINTED: state.commissioner_appointed_on,
        Anchor.REVOCATION: state.revoked_on,
    }
    if rule.anchor is Anchor.RULE_DUE and rule.after_rule:
        parent = state.deadline_of(rule.after_rule, None, deadline.cycle)
        return parent.due if parent else None
    return anchors.get(rule.anchor)


def _span(rule: MilestoneRule, deadline: Deadline) -> Span:
    if rule.occurrences:
        return rule.occurrences[min((deadline.number or 1), len(rule.occurrences)) - 1]
    if rule.repeat_every is not None and (deadline.number or 1) > 1:
        return rule.repeat_every
    return rule.due
