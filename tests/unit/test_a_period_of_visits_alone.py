"""A committee report for a period whose only facts are Ofsted's monitoring visits says so,
rather than that nothing was recorded: the visits are listed in a section of their own.

Halton: inspected from 13 May 2024 (thewriterstown.com, "c3gwnev8pn2o"), judged inadequate in
the report of 12 July 2024; a direction on 30 August 2024 (gov.uk, "revised direction issued to
Halton Borough Council, February 2025"); Ofsted's monitoring visits at the "end of April" 2025
and the "beginning of November" 2025 (hbcnewsroom.co.uk). The fieldwork's last day and the
visits' days are illustrative.
"""

from __future__ import annotations

from datetime import date

from domain.events import Event
from domain.intervention import apply_all, decide_open
from domain.report import build_report
from domain.values import Inspection
from tests.unit.builders import events_for, noon, open_command

HALTON_2024 = Inspection(
    started_on=date(2024, 5, 13), ended_on=date(2024, 5, 24), published_on=date(2024, 7, 12)
)


def _halton() -> list[Event]:
    events = list(
        decide_open(open_command(HALTON_2024, regime_version=25), noon(HALTON_2024.published_on))
    )
    for milestone, on in (
        ("direction_issued", date(2024, 8, 30)),
        ("monitoring_visit_completed", date(2025, 4, 29)),
        ("monitoring_visit_completed", date(2025, 11, 5)),
    ):
        events += events_for(apply_all(events), milestone, on)
    return events


def test_a_period_of_visits_alone_points_to_them() -> None:
    report = build_report(_halton(), start=date(2025, 4, 1), end=date(2025, 12, 31))

    assert report.milestones == []
    assert [v.visited_on for v in report.monitoring_visits] == [
        date(2025, 4, 29),
        date(2025, 11, 5),
    ]
    assert report.no_milestones == (
        "No milestones were recorded in the period besides the monitoring visits below."
    )


def test_a_period_with_nothing_says_nothing_was_recorded() -> None:
    report = build_report(_halton(), start=date(2024, 9, 1), end=date(2025, 3, 31))

    assert (report.milestones, report.monitoring_visits) == ([], [])
    assert report.no_milestones == "No milestones were recorded in the period."
