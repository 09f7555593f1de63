"""Grades Ofsted gave otherwise than by inspecting under s136 of the Education and Inspections
Act 2006, whose reports owe the statement of action of s137. Its annual assessment of a
council's children's services (s138, repealed in 2012: "following the repeal of section 138 of
the Education and Inspections Act 2006", gov.uk, "Repeal of the duty on Ofsted to conduct an
annual Children's Services Assessment"): the DfE acts on its grade, and the council owes
nothing for it. A joint area review (Children Act 2004 s20, SI 2005/1973): the council
circulates the report, and owes no statement of action.

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
from tests.unit.builders import events_for, opened, record, reported

ASSESSED = date(2008, 12, 17)


def _opened_on(kind: ReportKind) -> InterventionState:
    return opened(Inspection(published_on=ASSESSED, kind=kind), regime_version=10)


def _opened_on_assessment() -> InterventionState:
    return _opened_on(ReportKind.ANNUAL_ASSESSMENT)


def test_an_annual_assessment_brings_the_dfe_decision_and_no_statement_of_action() -> None:
    state = _opened_on_assessment()

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
    state = _opened_on(ReportKind.INSPECTION)

    assert {"statement_of_action", "report_publication"} <= {d.milestone for d in state.deadlines}


def test_a_letter_cannot_be_an_annual_assessment() -> None:
    with pytest.raises(ValidationError, match="names a focused visit, which is not an annual"):
        Inspection(published_on=ASSESSED, kind="annual_assessment", judgement="focused_visit")


def test_an_ungraded_kind_is_named_by_its_judgement_not_given_a_grade() -> None:
    """Staffordshire: the revisit published on 25 February 2022, given as an area SEND
    inspection with the revisit's judgement: an area SEND inspection has no grade to give."""
    with pytest.raises(
        ValidationError,
        match="names an area SEND revisit, which is not an area SEND inspection: leave kind "
        "out, or give an area SEND inspection judgement 'area_send'",
    ):
        Inspection(published_on=date(2022, 2, 25), kind="area_send", judgement="send_revisit")


def test_a_later_annual_assessment_owes_nothing_and_asks_the_dfe_to_act() -> None:
    """Milton Keynes "continue to 'perform well'" in the assessments Ofsted published on
    Tuesday 8 November 2011 (Public Finance, 8 November 2011; MK Citizen), under the direction
    of 2009 (its day illustrative)."""
    directed = record(_opened_on_assessment(), "direction_issued", date(2009, 7, 1))
    rated = date(2011, 11, 8)

    details = {"judgement": "good", "published_on": rated.isoformat(), "kind": "annual_assessment"}
    events = events_for(directed, "reinspection_completed", rated, **details)
    state = apply_all(events, directed)

    assessed = next(e for e in events if isinstance(e, ReinspectionCompleted))
    assert describe(assessed) == "Annual assessment: good"
    assert [(r.number, r.kind) for r in state.reports][-1] == (2, ReportKind.ANNUAL_ASSESSMENT)
    due_now = {d.milestone for d in state.open_deadlines}
    assert due_now.isdisjoint({"statement_of_action", "report_publication"})
    assert "revocation" in due_now
    assert state.receipt_unconfirmed == ()


def test_an_inadequate_assessment_leaves_the_last_report_s_duties_owed() -> None:
    """Birmingham: "The 2008 Annual Performance Assessment (APA) judged Birmingham as
    "inadequate" in the area of Staying Safe and the DCSF subsequently issued an Improvement
    Notice in February 2009" (Birmingham newsroom, 20 April 2010; the 16th illustrative); the
    inspection of safeguarding "in June" 2010, its report "published today", inadequate (LGC,
    July 2010; on site from 7 June, published 16 July, illustrative); "The councils rated poor
    were: Birmingham, Calderdale, ..." (Public Finance, 9 December 2010). The assessment owes
    nothing, and the council still owes the statement of action for the inspection."""
    state = record(_opened_on_assessment(), "improvement_notice_issued", date(2009, 2, 16))
    state = reported(state, date(2010, 6, 7), date(2010, 7, 16), "inadequate")
    assessed = date(2010, 12, 9)
    state = reported(state, assessed, assessed, "inadequate", kind="annual_assessment")

    owed = [d for d in state.open_deadlines if d.milestone == "statement_of_action"]
    assert [(d.number, d.cycle) for d in owed] == [(2, 2)]
    answered = record(state, "statement_of_action_submitted", date(2011, 1, 20))
    assert [d.status for d in answered.deadlines if d.milestone == "statement_of_action"] == [
        DeadlineStatus.MET_LATE
    ]


