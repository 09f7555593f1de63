"""Deciding plan changes: a batch is checked change by change against the plan as it would be,
and any rejection rejects the whole batch, naming the change (or the line of the file)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from domain.access import check_access
from domain.apply import apply
from domain.calendar import london_date
from domain.deadlines import meet, schedule_action, withdrawn
from domain.decide import check_effective_on, check_role
from domain.errors import DomainError, InterventionClosedError, PlanChangeError
from domain.events import (
    ActionAdded,
    ActionCompleted,
    ActionUpdated,
    Event,
    PriorityAdded,
)
from domain.milestones import RECORDERS
from domain.plan import (
    Action,
    AddAction,
    AddPriority,
    ChangePlan,
    CompleteAction,
    PlanChange,
    UpdateAction,
    action_deadline,
)
from domain.state import InterventionState


def decide_plan(state: InterventionState, command: ChangePlan, now: datetime) -> list[Event]:
    """Every event the batch causes, or PlanChangeError naming the first change refused."""
    check_access(command.actor, state)
    if state.is_closed:
        raise InterventionClosedError("plan changes", state.closed_on)
    check_role(command.actor, RECORDERS, "change the improvement plan")
    check_effective_on(state, command.effective_on, london_date(now))
    events: list[Event] = []
    after = state
    # A change made alone needs no number: "change 1" would speak of a batch never made.
    alone = len(command.changes) == 1
    for index, change in enumerate(command.changes, start=1):
        where = f"line {change.line}" if change.line else "" if alone else f"change {index}"
        try:
            caused = list(_decide(after, change, command, now))
        except DomainError as error:
            raise PlanChangeError(where, error.message) from None
        for event in caused:
            events.append(event)
            after = apply(after, event)
    return events


def _decide(
    state: InterventionState, change: PlanChange, command: ChangePlan, now: datetime
) -> Iterable[Event]:
    on = command.effective_on
    common = {"effective_on": on, "recorded_at": now, "actor": command.actor}
    match change:
        case AddPriority():
            if any(p.ref == change.ref for p in state.priorities):
                raise DomainError(f"priority {change.ref!r} is already in the plan")
            yield PriorityAdded.model_validate(
                {**common, "ref": change.ref, "title": change.title, "addresses": change.addresses}
            )
        case AddAction():
            yield from _add_action(state, change, common, now)
        case UpdateAction():
            yield from _update_action(state, change, on, common, now)
        case CompleteAction():
            action = _open_action(state, change.ref, on)
            yield ActionCompleted.model_validate({**common, "ref": change.ref, "note": change.note})
            deadline = state.first_open(action_deadline(action.ref))
            if deadline is not None:
                yield from meet(state, deadline, on, now)


def _add_action(
    state: InterventionState, change: AddAction, common: dict[str, object], now: datetime
) -> Iterable[Event]:
    if state.action(change.ref) is not None:
        raise DomainError(f"action {change.ref!r} is already in the plan")
    if not any(p.ref == change.priority for p in state.priorities):
        known = ", ".join(p.ref for p in state.priorities) or "none yet"
        raise DomainError(
            f"action {change.ref!r} is under priority {change.priority!r}, which is not in the "
            f"plan; priorities: {known}"
        )
    _check_review_on(state, change.review_on)
    added = ActionAdded.model_validate({**common, **change.model_dump(exclude={"type", "line"})})
    yield added
    action = apply(state, added).action(change.ref)
    assert action is not None  # just added
    yield schedule_action(state.rules, action, state.cycle, now)


def _update_action(
    state: InterventionState,
    change: UpdateAction,
    on: date,
    common: dict[str, object],
    now: datetime,
) -> Iterable[Event]:
    action = _open_action(state, change.ref, on)
    moved = change.review_on is not None and change.review_on != action.review_on
    changed = (
        moved
        or (change.rag is not None and change.rag is not action.rag)
        or (change.owner is not None and change.owner != action.owner)
        or change.note is not None
    )
    if not changed:
        raise DomainError(
            f"update of action {change.ref!r} changes nothing; give a new rag, review_on, "
            "owner or a note"
        )
    if change.review_on is not None:
        _check_review_on(state, change.review_on)
    updated = ActionUpdated.model_validate(
        {**common, **change.model_dump(exclude={"type", "line"})}
    )
    yield updated
    if not moved:
        return
    old = state.first_open(action_deadline(action.ref))
    if old is not None:
        yield withdrawn(old, now, f"review date moved to {change.review_on}")
    after = apply(state, updated).action(change.ref)
    assert after is not None
    yield schedule_action(state.rules, after, state.cycle, now)


def _open_action(state: InterventionState, ref: str, on: date) -> Action:
    action = state.action(ref)
    if action is None:
        known = ", ".join(a.ref for a in state.actions[:20]) or "none yet"
        raise DomainError(f"no action {ref!r} in the plan; actions: {known}")
    if action.completed_on is not None:
        raise DomainError(f"action {ref!r} was completed on {action.completed_on}")
    if on < action.added_on:
        raise DomainError(
            f"effective_on {on} is before action {ref!r} was added on {action.added_on}; "
            "a change to it takes effect on or after that day"
        )
    return action


def _check_review_on(state: InterventionState, review_on: date) -> None:
    earliest = state.inspection.finished_on
    if review_on < earliest:
        raise DomainError(
            f"review_on {review_on} is before the inspection ended on {earliest}; "
            "a review date falls after it"
        )
