"""Random command sequences against the aggregate: whatever is sent, and whenever, the state
stays valid, every rejection is a DomainError that says why, and the clock and the record agree.

A state machine opens an intervention, then lets time pass (the clock ticking at each alarm, as
the workflow does) and records commands that are often wrong: unknown milestones, wrong roles,
dates in the future or before the inspection, fields that do not exist or do not parse.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from domain.calendar import LONDON, london_date
from domain.clock import next_alarm, tick
from domain.commands import OpenIntervention, RecordMilestone
from domain.errors import DomainError
from domain.events import Event, parse_event
from domain.intervention import apply_all, decide, decide_open
from domain.milestones import MILESTONES
from domain.state import DeadlineStatus, InterventionState, Stage
from domain.values import Inspection
from tests.properties.strategies import MANAGER, commands, inspections, valid_commands

MET = (DeadlineStatus.MET, DeadlineStatus.MET_LATE)


def attempt(
    state: InterventionState, command: RecordMilestone, now: datetime
) -> list[Event] | DomainError:
    try:
        return decide(state, command, now)
    except DomainError as error:
        return error


class InterventionMachine(RuleBasedStateMachine):
    """One intervention's life, driven at random; the events so far are kept to refold."""

    state: InterventionState
    events: list[Event]
    now: datetime

    @initialize(inspection=inspections(), days_later=st.integers(0, 40))
    def open(self, inspection: Inspection, days_later: int) -> None:
        published = inspection.published_on + timedelta(days=days_later)
        self.now = datetime.combine(published, time(10), tzinfo=LONDON).astimezone(UTC)
        command = OpenIntervention(
            authority="Property Council", inspection=inspection, actor=MANAGER
        )
        self.events = decide_open(command, self.now)
        self.state = apply_all(self.events)
        self._clock()

    def _take(self, events: list[Event]) -> None:
        self.state = apply_all(events, self.state)
        self.events.extend(events)

    def _clock(self) -> None:
        """What the workflow does after every change: record whatever the clock owes now."""
        self._take(tick(self.state, self.now))

    @rule(days=st.integers(0, 200), hour=st.integers(0, 23))
    def time_passes(self, days: int, hour: int) -> None:
        """The workflow sleeps until each alarm in turn and records what is due at it."""
        # An hour of London's day as the workflow's clock gives it, in UTC: an hour the clocks
        # skip in spring (01:00 on the last Sunday of March) is then the instant it stands for,
        # as a real clock would read, not a local time that never was.
        target = datetime.combine(
            london_date(self.now) + timedelta(days=days), time(hour), tzinfo=LONDON
        ).astimezone(UTC)
        target = max(target, self.now)
        while (alarm := next_alarm(self.state, self.now)) is not None and alarm <= target:
            self.now = alarm
            owed = tick(self.state, self.now)
            assert owed, f"an alarm at {alarm} with nothing to do"
            self._take(owed)
        self.now = target
        self._clock()

    @rule(data=st.data())
    def anyone_records_anything(self, data: st.DataObject) -> None:
        command = data.draw(commands(self.state, self.now))
        before = self.state
        outcome = attempt(self.state, command, self.now)
        if isinstance(outcome, DomainError):
            assert outcome.message
            assert str(outcome) == outcome.message
            assert self.state is before
            event(f"rejected: {type(outcome).__name__}")
            return
        self._accepted(command.milestone, outcome)

    @precondition(lambda self: not self.state.is_closed)
    @rule(data=st.data())
    def a_manager_records_what_is_allowed(self, data: st.DataObject) -> None:
        command = data.draw(valid_commands(self.state, self.now))
        if command is not None:
            self._accepted(command.milestone, decide(self.state, command, self.now))

    def _accepted(self, milestone: str, events: list[Event]) -> None:
        assert events, f"{milestone} accepted with no event"
        # Its own event, after those of a fact it implies (the start of fieldwork recorded
        # over) and their consequences.
        own = MILESTONES[milestone].event.model_fields["type"].default
        recorded = next(e for e in events if e.type == own)
        assert events[0].type == own or milestone == "reinspection_fieldwork_completed"
        assert recorded.effective_on <= london_date(self.now)
        ended = self.state.inspection.finished_on
        if MILESTONES[milestone].in_force_before:
            # A notice or direction from the report before may already be in force.
            back = self.state.rules.recording.in_force_before
            assert recorded.effective_on >= back.before(ended)
        else:
            assert recorded.effective_on >= ended
        self._take(events)
        self._clock()
        event(f"accepted: {milestone}")
        event(f"reached: {self.state.stage.value}, cycle {self.state.cycle}")

    # --- what must hold after every step ---------------------------------------------------

    @invariant()
    def the_state_is_the_fold_of_the_events(self) -> None:
        assert self.state.version == len(self.events)
        assert apply_all(self.events) == self.state
        assert InterventionState.model_validate(self.state.model_dump()) == self.state

    @invariant()
    def every_event_survives_the_round_trip_through_json(self) -> None:
        for recent in self.events[-20:]:
            assert parse_event(recent.model_dump(mode="json")) == recent

    @invariant()
    def deadlines_are_consistent(self) -> None:
        keys = [d.key for d in self.state.deadlines]
        assert len(keys) == len(set(keys))
        for deadline in self.state.deadlines:
            assert (deadline.met_on is not None) == (deadline.status in MET)
            if deadline.met_on is not None:
                late = deadline.met_on > deadline.due
                assert deadline.status is (DeadlineStatus.MET_LATE if late else DeadlineStatus.MET)
            assert len(deadline.fired) == len(set(deadline.fired))

    @invariant()
    def escalations_are_withdrawn_only_for_deadlines_met_on_time_or_withdrawn(self) -> None:
        deadlines = {d.key: d for d in self.state.deadlines}
        seen = set()
        for escalation in self.state.escalations:
            deadline = deadlines[escalation.deadline_key]
            assert deadline.kind.escalates
            assert escalation.raised_on >= deadline.due
            key = (escalation.deadline_key, escalation.level, escalation.to)
            assert key not in seen
            seen.add(key)
            if escalation.withdrawn_on is not None:
                # Met on time after all, or no longer asked for at all.
                assert deadline.status in (DeadlineStatus.MET, DeadlineStatus.WITHDRAWN)
                assert escalation.withdrawn_on >= escalation.raised_on

    @invariant()
    def stage_track_and_closure_agree(self) -> None:
        # The track is the kind of the last notice or direction; awaiting the DfE's decision
        # means none is in force (a commissioner may review before any is issued, and a council
        # judged inadequate again after its direction was revoked waits for a new one).
        assert (self.state.track is None) == (not self.state.instruments)
        if self.state.instruments:
            assert self.state.track is self.state.instruments[-1].kind
        if self.state.stage is Stage.AWAITING_DECISION:
            assert self.state.track_in_force is None
        assert (self.state.closed_on is not None) == self.state.is_closed
        if self.state.is_closed:
            assert self.state.open_deadlines == ()

    @invariant()
    def the_clock_owes_nothing_twice(self) -> None:
        assert tick(self.state, self.now) == []
        alarm = next_alarm(self.state, self.now)
        assert alarm is None or alarm > self.now


TestInterventionMachine = InterventionMachine.TestCase
TestInterventionMachine.settings = settings(
    max_examples=100,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def test_utc_and_london_days_differ_only_at_night() -> None:
    """The machine's clock is London's; a sanity check of the conversion it relies on."""
    assert london_date(datetime(2023, 6, 1, 23, 30, tzinfo=UTC)) == datetime(2023, 6, 2).date()