def test_a_joint_area_review_owes_its_circulation_and_no_statement_of_action() -> None:
    """Haringey: the joint area review after the death of Peter Connelly "started on 13 November
    and was completed on 26 November 2008" (Ofsted, December 2008); "Christine Gilbert
    presented the final report to us at 9 o'clock this morning and to Haringey Council shortly
    thereafter" (Ed Balls, 1 December 2008, Community Care). SI 2005/1973 reg 3(4): within 30
    working days of receiving it the council sends the report to its partners and the local
    press; no statement of action is asked for."""
    reviewed = Inspection(
        started_on=date(2008, 11, 13),
        ended_on=date(2008, 11, 26),
        published_on=date(2008, 12, 1),
        received_on=date(2008, 12, 1),
        kind=ReportKind.JOINT_AREA_REVIEW,
    )
    state = opened(reviewed, regime_version=10)

    due = {d.milestone: d.due for d in state.deadlines}
    assert "statement_of_action" not in due
    # 30 working days, Christmas Day, Boxing Day and New Year's Day skipped.
    assert due["report_publication"] == date(2009, 1, 15)
    assert "dfe_decision" in due


def test_an_inadequate_assessment_awaits_no_new_decision_while_the_dfe_s_team_is_in() -> None:
    """Wokingham: inadequate in safeguarding in the assessment of Wednesday 17 December 2008,
    the DCSF "sending in expert teams" that day (Community Care, 17 December 2008; the team's
    arrival day illustrative); "The local authorities judged to be performing poorly were
    Birmingham, Cornwall, Doncaster, Essex, Leeds, Rotherham, Warrington, Wokingham and
    Haringey" (Family Law, 9 December 2009); "Ministers said interventions had taken place at
    authorities rated as poor" (Care Appointments). No notice or direction was found."""
    assessed = date(2009, 12, 9)
    helped = record(_opened_on_assessment(), "improvement_adviser_appointed", ASSESSED, name="DCSF")

    again = reported(helped, assessed, assessed, "inadequate", kind="annual_assessment")

    assert [d for d in again.open_deadlines if d.milestone == "dfe_decision"] == []
    # With nobody the DfE sent in, the new judgement awaits its decision.
    alone = reported(
        _opened_on_assessment(), assessed, assessed, "inadequate", kind="annual_assessment"
    )
    assert [d.cycle for d in alone.open_deadlines if d.milestone == "dfe_decision"] == [2]


