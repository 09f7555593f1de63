"""A full inspection after a record opened on a letter is an inspection, not a re-inspection:
nothing before it was inspected in full (version 9).

Halton: a focused visit on 13 and 14 October 2021, its letter published on 17 November 2021
with two areas for priority action (Halton Borough Council newsroom); an improvement notice
published on 13 January 2022 (gov.uk); an ILACS standard inspection "Following their visit on
May 13 and 14" 2024 (the end of fieldwork on 24 May illustrative), every area inadequate,
published on 12 July 2024.
"""

from __future__ import annotations

from datetime import date

from domain.events import ReportReceived
from domain.timeline import describe
from domain.values import Inspection, ReportKind
from tests.unit.builders import events_for, noon, opened, record

HALTON = Inspection(
    judgement="focused_visit",
    started_on=date(2021, 10, 13),
    ended_on=date(2021, 10, 14),
    published_on=date(2021, 11, 17),
    priority_actions=["Unassessed risk and delay", "Management oversight and supervision"],
)


def _report_of_inspection(
    opening: Inspection,
    version: int,
    noticed: date,
    on_site: tuple[date, date],
    judgement: str,
    published: date,
) -> ReportReceived:
    """The report the inspection brings, under a notice, recorded the day it is published."""
    state = record(opened(opening, regime_version=version), "improvement_notice_issued", noticed)
    state = record(state, "reinspection_started", on_site[0])
    state = record(state, "reinspection_fieldwork_completed", on_site[1])
    events = events_for(
        state,
        "reinspection_completed",
        on_site[0],
        now=noon(published),
        judgement=judgement,
        published_on=published.isoformat(),
    )
    [received] = [e for e in events if isinstance(e, ReportReceived)]
    return received


def _halton(version: int) -> ReportReceived:
    on_site = (date(2024, 5, 13), date(2024, 5, 24))
    return _report_of_inspection(
        HALTON, version, date(2022, 1, 13), on_site, "inadequate", date(2024, 7, 12)
    )


def test_the_first_full_inspection_after_a_letter_is_an_inspection() -> None:
    received = _halton(9)

    assert received.kind is ReportKind.INSPECTION
    assert describe(received).startswith(
        "Report 2 received: inspection published 2024-07-12, inadequate"
    )


def test_before_version_9_it_was_called_a_reinspection() -> None:
    assert _halton(8).kind is ReportKind.REINSPECTION


def test_an_inspection_after_a_full_one_is_a_reinspection() -> None:
    """St Helens: inspected in full in 2019 (inadequate, published 4 November 2019), again in
    July 2023 (good, published 4 September 2023; St Helens Council)."""
    st_helens = Inspection(
        started_on=date(2019, 9, 23), ended_on=date(2019, 10, 4), published_on=date(2019, 11, 4)
    )
    on_site = (date(2023, 7, 10), date(2023, 7, 21))

    received = _report_of_inspection(
        st_helens, 9, date(2020, 1, 8), on_site, "good", date(2023, 9, 4)
    )

    assert received.kind is ReportKind.REINSPECTION
