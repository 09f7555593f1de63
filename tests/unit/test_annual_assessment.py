"""An intervention opened on Ofsted's annual assessment of a council's children's services,
made under s138 of the Education and Inspections Act 2006 (repealed in 2012: "following the
repeal of section 138 of the Education and Inspections Act 2006", gov.uk, "Repeal of the duty
on Ofsted to conduct an annual Children's Services Assessment"), not an inspection under s136:
the DfE acts on its grade, but the council owes no statement of action for it, nor its
publication (s137 covers the reports of s136 inspections).

Milton Keynes: "the number of councils found to be inadequate in all children's services
overall has also risen from none last year to four this year. Those councils were Doncaster,
Haringey, Milton Keynes and Surrey" (BBC News, Wednesday 17 December 2008); Ed Balls "said his
department had either already intervened or was sending in expert teams"; "school improvement
support was in place in Milton Keynes" (Community Care, 17 December 2008).
"""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from domain.events import ReinspectionCompleted
from domain.intervention import apply_all
from domain.state import DeadlineStatus, InterventionState
from domain.timeline import describe
from domain.values import Inspection, ReportKind
from tests.unit.builders import events_for, opened, record

ASSESSED = date(2008, 12, 17)


def _milton_keynes(kind: ReportKind) -> InterventionState:
    return opened(Inspection(published_on=ASSESSED, kind=kind), regime_version=10)


def test_an_annual_assessment_brings_the_dfe_decision_and_no_statement_of_action() -> None:
    state = _milton_keynes(ReportKind.ANNUAL_ASSESSMENT)

    assert {d.milestone for d in state.deadlines} == {"dfe_decision", "reinspection"}
    decision = next(d for d in state.deadlines if d.milestone == "dfe_decision")
    assert decision.due == date(2009, 2, 11)  # 8 weeks after publication
    # No clock counts from its receipt, so none rests on an assumed one.
    assert state.receipt_unconfirmed == ()
    assert [r.label for r in state.reports] == [
        "annual assessment report of 2008-12-17, inadequate"
    ]

    helped = record(state, "improvement_adviser_appointed", ASSESSED, name="DCSF expert team")
    decided = next(d for d in helped.deadlines if d.milestone == "dfe_decision")
    assert (decided.status, decided.met_on) == (DeadlineStatus.MET, ASSESSED)


def test_the_same_grade_from_an_inspection_owes_its_statutory_duties() -> None:
    state = _milton_keynes(ReportKind.INSPECTION)

    assert {"statement_of_action", "report_publication"} <= {d.milestone for d in state.deadlines}


def test_a_letter_cannot_be_an_annual_assessment() -> None:
    with pytest.raises(ValidationError, match="names a focused visit, which is not an annual"):
        Inspection(published_on=ASSESSED, kind="annual_assessment", judgement="focused_visit")


def test_a_later_annual_assessment_owes_nothing_and_asks_the_dfe_to_act() -> None:
    """Milton Keynes "continue to 'perform well'" in the assessments Ofsted published on
    Tuesday 8 November 2011 (Public Finance, 8 November 2011; MK Citizen), under the direction
    of 2009 (its day illustrative)."""
    directed = record(
        _milton_keynes(ReportKind.ANNUAL_ASSESSMENT), "direction_issued", date(2009, 7, 1)
    )
    rated = date(2011, 11, 8)

    events = events_for(
        directed,
        "reinspection_completed",
        rated,
        judgement="good",
        published_on=rated.isoformat(),
        annual_assessment="true",
    )
    state = apply_all(events, directed)

    assessed = next(e for e in events if isinstance(e, ReinspectionCompleted))
    assert describe(assessed) == "Annual assessment: good"
    assert [(r.number, r.kind) for r in state.reports][-1] == (2, ReportKind.ANNUAL_ASSESSMENT)
    due_now = {d.milestone for d in state.open_deadlines}
    assert due_now.isdisjoint({"statement_of_action", "report_publication"})
    assert "revocation" in due_now
    assert state.receipt_unconfirmed == ()