@pytest.mark.parametrize("version", [11, 12])
def test_an_assessment_is_not_ofsted_coming_back(version: int) -> None:
    """Kent: safeguarding inadequate in the report of Friday 19 November 2010 (inspected 11 to
    22 October); "performs poorly" in the assessments of 9 December 2010 and 8 November 2011
    (Community Care; Public Finance); the re-inspection, unannounced, on site from Monday 12
    November 2012, "focused on whether or not safeguarding services are improving against the
    areas of concern flagged up by Ofsted in 2010" (KentOnline; the day illustrative).

    Version 12: the assessment neither meets the re-inspection awaited since the report (due
    Mon 19 November 2012, 24 months on) nor sets it again, and Ofsted on site meets it and ends
    the monitoring visits the report set, though the assessment began a cycle. Version 11 took
    the assessment as the re-inspection, met on its day, set another for Sun 9 December 2012,
    and left the report's visits awaited."""
    report = Inspection(
        started_on=date(2010, 10, 11), ended_on=date(2010, 10, 22), published_on=date(2010, 11, 19)
    )
    state = opened(report, regime_version=version)
    assessed = date(2010, 12, 9)
    state = reported(state, assessed, assessed, "inadequate", kind="annual_assessment")
    state = record(state, "reinspection_started", date(2012, 11, 12))

    reinspections = [
        (d.due, d.status, d.met_on) for d in state.deadlines if d.milestone == "reinspection"
    ]
    visits = [d.cycle for d in state.open_deadlines if d.milestone == "monitoring_visit"]
    if version == 12:
        assert reinspections == [(date(2012, 11, 19), DeadlineStatus.MET, date(2012, 11, 12))]
        assert visits == []
    else:
        assert reinspections == [
            (date(2012, 11, 19), DeadlineStatus.MET, assessed),
            (date(2012, 12, 9), DeadlineStatus.MET, date(2012, 11, 12)),
        ]
        assert visits == [1]


@pytest.mark.parametrize(("version", "kind"), [(19, "inspection"), (18, "reinspection")])
def test_the_first_inspection_after_an_assessment_is_an_inspection_from_version_19(
    version: int, kind: str
) -> None:
    """Essex: judged inadequate for safeguarding in the annual performance assessment of 17
    December 2008 (Community Care, 17 December 2008); the improvement notice "served ... in
    March 2009" (Essex Liberal Democrats; 31 March illustrative); the safeguarding and
    looked-after children inspection, safeguarding inadequate, reported on 9 August 2010
    (Community Care; its visit's days illustrative). Nothing was inspected in full before it:
    under version 18 it was shown as a re-inspection."""
    state = opened(
        Inspection(
            published_on=ASSESSED, kind=ReportKind.ANNUAL_ASSESSMENT, judgement="inadequate"
        ),
        regime_version=version,
    )
    state = record(state, "improvement_notice_issued", date(2009, 3, 31))
    state = reported(state, date(2010, 6, 14), date(2010, 8, 9), "inadequate")

    assert state.reports[-1].kind.value == kind


def test_what_an_assessment_withdraws_says_it_was_an_assessment() -> None:
    """Kent: the inspection of 11 to 22 October 2010 judged inadequate, published on 19
    November 2010 (BBC News uk-england-kent-11798697); "performing poorly" in the assessment of
    9 December 2010 (Public Finance), before the DfE's notice of early 2011 (KentOnline)."""
    state = opened(
        Inspection(
            started_on=date(2010, 10, 11),
            ended_on=date(2010, 10, 22),
            published_on=date(2010, 11, 19),
        ),
        regime_version=22,
    )
    assessed = date(2010, 12, 9)
    events = events_for(
        state,
        "reinspection_completed",
        assessed,
        judgement="inadequate",
        published_on=assessed.isoformat(),
        kind="annual_assessment",
    )
    withdrawn = [describe(e, state) for e in events if e.type == "DeadlineWithdrawn"]
    assert withdrawn == ["Deadline withdrawn: dfe decision (annual assessment: new cycle)"]


def test_what_a_passing_assessment_withdraws_says_it_was_an_assessment() -> None:
    """Milton Keynes "continue to 'perform well'" in November 2011: performing well in the
    assessment of Thursday 9 December 2010 too (its grade inferred from "continue"). The second
    sets the DfE's day to revoke the direction again, and says the first's was withdrawn by an
    assessment, not by a re-inspection."""
    state = record(_opened_on_assessment(), "direction_issued", date(2009, 7, 1))
    for rated in (date(2010, 12, 9), date(2011, 11, 8)):
        details = {"judgement": "good", "published_on": rated.isoformat()}
        events = events_for(
            state, "reinspection_completed", rated, kind="annual_assessment", **details
        )
        state = apply_all(events, state)

    withdrawn = [describe(e, state) for e in events if e.type == "DeadlineWithdrawn"]
    assert withdrawn == ["Deadline withdrawn: lifting or revocation (by the annual assessment)"]
