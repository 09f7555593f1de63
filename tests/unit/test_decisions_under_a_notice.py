"""An inspection judged inadequate while an improvement notice is in force awaits the DfE's
decision again (version 15): a direction, a notice revised or escalated, a commissioner.

Tameside: a focused visit in April 2022 naming two areas for priority action, an improvement
notice in July 2022, the inspection of 4 to 15 December 2023 judged inadequate, published in
February 2024, and the direction of March 2024 that "replaces an earlier improvement notice
issued in July 2022" (the DfE; gov.uk collection "Improvement notices and directions"). Halton
likewise: the notice of January 2022, the report of 12 July 2024, the direction of 30 August
2024 replacing it (gov.uk). Here on Tameside's days, the publication on Friday 9 February 2024
illustrative: the decision is due eight weeks on, Friday 5 April 2024.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.state import InterventionState as State
from domain.values import Inspection
from tests.unit.builders import opened, record

FOCUSED_VISIT = Inspection.model_validate(
    {
        "started_on": "2022-04-05",
        "ended_on": "2022-04-06",
        "published_on": "2022-06-08",
        "judgement": "focused_visit",
        "priority_actions": ["Delay in convening strategy discussions"],
    }
)
PUBLISHED = date(2024, 2, 9)


def under_a_notice(version: int, instrument: str = "improvement_notice_issued") -> State:
    state = record(opened(FOCUSED_VISIT, regime_version=version), instrument, date(2022, 7, 5))
    state = record(state, "reinspection_started", date(2023, 12, 4))
    return record(state, "reinspection_fieldwork_completed", date(2023, 12, 15))


def judged(state: State, **details: str) -> State:
    return record(
        state,
        "reinspection_completed",
        PUBLISHED,
        judgement="inadequate",
        published_on=PUBLISHED.isoformat(),
        **details,
    )


def decisions(state: State) -> list[tuple[int, date, str, date | None]]:
    """The DfE's decision awaited on the inspection's report, the second of the record (the
    focused visit's letter awaited one of its own, met by the notice)."""
    return [
        (d.cycle, d.due, d.status.value, d.met_on)
        for d in state.deadlines
        if d.milestone == "dfe_decision" and d.cycle == 2
    ]


@pytest.mark.parametrize(
    ("version", "awaited"),
    [(14, []), (15, [(2, date(2024, 4, 5), "met", date(2024, 3, 13))])],
)
def test_an_inadequate_inspection_under_a_notice_awaits_the_dfe_again(
    version: int, awaited: list[tuple[int, date, str, date | None]]
) -> None:
    state = judged(under_a_notice(version))
    escalated = record(state, "notice_escalated_to_direction", date(2024, 3, 13))
    assert decisions(escalated) == awaited


def test_a_notice_revised_is_a_decision_too() -> None:
    revised = record(judged(under_a_notice(15)), "notice_revised", date(2024, 3, 13))
    assert decisions(revised) == [(2, date(2024, 4, 5), "met", date(2024, 3, 13))]


def test_nothing_new_is_awaited_under_a_direction() -> None:
    """A direction already in force is the DfE's strongest instrument: a later inadequate
    report is answered within it (Doncaster: the direction of 2014, the report of November
    2015, a direction replacing it in June 2016)."""
    assert decisions(judged(under_a_notice(15, "direction_issued"))) == []


def test_an_annual_assessment_under_a_notice_awaits_nothing_new() -> None:
    """Surrey: under the notice of 2008, Ofsted's annual assessment of 17 December 2008
    inadequate, the notice kept (Community Care, 17 December 2008): only an inspection awaits
    the DfE again."""
    assessed = judged(under_a_notice(15), kind="annual_assessment")
    assert decisions(assessed) == []


CUMBRIA = Inspection(
    started_on=date(2012, 4, 16), ended_on=date(2012, 4, 27), published_on=date(2012, 5, 28)
)


@pytest.mark.parametrize(("version", "alert"), [(14, date(2012, 11, 27)), (15, date(2012, 12, 18))])
def test_the_dfe_is_called_late_twenty_one_weeks_after_the_eight(version: int, alert: date) -> None:
    """Cumbria's report of Monday 28 May 2012 (its days illustrative; BBC News, "Concerns over
    Cumbria children's services"): the decision is due eight weeks on, Monday 23 July 2012, and
    called overdue the day after the grace runs out, eighteen weeks on under version 14
    (Tuesday 27 November), twenty-one under version 15 (Tuesday 18 December)."""
    [decision] = [
        d
        for d in opened(CUMBRIA, regime_version=version).deadlines
        if d.milestone == "dfe_decision"
    ]
    assert (decision.due, decision.alert_on) == (date(2012, 7, 23), alert)


def test_a_new_notice_twenty_eight_weeks_on_is_not_called_late() -> None:
    """Cumbria: an improvement notice of 3 August 2012 after the report of May 2012; the
    unannounced inspection of May 2013 (its days illustrative) judged inadequate, published
    Monday 24 June 2013 (BBC News, 24 June 2013); a new notice on Tuesday 7 January 2014,
    twenty-eight weeks on (gov.uk, "Improvement notice issued to Cumbria county council").
    The decision, due Monday 19 August 2013, is called overdue from Tuesday 14 January 2014:
    the new notice meets it first."""
    state = record(
        opened(CUMBRIA, regime_version=15), "improvement_notice_issued", date(2012, 8, 3)
    )
    state = record(state, "reinspection_started", date(2013, 5, 13))
    state = record(state, "reinspection_fieldwork_completed", date(2013, 5, 24))
    state = record(
        state,
        "reinspection_completed",
        date(2013, 6, 24),
        judgement="inadequate",
        published_on="2013-06-24",
    )
    [decision] = [d for d in state.deadlines if d.milestone == "dfe_decision" and d.cycle == 2]
    assert (decision.due, decision.alert_on) == (date(2013, 8, 19), date(2014, 1, 14))
    renewed = record(state, "improvement_notice_issued", date(2014, 1, 7))
    assert decisions(renewed) == [(2, date(2013, 8, 19), "met", date(2014, 1, 7))]
