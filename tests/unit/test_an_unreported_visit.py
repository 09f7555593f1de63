"""An Ofsted visit whose report never came into the record does not stop the next inspection
being recorded: back on site months later is a new re-inspection."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import InvalidDateError, WrongStageError
from domain.standing import ReinspectionStage
from domain.state import InterventionState
from domain.values import Inspection
from tests.unit.builders import noon, opened, record

# Sutton: inspected 16 to 27 April 2012 (days illustrative), safeguarding judged inadequate,
# the report out in the week of 31 May 2012 (Guardian, 31 May 2012; 29 May illustrative).
# Ofsted back on site for about a fortnight in May 2013 (ednearl.wordpress.com, May 2013; 7 to
# 17 May illustrative), no judgement of that visit found; inspected again in June 2025 and
# judged good, "published today (July 29)" (London Herald; London Social Work for Children:
# "following its June 2025 children's services inspection"; 9 June illustrative).
SUTTON_2012 = Inspection(
    started_on=date(2012, 4, 16), ended_on=date(2012, 4, 27), published_on=date(2012, 5, 29)
)


def _visited_in_2013() -> InterventionState:
    state = record(opened(SUTTON_2012, regime_version=7), "reinspection_started", date(2013, 5, 7))
    return record(state, "reinspection_fieldwork_completed", date(2013, 5, 17))


def test_ofsted_back_on_site_years_later_is_a_new_reinspection() -> None:
    state = record(
        _visited_in_2013(), "reinspection_started", date(2025, 6, 9), now=noon(date(2025, 7, 29))
    )
    assert state.reinspection is ReinspectionStage.FIELDWORK

    judged = record(
        state,
        "reinspection_completed",
        date(2025, 6, 9),
        now=noon(date(2025, 7, 29)),
        judgement="good",
        published_on="2025-07-29",
    )
    assert (judged.reinspection, judged.reports[-1].judgement) == (None, "good")
    # The 2025 report brings its own duties; with no notice or direction in force there is
    # nothing for the DfE to lift.
    assert [
        (d.milestone, d.number, d.due) for d in judged.open_deadlines if d.due.year == 2025
    ] == [
        ("statement_of_action", 2, date(2025, 10, 31)),
        ("report_publication", 2, date(2025, 9, 5)),
    ]
    assert [d for d in judged.deadlines if d.milestone == "revocation"] == []


def test_a_start_while_the_report_is_still_awaited_is_refused() -> None:
    """Within six months of the visit's last day its report may yet come: a second start then
    is more likely the first typed again."""
    with pytest.raises(InvalidDateError) as refused:
        record(_visited_in_2013(), "reinspection_started", date(2013, 9, 2))
    assert str(refused.value) == (
        "effective_on 2013-09-02 is within 6 months of the re-inspection that ended on "
        "2013-05-17, whose report is still awaited: record it with reinspection_completed; "
        "Ofsted on site again from 2013-11-17 is a new re-inspection"
    )


def test_a_start_while_ofsted_is_on_site_is_refused() -> None:
    state = record(opened(SUTTON_2012, regime_version=7), "reinspection_started", date(2013, 5, 7))
    with pytest.raises(WrongStageError, match="record reinspection_fieldwork_completed first"):
        record(state, "reinspection_started", date(2025, 6, 9))
