"""A commissioner's report before and after the DfE has decided who runs the services.

Before the decision, the report is the review of who should run them, and says what it
recommends. After it, a commissioner kept on writes progress reports that recommend nothing new
(Tameside: Andy Couldrick, kept on for three years by the revised direction of September 2024,
reported to the scrutiny panel of 18 June 2025; Tameside Correspondent, 16 June 2025). Dates
are on the worked example's direction of Thursday 20 April 2023.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import MissingFieldError
from domain.events import CommissionerRecommendation, DeadlineMet, DeadlineRescheduled
from domain.intervention import apply_all
from domain.state import InterventionState
from domain.timeline import describe
from tests.unit.builders import events_for, opened, record

LATEST = 11


def reviewed(version: int = LATEST) -> InterventionState:
    """Direction of 20 Apr 2023 under `version`; commissioner appointed Tue 2 May 2023, her
    report recommending the council keep its services on Fri 14 Jul 2023."""
    return record(
        commissioner_review(version),
        "commissioner_report_submitted",
        date(2023, 7, 14),
        recommendation="retain",
    )


def commissioner_review(version: int = LATEST) -> InterventionState:
    state = record(opened(regime_version=version), "direction_issued", date(2023, 4, 20))
    return record(state, "commissioner_appointed", date(2023, 5, 2), name="C. Smith")


def test_a_report_on_who_runs_the_services_says_what_it_recommends() -> None:
    state = commissioner_review()
    with pytest.raises(MissingFieldError) as refused:
        events_for(state, "commissioner_report_submitted", date(2023, 7, 14))
    assert refused.value.message == (
        "'commissioner_report_submitted' needs the field 'recommendation' (one of: retain, "
        "alternative_delivery, end_intervention) until the DfE has decided who runs the "
        "services; a progress report after its decision may leave it out"
    )
    assert refused.value.field == "details.recommendation"
    assert refused.value.allowed == ["retain", "alternative_delivery", "end_intervention"]


def test_a_progress_report_after_the_decision_recommends_nothing_new() -> None:
    """Kept with the council on Tue 15 Aug 2023, the commissioner appointed again that day to
    see it through; her progress report of Fri 9 Feb 2024 is the DfE's review for the half
    year (due Thu 15 Feb 2024, six months after the decision), and the recommendation the DfE
    decided on stands."""
    state = record(reviewed(), "services_retained", date(2023, 8, 15))
    state = record(state, "commissioner_appointed", date(2023, 8, 15), name="C. Smith")
    events = events_for(state, "commissioner_report_submitted", date(2024, 2, 9))
    [met] = [e for e in events if isinstance(e, DeadlineMet)]
    assert (met.milestone, met.number, met.due) == ("progress_review", 1, date(2024, 2, 15))
    after = apply_all(events, state)
    assert after.commissioner_recommendation is CommissionerRecommendation.RETAIN
    assert describe(events[0]) == "Commissioner's progress report submitted"
    decisive = events_for(
        commissioner_review(),
        "commissioner_report_submitted",
        date(2023, 7, 14),
        recommendation="retain",
    )
    assert describe(decisive[0]) == (
        "Commissioner's report submitted, recommending the council keep its services"
    )


def review_due(state: InterventionState) -> date:
    [review] = [d for d in state.open_deadlines if d.milestone == "progress_review"]
    return review.due


@pytest.mark.parametrize(
    ("version", "appointment_first", "due"),
    [
        (LATEST, True, date(2024, 2, 15)),
        (LATEST, False, date(2024, 2, 15)),
        # Put back to six months after the report the decision withdrew, Wed 15 Nov 2023.
        (10, True, date(2024, 5, 15)),
        (10, False, date(2024, 2, 15)),
    ],
)
def test_the_decision_counts_the_next_review_whatever_the_days_order(
    version: int, appointment_first: bool, due: date
) -> None:
    """Tameside, September 2024: the commissioner appointed again for three years and the
    services kept with the council, on one day. Recorded appointment first, the appointment
    puts the DfE's review back to six months after the report it would owe (Wed 15 Nov 2023),
    and the decision then withdraws that report; from version 11 the review counts from the
    decision of Tue 15 Aug 2023, Thu 15 Feb 2024, as it does when the decision is recorded
    first."""
    state = reviewed(version)
    day = date(2023, 8, 15)
    steps = [("commissioner_appointed", {"name": "C. Smith"}), ("services_retained", {})]
    for milestone, details in steps if appointment_first else reversed(steps):
        events = events_for(state, milestone, day, **details)
        state = apply_all(events, state)
    assert review_due(state) == due
    if version == LATEST and appointment_first:
        [moved] = [e for e in events if isinstance(e, DeadlineRescheduled)]
        assert moved.reason == (
            "counted from the DfE's decision that the council keeps its services, 2023-08-15, "
            "not from a report withdrawn with it"
        )
