"""The committee report shows a deadline that was past due and unmet when it stopped being
asked for, with why, and dates a re-inspection by its visit with its report's day beside it.

Coventry: the report of Friday 21 March 2014, judged inadequate (Community Care, 21 March
2014); the improvement notice "next week" (BBC News, uk-england-coventry-warwickshire-26672646;
28 March illustrative); no DfE review under the notice found in the public record; the
re-inspection of 6 to 30 March 2017, judged requires improvement, published on 13 June 2017,
and the council "removed ... from intervention on the 13 June 2017"
(edemocracy.coventry.gov.uk, mgAi.aspx?ID=22699).
"""

from __future__ import annotations

from datetime import date

from activities.reports import ReportFormat, render
from domain.clock import tick
from domain.events import Event
from domain.intervention import apply_all, decide_open
from domain.report import build_report
from domain.values import Inspection
from tests.unit.builders import events_for, noon, open_command

COVENTRY_2014 = Inspection(
    started_on=date(2014, 1, 28), ended_on=date(2014, 2, 5), published_on=date(2014, 3, 21)
)
PUBLISHED_2017 = date(2017, 6, 13)


def _coventry(on_site_recorded: bool = False) -> list[Event]:
    """Its record to the notice lifted; the re-inspection's days on site recorded as they came
    when `on_site_recorded`."""
    events = list(
        decide_open(open_command(COVENTRY_2014, regime_version=19), noon(date(2014, 3, 21)))
    )

    def add(new: list[Event]) -> None:
        events.extend(new)

    add(events_for(apply_all(events), "improvement_notice_issued", date(2014, 3, 28)))
    add(tick(apply_all(events), noon(date(2014, 12, 1))))
    if on_site_recorded:
        add(events_for(apply_all(events), "reinspection_started", date(2017, 3, 6)))
        add(events_for(apply_all(events), "reinspection_fieldwork_completed", date(2017, 3, 30)))
    add(
        events_for(
            apply_all(events),
            "reinspection_completed",
            date(2017, 3, 6),
            now=noon(PUBLISHED_2017),
            judgement="requires_improvement",
            published_on=PUBLISHED_2017.isoformat(),
        )
    )
    add(events_for(apply_all(events), "notice_lifted", PUBLISHED_2017))
    return events


def test_the_review_flagged_in_2014_is_shown_withdrawn_when_the_notice_is_lifted() -> None:
    report = build_report(_coventry(), start=date(2014, 3, 21), end=date(2017, 6, 30))

    review = [
        (d.due, d.outcome, d.on) for d in report.deadlines if d.deadline == "DfE progress review 1"
    ]
    assert review == [
        (date(2014, 9, 28), "overdue", date(2014, 12, 1)),
        (date(2014, 9, 28), "withdrawn (notice lifted)", PUBLISHED_2017),
    ]
    # The printed report marks each outcome, the withdrawn one plainly, with its reason.
    printed = render(report, ReportFormat.html)
    assert '<td class="overdue">overdue</td>' in printed
    assert '<td class="withdrawn">withdrawn (notice lifted)</td>' in printed


def test_the_reinspection_is_dated_by_its_visit_with_its_reports_day() -> None:
    report = build_report(_coventry(), start=date(2017, 1, 1), end=date(2017, 6, 30))

    assert [(m.on, m.what) for m in report.milestones if m.what.startswith("Re-inspection")] == [
        (
            date(2017, 3, 6),
            "Re-inspection on site from this day; its report, published 2017-06-13: "
            "requires improvement",
        )
    ]


def test_the_days_on_site_read_in_order_the_judgement_the_reports() -> None:
    """Listed by their days, the judgement before the fieldwork's end: the words give it to the
    report, not to the day Ofsted came."""
    report = build_report(_coventry(True), start=date(2017, 1, 1), end=date(2017, 6, 30))

    assert [(m.on, m.what) for m in report.milestones if "e-inspection" in m.what] == [
        (date(2017, 3, 6), "Re-inspection started: Ofsted on site"),
        (
            date(2017, 3, 6),
            "Re-inspection on site from this day; its report, published 2017-06-13: "
            "requires improvement",
        ),
        (date(2017, 3, 30), "Re-inspection fieldwork completed"),
    ]


def test_next_steps_say_what_is_expected_and_what_is_overdue() -> None:
    events = list(
        decide_open(open_command(COVENTRY_2014, regime_version=19), noon(date(2014, 3, 21)))
    )
    events += events_for(apply_all(events), "improvement_notice_issued", date(2014, 3, 28))
    events += tick(apply_all(events), noon(date(2014, 7, 2)))
    report = build_report(events, start=date(2014, 3, 21), end=date(2014, 7, 2))

    assert report.next_steps[:3] == [
        # The council's own duty past its day is overdue; what Ofsted and the DfE are
        # expected to do is expected, within the time allowed until it is flagged.
        "Report published by the council: overdue since 1 May 2014",
        "Improvement Board established: expected by 28 June 2014, not on the record",
        "Statement of Action: overdue since 30 June 2014",
    ]
    later = build_report(events, start=date(2014, 3, 21), end=date(2014, 10, 15))
    assert (
        "DfE progress review 1: expected by 28 September 2014, still within the time allowed"
        in (later.next_steps)
    )


def test_the_year_of_support_after_the_lifting_is_said_with_its_end_and_what_closes_it() -> None:
    during = build_report(_coventry(), start=date(2017, 1, 1), end=date(2017, 6, 30))
    after = build_report(_coventry(), start=date(2018, 1, 1), end=date(2019, 1, 31))

    closing = "the intervention ends on the day the DfE's letter says so"
    assert during.oversight.support == f"until 13 June 2018; {closing}"
    # Past its end the stage still reads support and supervision: the report says why.
    assert (after.stage, after.oversight.support) == (
        "support_and_supervision",
        f"ran to 13 June 2018; {closing}",
    )


def test_a_period_after_the_lifting_is_reported_as_since_it_not_under_the_notice() -> None:
    before = build_report(_coventry(), start=date(2016, 4, 1), end=date(2016, 12, 31))
    during = build_report(_coventry(), start=date(2017, 1, 1), end=date(2017, 6, 30))
    after = build_report(_coventry(), start=date(2017, 7, 1), end=date(2018, 3, 31))

    assert "Example Borough Council's progress under its notice:" in before.purpose
    assert "progress under its notice, lifted on 13 June 2017:" in during.purpose
    assert "progress since its notice was lifted on 13 June 2017:" in after.purpose
