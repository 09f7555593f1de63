"""The board's independent chair appointed is the board set up."""

from __future__ import annotations

from datetime import date

from domain.values import Inspection
from tests.unit.builders import opened, record


def test_the_chair_found_for_the_board_meets_the_board_deadline() -> None:
    """Walsall: inspected over two weeks in June 2012, safeguarding inadequate, published in
    July (Express & Star; 27 July illustrative); "a chair has also been found for a new
    independent board" (Express & Star, 22 August 2012, announced on the 21st); an improvement
    notice after October 2012 (12 November illustrative). The notice asks for a board by Tue 12
    February 2013, three months on; the chair appointed in August, before the notice, meets it
    when it is set, under version 7. Under version 6 only the board's own setting up met it,
    and it was called overdue."""
    states = {}
    for version in (7, 6):
        state = opened(Inspection(published_on=date(2012, 7, 27)), regime_version=version)
        state = record(state, "board_chair_appointed", date(2012, 8, 21), name="Independent chair")
        states[version] = record(state, "improvement_notice_issued", date(2012, 11, 12))

    [board] = [d for d in states[7].deadlines if d.milestone == "improvement_board"]
    assert (board.due, board.status.value, board.met_on) == (
        date(2013, 2, 12),
        "met",
        date(2012, 8, 21),
    )
    [before] = [d for d in states[6].deadlines if d.milestone == "improvement_board"]
    assert before.status.value == "pending"
