"""The state of one intervention, rebuilt from its events by `domain.intervention.apply`."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from domain.events import CommissionerRecommendation, DeliveryModel
from domain.plan import ACTION_DEADLINE_PREFIX, Action, Priority
from domain.regime import Anchor, DeadlineKind, Regime, condition_period
from domain.regimes import get_regime
from domain.standing import (
    REISSUED,
    Appointment,
    Delivery,
    Instrument,
    RecordedFact,
    ReinspectionStage,
    Report,
)
from domain.standing import Track as Track  # what a notice or direction is, named here too
from domain.values import AppointmentRole, Condition, Contact, Inspection


class Stage(StrEnum):
    AWAITING_DECISION = "awaiting_decision"  # opened; the DfE has not yet issued anything
    IMPROVEMENT = "improvement"  # notice or direction in force; monitoring until re-inspection
    COMMISSIONER_REVIEW = "commissioner_review"  # commissioner reviewing who runs services
    AWAITING_REVOCATION = "awaiting_revocation"  # re-inspected, no longer inadequate
    SUPPORT_AND_SUPERVISION = "support_and_supervision"  # 12 months after revocation
    # The DfE's intervention over with no support after it (lifted or revoked so, or a report
    # not inadequate with nothing in force to lift): what the council still owes its last
    # report is kept until the record is closed.
    ENDED = "ended"
    CLOSED = "closed"


class DeadlineStatus(StrEnum):
    PENDING = "pending"
    MET = "met"
    MET_LATE = "met_late"
    MISSED = "missed"
    WITHDRAWN = "withdrawn"


OPEN_STATUSES = frozenset({DeadlineStatus.PENDING, DeadlineStatus.MISSED})
# The milestones by which the DfE decides who runs the services after a commissioner's review.
SERVICES_DECISIONS = frozenset(
    {"services_retained", "alternative_delivery_directed", "transfer_directed"}
)


class Deadline(BaseModel):
    model_config = ConfigDict(frozen=True)

    milestone: str
    number: int | None = None
    cycle: int = 1
    kind: DeadlineKind
    owner: str
    title: str
    due: date
    alert_on: date
    status: DeadlineStatus = DeadlineStatus.PENDING
    met_on: date | None = None
    fired: tuple[str, ...] = ()  # ladder rungs (or "overdue") already acted on
    # It counts from a date nobody gave (a report's receipt, assumed by the regime's rule).
    assumed: bool = False
    # What it counts from: the day, and that day's fact ("report 1 received").
    counted_from: date | None = None
    basis: str | None = None
    # The day the fact that set it, or last moved it, took effect: the clock dates nothing it
    # does about the deadline before then.
    set_on: date | None = None
    # The day it stopped being asked for, when it did.
    withdrawn_on: date | None = None

    @property
    def key(self) -> str:
        return deadline_key(self.milestone, self.number, self.cycle)

    @property
    def identity(self) -> tuple[str, int | None, int]:
        return self.milestone, self.number, self.cycle

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def named_not_counted(self) -> bool:
        """Due the day it counts from: a fact named the day (a commissioner's report date set
        by the appointment, a go-live date) rather than the rule counting it."""
        return self.counted_from == self.due

    @property
    def label(self) -> str:
        if self.milestone.startswith(ACTION_DEADLINE_PREFIX):
            # An action's title names it; the number only counts moves of its review date.
            return self.title + (f" (review {self.number})" if (self.number or 1) > 1 else "")
        return self.title if self.number is None else f"{self.title} {self.number}"


def deadline_key(milestone: str, number: int | None, cycle: int) -> str:
    return f"{cycle}:{milestone}:{number or 0}"


class Escalation(BaseModel):
    model_config = ConfigDict(frozen=True)

    milestone: str
    number: int | None = None
    cycle: int = 1
    level: int
    to: str
    raised_on: date
    withdrawn_on: date | None = None

    @property
    def deadline_key(self) -> str:
        return deadline_key(self.milestone, self.number, self.cycle)


class InterventionState(BaseModel):
    model_config = ConfigDict(frozen=True)

    intervention_id: str
    authority: str
    regime: str
    regime_version: int = 1
    inspection: Inspection
    contacts: dict[str, list[Contact]] = Field(default_factory=dict)
    opened_on: date
    version: int = 0
    cycle: int = 1
    cycle_published_on: date
    cycle_received_on: date
    track: Track | None = None
    stage: Stage = Stage.AWAITING_DECISION
    commissioner_appointed_on: date | None = None
    commissioner_recommendation: CommissionerRecommendation | None = None
    delivery_model: DeliveryModel | None = None
    revoked_on: date | None = None
    support_ends_on: date | None = None
    closed_on: date | None = None
    deadlines: tuple[Deadline, ...] = ()
    escalations: tuple[Escalation, ...] = ()
    priorities: tuple[Priority, ...] = ()
    actions: tuple[Action, ...] = ()
    reports: tuple[Report, ...] = ()
    instruments: tuple[Instrument, ...] = ()
    appointments: tuple[Appointment, ...] = ()
    reinspection: ReinspectionStage | None = None
    delivery: Delivery | None = None
    recorded: tuple[RecordedFact, ...] = ()

    @property
    def receipt_unconfirmed(self) -> tuple[int, ...]:
        """The reports whose day of receipt is assumed: what counts from it may still move."""
        return tuple(r.number for r in self.reports if r.received_assumed)

    @property
    def receipt_to_confirm(self) -> tuple[int, ...]:
        """The reports whose assumed day of receipt a deadline still counts from (one of its
        own, not withdrawn): someone should ask the council for the real day. A report that
        brought none (Birmingham's area SEND re-inspection of June 2025, whose outcome asks
        for no plan) has nothing for the real day to move."""
        assumed = self.receipt_unconfirmed
        if not assumed:
            # Worked out for every append's read-model row: most receipts are given.
            return ()
        counted = self.rules.names_anchored_at(Anchor.REPORT_RECEIVED)
        resting = {
            d.number or 1
            for d in self.deadlines
            if d.assumed and d.milestone in counted and d.status is not DeadlineStatus.WITHDRAWN
        }
        return tuple(n for n in assumed if n in resting)

    @property
    def rules(self) -> Regime:
        """The regime, in the version this intervention runs under."""
        return get_regime(self.regime, self.regime_version)

    @property
    def track_in_force(self) -> Track | None:
        """The kind of notice or direction in force, if any."""
        if self.instruments:
            return self.instrument.kind if self.instrument else None
        # A state carried over from before instruments were kept: the track alone says.
        return self.track if self.revoked_on is None else None

    @property
    def track_under_way(self) -> Track | None:
        """The track of the intervention under way: the last notice's or direction's, through
        the support and supervision after it, but none once a report after its end awaits the
        DfE's decision (Knowsley: the notice lifted in July 2017, inadequate again in January
        2025, no notice since)."""
        ended = self.revoked_on
        if self.track_in_force is None and ended is not None and self.cycle_published_on > ended:
            return None
        return self.track

    @property
    def instrument(self) -> Instrument | None:
        """The notice or direction in force, if any."""
        return next((i for i in reversed(self.instruments) if i.in_force), None)

    def condition(self, name: str) -> Condition | None:
        """The condition `name` of the notice or direction in force, if it sets one."""
        instrument = self.instrument
        return instrument.condition(name) if instrument else None

    @property
    def instrument_ended(self) -> bool:
        """The notice or direction ended, nothing left to revoke: in support and supervision,
        or the intervention ended with none."""
        return self.stage in (Stage.SUPPORT_AND_SUPERVISION, Stage.ENDED)

    def of_this_cycle(self, fact: RecordedFact) -> bool:
        """Whether a recorded fact belongs to the cycle under way: anything in the first, what
        was already in place before the report included; from its report's publication in a
        later one."""
        return self.cycle == 1 or fact.on >= self.cycle_published_on

    def of_this_intervention(self, fact: RecordedFact) -> bool:
        """Whether a recorded fact belongs to the intervention under way: recorded since the
        last notice was lifted or direction revoked, if one was, whatever the cycle."""
        ended = [
            i.ended_on
            for i in self.instruments
            if i.ended_on is not None and i.ended_because != REISSUED
        ]
        return not ended or fact.on >= max(ended)

    @property
    def services_decided(self) -> bool:
        """Whether the DfE has decided in this cycle who runs the services (kept with the
        council, or moved): a commissioner sent in after that sees it through, and reviews
        nothing."""
        return bool(self.services_decisions)

    @property
    def services_decisions(self) -> tuple[RecordedFact, ...]:
        """The DfE's decisions in this cycle on who runs the services, and, under the regimes
        that say so, the move of an earlier cycle still under way."""
        decisions = [fact for fact in self.recorded if fact.milestone in SERVICES_DECISIONS]
        since = self._decisions_since
        this_cycle = tuple(fact for fact in decisions if fact.on >= since)
        move = self.services_move
        under_way = move is not None and move.live_on is None and move.directed_on is not None
        if under_way and self.rules.a_move_under_way_stays_decided:
            earlier = [fact for fact in decisions if fact.on < since]
            return (*earlier[-1:], *this_cycle)
        return this_cycle

    @property
    def _decisions_since(self) -> date:
        """The first day a decision on who runs the services belongs to this cycle: its report's
        publication; for the report the record opened on, under the regimes that say so, the
        first day Ofsted was on site, a decision taken while it was being this report's
        (Birmingham: the council kept its services, Lord Warner sent in, on 27 March 2014,
        during the inspection of 19 March to 10 April)."""
        started = self.inspection.started_on
        if (
            self.cycle == 1
            and started is not None
            and self.rules.a_decision_during_the_inspection_counts
        ):
            return min(started, self.cycle_published_on)
        return self.cycle_published_on

    def services_decided_before(self, day: date) -> bool:
        """Whether the DfE had decided who runs the services before `day`: a fact of the
        decision's own day is one the decision followed, whichever was recorded first."""
        return any(decision.on < day for decision in self.services_decisions)

    @property
    def commissioner_sees_it_through(self) -> bool:
        """Whether a commissioner appointed now is there to see the DfE's decision through,
        not to review, under the regimes that say so."""
        return self.rules.decided_commissioners_review_nothing and self.services_decided

    @property
    def services_move(self) -> Delivery | None:
        """The move of services to another provider, under way or done; none once the council
        kept its services after all."""
        move = self.delivery
        return move if move is not None and move.dropped_on is None else None

    def appointed(self, role: AppointmentRole) -> Appointment | None:
        """Who holds `role` now, if anyone."""
        return next((a for a in reversed(self.appointments) if a.role is role and a.active), None)

    def report(self, number: int) -> Report | None:
        return next((r for r in self.reports if r.number == number), None)

    def action(self, ref: str) -> Action | None:
        return next((a for a in self.actions if a.ref == ref), None)

    @property
    def is_closed(self) -> bool:
        return self.stage is Stage.CLOSED

    @property
    def open_deadlines(self) -> tuple[Deadline, ...]:
        return tuple(d for d in self.deadlines if d.is_open)

    @property
    def commissioner_reports_awaited(self) -> tuple[Deadline, ...]:
        """The commissioner's reports still open, in the order they were set."""
        reports = self.rules.commissioner_reports()
        return tuple(d for d in self.open_deadlines if d.milestone in reports)

    @property
    def next_deadline(self) -> Deadline | None:
        """The open deadline due first; on the same day, the first by key. When the regime keeps
        a missed series going, an expected deadline already flagged is left to the overdue
        count: the next occurrence is the one to watch, not a visit two years gone."""
        skip_flagged = self.rules.continue_missed_series
        # One pass, keys worked out only for deadlines due the same day: this runs on every
        # append.
        first: Deadline | None = None
        for d in self.deadlines:
            if d.status not in OPEN_STATUSES or (
                skip_flagged
                and d.status is DeadlineStatus.MISSED
                and not self.rules.escalates(d.kind, d.milestone)
            ):
                continue
            if first is None or d.due < first.due or (d.due == first.due and d.key < first.key):
                first = d
        return first

    def deadline_of(self, milestone: str, number: int | None, cycle: int) -> Deadline | None:
        # Field by field, as the key compares them: the fold looks deadlines up on most events,
        # and formatting every deadline's key would cost more than the search.
        wanted = number or 0
        return next(
            (
                d
                for d in self.deadlines
                if d.milestone == milestone and (d.number or 0) == wanted and d.cycle == cycle
            ),
            None,
        )

    def shown_label(self, deadline: Deadline) -> str:
        """The deadline's name as people read it: a condition the instruments ask for once is
        named without the number its key carries ("Improvement plan to the DfE", not "... 1":
        Bury's notice of January 2022 asked for the plan by 31 March)."""
        if deadline.kind is DeadlineKind.CONDITION and deadline.number == 1:
            named = [
                c for i in self.instruments for c in i.conditions if c.name == deadline.milestone
            ]
            if named and not any(condition_period(c) for c in named):
                return deadline.title
        return deadline.label

    def first_open(self, milestone: str) -> Deadline | None:
        candidates = [d for d in self.open_deadlines if d.milestone == milestone]
        return min(candidates, key=lambda d: (d.cycle, d.number or 0), default=None)

    def occurrence_on(self, milestone: str, on: date) -> Deadline | None:
        """The open occurrence of a series that a fact of `on` answers: the latest already due
        by then, so that earlier ones nobody recorded stay missed rather than each later fact
        meeting the one before it late (Sandwell: no visit recorded for a year, then quarterly
        ones); else the earliest still to come."""
        candidates = sorted(
            (d for d in self.open_deadlines if d.milestone == milestone),
            key=lambda d: (d.cycle, d.number or 0),
        )
        due = [d for d in candidates if d.due <= on]
        return due[-1] if due else next(iter(candidates), None)

    def open_occurrence(self, milestone: str, number: int | None) -> Deadline | None:
        """The open deadline a recorded fact answers: the one it names by number (Ofsted's
        "fourth monitoring visit"; the first may carry no number), else the earliest open."""
        if number is None:
            return self.first_open(milestone)
        return next(
            (
                d
                for d in self.open_deadlines
                if d.milestone == milestone and (d.number or 1) == number
            ),
            None,
        )

    def free_number(self, milestone: str, cycle: int, wanted: int | None) -> int | None:
        """`wanted` if no deadline of this milestone and cycle has it yet, else the next
        number: each deadline keeps a key of its own. Under the regimes that say so, one with no
        number is the first, and the next is the second."""
        taken = {d.number for d in self.deadlines if d.milestone == milestone and d.cycle == cycle}
        if wanted not in taken:
            return wanted
        first = 1 if self.rules.an_unnumbered_deadline_is_the_first else 0
        return max((n or first for n in taken), default=0) + 1

    def count_met(self, milestone: str, cycle: int | None = None) -> int:
        return sum(
            1
            for d in self.deadlines
            if d.milestone == milestone
            and d.status in (DeadlineStatus.MET, DeadlineStatus.MET_LATE)
            and (cycle is None or d.cycle == cycle)
        )

    def active_escalations(self, key: str) -> tuple[Escalation, ...]:
        return tuple(
            e for e in self.escalations if e.deadline_key == key and e.withdrawn_on is None
        )

    @property
    def highest_escalation(self) -> int:
        """The highest level still standing against a deadline that is still open: a deadline
        withdrawn (a new cycle, the notice lifted) no longer owes what its escalations asked."""
        standing = [e for e in self.escalations if e.withdrawn_on is None]
        if not standing:
            return 0
        open_keys = {d.key for d in self.open_deadlines}
        return max((e.level for e in standing if e.deadline_key in open_keys), default=0)
