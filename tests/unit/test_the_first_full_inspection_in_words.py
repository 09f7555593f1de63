"""Ofsted's first full inspection of a record opened on a focused visit's letter is named an
inspection, as its report is, not a re-inspection: on site, at the fieldwork's end, and with its
report.

Tameside: the focused visit of April 2022, its letter naming "two Areas of Priority Action"
(written answer of 22 November 2023, Andrew Gwynne; fostertalk.org, 240148); the improvement
notice of July 2022 (DfE, via breaking.co.uk); inspected from 4 to 15 December 2023 and judged
inadequate (Children's Services Scrutiny Panel, 12 June 2024, opencouncil.network meeting 149),
the report published in February 2024 (Tameside Correspondent, 13 February 2024). The days of
the focused visit, its letter and the notice are illustrative.
"""

from __future__ import annotations

from datetime import date

from domain.events import Event
from domain.intervention import apply_all, decide_open
from domain.timeline import describe
from domain.values import Inspection
from tests.unit.builders import events_for, noon, open_command

TAMESIDE_2022 = Inspection(
    started_on=date(2022, 4, 5),
    ended_on=date(2022, 4, 6),
    published_on=date(2022, 5, 24),
    judgement="focused_visit",
    priority_actions=[
        "Delay in convening strategy discussions",
        "Leaders' knowledge of services",
    ],
)
ON_SITE = date(2023, 12, 4)


def inspected() -> list[Event]:
    events = list(
        decide_open(open_command(TAMESIDE_2022, regime_version=25), noon(date(2022, 5, 24)))
    )
    events += events_for(apply_all(events), "improvement_notice_issued", date(2022, 7, 20))
    events += events_for(apply_all(events), "reinspection_started", ON_SITE)
    events += events_for(apply_all(events), "reinspection_fieldwork_completed", date(2023, 12, 15))
    return events


def _said(events: list[Event], types: tuple[str, ...]) -> list[str]:
    state = apply_all(events)
    return [describe(e, state) for e in events if e.type in types]


def test_on_site_and_at_the_fieldworks_end_it_is_an_inspection() -> None:
    said = _said(inspected(), ("ReinspectionStarted", "ReinspectionFieldworkCompleted"))

    assert said == ["Inspection started: Ofsted on site", "Inspection fieldwork completed"]


def test_its_report_is_an_inspections() -> None:
    events = inspected()
    events += events_for(
        apply_all(events),
        "reinspection_completed",
        ON_SITE,
        now=noon(date(2024, 2, 13)),
        judgement="inadequate",
        published_on="2024-02-13",
    )

    assert _said(events, ("ReinspectionStarted", "ReinspectionCompleted")) == [
        "Inspection started: Ofsted on site",
        "Inspection on site from this day; its report, published 2024-02-13: inadequate",
    ]
    assert apply_all(events).reports[-1].kind.value == "inspection"
