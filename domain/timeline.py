"""One readable line per event, for timelines, logs and notifications."""

from __future__ import annotations

from domain.events import (
    DeadlineMet,
    DeadlineMissed,
    DeadlineScheduled,
    DeadlineWithdrawn,
    EscalationRaised,
    EscalationWithdrawn,
    Event,
    InterventionOpened,
    MilestoneOverdue,
    NewCycleStarted,
    ReinspectionCompleted,
    ReminderSent,
    SupportAndSupervisionStarted,
)
from domain.plan import ACTION_DEADLINE_PREFIX

DeadlineEvent = (
    DeadlineScheduled
    | ReminderSent
    | DeadlineMissed
    | EscalationRaised
    | EscalationWithdrawn
    | DeadlineMet
    | MilestoneOverdue
    | DeadlineWithdrawn
)


def deadline_label(milestone: str, number: int | None) -> str:
    """How a deadline is named to people: "monitoring visit 2", "action A1.2 (review 2)"."""
    if milestone.startswith(ACTION_DEADLINE_PREFIX):
        ref = milestone.removeprefix(ACTION_DEADLINE_PREFIX)
        return f"action {ref}" + (f" (review {number})" if number and number > 1 else "")
    name = milestone.replace("_", " ")
    return name if number is None else f"{name} {number}"


def describe(event: Event) -> str:
    match event:
        case InterventionOpened():
            return f"Intervention opened for {event.authority} ({event.regime})"
        case ReinspectionCompleted():
            return f"Re-inspection completed: {event.judgement.value.replace('_', ' ')}"
        case NewCycleStarted():
            return f"New cycle {event.cycle} started: report received {event.received_on}"
        case SupportAndSupervisionStarted():
            return f"Support and supervision started, until {event.ends_on}"
        case (
            DeadlineScheduled()
            | ReminderSent()
            | DeadlineMissed()
            | EscalationRaised()
            | EscalationWithdrawn()
            | DeadlineMet()
            | MilestoneOverdue()
            | DeadlineWithdrawn()
        ):
            return _describe_deadline(event, deadline_label(event.milestone, event.number))
        case _:
            words = "".join(f" {c.lower()}" if c.isupper() else c for c in event.type).strip()
            return words[0].upper() + words[1:]


def _describe_deadline(event: DeadlineEvent, what: str) -> str:
    match event:
        case DeadlineScheduled():
            return f"Deadline set: {what} due {event.due} ({event.kind.value})"
        case ReminderSent():
            return f"Reminder to {event.to}: {what} due {event.due}"
        case DeadlineMissed():
            return f"Deadline missed: {what} was due {event.due}"
        case EscalationRaised():
            return f"Escalation level {event.level} to {event.to}: {what} was due {event.due}"
        case EscalationWithdrawn():
            return f"Escalation level {event.level} to {event.to} withdrawn: {what} {event.reason}"
        case DeadlineMet():
            return f"Deadline met {'late' if event.late else 'on time'}: {what} (due {event.due})"
        case MilestoneOverdue():
            return f"Overdue: {what} expected by {event.due}"
        case DeadlineWithdrawn():
            return f"Deadline withdrawn: {what} ({event.reason})"
