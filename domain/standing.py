"""Where an intervention stands beyond its deadlines: the reports the council received, the
DfE's instruments and their conditions, who is appointed, the re-inspection under way, the
programme moving services elsewhere, and the facts people recorded.

Parts of `domain.state.InterventionState`, rebuilt by `apply` like the rest of it.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from domain.events.delivery import DeliveryModel
from domain.values import AppointmentRole, Condition, Grade, ReportKind


class Track(StrEnum):
    NOTICE = "notice"  # Improvement Notice, with a DfE improvement adviser
    DIRECTION = "direction"  # statutory Direction, often with a Commissioner


class Report(BaseModel):
    """A report or letter the council acted on: most bring it statutory duties; an annual
    assessment only the DfE's decision."""

    model_config = ConfigDict(frozen=True)

    number: int
    kind: ReportKind
    judgement: Grade | None
    published_on: date
    received_on: date
    received_assumed: bool = False
    # The areas for priority action a letter names, carried onto the fact of its receipt.
    priority_actions: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        what = self.kind.label
        graded = f", {self.judgement.value.replace('_', ' ')}" if self.judgement else ""
        return f"{what} report of {self.published_on.isoformat()}{graded}"


# Why an instrument ended when another was issued in its place on the same day.
REISSUED = "replaced"
ESCALATED = "escalated"


class Instrument(BaseModel):
    """A notice or direction, from its issue to the day it ended (lifted, revoked, or replaced
    by a re-issue, an escalation or a step down)."""

    model_config = ConfigDict(frozen=True)

    number: int
    kind: Track
    issued_on: date
    revised_on: tuple[date, ...] = ()
    conditions: tuple[Condition, ...] = ()
    ended_on: date | None = None
    ended_because: str | None = None

    @property
    def in_force(self) -> bool:
        return self.ended_on is None

    def condition(self, name: str) -> Condition | None:
        return next((c for c in self.conditions if c.name == name), None)


class Appointment(BaseModel):
    model_config = ConfigDict(frozen=True)

    role: AppointmentRole
    number: int  # the role's periods, counted: a commissioner's further period is 2
    name: str | None
    from_on: date
    programme: str | None = None
    ended_on: date | None = None

    @property
    def active(self) -> bool:
        return self.ended_on is None


class ReinspectionStage(StrEnum):
    FIELDWORK = "fieldwork"  # Ofsted on site
    AWAITING_REPORT = "awaiting_report"  # fieldwork over, report not yet published


class Delivery(BaseModel):
    """Moving children's services to another provider, step by step."""

    model_config = ConfigDict(frozen=True)

    directed_on: date | None = None
    model: DeliveryModel | None = None
    options_appraised_on: date | None = None
    business_case_on: date | None = None
    transfer_directed_on: date | None = None
    go_live_on: date | None = None
    live_on: date | None = None
    provider: str | None = None
    # The council kept its services after all (West Sussex: a trust directed in December 2019,
    # shelved on 31 March 2022), or took them back from the provider that ran them (Doncaster:
    # from its trust on 1 September 2022).
    dropped_on: date | None = None


class RecordedFact(BaseModel):
    """A milestone a person recorded, and whether it has met a deadline yet: a fact recorded
    before the deadline it answers meets that deadline when it is set."""

    model_config = ConfigDict(frozen=True)

    milestone: str
    on: date
    met_deadline: bool = False
    # A visit over several days (Ofsted's monitoring visits are usually two): its last day, so
    # that a letter may name the visit by any of its days.
    ended_on: date | None = None
    # The occurrence it records, where it records one: the number a letter names a visit by.
    number: int | None = None
