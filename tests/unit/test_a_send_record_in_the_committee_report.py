"""A SEND record in the committee report and the timeline: a revisit of the framework before
2023, recorded as a monitoring visit, is named as the revisit it was; and a record with no
notice or direction names the report it follows by the day it was published.

Surrey: the area SEND inspection of 17 to 21 October 2016 (eastsurreygp.org.uk, "send"), its
report in early December 2016 (LGC, "significant concerns over county's special educational
needs services"); the written statement of action submitted on 10 March 2017 (Family Voice
Surrey, 26 April 2017); the revisit of March 2019 finding insufficient progress (CYP Now,
"inspectors call for DfE to step in over SEND failings in Surrey"). Bradford: inspected in
March 2022, its report published the week of 20 June 2022 (Telegraph & Argus, 20224827). The
days of the reports, the revisit and its letter are illustrative.

Thurrock: the area SEND report of Monday 13 May 2019 (Thurrock Independent, "Ofsted report
highlights significant concerns"); the written statement of action agreed by Ofsted in October
2019 (Thurrock Nub News, 24 November 2020); the revisit of 13 to 15 December 2021, its letter
announced on Thursday 10 February 2022, sufficient progress in every area (Thurrock Nub News,
"watchdogs loosen teeth"; Thurrock Gazette, 19937557). The inspection's days in March 2019 and
the day the statement was submitted are illustrative.
"""

from __future__ import annotations

from datetime import date

from domain.events import Event, MonitoringLetterPublished, MonitoringVisitCompleted
from domain.intervention import apply_all, decide_open
from domain.report import build_report
from domain.timeline import describe
from domain.values import Inspection
from tests.unit.builders import events_for, noon, open_command

SURREY_2016 = Inspection(
    started_on=date(2016, 10, 17),
    ended_on=date(2016, 10, 21),
    published_on=date(2016, 12, 6),
    judgement="area_send",
    priority_actions=["Timeliness and quality of statutory assessments and plans"],
)
REVISITED = date(2019, 3, 11)


def _opened(inspection: Inspection) -> list[Event]:
    command = open_command(inspection, regime="send", regime_version=11)
    return list(decide_open(command, noon(inspection.published_on)))


def _surrey() -> list[Event]:
    events = _opened(SURREY_2016)
    events += events_for(apply_all(events), "statement_of_action_submitted", date(2017, 3, 10))
    return events + events_for(
        apply_all(events),
        "monitoring_visit_completed",
        REVISITED,
        now=noon(date(2019, 5, 8)),
        ended_on="2019-03-13",
        letter_on="2019-05-08",
    )


def test_a_revisit_recorded_as_a_monitoring_visit_is_named_as_the_revisit() -> None:
    events = _surrey()
    state = apply_all(events)

    [revisit] = [e for e in events if isinstance(e, MonitoringVisitCompleted)]
    assert describe(revisit, state) == "Ofsted and CQC revisit completed"
    report = build_report(events, start=date(2019, 1, 1), end=date(2019, 12, 31))
    assert [(v.title, v.visited_on) for v in report.monitoring_visits] == [
        ("Ofsted and CQC revisit", REVISITED)
    ]


def test_the_revisits_letter_is_named_as_the_revisits() -> None:
    thurrock = Inspection(
        started_on=date(2019, 3, 11),
        ended_on=date(2019, 3, 15),
        published_on=date(2019, 5, 13),
        judgement="area_send",
        priority_actions=["Leadership and governance"],
    )
    events = _opened(thurrock)
    events += events_for(apply_all(events), "statement_of_action_submitted", date(2019, 8, 12))
    events += events_for(
        apply_all(events),
        "monitoring_visit_completed",
        date(2021, 12, 13),
        now=noon(date(2021, 12, 15)),
        ended_on="2021-12-15",
    )
    events += events_for(
        apply_all(events),
        "monitoring_letter_published",
        date(2022, 2, 10),
        key_findings="Sufficient progress in addressing every area of significant weakness",
    )

    [letter] = [e for e in events if isinstance(e, MonitoringLetterPublished)]
    assert describe(letter, apply_all(events)) == "Letter on the Ofsted and CQC revisit"


def test_with_no_notice_the_purpose_names_the_report_by_its_day() -> None:
    bradford = Inspection(
        started_on=date(2022, 3, 21),
        ended_on=date(2022, 3, 25),
        published_on=date(2022, 6, 21),
        judgement="area_send",
        priority_actions=["Strategic leadership of SEND"],
    )
    report = build_report(_opened(bradford), end=date(2022, 9, 30))

    assert (
        "progress after the area SEND inspection report published on 21 June 2022, with no "
        "notice or direction:"
    ) in report.purpose
