"""An intervention already under way, brought in with its past: its facts recorded in date order
and the clock run between them, so each past deadline is judged against what happened (met,
met late, missed, with the escalations it would have had), as if the engine had been there.

Pure: the same opening, steps and end give the same events, so the workflow that imports an
intervention decides exactly what the importer checked before starting it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from pydantic import BaseModel, ConfigDict

from domain.apply import apply, apply_all
from domain.calendar import LONDON
from domain.clock import next_alarm, tick
from domain.commands import OpenIntervention, RecordMilestone
from domain.decide import decide, decide_open
from domain.errors import DomainError
from domain.events import Event
from domain.plan import ChangePlan
from domain.planning import decide_plan
from domain.state import InterventionState

# Past facts are taken to have been recorded mid-morning of their day, after the clock's 07:00
# round, as a person at work would have recorded them.
RECORDED_AT = time(10, 0)


class PastStep(BaseModel):
    """One fact of an intervention's past: a milestone or a change to its plan, on its day."""

    model_config = ConfigDict(frozen=True)

    on: date
    command: RecordMilestone | ChangePlan

    @property
    def what(self) -> str:
        if isinstance(self.command, RecordMilestone):
            return self.command.milestone
        return ", ".join(change.type for change in self.command.changes)


class PastStepError(DomainError):
    """A step of the past the rules refuse; `number` counts from 1, 0 is the opening."""

    def __init__(self, number: int, what: str, on: date, error: DomainError) -> None:
        super().__init__(
            f"step {number} ({what} on {on.isoformat()}): {error.message}",
            field=error.field,
            allowed=error.allowed,
        )
        self.number = number
        self.reason = error.message


def replay(opening: OpenIntervention, steps: Sequence[PastStep], until: datetime) -> list[Event]:
    """Every event the intervention would have recorded from its opening up to `until`; the
    facts keep the days they took effect, and all of it is recorded at `until`."""
    published = opening.inspection.published_on
    try:
        events = decide_open(opening, _at(published))
    except DomainError as error:
        raise PastStepError(0, "open", published, error) from None
    state = apply_all(events)
    clock = _at(published)
    for number, step in enumerate(steps, start=1):
        at = _at(step.on)
        if at > until:
            raise PastStepError(
                number,
                step.what,
                step.on,
                DomainError(f"it is in the future; the past runs up to {until.date()}"),
            )
        if at < clock:
            raise PastStepError(
                number,
                step.what,
                step.on,
                DomainError(
                    f"it is before the step before it, on {clock.date()}; give steps in date order"
                ),
            )
        state = _run_clock(state, events, clock, at)
        try:
            decided = _decide(state, step.command, at)
        except DomainError as error:
            raise PastStepError(number, step.what, step.on, error) from None
        events += decided
        state = apply_all(decided, state)
        clock = at
    _run_clock(state, events, clock, until)
    return [event.model_copy(update={"recorded_at": until}) for event in events]


def _decide(
    state: InterventionState, command: RecordMilestone | ChangePlan, at: datetime
) -> list[Event]:
    if isinstance(command, ChangePlan):
        return decide_plan(state, command, at)
    return decide(state, command, at)


def _run_clock(
    state: InterventionState, events: list[Event], since: datetime, until: datetime
) -> InterventionState:
    """Let the clock act at each of its alarms after `since` up to `until`, appending what it
    records, as the workflow's timers would have."""
    now = since
    while (alarm := next_alarm(state, now)) is not None and alarm <= until:
        owed = tick(state, alarm)
        if not owed:
            break  # nothing more is owed by then
        for event in owed:
            events.append(event)
            state = apply(state, event)
        now = alarm
    return state


def _at(day: date) -> datetime:
    return datetime.combine(day, RECORDED_AT, tzinfo=LONDON)
