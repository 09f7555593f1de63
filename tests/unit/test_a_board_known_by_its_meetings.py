"""A board that meets has been set up: its first meeting on the record meets the board a notice
asks for (`ilacs` version 19, `send` version 6), where a council's papers date its meetings and
not its setting up."""

from __future__ import annotations

from datetime import date

from domain.state import Deadline, InterventionState
from domain.values import Inspection
from tests.unit.builders import noon, opened, record, run_clock

# Coventry: the report of Friday 21 March 2014, judged inadequate, a board "being set up" (BBC
# News, uk-england-coventry-warwickshire-26672646); the notice's day not found (28 March
# illustrative); the Improvement Board's meeting of 25 January 2017, the first in the council's
# committee system (edemocracy.coventry.gov.uk, MId=11073).
COVENTRY_2014 = Inspection(
    started_on=date(2014, 1, 28), ended_on=date(2014, 2, 5), published_on=date(2014, 3, 21)
)

# Devon: Ofsted's and the CQC's revisit of 23 to 25 May 2022, its report received on 7 June
# (devon.gov.uk, the Accelerated Progress Plan; publication 8 July illustrative), the SEND
# improvement notice "in September 2022" (Parliamentary answer 32510; 15 September
# illustrative), the SEND Improvement Board's minutes of 24 May 2023 (devon.gov.uk).
DEVON_2022 = Inspection(
    started_on=date(2022, 5, 23),
    ended_on=date(2022, 5, 25),
    published_on=date(2022, 7, 8),
    received_on=date(2022, 6, 7),
    judgement="area_send",
    priority_actions=["Strategic plans", "Timeliness and quality of EHC plans"],
)


def _board(state: InterventionState) -> Deadline:
    return next(d for d in state.deadlines if d.milestone == "improvement_board")


def _coventry(version: int) -> InterventionState:
    state = opened(COVENTRY_2014, regime_version=version)
    state = record(state, "improvement_notice_issued", date(2014, 3, 28))
    state = run_clock(state, noon(date(2014, 7, 1)))
    return record(state, "board_meeting_held", date(2017, 1, 25))


def test_the_first_meeting_on_the_record_meets_the_board_late() -> None:
    board = _board(_coventry(19))

    assert (board.due, board.status.value, board.met_on) == (
        date(2014, 6, 28),
        "met_late",
        date(2017, 1, 25),
    )


def test_before_version_19_a_board_that_met_was_still_awaited() -> None:
    board = _board(_coventry(18))

    assert (board.status.value, board.met_on) == ("missed", None)


def _devon(version: int) -> InterventionState:
    state = opened(DEVON_2022, regime_version=version, regime="send")
    state = record(state, "improvement_notice_issued", date(2022, 9, 15))
    return record(state, "board_meeting_held", date(2023, 5, 24))


def test_a_send_boards_meeting_meets_it_from_version_6() -> None:
    board = _board(_devon(6))
    assert (board.status.value, board.met_on) == ("met_late", date(2023, 5, 24))
    assert _board(_devon(5)).met_on is None
