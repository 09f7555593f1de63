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
from domain.events import CommissionerRecommendation, DeadlineMet
from domain.intervention import apply_all
from domain.regimes import current_version
from domain.timeline import describe
from tests.unit.builders import commissioner_reviewing, events_for, record


def test_a_report_on_who_runs_the_services_says_what_it_recommends() -> None:
    state = commissioner_reviewing(current_version("ilacs"))
    with pytest.raises(MissingFieldError) as refused:
        events_for(state, "commissioner_report_submitted", date(2023, 7, 14))
    assert refused.value.message == (
        "'commissioner_report_submitted' needs the field 'recommendation' (one of: retain, "
        "alternative_delivery, end_intervention, not_published) until the DfE has decided who "
        "runs the services; a progress report after its decision may leave it out (a "
        "commissioner sent to oversee improvement, the services left with the council: record "
        "services_retained first)"
    )
    assert refused.value.field == "details.recommendation"
    assert refused.value.allowed == [
        "retain",
        "alternative_delivery",
        "end_intervention",
        "not_published",
    ]

    decisive = events_for(
        state, "commissioner_report_submitted", date(2023, 7, 14), recommendation="retain"
    )
    assert describe(decisive[0]) == (
        "Commissioner's report submitted, recommending the council keep its services"
    )


def test_a_progress_report_after_the_decision_recommends_nothing_new() -> None:
    """Her report of Fri 14 Jul 2023 recommends the council keep its services; kept with the
    council on Tue 15 Aug 2023, the commissioner appointed again that day to see it through.
    Her progress report of Fri 9 Feb 2024 is the DfE's review for the half year (due Thu 15 Feb
    2024, six months after the decision), and the recommendation the DfE decided on stands."""
    state = record(
        commissioner_reviewing(current_version("ilacs")),
        "commissioner_report_submitted",
        date(2023, 7, 14),
        recommendation="retain",
    )
    state = record(state, "services_retained", date(2023, 8, 15))
    state = record(state, "commissioner_appointed", date(2023, 8, 15), name="C. Smith")
    events = events_for(state, "commissioner_report_submitted", date(2024, 2, 9))
    [met] = [e for e in events if isinstance(e, DeadlineMet)]
    assert (met.milestone, met.number, met.due) == ("progress_review", 1, date(2024, 2, 15))
    after = apply_all(events, state)
    assert after.commissioner_recommendation is CommissionerRecommendation.RETAIN
    assert describe(events[0]) == "Commissioner's progress report submitted"
