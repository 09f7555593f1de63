"""The DfE's review after the revisit follows the old framework's revisit only: a full
re-inspection brings none, whatever its outcome (`send` version 11).

Bracknell Forest: the area SEND inspection of 29 November to 3 December 2021, findings issued on
22 February 2022, the written statement of action "must be submitted by 7 June 2022" (the
council's WSOA of June 2022 and its Executive report of 1 June 2022,
democratic.bracknell-forest.gov.uk); no revisit; the area inspected again in February 2025
(days illustrative: BBC and the Local Democracy Reporting Service, 16 May 2025), the report of
1 April 2025 finding widespread and/or systemic failings in three areas for priority action
(healthcare-management.uk); no DfE notice or review on the council's record since.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import FactOfAnotherRegimeError
from domain.milestones import allowed_now
from domain.state import InterventionState
from domain.values import Inspection
from tests.unit.builders import noon, opened, record, run_clock

BRACKNELL_FOREST_2021 = Inspection(
    started_on=date(2021, 11, 29),
    ended_on=date(2021, 12, 3),
    published_on=date(2022, 2, 22),
    received_on=date(2022, 2, 22),
    judgement="area_send",
    priority_actions=["Nine areas of significant weakness"],
)
ON_SITE = date(2025, 2, 3)  # illustrative: "in February" 2025


def _reinspected(version: int, judgement: str) -> InterventionState:
    state = opened(BRACKNELL_FOREST_2021, regime_version=version, regime="send")
    state = record(state, "statement_of_action_submitted", date(2022, 6, 7))
    state = record(state, "reinspection_started", ON_SITE)
    state = record(
        state,
        "reinspection_completed",
        ON_SITE,
        now=noon(date(2025, 4, 1)),
        judgement=judgement,
        published_on="2025-04-01",
        priority_actions=["Commissioning gaps identified and bridged"],
    )
    return run_clock(state, noon(date(2026, 12, 2)))


def _reviews_after_a_revisit(state: InterventionState) -> list[tuple[date, str]]:
    return [(d.due, d.status.value) for d in state.deadlines if d.milestone == "revisit_review"]


@pytest.mark.parametrize(
    "judgement", ["widespread_failings", "inconsistent_experiences", "positive_experiences"]
)
def test_a_full_reinspection_brings_no_review_after_a_revisit(judgement: str) -> None:
    assert _reviews_after_a_revisit(_reinspected(11, judgement)) == []


def test_version_10_expected_one_six_months_after_the_report_and_called_it_missed() -> None:
    state = _reinspected(10, "widespread_failings")

    assert _reviews_after_a_revisit(state)[0] == (date(2025, 10, 1), "missed")


def test_the_reinspections_own_plan_is_still_owed() -> None:
    state = _reinspected(11, "widespread_failings")

    (plan,) = [d for d in state.deadlines if d.milestone == "priority_action_plan"]
    # Thirty working days from a receipt assumed three working days before publication
    # (Thursday 27 March 2025), Good Friday, Easter Monday and the May Day holiday skipped.
    assert (plan.cycle, plan.due, plan.status.value) == (2, date(2025, 5, 13), "missed")


def test_ofsteds_action_planning_visit_is_refused_on_a_send_record_from_version_11() -> None:
    """An action planning visit follows a children's services judgement of inadequate (Ofsted's
    framework for inspecting local authority children's services); the area SEND framework has
    none. Version 10 took it on a SEND record and offered it among what may be recorded."""
    state = opened(BRACKNELL_FOREST_2021, regime_version=11, regime="send")

    assert "action_planning_visit_completed" not in allowed_now(state)
    with pytest.raises(FactOfAnotherRegimeError) as refused:
        record(state, "action_planning_visit_completed", date(2022, 3, 15))
    assert str(refused.value).startswith(
        "regime 'send' does not record 'action_planning_visit_completed': a children's "
        "services report or visit belongs on an intervention of its own, under regime 'ilacs'"
    )
    before = opened(BRACKNELL_FOREST_2021, regime_version=10, regime="send")
    assert "action_planning_visit_completed" in allowed_now(before)
