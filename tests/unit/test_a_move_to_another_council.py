"""A move of the services to another council, directed after a commissioner's review, is the
DfE's decision: its next review counts from it, as from a transfer (version 19).

Torbay: inspected 12 October to 5 November 2015, judged inadequate (CYP Now), the report
published on 5 January 2016 ("Direction issued to Torbay Council", gov.uk); the direction and
John Coughlan sent in as commissioner "this week" (Community Care, 13 May 2016; 10 May
illustrative); his report recommending Plymouth City Council, written in April 2017 (28 April
illustrative); the direction of October 2017 ordering Torbay to let Plymouth take charge (CYP
Now; 24 October illustrative); the arrangement with Plymouth from 1 April 2018 (Torbay
Council news release 7775), its end announced on 8 November 2019, the services back with
Torbay (BBC News 61495431); re-inspected from 21 March 2022 and judged good, the report
published in May 2022 (18 May illustrative), the direction revoked on 26 May 2022 (Torbay
Council news releases 8672 and 8686).
"""

from __future__ import annotations

from datetime import date

from domain.state import Deadline, InterventionState
from domain.values import Inspection
from tests.unit.builders import noon, opened, record, run_clock

TORBAY_2016 = Inspection(
    started_on=date(2015, 10, 12), ended_on=date(2015, 11, 5), published_on=date(2016, 1, 5)
)
MOVED = date(2017, 10, 24)


def _moved(version: int) -> InterventionState:
    state = opened(TORBAY_2016, regime_version=version)
    state = record(state, "direction_issued", date(2016, 5, 10))
    state = record(state, "commissioner_appointed", date(2016, 5, 10), name="John Coughlan")
    state = record(
        state,
        "commissioner_report_submitted",
        date(2017, 4, 28),
        recommendation="alternative_delivery",
    )
    state = record(state, "direction_issued", MOVED)
    state = record(state, "alternative_delivery_directed", MOVED, model="other")
    return run_clock(state, noon(date(2018, 1, 31)))


def _open_review(state: InterventionState) -> Deadline:
    return next(d for d in state.open_deadlines if d.milestone == "progress_review")


def test_the_next_review_counts_from_the_move_directed() -> None:
    review = _open_review(_moved(19))

    assert (review.due, review.status.value, review.fired) == (date(2018, 4, 24), "pending", ())


def test_before_version_19_the_review_awaited_before_was_flagged() -> None:
    review = _open_review(_moved(18))

    assert (review.due, review.status.value) == (date(2017, 10, 28), "missed")


def _after_plymouth(*, retained: bool) -> InterventionState:
    state = record(_moved(23), "partner_appointed", date(2018, 4, 1), partner="Plymouth")
    if retained:
        state = record(state, "services_retained", date(2019, 11, 8))
    state = record(state, "appointment_ended", date(2019, 11, 8), appointment="partner")
    state = record(state, "reinspection_started", date(2022, 3, 21))
    return record(
        state,
        "reinspection_completed",
        date(2022, 3, 21),
        now=noon(date(2022, 5, 18)),
        judgement="good",
        published_on="2022-05-18",
    )


def test_services_run_by_the_council_again_end_the_move_and_a_good_report_awaits_revocation() -> (
    None
):
    state = _after_plymouth(retained=True)

    assert state.services_move is None
    assert [d.milestone for d in state.open_deadlines if d.milestone == "revocation"] == [
        "revocation"
    ]


def test_the_partners_end_alone_leaves_the_move_and_the_direction_kept_on_purpose() -> None:
    state = _after_plymouth(retained=False)

    assert state.services_move is not None
    assert [d for d in state.open_deadlines if d.milestone == "revocation"] == []
