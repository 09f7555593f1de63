"""Our own counters, recorded through the Temporal SDK's metric meter.

They appear on the worker's Prometheus endpoint beside the SDK's metrics and carry its labels
(namespace, task queue, workflow or activity type). Events are counted when the store has
written them, so a retried append that wrote nothing counts nothing; rejections are counted in
the workflow, whose meter does not record while it replays history. Refused attempts to reach
another authority's intervention are counted once, where they are refused: reads by the API and
the dashboard, commands by the workflow whoever sent them. Our labels are closed
sets (event types, recipients, levels, error types, kinds of organisation, surfaces), never ids
or names, so the series stay few.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from temporalio.common import MetricMeter

from domain.events import DeadlineMissed, EscalationRaised, Event, ReminderSent
from domain.values import Actor

EVENTS_APPENDED = "intervention_events_appended"
DEADLINES_MISSED = "intervention_deadlines_missed"
ESCALATIONS_RAISED = "intervention_escalations_raised"
REMINDERS_SENT = "intervention_reminders_sent"
REJECTIONS = "intervention_rejections"
ACCESS_REFUSED = "intervention_access_refused"

OrganisationKind = Literal["dfe", "council"]
Surface = Literal["api", "dashboard", "workflow"]


def count_appended(meter: MetricMeter, events: Sequence[Event]) -> None:
    """Count events the store has just written, and the clock's among them."""
    appended = meter.create_counter(EVENTS_APPENDED, "Events appended to the event store")
    missed = meter.create_counter(DEADLINES_MISSED, "Deadlines missed")
    raised = meter.create_counter(ESCALATIONS_RAISED, "Escalations raised")
    reminded = meter.create_counter(REMINDERS_SENT, "Reminders sent")
    for event in events:
        appended.add(1, {"event_type": event.type})
        if isinstance(event, DeadlineMissed):
            missed.add(1)
        elif isinstance(event, EscalationRaised):
            raised.add(1, {"level": event.level, "to": event.to})
        elif isinstance(event, ReminderSent):
            reminded.add(1, {"to": event.to})


def count_rejection(meter: MetricMeter, reason: str) -> None:
    """Count a command the rules refused; `reason` is the domain error's type."""
    meter.create_counter(REJECTIONS, "Commands the rules refused").add(1, {"reason": reason})


def count_access_refused(
    meter: MetricMeter, organisation: OrganisationKind, surface: Surface
) -> None:
    """Count an attempt to reach an intervention of an authority the person's organisation
    does not cover."""
    meter.create_counter(
        ACCESS_REFUSED, "Attempts to reach another authority's intervention, refused"
    ).add(1, {"organisation": organisation, "surface": surface})


def organisation_kind(actor: Actor) -> OrganisationKind:
    return "dfe" if actor.authorities is None else "council"
