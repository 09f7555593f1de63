"""What Ofsted did and what its reports bring: the action-planning visit, monitoring visits,
focused visits, joint targeted area inspections, the annual engagement meeting, the
re-inspection from fieldwork to report, and each report the council receives."""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from pydantic import AliasChoices, Field

from domain.events.base import EventBase, MilestoneEvent
from domain.values import Grade, Name, ReportKind, Text


class ReportReceived(EventBase):
    """A report or letter that brings the council statutory duties (a statement of action, and
    publishing it): effective the day the council received it, or the day assumed."""

    type: Literal["ReportReceived"] = "ReportReceived"
    number: int = Field(ge=1)
    kind: ReportKind
    judgement: Grade | None = None
    published_on: date
    received_on: date
    # Receipt not given: the regime's receipt rule set it, and deadlines resting on it say so.
    received_assumed: bool = False
    priority_actions: list[Text] = Field(default_factory=list)


class ReportReceiptConfirmed(MilestoneEvent):
    """The day the council really received a report whose receipt was assumed: the deadlines
    counted from it are moved, by events that say so."""

    type: Literal["ReportReceiptConfirmed"] = "ReportReceiptConfirmed"
    report: int = Field(default=1, ge=1)
    received_on: date


class ReportPublished(MilestoneEvent):
    """The council published a report it received (SI 2007/462 reg 2)."""

    type: Literal["ReportPublished"] = "ReportPublished"
    number: int = Field(ge=1)


class ActionPlanningVisitCompleted(MilestoneEvent):
    type: Literal["ActionPlanningVisitCompleted"] = "ActionPlanningVisitCompleted"


REVISIT_AREAS = "an area SEND revisit's letter only: the areas it found insufficient progress in"


class MonitoringVisitCompleted(MilestoneEvent):
    """A monitoring visit: it took effect on its first day; Ofsted's letter comes weeks later."""

    type: Literal["MonitoringVisitCompleted"] = "MonitoringVisitCompleted"
    number: int = Field(ge=1)
    # From Ofsted's letter; teams often record the visit when the letter arrives.
    areas_reviewed: list[Text] = Field(default_factory=list, max_length=50)
    key_findings: list[Text] = Field(default_factory=list, max_length=50)
    letter_on: date | None = Field(
        default=None, validation_alias=AliasChoices("letter_on", "letter_published_on")
    )
    ended_on: date | None = None
    # The areas an area SEND revisit's letter found insufficient progress in: a report of its
    # own, under the regimes whose revisit says so (Surrey: the revisit of March 2019).
    priority_actions: list[Text] = Field(
        default_factory=list, max_length=50, description=REVISIT_AREAS
    )
    # Ofsted's letter says it is the last visit before the re-inspection (Stoke-on-Trent, March
    # 2022: "the sixth and final monitoring visit"): no further visit is expected in the cycle.
    final: bool = Field(
        default=False,
        title="Last visit before the re-inspection",
        description="Ofsted's letter says so; no other visit is then expected",
    )
    LAST: ClassVar[str] = "the last before the re-inspection"


class MonitoringLetterPublished(MilestoneEvent):
    """Ofsted's letter after a monitoring visit recorded on its day, weeks later, with what it
    found (Medway, September 2020: the visit recorded when it happened, the letter dated
    after)."""

    type: Literal["MonitoringLetterPublished"] = "MonitoringLetterPublished"
    visit: int = Field(ge=1, description="the visit's number; the latest recorded if not given")
    areas_reviewed: list[Text] = Field(default_factory=list, max_length=50)
    key_findings: list[Text] = Field(default_factory=list, max_length=50)
    # As on the visit.
    priority_actions: list[Text] = Field(
        default_factory=list, max_length=50, description=REVISIT_AREAS
    )


class _VisitLetter(MilestoneEvent):
    """A visit whose letter may name priority actions: then it brings a statement of action."""

    ended_on: date | None = None
    received_on: date | None = Field(
        default=None, validation_alias=AliasChoices("received_on", "letter_received_on")
    )
    published_on: date | None = Field(
        default=None, validation_alias=AliasChoices("published_on", "letter_on")
    )
    priority_actions: list[Text] = Field(default_factory=list, max_length=50)
    theme: Name | None = None


class FocusedVisitCompleted(_VisitLetter):
    type: Literal["FocusedVisitCompleted"] = "FocusedVisitCompleted"


class JtaiCompleted(_VisitLetter):
    type: Literal["JtaiCompleted"] = "JtaiCompleted"


class VisitLetterPublished(MilestoneEvent):
    """The letter of a focused visit or JTAI recorded when it happened, weeks later, on the day
    Ofsted published it (Southend: the focused visit of 23 and 24 March 2022, its letter about
    six weeks on); with priority actions it brings their duties, counted from it."""

    type: Literal["VisitLetterPublished"] = "VisitLetterPublished"
    visit: date = Field(description="a day of the visit, as recorded")
    received_on: date | None = Field(
        default=None, validation_alias=AliasChoices("received_on", "letter_received_on")
    )
    priority_actions: list[Text] = Field(default_factory=list, max_length=50)


class AnnualEngagementMeetingHeld(MilestoneEvent):
    type: Literal["AnnualEngagementMeetingHeld"] = "AnnualEngagementMeetingHeld"


class SelfEvaluationSubmitted(MilestoneEvent):
    type: Literal["SelfEvaluationSubmitted"] = "SelfEvaluationSubmitted"


class ReinspectionStarted(MilestoneEvent):
    """Ofsted on site: re-inspection fieldwork began."""

    type: Literal["ReinspectionStarted"] = "ReinspectionStarted"
    ends_on: date | None = None


class ReinspectionFieldworkCompleted(MilestoneEvent):
    """Fieldwork over: the report is awaited. `started_on`, its first day, when its start was
    not recorded by itself."""

    type: Literal["ReinspectionFieldworkCompleted"] = "ReinspectionFieldworkCompleted"
    started_on: date | None = None


class ReinspectionCompleted(MilestoneEvent):
    """The re-inspection and its report: effective when it took place, with the report's own
    publication and receipt."""

    type: Literal["ReinspectionCompleted"] = "ReinspectionCompleted"
    judgement: Grade
    published_on: date
    received_on: date
    # Receipt not given: the regime's receipt rule set it.
    received_assumed: bool = False
    # Graded otherwise than by Ofsted inspecting again: its annual assessment (to 2012; Milton
    # Keynes "continue to 'perform well'", November 2011) or a joint area review (2005 to 2009),
    # which owe no statement of action. None: an inspection.
    kind: Literal[ReportKind.ANNUAL_ASSESSMENT, ReportKind.JOINT_AREA_REVIEW] | None = None
    # The areas for priority action the report names, as the report a record opens on keeps
    # them (Wirral: the area SEND re-inspection of January 2025, three areas, the plan due by 4
    # June 2025).
    priority_actions: list[Text] = Field(default_factory=list, max_length=50)
