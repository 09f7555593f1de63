"""A focused visit that met a monitoring visit is listed among the monitoring visits of the
committee report, under that visit's number, so that the numbers read on without a gap.

Middlesbrough: the report of January 2020 (BBC News 51227134; 23 January illustrative); the
direction of February 2020 (Middlesbrough's scrutiny papers of 2021; 3 February illustrative);
Ofsted's focused visit of 26 and 27 May 2021, its letter of 15 July 2021 (Middlesbrough
Council's committee papers, mgAi.aspx?ID=4105); the monitoring visit of 14 and 15 December
2021, its letter of 31 January 2022 (the Executive's papers of March 2022).
"""

from __future__ import annotations

from datetime import date

from domain.events import Event
from domain.intervention import apply_all, decide_open
from domain.report import build_report
from domain.values import Inspection
from tests.unit.builders import events_for, noon, open_command

MIDDLESBROUGH_2020 = Inspection(
    started_on=date(2019, 11, 18), ended_on=date(2019, 12, 6), published_on=date(2020, 1, 23)
)


def _middlesbrough() -> list[Event]:
    events = list(
        decide_open(open_command(MIDDLESBROUGH_2020, regime_version=24), noon(date(2020, 1, 23)))
    )
    for milestone, on, now, details in (
        ("direction_issued", date(2020, 2, 3), None, {}),
        (
            "focused_visit_completed",
            date(2021, 5, 26),
            noon(date(2021, 7, 15)),
            {"ended_on": "2021-05-27", "published_on": "2021-07-15", "theme": "Care leavers"},
        ),
        (
            "monitoring_visit_completed",
            date(2021, 12, 14),
            noon(date(2022, 1, 31)),
            {"ended_on": "2021-12-15", "letter_on": "2022-01-31"},
        ),
    ):
        events += events_for(apply_all(events), milestone, on, now=now, **details)
    return events


def test_the_focused_visit_that_met_the_first_monitoring_visit_is_listed_as_it() -> None:
    report = build_report(_middlesbrough(), start=date(2020, 1, 23), end=date(2022, 2, 28))

    assert [(v.number, v.title, v.visited_on, v.letter_on) for v in report.monitoring_visits] == [
        (
            1,
            "Focused visit, in place of monitoring visit 1",
            date(2021, 5, 26),
            date(2021, 7, 15),
        ),
        (2, "Monitoring visit 2", date(2021, 12, 14), date(2022, 1, 31)),
    ]
    assert report.monitoring_visits[0].areas_reviewed == ["Care leavers"]
