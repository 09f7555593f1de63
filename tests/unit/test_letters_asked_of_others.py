"""What a notice asks again and again of someone other than the council waits for a record when
one is not recorded, as Ofsted's visits and the DfE's reviews do (version 18).

St Helens: inspected 23 September to 4 October 2019, judged inadequate, the report published 4
November 2019 (St Helens Star and Community Care, November 2019); an improvement notice of
January 2020 with Linda Clegg reappointed as the DfE's adviser, who "will write every six
weeks" to the minister (St Helens Reporter, January 2020; the notice's day, 13 January, is
illustrative); no letter of hers is dated in the public record.
"""

from __future__ import annotations

from datetime import date

from domain.state import DeadlineStatus, InterventionState
from domain.values import Inspection
from tests.unit.builders import noon, opened, record, run_clock

ST_HELENS_2019 = Inspection(
    started_on=date(2019, 9, 23), ended_on=date(2019, 10, 4), published_on=date(2019, 11, 4)
)
ADVISER_LETTER = {
    "name": "adviser_letter",
    "title": "Improvement adviser's letter to the minister",
    "every_weeks": "6",
    "owner": "improvement_adviser",
}


def _a_silent_year(version: int) -> InterventionState:
    state = opened(ST_HELENS_2019, regime_version=version)
    state = record(
        state, "improvement_notice_issued", date(2020, 1, 13), conditions=[ADVISER_LETTER]
    )
    months = [noon(date(2020, month, 28)) for month in range(2, 13)]
    return run_clock(state, *months, noon(date(2021, 1, 12)))


def _letters(state: InterventionState) -> list[tuple[int | None, date, DeadlineStatus]]:
    return [(d.number, d.due, d.status) for d in state.deadlines if d.milestone == "adviser_letter"]


def _escalated(state: InterventionState) -> list[tuple[int | None, int]]:
    return [(e.number, e.level) for e in state.escalations if e.milestone == "adviser_letter"]


def test_a_year_without_a_letter_recorded_raises_one_flag() -> None:
    state = _a_silent_year(18)

    assert _letters(state) == [(1, date(2020, 2, 24), DeadlineStatus.MISSED)]
    assert _escalated(state) == [(1, 1), (1, 2), (1, 3)]


def test_the_letter_recorded_meets_the_one_awaited_and_the_next_counts_from_it() -> None:
    state = record(
        _a_silent_year(18), "condition_met", date(2021, 1, 11), condition="adviser_letter"
    )

    assert _letters(state) == [
        (1, date(2020, 2, 24), DeadlineStatus.MET_LATE),
        (2, date(2021, 2, 22), DeadlineStatus.PENDING),
    ]


def test_before_version_18_each_six_weeks_fell_due_and_escalated() -> None:
    state = _a_silent_year(17)

    letters = _letters(state)
    assert len(letters) == 9
    assert all(status is DeadlineStatus.MISSED for _, _, status in letters[:8])
    # Three levels for each of the eight, but the last's third, 20 working days after 14
    # December 2020 across Christmas and New Year, not until 14 January 2021.
    assert len(_escalated(state)) == 23
