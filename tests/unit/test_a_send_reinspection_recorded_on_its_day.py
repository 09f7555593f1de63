"""An area SEND re-inspection's report recorded on the day it was published, with no day of its
visit given, is the report's day, not the visit's: its receipt is assumed three working days
before publication, as for the report the record opened on (`send` version 12).

Hartlepool: the area SEND inspection of October 2016 (days illustrative), its report in January
2017 (18 January illustrative: "Hartlepool SEND provision faces DfE intervention", CYP Now); the
written statement of action "declared fit for purpose ... 24 April 2017" (Hartlepool SEND
improvement plan, updated January 2021); the inspection under the 2023 framework of 13 to 17
March 2023, its report published on Wednesday 17 May 2023, children and young people's
experiences positive (hartlepool.gov.uk, news article 2730), which ended the area's record with
no notice or direction ever issued.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.events import Event
from domain.intervention import apply_all, decide_open
from domain.report import build_report
from domain.values import Inspection
from tests.unit.builders import events_for, noon, open_command

HARTLEPOOL_2016 = Inspection(
    started_on=date(2016, 10, 10),
    ended_on=date(2016, 10, 14),
    published_on=date(2017, 1, 18),
    judgement="area_send",
    priority_actions=["Joint commissioning"],
)
PUBLISHED = date(2023, 5, 17)


def _reported_on_its_day(version: int) -> list[Event]:
    command = open_command(HARTLEPOOL_2016, regime="send", regime_version=version)
    events = list(decide_open(command, noon(HARTLEPOOL_2016.published_on)))
    events += events_for(apply_all(events), "statement_of_action_submitted", date(2017, 4, 24))
    return events + events_for(
        apply_all(events),
        "reinspection_completed",
        PUBLISHED,
        judgement="positive_experiences",
        published_on=PUBLISHED.isoformat(),
    )


@pytest.mark.parametrize(
    ("version", "received"),
    [
        # Three working days before Wednesday 17 May 2023: Friday 12 May.
        (12, date(2023, 5, 12)),
        # Version 11 took the day recorded as the visit's, and no receipt before it.
        (11, date(2023, 5, 17)),
    ],
)
def test_the_receipt_is_assumed_days_before_the_report_recorded_on_its_day(
    version: int, received: date
) -> None:
    report = apply_all(_reported_on_its_day(version)).report(2)

    assert report is not None
    assert (report.received_on, report.received_assumed) == (received, True)


def test_the_committee_report_says_the_record_ended_with_no_instrument_to_come() -> None:
    report = build_report(_reported_on_its_day(12), end=date(2023, 6, 30))

    assert (report.stage, report.standing) == ("ended", "no notice or direction, stage ended")
