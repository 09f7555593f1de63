"""A new intervention ends support and supervision: a notice or direction issued with none in
force, or a report judged inadequate, withdraws the support reviews still open, whoever failed
to record them (`ilacs` version 26, `send` version 13).

Herefordshire: child protection judged inadequate by Ofsted in September 2012 ("Children's
services - on the road to recovery", Herefordshire Council newsroom, March 2013); the
improvement notice of March 2013, its six-month review in the summer (Cabinet, 19 September
2013, "Six Month Review Report for the Department for Education"); requires improvement after
the inspection of April 2014, and a DfE review on 15 and 16 December 2014 (Cabinet decision
2908, 26 February 2015); the non-statutory improvement notice of 18 May 2021 after the High
Court's judgment of 26 March 2021; inadequate after the inspection of 18 to 29 July 2022, the
report and the direction on 21 September 2022 (herefordshire.gov.uk, "Children's services
improvements"). The days of the 2012 and 2014 inspections and reports and of the lifting of
the first notice, in 2015, are illustrative.
"""

from __future__ import annotations

from datetime import date

from domain.events import DeadlineWithdrawn
from domain.intervention import apply_all
from domain.state import InterventionState
from domain.values import Inspection
from tests.unit.builders import events_for, noon, opened, record
from tests.unit.test_send_interventions import KENT, KENT_LIFTED, KENT_NOTICE
from tests.unit.test_send_interventions import _opened as opened_send

HEREFORDSHIRE_2012 = Inspection(
    started_on=date(2012, 9, 10),
    ended_on=date(2012, 9, 21),
    published_on=date(2012, 10, 26),
)
LIFTED = date(2015, 6, 1)
SECOND_NOTICE = date(2021, 5, 18)


def _in_support(version: int) -> InterventionState:
    """The first notice lifted, the DfE's support reviews of 1 December 2015 and 1 June 2016
    never recorded."""
    state = record(
        opened(HEREFORDSHIRE_2012, regime_version=version),
        "improvement_notice_issued",
        date(2013, 3, 1),
    )
    state = record(
        state,
        "reinspection_completed",
        date(2014, 4, 11),
        now=noon(date(2014, 5, 30)),
        judgement="requires_improvement",
        published_on="2014-05-30",
    )
    return record(state, "notice_lifted", LIFTED)


def _support_reviews(state: InterventionState) -> list[tuple[int | None, date, str]]:
    return [
        (d.number, d.due, d.status.value)
        for d in state.deadlines
        if d.milestone == "support_review"
    ]


def test_a_notice_issued_after_support_withdraws_the_reviews_nobody_recorded() -> None:
    lifted = _in_support(26)
    assert _support_reviews(lifted) == [
        (1, date(2015, 12, 1), "pending"),
        (2, date(2016, 6, 1), "pending"),
    ]

    events = events_for(
        lifted, "improvement_notice_issued", SECOND_NOTICE, now=noon(date(2021, 6, 1))
    )
    noticed = apply_all(events, lifted)

    assert _support_reviews(noticed) == [
        (1, date(2015, 12, 1), "withdrawn"),
        (2, date(2016, 6, 1), "withdrawn"),
    ]
    assert {
        (e.number, e.reason, e.effective_on)
        for e in events
        if isinstance(e, DeadlineWithdrawn) and e.milestone == "support_review"
    } == {
        (1, "support and supervision ended by the notice of 2021-05-18", SECOND_NOTICE),
        (2, "support and supervision ended by the notice of 2021-05-18", SECOND_NOTICE),
    }
    # The notice's own board and reviews are expected as before.
    assert {d.milestone for d in noticed.open_deadlines} >= {"improvement_board", "progress_review"}


def test_version_25_kept_the_reviews_overdue_under_the_new_notice() -> None:
    noticed = record(_in_support(25), "improvement_notice_issued", SECOND_NOTICE)
    assert [status for _, _, status in _support_reviews(noticed)] == ["pending", "pending"]


def test_a_report_judged_inadequate_after_support_withdraws_them_too() -> None:
    reinspected = record(
        _in_support(26),
        "reinspection_completed",
        date(2022, 7, 29),
        now=noon(date(2022, 9, 21)),
        judgement="inadequate",
        published_on="2022-09-21",
    )
    assert [status for _, _, status in _support_reviews(reinspected)] == ["withdrawn", "withdrawn"]
    assert reinspected.cycle == 2


def test_a_send_notice_after_support_withdraws_the_reviews_of_the_last_one() -> None:
    """Kent's area SEND notice, lifted on 6 August 2024 with six-monthly reviews for a year; the
    new notice of 2 June 2026 is illustrative."""
    lifted = record(
        record(opened_send(KENT, "send", 13), "improvement_notice_issued", KENT_NOTICE),
        "notice_lifted",
        KENT_LIFTED,
    )
    noticed = record(lifted, "improvement_notice_issued", date(2026, 6, 2))
    assert [status for _, _, status in _support_reviews(noticed)] == ["withdrawn", "withdrawn"]


def _boards(version: int) -> list[tuple[int | None, date, str]]:
    state = record(_in_support(version), "improvement_notice_issued", SECOND_NOTICE)
    state = record(state, "improvement_board_established", date(2021, 6, 8))
    return [
        (d.number, d.due, d.status.value)
        for d in state.deadlines
        if d.milestone == "improvement_board"
    ]


def test_the_board_the_second_notice_asks_for_is_the_second() -> None:
    """The board of the notice of 2013, withdrawn unrecorded when it was lifted, and the board
    the notice of 18 May 2021 set up "from the beginning of June 2021" (Hereford Voice, 18 May
    2021; its first meeting on 8 June is illustrative)."""
    assert _boards(26) == [
        (None, date(2013, 6, 1), "withdrawn"),
        (2, date(2021, 8, 18), "met"),
    ]
    assert [number for number, _, _ in _boards(25)] == [None, 1]
