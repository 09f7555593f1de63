"""An area's full SEND re-inspection is recorded with its outcome, one of the framework's three
(`send` version 10): widespread failings begin a new cycle with a plan and a monitoring
inspection of their own; the other two ask for neither and leave the notice to be lifted.

Birmingham: the statutory direction of 15 October 2021 after the revisit of May 2021 (Schools
Week, 15 October 2021); the three-week area SEND inspection of June 2025 (9 to 27 June
illustrative), "the middle rating of three possible outcomes", "The next full area SEND
inspection will be within approximately three years" (Birmingham and Solihull ICB; Local Offer
Birmingham; the report's day of publication not found, 24 July illustrative).
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import FactOfAnotherRegimeError, InvalidFieldError
from domain.state import InterventionState, Stage
from domain.values import Inspection
from domain.views import status_view
from tests.unit.builders import noon, opened, record, run_clock
from tests.unit.test_send_interventions import BIRMINGHAM_DIRECTION, OXFORDSHIRE, _birmingham

ON_SITE = date(2025, 6, 9)
PUBLISHED = "2025-07-24"
OXFORDSHIRE_NOTICE = date(2023, 11, 16)


def _birmingham_directed(version: int) -> InterventionState:
    state = opened(_birmingham("send_revisit"), regime_version=version, regime="send")
    return record(state, "direction_issued", BIRMINGHAM_DIRECTION)


def _reinspected(state: InterventionState, judgement: str) -> InterventionState:
    state = record(state, "reinspection_started", ON_SITE)
    return record(
        state,
        "reinspection_completed",
        ON_SITE,
        now=noon(date(2025, 7, 24)),
        judgement=judgement,
        published_on=PUBLISHED,
    )


def test_an_outcome_of_inconsistent_experiences_leaves_the_direction_to_be_revoked() -> None:
    state = _reinspected(_birmingham_directed(10), "inconsistent_experiences")

    assert (state.stage, state.reinspection, state.cycle) == (Stage.AWAITING_REVOCATION, None, 1)
    assert state.reports[-1].judgement == "inconsistent_experiences"
    # No plan and no monitoring inspection: the next full inspection in about three years.
    plans = ("priority_action_plan", "monitoring_inspection", "written_statement_of_action")
    assert [d.milestone for d in state.open_deadlines if d.milestone in plans] == []


def test_before_version_10_the_outcome_was_refused_and_the_report_stayed_awaited() -> None:
    state = record(_birmingham_directed(9), "reinspection_started", ON_SITE)
    with pytest.raises(FactOfAnotherRegimeError):
        _reinspected(_birmingham_directed(9), "inconsistent_experiences")
    assert state.reinspection is not None


def test_widespread_failings_again_begin_a_new_cycle_with_a_plan_and_a_monitoring_inspection() -> (
    None
):
    """No area re-inspected under the framework of 2023 is on the record with widespread
    failings again by December 2026; the framework asks the same of any report that finds
    them. Oxfordshire's dates, re-inspected in the supposition."""
    state = opened(OXFORDSHIRE, regime_version=10, regime="send")
    state = record(state, "improvement_notice_issued", OXFORDSHIRE_NOTICE)
    state = _reinspected(state, "widespread_failings")

    assert state.cycle == 2
    assert sorted((d.milestone, d.due) for d in state.open_deadlines if d.cycle == 2) == [
        # Eighteen months after publication.
        ("monitoring_inspection", date(2027, 1, 24)),
        # Thirty working days from a receipt assumed three working days before publication,
        # Monday 21 July 2025, the summer bank holiday of 25 August skipped.
        ("priority_action_plan", date(2025, 9, 2)),
    ]


def test_ofsted_back_in_full_withdraws_the_monitoring_inspection_still_awaited() -> None:
    state = opened(OXFORDSHIRE, regime_version=10, regime="send")
    state = record(state, "improvement_notice_issued", OXFORDSHIRE_NOTICE)
    state = run_clock(state, noon(date(2025, 12, 31)))
    state = record(state, "reinspection_started", date(2026, 1, 12))

    (monitoring,) = [d for d in state.deadlines if d.milestone == "monitoring_inspection"]
    assert monitoring.status.value == "withdrawn"


@pytest.mark.parametrize(
    ("inspection", "regime", "version", "judgement", "message"),
    [
        (
            _birmingham("send_revisit"),
            "send",
            10,
            "inadequate",
            "'reinspection_completed': judgement 'inadequate' is not allowed; an area SEND "
            "inspection's outcomes: positive_experiences, inconsistent_experiences, "
            "widespread_failings (a children's services report belongs on an intervention of "
            "its own, under regime 'ilacs')",
        ),
        (
            Inspection(
                started_on=date(2022, 7, 18),
                ended_on=date(2022, 7, 29),
                published_on=date(2022, 9, 21),
            ),
            "ilacs",
            22,
            "widespread_failings",
            "'reinspection_completed': judgement 'widespread_failings' is not allowed; "
            "children's services grades: outstanding, good, requires_improvement, adequate, "
            "inadequate (an area SEND report belongs on an intervention of its own, under "
            "regime 'send')",
        ),
    ],
)
def test_a_judgement_of_the_other_regime_is_refused_naming_both(
    inspection: Inspection, regime: str, version: int, judgement: str, message: str
) -> None:
    state = opened(inspection, regime_version=version, regime=regime)
    with pytest.raises(InvalidFieldError) as refused:
        _reinspected(state, judgement)
    assert refused.value.message == message
    assert refused.value.field == "details.judgement"


def test_no_one_is_asked_for_a_day_of_receipt_nothing_counts_from() -> None:
    """The revisit's letter and the re-inspection's outcome ask for no plan: no deadline counts
    from the day either came, so the real day would move nothing, and the record is not among
    those whose receipt to confirm (the status, the committee report, `list --unconfirmed`).
    Oxfordshire's report of November 2023, whose plan counts from its receipt, still is."""
    state = _reinspected(_birmingham_directed(13), "inconsistent_experiences")
    assert state.receipt_unconfirmed == (1,)
    assert state.receipt_to_confirm == ()
    assert status_view(state).receipt_unconfirmed == []

    oxfordshire = opened(OXFORDSHIRE, regime_version=13, regime="send")
    assert oxfordshire.receipt_to_confirm == (1,)
