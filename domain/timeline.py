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


def _label(milestone: str, number: int | None) -> str:
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
        case DeadlineScheduled():
            what = _label(event.milestone, event.number)
            return f"Deadline set: {what} due {event.due} ({event.kind.value})"
        case ReminderSent():
            return (
                f"Reminder to {event.to}: {_label(event.milestone, event.number)} due {event.due}"
            )
        case DeadlineMissed():
            return f"Deadline missed: {_label(event.milestone, event.number)} was due {event.due}"
        case EscalationRaised():
            return (
                f"Escalation level {event.level} to {event.to}: "
                f"{_label(event.milestone, event.number)} was due {event.due}"
            )
        case EscalationWithdrawn():
            return (
                f"Escalation level {event.level} to {event.to} withdrawn: "
                f"{_label(event.milestone, event.number)} {event.reason}"
            )
        case DeadlineMet():
            how = "late" if event.late else "on time"
            return f"Deadline met {how}: {_label(event.milestone, event.number)} (due {event.due})"
        case MilestoneOverdue():
            return f"Overdue: {_label(event.milestone, event.number)} expected by {event.due}"
        case DeadlineWithdrawn():
            return f"Deadline withdrawn: {_label(event.milestone, event.number)} ({event.reason})"
        case _:
            words = "".join(f" {c.lower()}" if c.isupper() else c for c in event.type).strip()
            return words[0].upper() + words[1:]
