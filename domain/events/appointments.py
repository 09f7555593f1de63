"""People appointed to oversee or support the council, for a period or until ended."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import AliasChoices, Field

from domain.events.base import MilestoneEvent
from domain.values import AppointmentRole, Name, Text


class CommissionerAppointed(MilestoneEvent):
    """A commissioner appointed, or appointed again for a further period; or, with `support`, a
    support commissioner beside the one in post (Northamptonshire, 17 October 2019)."""

    type: Literal["CommissionerAppointed"] = "CommissionerAppointed"
    name: Text | None = None
    support: bool = False
    # A further period reports at its end, not three months in (West Sussex: appointed again
    # on 17 December 2019 for 12 months, the report on 10 December 2020).
    report_by: date | None = Field(
        default=None,
        title="Report due by",
        description="the day the appointment sets for the commissioner's report, if it says",
    )


class ImprovementAdviserAppointed(MilestoneEvent):
    """An improvement adviser appointed, replacing the one in post; or, with `alongside`, an
    adviser working beside the one in post (Staffordshire, April 2022: NHS England's SEND
    adviser beside the DfE's, named together in the area's accelerated progress plan)."""

    type: Literal["ImprovementAdviserAppointed"] = "ImprovementAdviserAppointed"
    name: Text | None = None
    alongside: bool = False


class BoardChairAppointed(MilestoneEvent):
    type: Literal["BoardChairAppointed"] = "BoardChairAppointed"
    name: Text | None = None


class PartnerAppointed(MilestoneEvent):
    """A partner council or peer partner (e.g. Camden for Croydon), perhaps under a programme
    such as the DfE-funded Sector-Led Improvement Partners (SLIP)."""

    type: Literal["PartnerAppointed"] = "PartnerAppointed"
    partner: Name = Field(validation_alias=AliasChoices("partner", "name"))
    programme: Name | None = None
    # Engaged by the council itself, not sent in or paid for by the DfE: it answers nothing
    # the DfE must do (Kent: the external advisers the council said it would bring in after
    # the report of November 2010, KentOnline; the DfE's notice came in 2011).
    councils_own: bool = Field(
        default=False,
        title="Engaged by the council itself",
        description="not sent in or paid for by the DfE, so not the DfE's decision",
    )


class AppointmentEnded(MilestoneEvent):
    type: Literal["AppointmentEnded"] = "AppointmentEnded"
    appointment: AppointmentRole = Field(validation_alias=AliasChoices("appointment", "role"))
    name: Text | None = None


# Every fact that puts someone in post beside the council.
APPOINTMENT_EVENTS = (
    CommissionerAppointed,
    ImprovementAdviserAppointed,
    BoardChairAppointed,
    PartnerAppointed,
)
