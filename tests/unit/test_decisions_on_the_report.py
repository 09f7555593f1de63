"""The DfE's decision on a report: answered by what it did once that inspection was over, a
partner it sends in or pays for included (version 8)."""

from __future__ import annotations

from datetime import date

from domain.events import DeadlineMet
from domain.intervention import apply_all
from domain.state import DeadlineStatus, InterventionState, Stage
from domain.timeline import describe
from domain.values import Inspection
from tests.unit.builders import events_for, noon, opened, record

# Bournemouth, Christchurch and Poole: "The Department for Education appointed an improvement
# adviser to work with the authority earlier this year" (BBC, November 2020; 1 June 2020
# illustrative); inspected in December 2021 (6 to 17 illustrative), judged inadequate, "the ILACS
# inspection published in February 2022" (Bournemouth Echo 23110439; 15 February illustrative);
# the statutory direction "received by the Council in March 2022" (council papers; 31 March
# illustrative).
BCP = Inspection(
    started_on=date(2021, 12, 6), ended_on=date(2021, 12, 17), published_on=date(2022, 2, 15)
)


def _decision(state: InterventionState) -> tuple[DeadlineStatus, date | None]:
    (decision,) = [d for d in state.deadlines if d.milestone == "dfe_decision"]
    return decision.status, decision.met_on


def _bcp(version: int) -> InterventionState:
    return record(
        opened(BCP, regime_version=version),
        "improvement_adviser_appointed",
        date(2020, 6, 1),
        now=noon(date(2022, 2, 16)),
        name="DfE improvement adviser (2020-2022)",
    )


def test_an_adviser_in_post_before_the_inspection_is_not_the_decision_on_its_report() -> None:
    assert _decision(_bcp(8)) == (DeadlineStatus.PENDING, None)
    directed = record(_bcp(8), "direction_issued", date(2022, 3, 31))
    assert _decision(directed) == (DeadlineStatus.MET, date(2022, 3, 31))
    # Version 7 took the adviser of 2020 for the decision on the report of 2022.
    assert _decision(_bcp(7)) == (DeadlineStatus.MET, date(2020, 6, 1))


def test_a_partner_the_dfe_pays_for_is_its_decision() -> None:
    """The Isles of Scilly: inspected 11 to 13 July 2023, judged inadequate, the report out in
    August 2023 (25 August illustrative); "The Council has received funding from the Department
    for Education to enable Essex County Council to provide support and challenge for the
    service" (scilly.gov.uk; BBC: "since the release of the report"). Darlington's improvement
    partner from September 2015 was likewise "paid for by the Department for Education"
    (Northern Echo), and version 7 flagged its decision overdue in March 2016."""
    scilly = Inspection(
        started_on=date(2023, 7, 11), ended_on=date(2023, 7, 13), published_on=date(2023, 8, 25)
    )
    partnered = {
        version: record(
            opened(scilly, regime_version=version),
            "partner_appointed",
            date(2023, 8, 25),
            partner="Essex County Council",
            programme="DfE-funded support and challenge",
        )
        for version in (7, 8)
    }
    assert _decision(partnered[8]) == (DeadlineStatus.MET, date(2023, 8, 25))
    assert _decision(partnered[7]) == (DeadlineStatus.PENDING, None)


def test_a_report_not_inadequate_with_nothing_in_force_ends_the_intervention() -> None:
    """Darlington: judged inadequate, published 1 September 2015 (Northern Echo); Red Quadrant,
    an improvement partner "paid for by the Department for Education", from September 2015
    (Northern Echo; 14 September illustrative); no notice or direction; re-inspected from 5
    February 2018, requires improvement, published 21 May 2018 (Darlington Council, Cabinet
    item 306). From version 8 the intervention has ended, with nothing for the DfE to lift;
    version 7 showed it awaiting a revocation that could not come."""
    darlington = Inspection(
        started_on=date(2015, 6, 15), ended_on=date(2015, 7, 9), published_on=date(2015, 9, 1)
    )
    stages = {}
    for version in (7, 8):
        state = record(
            opened(darlington, regime_version=version),
            "partner_appointed",
            date(2015, 9, 14),
            partner="Red Quadrant",
        )
        state = record(state, "reinspection_started", date(2018, 2, 5))
        state = record(
            state,
            "reinspection_completed",
            date(2018, 2, 5),
            now=noon(date(2018, 5, 21)),
            judgement="requires_improvement",
            published_on="2018-05-21",
        )
        stages[version] = state.stage
    assert stages == {8: Stage.ENDED, 7: Stage.AWAITING_REVOCATION}


