"""What the API takes and gives beyond the domain's own views: each endpoint takes one model in
and answers with one model out. The person acting comes from the token, never from the body."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic.config import JsonDict

from api.errors import invalid_request
from domain.calendar import INSPECTION_YEARS
from domain.carry import carried
from domain.commands import Detail, OpenIntervention, RecordMilestone
from domain.plan import ChangePlan, PlanChange
from domain.values import Actor, Contact, Grade, Inspection, Name, ReportKind
from domain.views import EventView

INTERVENTION_ID = r"^[a-z0-9][a-z0-9-]*$"
# Examples in the published schema, for people reading it and for the fuzzer's first cases.
EXAMPLE_OPENING: JsonDict = {
    "authority": "Example Borough Council",
    "inspection": {
        "started_on": "2025-11-17",
        "ended_on": "2025-11-28",
        "published_on": "2026-01-05",
        "received_on": "2025-12-30",
    },
}
EXAMPLE_ID = "intervention-example-borough-council-2026-01-05"
EXAMPLE_RECORD: JsonDict = {"milestone": "improvement_notice_issued", "effective_on": "2026-01-20"}
EXAMPLE_PLAN_CHANGE: JsonDict = {
    "changes": [{"type": "update_action", "ref": "A1.1", "rag": "green", "note": "on track"}],
    "effective_on": "2026-02-02",
}


class OpenInterventionRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EXAMPLE_OPENING]})

    authority: Name
    inspection: Inspection
    regime: str = Field(default="ilacs", max_length=50)
    contacts: dict[str, list[Contact]] = Field(default_factory=dict)

    def command(self, actor: Actor) -> OpenIntervention:
        try:
            return carried(self, OpenIntervention, actor=actor)
        except ValidationError as error:
            # The command checks more than the request's types, e.g. an authority named by
            # punctuation alone.
            raise invalid_request(error.errors()) from None


class RecordMilestoneRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EXAMPLE_RECORD]})

    milestone: str = Field(max_length=100)
    effective_on: date
    details: dict[str, Detail] = Field(default_factory=dict, max_length=20)

    def command(self, actor: Actor) -> RecordMilestone:
        return RecordMilestone(
            milestone=self.milestone,
            effective_on=self.effective_on,
            actor=actor,
            details=self.details,
        )


class ChangePlanRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EXAMPLE_PLAN_CHANGE]})

    changes: list[PlanChange] = Field(min_length=1, max_length=1000)
    effective_on: date | None = Field(default=None, description="Today when not given")

    def command(self, actor: Actor, today: date, source: str | None = None) -> ChangePlan:
        return ChangePlan(
            changes=self.changes,
            effective_on=self.effective_on or today,
            actor=actor,
            source=source,
        )


class ScheduleQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    published_on: date
    received_on: date | None = None
    issued_on: date | None = None
    regime: str = Field(default="ilacs", max_length=50)
    regime_version: int | None = Field(default=None, ge=1, le=10_000)
    judgement: Grade | ReportKind | None = Field(
        default=None,
        description="The report's grade, inadequate when not given; or a report with no grade "
        "by its kind (focused_visit, jtai; area_send, send_revisit), an area SEND report's by "
        "default",
    )
    explain: bool = Field(default=False, description="How each date is worked out, too")

    @model_validator(mode="after")
    def _on_the_calendar(self) -> ScheduleQuery:
        # Deadlines are counted on the bank holiday calendar, which covers these years only.
        for name in ("published_on", "received_on", "issued_on"):
            value = getattr(self, name)
            if value is not None and value.year not in INSPECTION_YEARS:
                first, last = INSPECTION_YEARS[0], INSPECTION_YEARS[-1]
                raise ValueError(f"{name} {value} is outside the years covered: {first} to {last}")
        return self


class EventLog(BaseModel):
    intervention_id: str
    events: list[EventView]


class Health(BaseModel):
    status: str = "ok"
