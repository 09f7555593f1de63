"""An area re-inspected under a SEND notice: the new report's plan beside the old framework's
statement, its areas for priority action kept, and an updated notice setting the DfE's reviews
anew (`send` version 10).

Wirral: inspected in September 2021 (20 to 24 illustrative), the report published on 9
December 2021 (BBC News) with ten areas of significant weakness; the written statement of action
approved by Ofsted on 28 March 2022; the SEND improvement notice of 15 May 2024 (Wirral Health
and Wellbeing Board; Wirral Globe); the full inspection of January 2025 (13 to 31 illustrative),
widespread failings in three areas for priority action (wirralview.com, 6 June 2025), its plan
due "by 4 June" 2025, thirty working days after Thursday 17 April, its receipt and publication
(BBC News, 21 April 2025, "published recently"); the updated notice of 6 June 2025
(wirralview.com).
"""

from __future__ import annotations

from datetime import date

from domain.events import StatementOfActionSubmitted
from domain.intervention import apply_all
from domain.state import InterventionState
from domain.timeline import describe
from domain.values import Inspection
from tests.unit.builders import events_for, noon, opened, record

WIRRAL_2021 = Inspection(
    started_on=date(2021, 9, 20),
    ended_on=date(2021, 9, 24),
    published_on=date(2021, 12, 9),
    judgement="area_send",
    priority_actions=["Quality and timeliness of EHC assessments and annual reviews"],
)
REPORTED = date(2025, 4, 17)
AREAS = [
    "EHC plans",
    "Preparation for adulthood",
    "Waiting times for speech and language and neurodevelopmental assessment",
]


def _reinspected() -> tuple[InterventionState, list[StatementOfActionSubmitted]]:
    state = opened(WIRRAL_2021, regime_version=10, regime="send")
    answered = events_for(state, "statement_of_action_submitted", date(2022, 3, 28))
    state = apply_all(answered, state)
    state = record(state, "improvement_notice_issued", date(2024, 5, 15))
    state = record(
        state,
        "reinspection_completed",
        date(2025, 1, 13),
        now=noon(REPORTED),
        judgement="widespread_failings",
        published_on=REPORTED.isoformat(),
        received_on=REPORTED.isoformat(),
        priority_actions=AREAS,
    )
    return state, [e for e in answered if isinstance(e, StatementOfActionSubmitted)]


def test_the_statement_of_2022_keeps_its_name_beside_the_plan_the_new_report_asks_for() -> None:
    state, (statement,) = _reinspected()

    plans = [
        (d.title, d.due) for d in state.open_deadlines if d.milestone == "priority_action_plan"
    ]
    assert plans == [("Priority action plan", date(2025, 6, 4))]
    assert describe(statement, state) == "Written statement of action submitted"


def test_the_re_inspection_keeps_its_areas_for_priority_action() -> None:
    state, _ = _reinspected()
    assert list(state.reports[-1].priority_actions) == AREAS


def test_the_updated_notice_sets_the_dfes_reviews_anew_from_its_day() -> None:
    state, _ = _reinspected()
    updated = record(state, "improvement_notice_issued", date(2025, 6, 6))

    reviews = [
        (d.due, d.status.value) for d in updated.deadlines if d.milestone == "progress_review"
    ]
    # The first notice's review of November 2024 withdrawn, the next six months on from 6 June.
    assert reviews[-1] == (date(2025, 12, 6), "pending")
