"""A report judged inadequate years after the notice was lifted starts an intervention with no
notice or direction until the DfE decides: the record's track is none, and the committee report
says the council's progress is after that report, not since the old notice's lifting.

Knowsley: judged inadequate in the report of June 2014 (CYP Now, 1 July 2014), the improvement
notice of 2014 "formally removed" in July 2017 (the minister's letter, cllrmoorheadblog.co.uk,
July 2017) after the re-inspection of March 2017 judged requires improvement, its report
published on 13 June 2017 (knowsleynews.co.uk, "Significant improvements in children's
services"); inspected in November 2024 and judged inadequate in January 2025, Anthony Douglas
appointed by the DfE as adviser and chair of its improvement board, no notice found. The days of
the 2014 inspection and notice, the lifting, the 2024 inspection and the 2025 report are
illustrative.
"""

from __future__ import annotations

from datetime import date

from domain.events import Event
from domain.intervention import apply_all, decide_open
from domain.report import build_report
from domain.timeline import describe
from domain.values import Inspection
from domain.views import status_view
from tests.unit.builders import events_for, noon, open_command

KNOWSLEY_2014 = Inspection(
    started_on=date(2014, 5, 6), ended_on=date(2014, 5, 29), published_on=date(2014, 6, 30)
)
LIFTED = date(2017, 7, 20)
REPORT_2025 = date(2025, 1, 17)


def _knowsley(version: int) -> list[Event]:
    events = list(
        decide_open(open_command(KNOWSLEY_2014, regime_version=version), noon(date(2014, 6, 30)))
    )
    for milestone, on, now, details in [
        ("improvement_notice_issued", date(2014, 9, 15), None, {}),
        (
            "reinspection_completed",
            date(2017, 3, 6),
            date(2017, 6, 13),
            {"judgement": "requires_improvement", "published_on": "2017-06-13"},
        ),
        ("notice_lifted", LIFTED, None, {}),
        (
            "reinspection_completed",
            date(2024, 11, 11),
            REPORT_2025,
            {"judgement": "inadequate", "published_on": REPORT_2025.isoformat()},
        ),
        ("improvement_adviser_appointed", date(2025, 3, 3), None, {"name": "Anthony Douglas"}),
    ]:
        events += events_for(apply_all(events), milestone, on, now=noon(now or on), **details)
    return events


def test_the_record_has_no_track_once_the_new_report_awaits_the_dfe() -> None:
    events = _knowsley(26)
    state = apply_all(events)

    assert (state.cycle, state.stage.value) == (2, "awaiting_decision")
    assert status_view(state).track is None
    # Through the support and supervision after the lifting, the notice's track stood.
    lifted = apply_all(
        events[: next(i for i, e in enumerate(events) if e.type == "NoticeLifted") + 1]
    )
    assert status_view(lifted).track == "notice"


def test_the_committee_report_speaks_of_the_new_report_not_the_old_notice() -> None:
    report = build_report(_knowsley(26), start=date(2025, 1, 1), end=date(2025, 3, 31))

    assert report.track is None
    assert report.standing == (
        "no notice or direction, supported by Anthony Douglas (improvement adviser, from 3 "
        "March 2025)"
    )
    assert (
        "after the inspection report published on 17 January 2025, with no notice or direction"
        in report.purpose
    )
    assert (report.opened_on, report.judgement_published_on) == ("Judgement published", REPORT_2025)


def test_the_quarter_the_report_came_out_in_lists_it_on_its_day() -> None:
    """Ofsted on site from November 2024, the judgement published on 17 January 2025: the
    report for the quarter to March lists the report on its day, the visit staying in the
    quarter before."""
    events = _knowsley(26)
    quarter = build_report(events, start=date(2025, 1, 1), end=date(2025, 3, 31))
    before = build_report(events, start=date(2024, 10, 1), end=date(2024, 12, 31))

    assert [m.on for m in quarter.milestones] == [REPORT_2025, date(2025, 3, 3)]
    assert quarter.milestones[0].what == "Inspection report published: inadequate"
    assert [m.on for m in before.milestones] == [date(2024, 11, 11)]


def test_ofsted_after_the_support_ended_inspects_it_does_not_reinspect() -> None:
    """On site in November 2024, more than a year after the notice was lifted in July 2017:
    an inspection; on site in March 2017, under the notice, a re-inspection."""
    events = _knowsley(26)
    state = apply_all(events)
    reports = [e for e in events if e.type == "ReinspectionCompleted"]

    received = [describe(e, state) for e in events if e.type == "ReportReceived"]
    assert [words.split(" published")[0] for words in received] == [
        "Report 1 received: inspection",
        "Report 2 received: reinspection",
        "Report 3 received: inspection",
    ]
    assert [describe(e, state) for e in reports] == [
        "Re-inspection on site from this day; its report, published 2017-06-13: requires "
        "improvement",
        "Inspection on site from this day; its report, published 2025-01-17: inadequate",
    ]


def test_a_letter_after_the_report_is_named_beside_it_once_it_came_out() -> None:
    """Supposed, for the rule (no such letter found): a focused visit to Knowsley on 8 and 9
    April 2025 whose letter, naming an area for priority action, came out on 20 May. The
    committee report for the quarter to June names the inadequate report that started the
    intervention and the letter after it; the quarter to March, before the letter, only the
    report."""
    events = _knowsley(26)
    events += events_for(
        apply_all(events),
        "focused_visit_completed",
        date(2025, 4, 8),
        now=noon(date(2025, 5, 20)),
        ended_on="2025-04-09",
        published_on="2025-05-20",
        priority_actions="Children in need of help and protection",
    )
    after = build_report(events, start=date(2025, 4, 1), end=date(2025, 6, 30))
    before = build_report(events, start=date(2025, 1, 1), end=date(2025, 3, 31))

    assert (
        "after the inspection report published on 17 January 2025 and the focused visit letter "
        "published on 20 May 2025, with no notice or direction"
    ) in after.purpose
    assert (
        "after the inspection report published on 17 January 2025, with no notice or direction"
        in before.purpose
    )
