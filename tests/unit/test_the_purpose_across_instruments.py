"""The committee report's purpose names what the council's progress was under in the period:
each notice or direction in force in it, in turn, and the end of the last when it came in the
period.

Hull: inspected from 14 to 25 January 2019 and judged inadequate in a report of May 2019 (BBC
News, uk-england-humber-51400155); an improvement notice that May with Paul Moffat as adviser
(parallelparliament.co.uk, question 21917); a direction of 16 March 2020 with him as
commissioner, revoked and replaced by a notice on 5 August 2022 (Community Care, 5 August
2022); re-inspected from 14 to 25 November 2022 and judged requires improvement, published in
January 2023 (CYP Now); the notice lifted, the council's news of 28 September 2023
(news.hull.gov.uk). The days of the report, the notice and the report of 2023 are illustrative.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.events import Event
from domain.intervention import apply_all, decide_open
from domain.report import build_report
from domain.values import Inspection
from tests.unit.builders import events_for, noon, open_command

HULL_2019 = Inspection(
    started_on=date(2019, 1, 14), ended_on=date(2019, 1, 25), published_on=date(2019, 5, 17)
)


def _hull() -> list[Event]:
    events = list(decide_open(open_command(HULL_2019, regime_version=25), noon(date(2019, 5, 17))))
    for milestone, on, details in (
        ("improvement_notice_issued", date(2019, 5, 31), {}),
        ("notice_escalated_to_direction", date(2020, 3, 16), {}),
        ("direction_stepped_down", date(2022, 8, 5), {}),
        (
            "reinspection_completed",
            date(2022, 11, 14),
            {"judgement": "requires_improvement", "published_on": "2023-01-13"},
        ),
        ("notice_lifted", date(2023, 9, 28), {}),
    ):
        now = noon(date(2023, 1, 13)) if milestone == "reinspection_completed" else noon(on)
        events += events_for(apply_all(events), milestone, on, now=now, **details)
    return events


@pytest.mark.parametrize(
    ("start", "end", "under"),
    [
        (
            date(2019, 5, 17),
            date(2020, 3, 31),
            "under its notice and, from 16 March 2020, its direction",
        ),
        (date(2020, 4, 1), date(2021, 3, 31), "under its direction"),
        (
            date(2022, 4, 1),
            date(2023, 3, 31),
            "under its direction and, from 5 August 2022, its notice",
        ),
        (date(2023, 4, 1), date(2024, 3, 31), "under its notice, lifted on 28 September 2023"),
        (date(2024, 4, 1), date(2025, 3, 31), "since its notice was lifted on 28 September 2023"),
    ],
)
def test_each_years_report_names_what_the_year_was_under(
    start: date, end: date, under: str
) -> None:
    report = build_report(_hull(), start=start, end=end)

    assert f"Example Borough Council's progress {under}:" in report.purpose
