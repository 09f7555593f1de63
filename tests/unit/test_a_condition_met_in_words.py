"""An instrument keeps its conditions while it is in force: one asked once and met says when it
was met, and a board meeting whose minutes list nobody is not said to have had nobody there.

Herefordshire: the report of the inspection of 18 to 29 July 2022, judged inadequate, published
on 21 September 2022, when a direction was issued and Eleanor Brazil appointed commissioner
(herefordshire.gov.uk, "Children's services improvements"), her verdict due "by 12 December"
(Community Care, 10 October 2022) and "finally published at lunchtime on Wednesday March 1"
2023 (Hereford Times 23355324); the Improvement Board of 22 November 2023 was presented with a
progress report, no attendance given (herefordshire.gov.uk, as above). The board in place
since June 2021 is recorded on the day of the direction, the day the record can take it.
"""

from __future__ import annotations

from datetime import date

from rich.console import Console

from activities.reports import ReportFormat, render
from cli.render import summary_panel
from domain.events import Event
from domain.intervention import apply_all, decide_open
from domain.report import build_report
from domain.values import Inspection
from domain.views import status_view
from tests.unit.builders import events_for, noon, open_command

HEREFORDSHIRE_2022 = Inspection(
    started_on=date(2022, 7, 18),
    ended_on=date(2022, 7, 29),
    published_on=date(2022, 9, 21),
    received_on=date(2022, 9, 12),
)
VERDICT = {
    "name": "commissioner_report",
    "title": "Commissioner's report to the Secretary of State",
    "due": "2022-12-12",
}


def _herefordshire() -> list[Event]:
    events = list(decide_open(open_command(HEREFORDSHIRE_2022), noon(date(2022, 9, 21))))
    for milestone, on, details in (
        ("direction_issued", date(2022, 9, 21), {"conditions": [VERDICT]}),
        ("commissioner_appointed", date(2022, 9, 21), {"name": "Eleanor Brazil"}),
        ("improvement_board_established", date(2022, 9, 21), {}),
        ("commissioner_report_submitted", date(2023, 3, 1), {"recommendation": "retain"}),
        ("services_retained", date(2023, 3, 1), {}),
        ("board_meeting_held", date(2023, 11, 22), {}),
    ):
        events += events_for(apply_all(events), milestone, on, **details)
    return events


def test_a_condition_met_says_when_wherever_the_instrument_is_shown() -> None:
    events = _herefordshire()
    met = "Commissioner's report to the Secretary of State, due 12 December 2022, met 1 March 2023"

    report = build_report(events, end=date(2023, 12, 31))
    assert report.oversight.conditions == [met]
    console = Console(record=True, width=300)
    console.print(summary_panel(status_view(apply_all(events))))
    assert f"conditions: {met}" in console.export_text()


def test_a_board_meeting_with_no_attendance_recorded_gives_no_count() -> None:
    report = build_report(_herefordshire(), end=date(2023, 12, 31))

    assert [(b.on, b.attendance) for b in report.board_meetings] == [(date(2023, 11, 22), None)]
    markdown = render(report, ReportFormat.md)
    assert "- 22 November 2023\n" in markdown
    assert "attending" not in markdown
