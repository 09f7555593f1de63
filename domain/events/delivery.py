"""Moving children's services to another provider: a programme over years, from the
commissioner's recommendation to the new provider going live."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Literal

from pydantic import AliasChoices, Field

from domain.events.base import MilestoneEvent
from domain.values import Name, Text


class CommissionerRecommendation(StrEnum):
    RETAIN = "retain"
    ALTERNATIVE_DELIVERY = "alternative_delivery"
    # The intervention has done its work: lift the notice or revoke the direction (Reading:
    # the commissioner recommended it, and the direction was lifted in February 2021).
    END_INTERVENTION = "end_intervention"
    # The report went to the Secretary of State, its recommendation not made public (Bromley:
    # the commissioner "has made recommendations to the Secretary of State" by 26 September
    # 2016, the DfE's decision on them a year later): it meets the report awaited, and the
    # decision is still to come.
    NOT_PUBLISHED = "not_published"


class DeliveryModel(StrEnum):
    TRUST = "trust"
    COUNCIL_COMPANY = "council_company"
    OTHER = "other"


class CommissionerReportSubmitted(MilestoneEvent):
    """A commissioner's report to the Secretary of State. One on who should run the services
    recommends; a progress report once the DfE has decided need not (Tameside: Andy Couldrick's
    reports of June and October 2025, under the direction of September 2024)."""

    type: Literal["CommissionerReportSubmitted"] = "CommissionerReportSubmitted"
    recommendation: CommissionerRecommendation | None = Field(
        default=None,
        description="who should run the services: needed until the DfE has decided; a progress "
        "report after its decision may leave it out",
    )


class ServicesRetained(MilestoneEvent):
    type: Literal["ServicesRetained"] = "ServicesRetained"


class AlternativeDeliveryModelDirected(MilestoneEvent):
    type: Literal["AlternativeDeliveryModelDirected"] = "AlternativeDeliveryModelDirected"
    model: DeliveryModel = DeliveryModel.TRUST
    go_live_on: date | None = None


class OptionsAppraisalCompleted(MilestoneEvent):
    type: Literal["OptionsAppraisalCompleted"] = "OptionsAppraisalCompleted"
    recommendation: Text | None = None


class BusinessCaseApproved(MilestoneEvent):
    type: Literal["BusinessCaseApproved"] = "BusinessCaseApproved"


class TransferDirected(MilestoneEvent):
    """The direction to move services, with the day the new provider takes them over."""

    type: Literal["TransferDirected"] = "TransferDirected"
    go_live_on: date = Field(validation_alias=AliasChoices("go_live_on", "live_on"))
    model: DeliveryModel | None = None
    provider: Name | None = None


class AlternativeDeliveryLive(MilestoneEvent):
    type: Literal["AlternativeDeliveryLive"] = "AlternativeDeliveryLive"
    provider: Name | None = None
