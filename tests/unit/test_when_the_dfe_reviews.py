"""When the DfE's reviews are awaited. A review put back to wait for a commissioner's report
waits for the report itself, and a review names the day of the next only where reviews run.

Reading: Nick Whitfield appointed commissioner with the direction of 16 September 2016, his
report due by 16 December; it was published with the DfE's decision of 12 September 2017 (LGC,
September 2017), the council still "under review by a Government appointed Commissioner" in
July 2017 (reading-dossier, 7 July 2017). Here on the worked example's dates: the direction of
20 April 2023, the commissioner appointed on 2 May, her report due on 2 August 2023 and
submitted on Monday 3 June 2024, ten months late.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import InvalidFieldError
from domain.explain import explain
from domain.intervention import apply_all
from domain.state import InterventionState
from domain.values import Inspection
from tests.unit.builders import (
    commissioner_reviewing,
    events_for,
    noon,
    opened,
    record,
    reported,
    run_clock,
    types,
)

LATE_REPORT = date(2024, 6, 3)


def review(state: InterventionState) -> tuple[date, str, tuple[str, ...]]:
    found = next(d for d in state.deadlines if d.milestone == "progress_review")
    return found.due, found.status.value, found.fired


def before_the_report(version: int) -> InterventionState:
    return run_clock(commissioner_reviewing(version), noon(date(2024, 6, 1)))


@pytest.mark.parametrize(
    ("version", "while_awaited"),
    [(11, (date(2024, 2, 2), "missed", ("overdue",))), (12, (date(2024, 2, 2), "pending", ()))],
)
def test_the_review_is_not_called_overdue_while_the_report_is_awaited(
    version: int, while_awaited: tuple[date, str, tuple[str, ...]]
) -> None:
    """Put back to six months after the report's due day, 2 February 2024: version 11 called it
    overdue in March while the commissioner was still reviewing; version 12 waits."""
    assert review(before_the_report(version)) == while_awaited


@pytest.mark.parametrize(("version", "due"), [(11, date(2024, 2, 2)), (12, date(2024, 12, 3))])
def test_a_late_report_has_the_review_count_from_the_day_it_came(version: int, due: date) -> None:
    state = before_the_report(version)
    events = events_for(
        state, "commissioner_report_submitted", LATE_REPORT, recommendation="retain"
    )
    after = apply_all(events, state)

    assert review(after)[0] == due
    if version == 12:
        moved = next(d for d in after.deadlines if d.milestone == "progress_review")
        assert (moved.counted_from, moved.basis) == (LATE_REPORT, "the commissioner's report")


def test_a_report_on_time_leaves_the_review_where_it_was_put_back() -> None:
    """Submitted on its due day, 2 August 2023, the report keeps the review at 2 February 2024."""
    state = commissioner_reviewing(12)
    events = events_for(
        state, "commissioner_report_submitted", date(2023, 8, 2), recommendation="retain"
    )
    assert review(apply_all(events, state)) == (date(2024, 2, 2), "pending", ())


def test_a_review_names_the_next_only_where_the_dfes_reviews_run() -> None:
    """Liverpool: the DfE's "initial six month review" of November 2023, with an adviser and no
    notice on the record (Birkenhead News, "'Green shoots' emerge"). Recorded with no review
    awaited, it cannot set the next: the day would be kept and acted on by nobody, so it is
    refused with the reason, and the review itself is recorded without it."""
    advised = record(
        opened(regime_version=12), "improvement_adviser_appointed", date(2023, 5, 2), name="A"
    )
    with pytest.raises(InvalidFieldError) as refused:
        events_for(advised, "progress_review_completed", date(2023, 11, 2), next_by="2024-05-02")
    assert refused.value.field == "details.next_by"
    assert "no DfE review is awaited after this one" in refused.value.message
    assert types(events_for(advised, "progress_review_completed", date(2023, 11, 2))) == [
        "ProgressReviewCompleted"
    ]


def supervised() -> InterventionState:
    """The worked example's notice, a re-inspection judged requires improvement in a report of
    Fri 14 March 2025, and the notice lifted on Thu 20 March: support reviews due on Sat 20
    September 2025 and Fri 20 March 2026."""
    state = record(opened(regime_version=12), "improvement_notice_issued", date(2023, 4, 20))
    state = reported(
        state, date(2025, 2, 3), date(2025, 3, 14), "requires_improvement", received_on="2025-03-11"
    )
    return record(state, "notice_lifted", date(2025, 3, 20))


def test_a_support_review_may_set_the_day_of_the_last() -> None:
    """Wirral: "15 months' government supervision" after the report of 2019, not twelve
    (birkenhead.news). The first review, on Thu 18 September 2025, sets the last for Fri 19
    June 2026: it is due then, and a review that day meets it on time."""
    state = supervised()
    first = events_for(state, "support_review_completed", date(2025, 9, 18), next_by="2026-06-19")
    state = apply_all(first, state)
    last = next(d for d in state.deadlines if d.milestone == "support_review" and d.number == 2)
    assert (last.due, last.counted_from) == (date(2026, 6, 19), date(2026, 6, 19))

    state = record(state, "support_review_completed", date(2026, 6, 19))
    assert [d.status.value for d in state.deadlines if d.milestone == "support_review"] == [
        "met",
        "met",
    ]


def test_the_last_support_review_sets_no_next() -> None:
    state = record(supervised(), "support_review_completed", date(2025, 9, 18))
    with pytest.raises(InvalidFieldError, match="no DfE review is awaited after this one"):
        events_for(state, "support_review_completed", date(2026, 3, 19), next_by="2026-09-18")


def test_a_commissioner_who_leaves_without_reporting_holds_the_review_no_longer() -> None:
    """Her appointment ended on Fri 1 December 2023 with the report still awaited: the review,
    due on 2 February 2024, is called overdue six weeks on, as any review is."""
    state = record(
        commissioner_reviewing(12),
        "appointment_ended",
        date(2023, 12, 1),
        appointment="commissioner",
    )
    assert review(run_clock(state, noon(date(2024, 6, 1)))) == (
        date(2024, 2, 2),
        "missed",
        ("overdue",),
    )


def test_the_explanation_says_the_review_is_held() -> None:
    state = commissioner_reviewing(12)
    found = next(d for d in state.deadlines if d.milestone == "progress_review")
    [alert] = explain(state, [], found).alerts
    assert alert.what == (
        "overdue alert, held while the commissioner's report is awaited (it counts from a late one)"
    )


@pytest.mark.parametrize("version", [11, 12])
def test_a_notice_after_a_later_report_sets_the_reviews_anew(version: int) -> None:
    """Cumbria: inadequate in a report of 29 May 2012, an improvement notice in August 2012;
    inadequate again after the unannounced inspection of May 2013, a new notice "focused on the
    areas where progress has been inadequate" on Tuesday 7 January 2014 (News and Star; the
    days of 2012 and 2013 illustrative). No DfE review is on the record.

    Version 12: the new notice withdraws the first's review, due Sun 3 February 2013 and
    flagged, and expects its own six months on, Mon 7 July 2014. Version 11 kept the first
    awaited and expected no other."""
    report = Inspection(
        started_on=date(2012, 4, 16), ended_on=date(2012, 4, 27), published_on=date(2012, 5, 29)
    )
    state = record(
        opened(report, regime_version=version), "improvement_notice_issued", date(2012, 8, 3)
    )
    state = reported(state, date(2013, 5, 13), date(2013, 6, 24), "inadequate")
    state = run_clock(state, noon(date(2013, 12, 31)))
    state = record(state, "improvement_notice_issued", date(2014, 1, 7))

    reviews = [
        (d.cycle, d.due, d.status.value)
        for d in state.deadlines
        if d.milestone == "progress_review"
    ]
    if version == 12:
        assert reviews == [(1, date(2013, 2, 3), "withdrawn"), (2, date(2014, 7, 7), "pending")]
    else:
        assert reviews == [(1, date(2013, 2, 3), "missed")]