def test_an_inadequate_report_under_a_notice_awaits_no_new_decision_by_a_date() -> None:
    """Birmingham: the annual assessment of 17 December 2008 inadequate and an improvement
    notice of 16 February 2009; the inspection of September 2012 (its days illustrative) judged
    inadequate, published Friday 19 October 2012 (The Chamberlain Files, 19 October 2012), the
    notice still in force, "a fifth year under Government special measures"; the DfE's next
    step, a review team ordered on 29 November 2013 (BBC News, 29 November 2013), a commissioner
    in March 2014 (CYP Now, 27 March 2014). No date would have held for that step: none is
    awaited, and the notice's six-monthly reviews go on."""
    assessed = Inspection.model_validate(
        {"published_on": "2008-12-17", "judgement": "inadequate", "kind": "annual_assessment"}
    )
    state = record(
        opened(assessed, regime_version=15), "improvement_notice_issued", date(2009, 2, 16)
    )
    state = record(state, "reinspection_started", date(2012, 9, 10))
    state = record(state, "reinspection_fieldwork_completed", date(2012, 9, 21))
    state = record(
        state,
        "reinspection_completed",
        date(2012, 10, 19),
        judgement="inadequate",
        published_on="2012-10-19",
    )
    assert state.cycle == 2
    assert [d for d in state.deadlines if d.milestone == "dfe_decision" and d.cycle == 2] == []
    assert any(d.milestone == "progress_review" for d in state.open_deadlines)


# Herefordshire: the improvement notice of 18 May 2021 (gov.uk), in force when the report of
# the inspection of 18 to 29 July 2022 came out on 21 September 2022, judged inadequate.
HEREFORDSHIRE = Inspection(
    started_on=date(2022, 7, 18), ended_on=date(2022, 7, 29), published_on=date(2022, 9, 21)
)


def test_a_decision_answered_by_a_notice_already_in_force_says_so() -> None:
    state = opened(HEREFORDSHIRE, regime_version=22)
    events = events_for(state, "improvement_notice_issued", date(2021, 5, 18))
    noticed = apply_all(events, state)
    (met,) = [e for e in events if isinstance(e, DeadlineMet)]

    assert _decision(noticed) == (DeadlineStatus.MET, date(2021, 5, 18))
    # Not "on time": the notice came sixteen months before the report the decision is on.
    assert describe(met, noticed) == (
        "Deadline met before it was set, by what was already in place: dfe decision "
        "(due 2022-11-16)"
    )


# Kent: the safeguarding and looked-after children inspection of 11 to 22 October 2010, both
# judged inadequate, published on 19 November 2010 (BBC News uk-england-kent-11798697); the
# external advisers the council said it would bring in (KentOnline; 29 November illustrative);
# the DfE's improvement notice in early 2011 (KentOnline; 1 February illustrative).
KENT_2010 = Inspection(
    started_on=date(2010, 10, 11), ended_on=date(2010, 10, 22), published_on=date(2010, 11, 19)
)


def test_a_partner_the_council_engages_itself_is_not_the_dfes_decision() -> None:
    state = opened(KENT_2010, regime_version=22)
    own = events_for(
        state,
        "partner_appointed",
        date(2010, 11, 29),
        partner="External advisers",
        councils_own=True,
    )
    engaged = apply_all(own, state)
    assert _decision(engaged) == (DeadlineStatus.PENDING, None)
    assert describe(own[0], engaged) == (
        "Partner appointed: External advisers, engaged by the council itself"
    )
    noticed = record(engaged, "improvement_notice_issued", date(2011, 2, 1))
    assert _decision(noticed) == (DeadlineStatus.MET, date(2011, 2, 1))
    # Sent in or paid for by the DfE, as a partner is taken to be unless said otherwise, it is.
    sent = record(state, "partner_appointed", date(2010, 11, 29), partner="External advisers")
    assert _decision(sent) == (DeadlineStatus.MET, date(2010, 11, 29))
