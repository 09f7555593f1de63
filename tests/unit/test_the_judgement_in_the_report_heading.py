"""The committee report's heading names the judgement the council was under in the period: in a
later cycle, the report that started it, not the first.

Herefordshire: child protection judged inadequate in September 2012, the notice of 2013 lifted;
the inspection of 18 to 29 July 2022 judged inadequate, its report and the direction published on
21 September 2022 (herefordshire.gov.uk, "Children's services improvements"). The days of the
2012 inspection, its report and the lifting are illustrative.
"""

from __future__ import annotations

from datetime import date

from domain.events import Event
from domain.intervention import apply_all, decide_open
from domain.report import build_report
from tests.unit.builders import events_for, noon, open_command
from tests.unit.test_support_ended_by_a_new_intervention import HEREFORDSHIRE_2012, LIFTED

SECOND_REPORT = date(2022, 9, 21)


def _herefordshire() -> list[Event]:
    events = list(
        decide_open(open_command(HEREFORDSHIRE_2012, regime_version=26), noon(date(2012, 10, 26)))
    )
    for milestone, on, details in [
        ("improvement_notice_issued", date(2013, 3, 1), {}),
        ("notice_lifted", LIFTED, {}),
        (
            "reinspection_completed",
            date(2022, 7, 29),
            {"judgement": "inadequate", "published_on": SECOND_REPORT.isoformat()},
        ),
        ("direction_issued", SECOND_REPORT, {}),
    ]:
        now = noon(max(on, SECOND_REPORT) if milestone == "reinspection_completed" else on)
        events += events_for(apply_all(events), milestone, on, now=now, **details)
    return events


def test_a_report_in_the_second_cycle_names_the_judgement_that_started_it() -> None:
    report = build_report(_herefordshire(), start=date(2022, 9, 1), end=date(2022, 12, 31))

    assert (report.opened_on, report.judgement_published_on) == (
        "Judgement published",
        SECOND_REPORT,
    )


def test_a_report_of_the_first_cycle_names_the_first_judgement() -> None:
    report = build_report(_herefordshire(), start=date(2013, 1, 1), end=date(2013, 12, 31))

    assert (report.opened_on, report.judgement_published_on) == (
        "Judgement published",
        HEREFORDSHIRE_2012.published_on,
    )
