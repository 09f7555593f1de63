"""A commissioner appointed for a further period, her report still awaited, reports once, for
the period now set: the report awaited is withdrawn as replaced (version 20).

Reading: the report of 5 August 2016, judged inadequate (Reading Borough Council; Willis
Palmer, "DfE announces commissioner for Reading"); the direction of 16 September 2016 with Nick
Whitfield as commissioner, to report "by 16 December" (gov.uk, "Direction issued to Reading
Borough Council"; Community Care, 19 September 2016); his review extended "until April 2017"
(Reading Green Party, 21 February 2017: the extension's own day not found, 21 February
illustrative, 30 April for "April"); his report published with the DfE's decision of 12
September 2017 (Community Care, 13 September 2017). The inspection's days are illustrative.
"""

from __future__ import annotations

from datetime import date

from domain.state import InterventionState
from domain.values import Inspection
from tests.unit.builders import noon, opened, record, run_clock

READING_2016 = Inspection(
    started_on=date(2016, 5, 9), ended_on=date(2016, 6, 2), published_on=date(2016, 8, 5)
)


def _extended(version: int) -> InterventionState:
    state = opened(READING_2016, regime_version=version)
    state = record(state, "direction_issued", date(2016, 9, 16))
    state = record(
        state,
        "commissioner_appointed",
        date(2016, 9, 16),
        name="Nick Whitfield",
        report_by="2016-12-16",
    )
    state = record(
        state,
        "commissioner_appointed",
        date(2017, 2, 21),
        name="Nick Whitfield",
        report_by="2017-04-30",
    )
    state = run_clock(state, noon(date(2017, 6, 1)))
    return record(
        state,
        "commissioner_report_submitted",
        date(2017, 9, 12),
        recommendation="alternative_delivery",
    )


def _reports(state: InterventionState) -> list[tuple[date, str, date | None]]:
    return [
        (d.due, d.status.value, d.met_on)
        for d in state.deadlines
        if d.milestone == "commissioner_report"
    ]


def test_the_extension_replaces_the_report_awaited_and_the_report_meets_the_extension() -> None:
    assert _reports(_extended(20)) == [
        (date(2016, 12, 16), "withdrawn", None),
        (date(2017, 4, 30), "met_late", date(2017, 9, 12)),
    ]


def test_before_version_20_the_first_report_stayed_awaited_and_flagged() -> None:
    reports = _reports(_extended(19))
    assert reports[0] == (date(2016, 12, 16), "missed", None)
    assert reports[1][0] == date(2017, 4, 30)
