"""The state of one intervention, rebuilt from its events by `domain.intervention.apply`."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from domain.events import CommissionerRecommendation, DeliveryModel
from domain.plan import ACTION_DEADLINE_PREFIX, Action, Priority
from domain.regime import DeadlineKind
from domain.values import Contact, Inspection


class Track(StrEnum):
    NOTICE = "notice"  # Improvement Notice, with a DfE improvement adviser
    DIRECTION = "direction"  # statutory Direction, with a Commissioner


class Stage(StrEnum):
    AWAITING_DECISION = "awaiting_decision"  # opened; the DfE has not yet issued anything
    IMPROVEMENT = "improvement"  # notice or direction in force; monitoring until re-inspection
    COMMISSIONER_REVIEW = "commissioner_review"  # commissioner reviewing who runs services
    AWAITING_REVOCATION = "awaiting_revocation"  # re-inspected, no longer inadequate
    SUPPORT_AND_SUPERVISION = "support_and_supervision"  # 12 months after revocation
    CLOSED = "closed"


class DeadlineStatus(StrEnum):
    PENDING = "pending"
    MET = "met"
    MET_LATE = "met_late"
    MISSED = "missed"
    WITHDRAWN = "withdrawn"


OPEN_STATUSES = frozenset({DeadlineStatus.PENDING, DeadlineStatus.MISSED})


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

    @property
    def key(self) -> str:
        return deadline_key(self.milestone, self.number, self.cycle)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

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

    def action(self, ref: str) -> Action | None:
        return next((a for a in self.actions if a.ref == ref), None)

    @property
    def is_closed(self) -> bool:
        return self.stage is Stage.CLOSED

    @property
    def open_deadlines(self) -> tuple[Deadline, ...]:
        return tuple(d for d in self.deadlines if d.is_open)

    def deadline(self, key: str) -> Deadline | None:
        return next((d for d in self.deadlines if d.key == key), None)

    def first_open(self, milestone: str) -> Deadline | None:
        candidates = [d for d in self.open_deadlines if d.milestone == milestone]
        return min(candidates, key=lambda d: (d.cycle, d.number or 0), default=None)

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
        return max(
            (e.level for e in self.escalations if e.withdrawn_on is None),
            default=0,
        )
