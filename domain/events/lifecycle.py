"""The intervention itself and the DfE's instruments: opened, notice or direction issued,
revised, escalated, stepped down, lifted or revoked, their conditions met, and closed."""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Literal

from pydantic import Field

from domain.events.base import EventBase, MilestoneEvent
from domain.values import Condition, Contact, Inspection, Slug, Text


class InterventionOpened(EventBase):
    type: Literal["InterventionOpened"] = "InterventionOpened"
    intervention_id: str
    authority: str
    regime: str
    # Interventions opened before regimes had versions run under the first.
    regime_version: int = 1
    inspection: Inspection
    contacts: dict[str, list[Contact]] = Field(default_factory=dict)


class _Instrument(MilestoneEvent):
    """A notice or direction coming into force, changed or ended; a new one may set conditions
    (and replaces the open conditions of the one before when it does)."""

    conditions: list[Condition] = Field(default_factory=list, max_length=30)
    # What a notice or direction usually asks for and this one does not (West Berkshire, 27
    # August 2015: the notice "did not contain a requirement for us to have an improvement
    # board"): the rules it would set, named.
    without: list[Slug] = Field(
        default_factory=list,
        max_length=10,
        description="rules of the regime it does not ask for, e.g. improvement_board",
    )


class ImprovementNoticeIssued(_Instrument):
    type: Literal["ImprovementNoticeIssued"] = "ImprovementNoticeIssued"


class StatutoryDirectionIssued(_Instrument):
    type: Literal["StatutoryDirectionIssued"] = "StatutoryDirectionIssued"


class NoticeRevised(_Instrument):
    type: Literal["NoticeRevised"] = "NoticeRevised"


class DirectionRevised(_Instrument):
    type: Literal["DirectionRevised"] = "DirectionRevised"


class NoticeEscalatedToDirection(_Instrument):
    type: Literal["NoticeEscalatedToDirection"] = "NoticeEscalatedToDirection"


class DirectionSteppedDown(_Instrument):
    type: Literal["DirectionSteppedDown"] = "DirectionSteppedDown"


# Every fact that brings a notice or direction into force or changes it.
INSTRUMENT_EVENTS = (
    ImprovementNoticeIssued,
    StatutoryDirectionIssued,
    NoticeRevised,
    DirectionRevised,
    NoticeEscalatedToDirection,
    DirectionSteppedDown,
)


class InterventionProposed(MilestoneEvent):
    """The Secretary of State wrote that he is minded to intervene: to issue a notice or a
    direction, or to send a commissioner (Norfolk: 16 August 2013; Slough: 20 March 2014;
    Northamptonshire: 13 November 2018). It is the DfE's answer to the report."""

    type: Literal["InterventionProposed"] = "InterventionProposed"
    proposal: Text | None = Field(default=None, description="what the letter says is proposed")


class _Ending(MilestoneEvent):
    """The notice lifted or the direction revoked: usually 12 months of the DfE's support and
    supervision follow; the letter may end the intervention outright (Newham, 21 September
    2022: the report's publication "marks the end of the Department for Education's
    intervention"; Devon, 2016: "lifting the improvement notice and ending the formal
    intervention arrangements")."""

    support: bool = Field(
        default=True,
        description="whether support and supervision follow; false when the letter ends the "
        "intervention outright",
    )


class NoticeLifted(_Ending):
    type: Literal["NoticeLifted"] = "NoticeLifted"


class DirectionRevoked(_Ending):
    type: Literal["DirectionRevoked"] = "DirectionRevoked"


class ConditionMet(MilestoneEvent):
    """A condition of the notice or direction done, named as the instrument names it."""

    type: Literal["ConditionMet"] = "ConditionMet"
    condition: Slug


class _Review(MilestoneEvent):
    """A review the DfE held, which may set the day of its next itself rather than leave it to
    the regime's calendar (Haringey: the review of 3 July 2009 waited for Ofsted's inspection
    "by January 2010", and decided on its report of 23 February 2010; Wirral: "15 months'
    government supervision" after the report of 2019, not twelve, birkenhead.news)."""

    number: int = Field(ge=1)
    next_by: date | None = Field(
        default=None,
        title="Next review by",
        description="the day this review sets for the next one, if it says",
    )


class ProgressReviewCompleted(_Review):
    type: Literal["ProgressReviewCompleted"] = "ProgressReviewCompleted"
    # The DfE says it will hold no further review while the notice or direction stands
    # (Wakefield, 9 January 2020: "no further review visits will be required").
    final: bool = Field(
        default=False,
        title="Last review",
        description="the DfE says no further review will be held; none is then expected",
    )
    LAST: ClassVar[str] = "the last the DfE said it would hold"


class SupportAndSupervisionStarted(EventBase):
    type: Literal["SupportAndSupervisionStarted"] = "SupportAndSupervisionStarted"
    ends_on: date


class SupportReviewCompleted(_Review):
    type: Literal["SupportReviewCompleted"] = "SupportReviewCompleted"


class InterventionClosed(MilestoneEvent):
    type: Literal["InterventionClosed"] = "InterventionClosed"


class RegimeMigrated(EventBase):
    """An operator moved the intervention to another version of its regime; `moved` names each
    open deadline counted again under the new rules, and how it changed."""

    type: Literal["RegimeMigrated"] = "RegimeMigrated"
    from_version: int = Field(ge=1)
    to_version: int = Field(ge=1)
    moved: list[str] = Field(default_factory=list)


class NewCycleStarted(EventBase):
    """A re-inspection judged inadequate again: a new Statement of Action falls due."""

    type: Literal["NewCycleStarted"] = "NewCycleStarted"
    cycle: int = Field(ge=2)
    published_on: date
    received_on: date
