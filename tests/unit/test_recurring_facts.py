"""A fact of a recurring duty recorded with no number meets the occurrence already due by its
day, so that the ones nobody recorded stay missed (from ilacs version 10 and send version 2).

Hertfordshire: the area SEND inspection of 26 June to July 2023 (its last day illustrative),
published on 10 November 2023, "widespread and/or systemic failings"; "The department will
monitor progress every three months against the Priority Action Plan" (answer of 28 November
2023, parallelparliament.co.uk, question 2658); the improvement notice "January 2024" (DfE;
the 31st illustrative); a DfE stocktake in January 2025 (its day illustrative). No review of
2024 was found.
"""

from __future__ import annotations

from datetime import date

from domain.commands import OpenIntervention
from domain.intervention import apply_all, decide_open
from domain.regime import DeadlineKind
from domain.state import DeadlineStatus, InterventionState
from domain.values import Inspection
from tests.unit.builders import MANAGER, noon, record, run_clock

HERTFORDSHIRE = Inspection(
    started_on=date(2023, 6, 26),
    ended_on=date(2023, 7, 14),
    published_on=date(2023, 11, 10),
    judgement="area_send",
    priority_actions=["Sharing SEND data", "Leaders working together"],
)
QUARTERLY = {
    "name": "progress_review",
    "title": "DfE quarterly monitoring",
    "every_months": "3",
    "owner": "dfe",
}


def _a_silent_year(version: int) -> InterventionState:
    command = OpenIntervention(
        authority="Hertfordshire County Council",
        inspection=HERTFORDSHIRE,
        regime="send",
        regime_version=version,
        actor=MANAGER,
    )
    state = apply_all(decide_open(command, noon(HERTFORDSHIRE.published_on)))
    noticed = record(state, "improvement_notice_issued", date(2024, 1, 31), conditions=[QUARTERLY])
    # The clock flags each quarter nobody recorded.
    return run_clock(
        noticed, noon(date(2024, 5, 1)), noon(date(2024, 8, 1)), noon(date(2024, 11, 1))
    )


def _stocktake_of_january_2025(version: int) -> InterventionState:
    return record(
        _a_silent_year(version), "condition_met", date(2025, 1, 31), condition="progress_review"
    )


def _reviews(state: InterventionState) -> list[tuple[date, DeadlineStatus]]:
    # The notice's quarterly reviews, which stand instead of the regime's six-monthly ones.
    return [
        (d.due, d.status)
        for d in state.deadlines
        if d.milestone == "progress_review" and d.kind is DeadlineKind.CONDITION
    ]


def test_the_stocktake_meets_its_own_quarter_and_the_unrecorded_ones_stay_missed() -> None:
    assert _reviews(_stocktake_of_january_2025(2)) == [
        (date(2024, 4, 30), DeadlineStatus.MISSED),
        (date(2024, 7, 31), DeadlineStatus.MISSED),
        (date(2024, 10, 31), DeadlineStatus.MISSED),
        (date(2025, 1, 31), DeadlineStatus.MET),
        (date(2025, 4, 30), DeadlineStatus.PENDING),
    ]


def test_under_send_version_1_it_met_the_oldest_late() -> None:
    reviews = _reviews(_stocktake_of_january_2025(1))

    assert reviews[0] == (date(2024, 4, 30), DeadlineStatus.MET_LATE)
    assert (date(2025, 1, 31), DeadlineStatus.PENDING) in reviews


def test_from_send_version_5_the_dfes_own_quarters_wait_for_its_record() -> None:
    """Quarterly monitoring is the DfE's own: a year with none on the record is one flag, not
    three quarters each escalated to the DfE's case lead, and the stocktake meets the quarter
    awaited, the next counted from it."""
    state = _stocktake_of_january_2025(5)

    assert _reviews(state) == [
        (date(2024, 4, 30), DeadlineStatus.MET_LATE),
        (date(2025, 4, 30), DeadlineStatus.PENDING),
    ]
    escalated = [(e.number, e.level) for e in state.escalations if e.milestone == "progress_review"]
    # The notice's quarters are numbered after the regime's own review they stand instead of.
    assert escalated == [(2, 1), (2, 2), (2, 3)]


def test_under_send_version_4_each_quarter_escalated_to_the_dfe() -> None:
    state = _stocktake_of_january_2025(4)

    escalated = [e for e in state.escalations if e.milestone == "progress_review"]
    # Three levels for the quarters of April and July, the first for October's by the last tick.
    assert len(escalated) == 7
    assert {e.to for e in escalated} == {"dfe_case_lead"}


def test_a_numbered_review_withdraws_the_quarters_before_it_a_quarter_apart() -> None:
    """Recorded with the number the engine gives the quarter (the notice's are numbered from 2):
    the quarters between, held but not recorded, fall due a quarter apart, and the next counts
    a quarter from the one recorded, the notice's own period, not the regime's six months."""
    state = record(_a_silent_year(5), "progress_review_completed", date(2025, 1, 31), number="5")

    assert _reviews(state) == [
        (date(2024, 4, 30), DeadlineStatus.WITHDRAWN),
        (date(2024, 7, 31), DeadlineStatus.WITHDRAWN),
        (date(2024, 10, 31), DeadlineStatus.WITHDRAWN),
        (date(2025, 1, 31), DeadlineStatus.MET),
        (date(2025, 4, 30), DeadlineStatus.PENDING),
    ]
