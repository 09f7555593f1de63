"""Real councils' interventions, through the real workflow on the time-skipping server.

Each test replays what happened to a council, from its committee papers, Ofsted's letters and
the press (cited in each test), and checks the engine accepts the facts and raises no alert
that the facts contradict. Where a source gives a month but not the day, the day used is said
to be illustrative. Every expected date is worked out by hand in the test's docstring on the
England and Wales bank holiday calendar (the day of receipt is day 0).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from application.scenario import load_scenario
from application.simulation import ScenarioStepError, SimulationResult, simulate
from cli.render import summary_panel
from tests.workflows.real_cases import deadline as _deadline
from tests.workflows.real_cases import flags as _flags
from tests.workflows.real_cases import simulated as _simulate

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _met_within_grace_and_never_flagged(
    result: SimulationResult, milestone: str, due: date, met_on: date
) -> None:
    """Done after its due date, but within the grace the regime gives before an alert: met,
    not late, since late is what would have been flagged (version 6)."""
    found = _deadline(result, milestone)
    assert (found.due, found.status, found.met_on) == (due, "met", met_on)
    assert _flags(result, milestone) == []


# --- 1. every report brings its duties ---------------------------------------------------------


GLOUCESTERSHIRE = """
authority: Gloucestershire County Council
inspection: {published_on: 2017-06-13, judgement: inadequate}
steps:
  - {on: 2017-08-08, record: improvement_notice_issued}
  - {on: 2022-02-07, record: reinspection_started}
  - {on: 2022-02-18, record: reinspection_fieldwork_completed}
  - on: 2022-04-01
    record: reinspection_completed
    effective_on: 2022-02-07
    with: {judgement: requires_improvement, published_on: 2022-04-01, received_on: 2022-04-01}
  - {on: 2022-04-05, record: notice_lifted, by: {name: A Manager, role: manager}}
end_on: 2022-07-29
"""


async def test_a_reinspection_judged_requires_improvement_still_owes_its_statement_of_action(
    database_url: str,
) -> None:
    """Gloucestershire: inadequate in June 2017, improvement notice in August 2017 (Community
    Care, 15 August 2017; the days are illustrative). Re-inspected 7 to 18 February 2022,
    judged requires improvement, published 1 April 2022; "The Council was required to submit
    an improvement plan to Ofsted by 15th July" (Gloucestershire Cabinet, item IId 45219); the
    notice was lifted after the inspection (Social Work Today, 5 April 2022).

    Received 1 April 2022 (the council's own deadline counts from it). 70 working days, skipping
    Good Friday 15 and Easter Monday 18 April, 2 May, and the jubilee holidays of 2 and 3 June:
    April 18, May 39 (to the 31st), June 59 (to the 30th), 1 July 60, then 4-8 July 65 and
    11-15 July 70: Fri 15 July 2022, the council's date. Publishing it (30 working days): 4-8
    April 5, 11-14 April 9, 19-22 April 13, 25-29 April 18, 3-6 May 22, 9-13 May 27, 16-18 May
    30: Wed 18 May 2022. Lifting the notice on 5 April withdraws neither. Nothing records the
    plan, so it is missed the next working day, Mon 18 July 2022, and escalates."""
    result = await _simulate(GLOUCESTERSHIRE, database_url)

    [report] = [r for r in result.status.reports if r.number == 2]
    assert (report.kind, report.judgement, report.received_on) == (
        "reinspection",
        "requires_improvement",
        date(2022, 4, 1),
    )
    statement = _deadline(result, "statement_of_action", 2)
    assert (statement.kind, statement.due, statement.status) == (
        "statutory",
        date(2022, 7, 15),
        "missed",
    )
    publication = _deadline(result, "report_publication", 2)
    assert (publication.kind, publication.due) == ("statutory", date(2022, 5, 18))
    assert (2, date(2022, 7, 18)) in _flags(result, "statement_of_action")
    # Level 2 ten working days after the due date: Fri 29 July 2022.
    assert [
        (e.level, e.to, e.raised_on)
        for e in result.status.escalations
        if (e.milestone, e.number) == ("statement_of_action", 2)
    ] == [
        (1, "director", date(2022, 7, 18)),
        (2, "chief_executive", date(2022, 7, 29)),
        (2, "lead_member", date(2022, 7, 29)),
    ]
    # The notice is lifted and the revocation it answers was met, not alerted.
    assert result.status.stage == "support_and_supervision"
    assert _flags(result, "revocation") == []


# --- 2. recurring duties keep their own calendar -----------------------------------------------


HEREFORDSHIRE = """
authority: Herefordshire Council
inspection: {started_on: 2022-07-18, ended_on: 2022-07-29, published_on: 2022-09-21}
steps:
  - {on: 2022-09-21, record: direction_issued}
  - {on: 2022-09-21, record: commissioner_appointed, with: {name: Eleanor Brazil}}
  - {on: 2022-10-13, record: report_published}
  - {on: 2022-12-12, record: commissioner_report_submitted, with: {recommendation: retain}}
  - {on: 2022-12-15, record: statement_of_action_submitted}
  - {on: 2023-03-28, record: monitoring_visit_completed}
  - on: 2023-06-29
    record: monitoring_visit_completed
    effective_on: 2023-06-28
    with: {ended_on: 2023-06-29}
  - on: 2024-02-22
    record: monitoring_visit_completed
    effective_on: 2024-02-21
    with: {number: 4, ended_on: 2024-02-22}
  - on: 2024-10-23
    record: monitoring_visit_completed
    effective_on: 2024-10-22
    with: {number: 5, ended_on: 2024-10-23}
end_on: 2024-11-29
"""


async def test_an_unrecorded_monitoring_visit_is_flagged_and_the_series_goes_on(
    database_url: str,
) -> None:
    """Herefordshire: inspected 18 to 29 July 2022, inadequate, direction and commissioner on
    21 September 2022, the day of publication (herefordshire.gov.uk); commissioner's verdict
    by 12 December (Community Care, 10 October 2022); action plan endorsed by Cabinet on 15
    December 2022; first monitoring visit in late March 2023 (Hereford Times; the day is
    illustrative), the second on 28-29 June 2023 (Ross Gazette), the fourth on 21-22 February
    2024 and the fifth on 22-23 October 2024 (Herefordshire Cabinet decisions). The third is not
    in the record.

    Receipt not given: assumed three working days before Wed 21 September, skipping the state
    funeral holiday of Mon 19 September: Thu 15 September 2022. Statement of action 70 working
    days later: 16 September 1, 20-30 September 10, October 31, November 53, 1-2 December 55,
    5-23 December 70: Fri 23 December 2022. Visit 1: four weeks later, Fri 20 January 2023;
    not recorded by six weeks after that (Fri 3 March), it is flagged the next working day,
    Mon 6 March 2023, and visit 2 is expected three months after its due date, 20 April. The
    visit of 28 March is the first Ofsted made: it meets visit 1 late, and visit 2 moves to
    three months after it, 28 June, when the second visit came. Visit 3, due 28 September 2023,
    is flagged on Fri 10 November 2023 (28 September + 6 weeks is Thu 9 November) and stays
    flagged; visit 4, expected 28 December, is met by the visit the council records as the
    fourth. The dates are those of version 2 of the rules, which this intervention opened
    under; version 3 waits two months, not six weeks, before calling a visit overdue."""
    result = await _simulate("regime_version: 2\n" + HEREFORDSHIRE, database_url)

    visits = {
        d.number: (d.due, d.status, d.met_on)
        for d in result.status.deadlines
        if d.milestone == "monitoring_visit"
    }
    assert visits[1] == (date(2023, 1, 20), "met_late", date(2023, 3, 28))
    assert visits[2] == (date(2023, 6, 28), "met", date(2023, 6, 28))
    assert visits[3] == (date(2023, 9, 28), "missed", None)
    assert visits[4] == (date(2023, 12, 28), "met_late", date(2024, 2, 21))
    assert visits[5][1:] == ("met_late", date(2024, 10, 22))
    # The series is still going: the next visit is expected, and is the next deadline.
    following = [n for n in visits if n > 5]
    assert following
    assert visits[max(following)][1] == "pending"
    flagged = dict(_flags(result, "monitoring_visit"))
    assert flagged[1] == date(2023, 3, 6)
    assert flagged[3] == date(2023, 11, 10)
    moved = [e for e in result.status.events if e.type == "DeadlineRescheduled"]
    assert ("monitoring_visit", 2, "2023-06-28") in [
        (e.data["milestone"], e.data["number"], e.data["due"]) for e in moved
    ]


STOKE_VISITS = """
regime_version: 5
authority: %s
inspection: {published_on: 2019-03-18, judgement: inadequate}
steps:
  - {on: 2019-05-16, record: direction_issued}
  - {on: 2019-10-15, record: monitoring_visit_completed}
  - {on: 2020-02-11, record: monitoring_visit_completed}
  - {on: 2021-06-15, record: monitoring_visit_completed}
  - {on: 2021-09-14, record: monitoring_visit_completed}
  - {on: 2021-12-07, record: monitoring_visit_completed}
  - {on: 2022-03-08, record: monitoring_visit_completed, with: {final: %s}}
  - {on: 2022-10-10, record: reinspection_started}
end_on: 2022-10-31
"""


async def test_the_visit_ofsted_calls_final_expects_no_other_before_the_reinspection(
    database_url: str,
) -> None:
    """Stoke-on-Trent: a direction of 16 May 2019 (gov.uk, "Direction issued to Stoke-on-Trent
    City Council"); a visit in February 2020 (CYP Now, 25 March 2020), visits in 2021 and 2022
    (Community Care, 2 December 2022); in March 2022 "the sixth and final monitoring visit"
    before the re-inspection (Community Care, 22 April 2022), and Ofsted on site for it in
    October 2022 (Stoke-on-Trent City Council news, article 1188). The days are illustrative.

    Recorded as any other visit, the next is expected three months after Tue 8 March 2022, Wed
    8 June, and called overdue three months later, the working day after Thu 8 September: Fri
    9 September 2022, while the council was waiting for the re-inspection Ofsted had told it
    of.
    Recorded as final, no other visit is expected and nothing is flagged. (Under version 5:
    version 6 waits six months after the quarter, and the re-inspection came first.)"""
    # Each run a council of its own: both go into the same event store.
    as_any_other = await _simulate(
        STOKE_VISITS % ("Stoke-on-Trent (control)", "false"), database_url
    )
    after_the_last = [
        day for _, day in _flags(as_any_other, "monitoring_visit") if day > date(2022, 3, 8)
    ]
    assert after_the_last == [date(2022, 9, 9)]

    result = await _simulate(STOKE_VISITS % ("Stoke-on-Trent City Council", "true"), database_url)
    assert [day for _, day in _flags(result, "monitoring_visit") if day > date(2022, 3, 8)] == []
    visits = [d for d in result.status.deadlines if d.milestone == "monitoring_visit"]
    assert visits[-1].met_on == date(2022, 3, 8)
    assert [d for d in visits if d.status == "pending"] == []


NOTTINGHAM = """
authority: Nottingham City Council
inspection: {started_on: 2022-07-04, ended_on: 2022-07-22, published_on: 2022-09-05}
steps:
  - {on: 2022-09-05, record: report_published}
  - {on: 2022-10-24, record: improvement_notice_issued}
  - {on: 2022-10-24, record: improvement_adviser_appointed, with: {name: Lou Williams}}
  - {on: 2022-10-24, record: improvement_board_established, with: {chair: Lou Williams}}
  - {on: 2022-12-07, record: statement_of_action_submitted}
  - {on: 2023-02-28, record: monitoring_visit_completed}
  - {on: 2023-07-25, record: monitoring_visit_completed}
  - {on: 2023-11-22, record: monitoring_visit_completed}
  - {on: 2024-04-09, record: monitoring_visit_completed}
  - {on: 2024-11-19, record: monitoring_visit_completed, with: {number: 6, final: true}}
end_on: 2025-09-29
"""


async def test_a_reinspection_due_long_ago_says_when_it_will_be_flagged(
    database_url: str,
) -> None:
    """Nottingham: judged inadequate in a report published Mon 5 September 2022, an
    improvement notice on 24 October 2022 (gov.uk), the "sixth and final" monitoring visit in
    November 2024, and in September 2025 the re-inspection expected "between now and March next
    year" (Nottingham Post, 29 September 2025; the visits' days are illustrative). The
    re-inspection was "due" 24 months after publication, Thu 5 September 2024, and waits 21
    months' grace, to Fri 5 June 2026: flagged from the working day after, Mon 8 June 2026.
    A year after its due date it is still the next deadline, and says so, not "due" alone."""
    result = await _simulate(NOTTINGHAM, database_url)

    reinspection = _deadline(result, "reinspection")
    assert (reinspection.due, reinspection.status) == (date(2024, 9, 5), "pending")
    assert reinspection.flagged_from == date(2026, 6, 8)
    assert result.status.upcoming == reinspection
    assert _deadline(result, "statement_of_action").flagged_from is None  # it escalates
    console = Console(record=True, width=200)
    console.print(summary_panel(result.status))
    assert (
        "next deadline: reinspection due 2024-09-05, flagged from 2026-06-08 if not recorded"
        in console.export_text()
    )


# --- 3. instruments are a chain, with their own people and conditions -------------------------


TOWER_HAMLETS = """
authority: London Borough of Tower Hamlets
inspection: {started_on: 2017-01-23, ended_on: 2017-02-16, published_on: 2017-04-07}
contacts:
  improvement_adviser: [{name: Intervention Advisers, email: advisers@dfe.example}]
steps:
  - {on: 2017-05-05, record: report_published}
  - {on: 2017-06-30, record: statement_of_action_submitted}
  - on: 2017-09-13
    record: direction_issued
    with:
      conditions:
        - name: adviser_review
          title: "Intervention advisers' six-monthly review"
          due: 2018-02-28
          every_months: 6
          owner: dfe
        - name: chair_report
          title: "Board chair's report to the Secretary of State"
          due: 2017-12-31
          every_months: 3
  - on: 2017-09-13
    record: improvement_adviser_appointed
    with: {name: Lincolnshire and Islington}
  - {on: 2017-09-13, record: board_chair_appointed, with: {name: Alan Wood}}
  - {on: 2017-09-13, record: improvement_board_established, with: {chair: Alan Wood}}
  - {on: 2017-12-20, record: condition_met, with: {condition: chair_report}}
  - {on: 2018-02-26, record: condition_met, with: {condition: adviser_review}}
  - {on: 2018-05-10, record: condition_met, with: {condition: chair_report}}
end_on: 2018-05-31
"""


async def test_a_direction_without_a_commissioner_sets_conditions_that_escalate_to_the_adviser(
    database_url: str,
) -> None:
    """Tower Hamlets: inspected 23 January to 16 February 2017, inadequate, published 7 April
    2017 (East London Advertiser); a direction in September 2017 with intervention advisers
    from Lincolnshire and Islington and no commissioner, Alan Wood (spelt "Woods" there) to
    chair the board; "The
    Intervention Advisers are required to carry out six monthly reviews ..., the first review
    to be submitted in February 2018"; "The Chair of the Improvement Board is required to
    report to the Secretary of State ... on a quarterly basis, the first report being due by
    the year end" (Shirsho Bindu and Love Wapping, 13 September 2017; the days of the direction
    and of the reports are illustrative).

    The chair's reports keep the direction's calendar: 31 December 2017, then 31 March 2018.
    The second, not recorded by then, is missed the working day after the Saturday due date
    and Easter Monday 2 April: Tue 3 April 2018; level 2 ten working days after the due date,
    Mon 16 April; level 3 twenty, Mon 30 April 2018, to the intervention advisers, who oversee
    for the DfE here (no commissioner is appointed). The next report is still expected on
    30 June 2018. Recorded late on 10 May, the report meets the one of 31 March, late."""
    result = await _simulate(TOWER_HAMLETS, database_url)

    [direction] = result.status.instruments
    assert (direction.kind, direction.issued_on) == ("direction", date(2017, 9, 13))
    assert [c.name for c in direction.conditions] == ["adviser_review", "chair_report"]
    assert not [d for d in result.status.deadlines if d.milestone == "commissioner_report"]
    reports = {
        d.number: (d.kind, d.due, d.status, d.met_on)
        for d in result.status.deadlines
        if d.milestone == "chair_report"
    }
    assert reports == {
        1: ("condition", date(2017, 12, 31), "met", date(2017, 12, 20)),
        2: ("condition", date(2018, 3, 31), "met_late", date(2018, 5, 10)),
        3: ("condition", date(2018, 6, 30), "pending", None),
    }
    assert [
        (e.level, e.to, e.raised_on)
        for e in result.status.escalations
        if e.milestone == "chair_report"
    ] == [
        (1, "director", date(2018, 4, 3)),
        (2, "chief_executive", date(2018, 4, 16)),
        (2, "lead_member", date(2018, 4, 16)),
        (3, "improvement_adviser", date(2018, 4, 30)),
    ]
    review = _deadline(result, "adviser_review", 1)
    assert (review.due, review.status) == (date(2018, 2, 28), "met")
    assert [
        (n.level, [c.name for c in n.contacts]) for n in result.notifications if n.level == 3
    ] == [(3, ["Intervention Advisers"])]


async def test_a_direction_revised_and_replaced_with_a_partner_and_its_condition_met(
    database_url: str,
) -> None:
    """Croydon (examples/croydon-2017.yaml, sources there): the direction of 4 September 2017
    required the commissioner's report by 4 December; it was revised on 25 January 2018, with
    Camden as partner, and replaced by the direction of 8 May 2018. The commissioner's report
    of 4 December meets the direction's condition, which stands instead of the regime's own
    three-month expectation for the same report."""
    result = await simulate(load_scenario(EXAMPLES / "croydon-2017.yaml"), database_url)

    first, second = result.status.instruments
    assert (first.kind, first.issued_on, first.revised_on, first.ended_on) == (
        "direction",
        date(2017, 9, 4),
        (date(2018, 1, 25),),
        date(2018, 5, 8),
    )
    assert (second.kind, second.issued_on, second.ended_on) == ("direction", date(2018, 5, 8), None)
    reports = [d for d in result.status.deadlines if d.milestone == "commissioner_report"]
    assert [(d.kind, d.due, d.status, d.met_on) for d in reports] == [
        ("condition", date(2017, 12, 4), "met", date(2017, 12, 4))
    ]
    [camden] = [a for a in result.status.appointments if a.role == "partner"]
    assert (camden.name, camden.programme) == ("London Borough of Camden", "Intensive peer support")
    assert result.status.escalations == []


BARNET = """
authority: London Borough of Barnet
inspection: {started_on: 2017-04-25, ended_on: 2017-05-18, published_on: 2017-07-07}
steps:
  - on: 2017-08-31
    record: direction_issued
    with:
      conditions:
        - {name: commissioner_report, title: "Commissioner's report", due: 2017-11-30}
  - {on: 2017-08-31, record: commissioner_appointed, with: {name: Frankie Sulke}}
  - {on: 2017-12-08, record: commissioner_report_submitted, with: {recommendation: retain}}
end_on: 2017-12-29
"""


async def test_the_commissioners_late_report_is_chased_by_the_dfe_not_the_council(
    database_url: str,
) -> None:
    """Barnet: inspected 25 April to 18 May 2017, inadequate (barnet.gov.uk); a direction in
    August 2017 with Frankie Sulke as commissioner, who "will report to the government by the
    end of November" (Community Care, 13 September 2017); "on 8 December 2017 Ms Sulke
    submitted her report to ministers" (barnet.gov.uk, improvement journey). The days of
    publication and of the direction are illustrative.

    The direction's condition is the commissioner's report, so it is the commissioner's: the
    reminder ten working days before Thu 30 November goes to her, Thu 16 November 2017, and the
    level 1 escalation the working day after, Fri 1 December, goes to the DfE's case lead, not
    the council's Director, who cannot make her report. Level 2, ten working days after the due
    date (Thu 14 December), never comes: the report was in on 8 December, late."""
    result = await _simulate(BARNET, database_url)

    report = _deadline(result, "commissioner_report", 1)
    assert (report.kind, report.owner, report.status) == ("condition", "commissioner", "met_late")
    reminders = [
        (e.data["to"], e.effective_on)
        for e in result.status.events
        if e.type == "ReminderSent" and e.data["milestone"] == "commissioner_report"
    ]
    assert reminders == [("commissioner", date(2017, 11, 16))]
    assert [
        (e.level, e.to, e.raised_on)
        for e in result.status.escalations
        if e.milestone == "commissioner_report"
    ] == [(1, "dfe_case_lead", date(2017, 12, 1))]


MIDDLESBROUGH = """
authority: Middlesbrough Council
inspection: {started_on: 2019-11-18, ended_on: 2019-12-06, published_on: 2020-01-23}
steps:
  - {on: 2020-02-14, record: direction_issued}
  - {on: 2020-02-14, record: commissioner_appointed, with: {name: Peter Dwyer}}
  - {on: 2020-04-30, record: commissioner_report_submitted, with: {recommendation: retain}}
  - {on: 2020-06-05, record: services_retained, by: {name: A Manager, role: manager}}
  - {on: 2020-09-16, record: monitoring_visit_completed, effective_on: 2020-09-15}
  - {on: 2020-11-11, record: progress_review_completed, effective_on: 2020-11-09}
  - on: 2021-07-15
    record: focused_visit_completed
    effective_on: 2021-05-26
    with: {published_on: 2021-07-15}
  - {on: 2021-07-16, record: progress_review_completed, effective_on: 2021-07-12}
end_on: 2021-10-29
"""


async def test_the_dfes_reviews_count_from_its_decision_and_a_focused_visit_is_ofsteds_visit(
    database_url: str,
) -> None:
    """Middlesbrough: inspected 18 November to 6 December 2019, inadequate, published in
    January 2020 (Northern Echo; BBC); a direction and commissioner Peter Dwyer in February
    2020; his report in April recommending the council keep its services, accepted in early
    June, "to be overseen by the government for a further 12 months" (BBC, June 2020); a
    virtual Ofsted visit in September 2020 (BBC); the six-month review on 9-11 November 2020
    (Middlesbrough Council); Ofsted's focused visit of 26-27 May 2021, its letter on 15 July
    (Middlesbrough Council, item 4105); the commissioner's review visit in the week of 12 July
    2021 (Middlesbrough Council news). The days in January, February, April, June and
    September are illustrative.

    The commissioner's review stood in for the DfE's until its decision of 5 June 2020: the
    first review, due six months after the direction (14 August 2020), counts from the
    decision instead, Sat 5 December 2020, and the review of 9 November meets it on time. Held
    early, within its two months, it keeps the DfE's calendar (version 21): the next, the
    "12-month review", is due six months after 5 December, Sat 5 June 2021, and the review of
    12 July meets it within its two months' grace. Under version 20 it counted from 9 November,
    due 9 May 2021, and was called overdue on the working day after Fri 9 July, Mon 12 July
    2021, the day the review began, recorded four days later, and met late. The focused visit
    in May 2021, while Ofsted's monitoring visits were restarting after the pandemic, is the
    visit for the quarter: no visit is called overdue through October."""
    result = await _simulate(MIDDLESBROUGH, database_url)

    review = _deadline(result, "progress_review", 1)
    assert (review.due, review.status, review.met_on) == (
        date(2020, 12, 5),
        "met",
        date(2020, 11, 9),
    )
    assert _flags(result, "progress_review") == []
    twelve_months = _deadline(result, "progress_review", 2)
    assert (twelve_months.due, twelve_months.status) == (date(2021, 6, 5), "met")
    before = await _simulate(MIDDLESBROUGH, database_url, version=20)
    assert _flags(before, "progress_review") == [(2, date(2021, 7, 12))]
    assert _deadline(before, "progress_review", 2).status == "met_late"
    met_by_visits = sorted(
        d.met_on for d in result.status.deadlines if d.milestone == "monitoring_visit" and d.met_on
    )
    assert met_by_visits == [date(2020, 9, 15), date(2021, 5, 26)]
    assert _flags(result, "monitoring_visit") == []


# --- 4. alternative delivery is a programme ---------------------------------------------------


async def test_services_moved_to_a_company_with_the_direction_kept_expect_no_revocation(
    database_url: str,
) -> None:
    """Worcestershire (examples/worcestershire-2017.yaml, sources there): the commissioner
    appointed in March 2017 and again, for a further period, in September 2017; options
    appraised on 14 December 2017; the direction of August 2018 to transfer services to a
    council-owned company live on 1 October 2019; re-inspected in June 2019, requires
    improvement, published 29 July 2019; the direction kept after go-live.

    The re-inspection report's statement of action counts from its assumed receipt, three
    working days before Mon 29 July: Wed 24 July 2019. 70 working days, skipping 26 August: July
    5, August 26, September 47, 1-31 October 70: Thu 31 October 2019. No revocation is expected
    while, and after, services move."""
    result = await simulate(load_scenario(EXAMPLES / "worcestershire-2017.yaml"), database_url)

    live = _deadline(result, "alternative_delivery_live")
    assert (live.kind, live.due, live.status, live.met_on) == (
        "plan",
        date(2019, 10, 1),
        "met",
        date(2019, 10, 1),
    )
    assert not [d for d in result.status.deadlines if d.milestone == "revocation"]
    statement = _deadline(result, "statement_of_action", 2)
    assert (statement.due, statement.assumed, statement.status) == (
        date(2019, 10, 31),
        True,
        "met",
    )
    delivery = result.status.delivery
    assert delivery is not None
    assert (delivery.options_appraised_on, delivery.go_live_on, delivery.live_on) == (
        date(2017, 12, 14),
        date(2019, 10, 1),
        date(2019, 10, 1),
    )
    periods = [a for a in result.status.appointments if a.role == "commissioner"]
    assert [(a.number, a.from_on) for a in periods] == [
        (1, date(2017, 3, 24)),
        (2, date(2017, 9, 19)),
    ]
    commissioner_reports = [
        (d.number, d.status)
        for d in result.status.deadlines
        if d.milestone == "commissioner_report"
    ]
    assert commissioner_reports == [(None, "met"), (2, "met")]
    assert (result.status.track, result.status.status) == ("direction", "open")
    assert result.status.escalations == []


WEST_SUSSEX = """
authority: West Sussex County Council
inspection: {started_on: 2019-02-25, ended_on: 2019-03-08, published_on: 2019-05-08}
steps:
  - {on: 2019-06-04, record: direction_issued}
  - {on: 2019-06-04, record: commissioner_appointed, with: {name: John Coughlan}}
  - on: 2019-10-15
    record: commissioner_report_submitted
    with: {recommendation: alternative_delivery}
  - {on: 2019-12-17, record: direction_revised}
  - {on: 2019-12-17, record: alternative_delivery_directed, with: {model: trust}}
  - on: 2019-12-17
    record: commissioner_appointed
    with: {name: John Coughlan, report_by: 2020-12-17}
  - {on: 2020-12-10, record: commissioner_report_submitted, with: {recommendation: retain}}
  - {on: 2020-12-10, record: direction_revised}
  - {on: 2022-03-31, record: services_retained}
end_on: 2022-04-29
"""


async def test_a_further_period_reports_at_its_end_and_a_trust_shelved_ends_the_move(
    database_url: str,
) -> None:
    """West Sussex: inspected 25 February to 8 March 2019, inadequate, published 8 May 2019
    (westsussex.gov.uk); a direction of 4 June 2019 with John Coughlan as commissioner (gov.uk,
    "Direction issued to West Sussex County Council"); his report, "written in October 2019"
    (Community Care, 11 January 2021; the day is illustrative), recommending a trust; on 17
    December 2019 the Secretary of State directed the trust, and the commissioner "will lead
    this process over the next 12 months" (Midhurst and Petworth Observer); his second report
    on 10 December 2020 with a revised direction (gov.uk, December 2020); the trust "shelved"
    on 31 March 2022 (gov.uk, revised direction of March 2022; CYP Now).

    The further period reports by the day it sets, Thu 17 December 2020, not three months in:
    the report of 10 December meets it on time, and nothing about it is flagged. While he
    reports, the DfE holds no review of its own: from version 13 its review waits for his
    report, though the trust was directed before he was kept on that day, and from version 21
    counts from the day it came, Thu 10 June 2021 (version 20 had the report meet that review
    as well, and the next fall due on 10 June); version 12 kept the review counted from his
    first report (Wed 15 April 2020) and flagged it two months on, Tue 16 June 2020. Keeping
    the services on 31 March 2022 ends the move to the trust: the status no longer shows
    services moving."""
    result = await _simulate(WEST_SUSSEX, database_url)
    before = await _simulate(WEST_SUSSEX, database_url, version=12)

    second = _deadline(result, "commissioner_report", 2)
    assert (second.due, second.status, second.met_on) == (
        date(2020, 12, 17),
        "met",
        date(2020, 12, 10),
    )
    assert _flags(result, "commissioner_report") == []
    review = _deadline(result, "progress_review", 1)
    assert (review.due, review.met_on) == (date(2021, 6, 10), None)
    assert (1, date(2020, 6, 16)) not in _flags(result, "progress_review")
    assert (1, date(2020, 6, 16)) in _flags(before, "progress_review")
    assert result.status.delivery is None
    assert result.status.stage == "improvement"


SLOUGH = """
authority: Slough Borough Council
inspection: {started_on: 2011-05-09, ended_on: 2011-05-20, published_on: 2011-06-01}
steps:
  - on: 2014-02-18
    record: reinspection_completed
    effective_on: 2013-11-19
    with: {judgement: inadequate, published_on: 2014-02-18}
  - {on: 2014-10-23, record: direction_issued}
  - {on: 2014-10-23, record: commissioner_appointed, with: {name: Eleanor Brazil}}
  - on: 2014-10-23
    record: transfer_directed
    with: {go_live_on: 2015-10-01, model: trust, provider: "Slough Children's Services Trust"}
  - {on: 2015-10-01, record: alternative_delivery_live}
  - on: 2021-04-01
    record: transfer_directed
    with: {go_live_on: 2021-04-01, model: council_company, provider: Slough Children First}
  - {on: 2021-04-01, record: alternative_delivery_live}
  - on: 2022-02-24
    record: focused_visit_completed
    effective_on: 2022-01-18
    with: {published_on: 2022-02-24}
end_on: 2022-03-31
"""


async def test_services_moved_twice_over_more_than_ten_years(database_url: str) -> None:
    """Slough: inadequate in 2011 (BBC, June 2011) and again after the inspection of 19
    November to 11 December 2013 (Slough Borough Council, item 25555); a direction in October
    2014 with Eleanor Brazil as commissioner (Slough Observer, 24 October 2014) moving services
    to Slough Children's Services Trust, live "from 1 October 2015"; the trust became Slough
    Children First, owned by the council, on 1 April 2021 (Slough Borough Council minutes); a
    focused visit in January 2022. The days of 2011, 2014 and 2022 are illustrative.

    Each move goes live on the day its direction sets, and the second is met as the first
    was; the record runs on past ten years from the first report. Eleanor Brazil, appointed
    the day the direction moved the services, is there to see the move through: version 11
    withdraws the report her appointment set for Fri 23 January 2015, which version 10 awaited
    and flagged on Fri 24 April 2015, the working day after its three months' grace, and counts
    the DfE's first review from the decision, Thu 23 April 2015, not from that report (Thu 23
    July 2015)."""
    result = await _simulate(SLOUGH, database_url)
    before = await _simulate(SLOUGH, database_url, version=10)

    assert _deadline(result, "commissioner_report").status == "withdrawn"
    assert _flags(result, "commissioner_report") == []
    assert _flags(before, "commissioner_report") == [(None, date(2015, 4, 24))]
    assert _deadline(result, "progress_review", 1).due == date(2015, 4, 23)
    assert _deadline(before, "progress_review", 1).due == date(2015, 7, 23)

    live = {
        d.number: (d.due, d.status)
        for d in result.status.deadlines
        if d.milestone == "alternative_delivery_live"
    }
    assert live == {None: (date(2015, 10, 1), "met"), 2: (date(2021, 4, 1), "met")}
    assert result.status.delivery is not None
    assert result.status.delivery.provider == "Slough Children First"
    # Recorded more than ten years after the first report, when the server had handed the
    # workflow on to a new run.
    assert ("FocusedVisitCompleted", date(2022, 1, 18)) in [
        (e.type, e.effective_on) for e in result.status.events
    ]


DONCASTER_TRUST = """
authority: Doncaster Metropolitan Borough Council
inspection:
  {started_on: 2015-09-21, ended_on: 2015-10-15, published_on: 2015-11-27, judgement: inadequate}
steps:
  - {on: 2014-09-19, record: direction_issued}
  - on: 2014-09-19
    record: transfer_directed
    with: {go_live_on: 2014-10-01, model: trust, provider: "Doncaster Children's Services Trust"}
  - {on: 2014-10-01, record: alternative_delivery_live}
  - {on: 2016-06-17, record: direction_issued}
  - {on: 2017-11-06, record: reinspection_started}
  - {on: 2017-11-23, record: reinspection_fieldwork_completed}
  - on: 2018-01-19
    record: reinspection_completed
    effective_on: 2017-11-06
    with: {judgement: good, published_on: 2018-01-19}
  - {on: 2021-01-15, record: direction_revoked, by: {name: A Manager, role: manager}}
  - on: 2022-03-30
    record: options_appraisal_completed
    with: {recommendation: "Bring the services back in-house, the trust's contract ended early"}
  - {on: 2022-09-01, record: services_retained}
end_on: 2022-12-31
"""


@pytest.mark.parametrize("version", [14, 15])
async def test_a_trust_running_the_services_before_the_report_and_their_return(
    version: int, database_url: str
) -> None:
    """Doncaster: the direction of 19 September 2014 to contract with Doncaster Children's
    Services Trust (gov.uk, "Direction issued to Doncaster metropolitan borough council"), the
    trust live on 1 October 2014 (BBC News, 1 October 2014); the inspection of autumn 2015
    judged inadequate, "published today (Friday, November 27)" (Doncaster Free Press; Community
    Care, 27 November 2015; the fieldwork days illustrative); a direction of 17 June 2016
    replacing that of 2014 (gov.uk); re-inspected in November 2017 and judged good, published
    Friday 19 January 2018 (CYP Now); the minister's letter of January 2021 "communicating the
    lifting of all Directions" (Doncaster Free Press, March 2022; the day illustrative); the
    Cabinet's decision "at the end of March to bring services back in-house" (Community Care,
    13 April 2022; 30 March illustrative), and the services back with the council on 1
    September 2022 (CYP Now, 26 July 2022).

    The direction and the move already in place when the record opens are recorded on their
    real days, the go-live met on its day; no revocation is awaited after the good report, the
    direction being kept with the trust. From version 15 the return of the services ends the
    move and leaves support and supervision where it was; version 14 kept the move and put the
    intervention back to improvement, sixteen months after the directions were lifted."""
    result = await _simulate(DONCASTER_TRUST, database_url, version=version)

    live = _deadline(result, "alternative_delivery_live")
    assert (live.due, live.status, live.met_on) == (date(2014, 10, 1), "met", date(2014, 10, 1))
    assert _flags(result, "revocation") == []
    if version == 15:
        assert (result.status.stage, result.status.delivery) == ("support_and_supervision", None)
    else:
        assert result.status.stage == "improvement"
        assert result.status.delivery is not None


# --- 5. Ofsted's whole engagement ---------------------------------------------------------------


BROMLEY = """
authority: London Borough of Bromley
inspection: {published_on: 2016-06-21, judgement: inadequate}
steps:
  - {on: 2016-06-21, record: direction_issued}
  - {on: 2018-11-05, record: reinspection_started}
  - {on: 2018-11-16, record: reinspection_fieldwork_completed}
  - on: 2019-01-07
    record: reinspection_completed
    effective_on: 2018-11-05
    with: {judgement: good, published_on: 2019-01-07}
  - {on: 2019-01-09, record: direction_revoked, by: {name: A Manager, role: manager}}
end_on: 2019-01-31
"""

BUCKINGHAMSHIRE = """
authority: Buckinghamshire County Council
inspection: {published_on: 2018-01-29, judgement: inadequate}
steps:
  - {on: 2018-07-12, record: direction_issued}
  - {on: 2021-12-06, record: reinspection_started}
  - {on: 2021-12-17, record: reinspection_fieldwork_completed}
  - on: 2022-02-11
    record: reinspection_completed
    effective_on: 2021-12-06
    with: {judgement: requires_improvement, published_on: 2022-02-11}
end_on: 2022-02-28
"""


async def test_no_reinspection_alert_once_ofsted_is_on_site(database_url: str) -> None:
    """Bromley: inadequate report in June 2016 (LGC; the day is illustrative), re-inspected in
    November 2018, judged good and published 7 January 2019, the direction lifted that month
    (Public Sector Executive, 9 January 2019; the fieldwork days are illustrative). The
    re-inspection was due 24 months after publication, 21 June 2018, and would be flagged after
    six months' grace, in December 2018: Ofsted was on site from 5 November, which meets it,
    within the grace, so not late."""
    result = await _simulate(BROMLEY, database_url)

    _met_within_grace_and_never_flagged(
        result, "reinspection", date(2018, 6, 21), date(2018, 11, 5)
    )
    stages = [e.type for e in result.status.events if e.type.startswith("Reinspection")]
    assert stages == [
        "ReinspectionStarted",
        "ReinspectionFieldworkCompleted",
        "ReinspectionCompleted",
    ]
    # Monitoring visits stop when Ofsted arrives: none is left open, none flagged after.
    open_visits = [
        d for d in result.status.deadlines if d.milestone == "monitoring_visit" and d.met_on is None
    ]
    assert {d.status for d in open_visits} <= {"withdrawn", "missed"}


async def test_the_pause_of_inspection_waits_the_reinspection_alert_it_ran_into(
    database_url: str,
) -> None:
    """Buckinghamshire: inadequate again in a report published in January 2018 (Slough Observer:
    "published on Monday"; 29 January is inferred), direction on 12 July 2018 (DfE);
    re-inspected 6 to 17 December 2021 and published 11 February 2022, 47 months later (Bucks
    Free Press; Buckinghamshire Council). Routine inspection stopped on 17 March 2020 and graded
    inspection came back in autumn 2021 (the regime's pause, to 1 September 2021).

    Due 24 months after publication, Wed 29 January 2020, before the pause: Ofsted's
    expectation stands. The 21 months' grace, to 29 October 2021, ran into the pause and waits
    for all its 533 days: it ends on Sat 15 April 2023 and the alert would come the working day
    after, Mon 17 April 2023. Ofsted was on site on 6 December 2021: no alert, and met within
    the grace, so not late. Version 6 moved the due date itself, to 15 July 2021 (29 January
    2020 + 337 days is 31 December 2020, + 196 is 15 July 2021), since its alert fell in the
    pause."""
    result = await _simulate(BUCKINGHAMSHIRE, database_url)
    before = await _simulate(BUCKINGHAMSHIRE, database_url, version=6)

    reinspection = _deadline(result, "reinspection")
    assert (reinspection.due, reinspection.status, reinspection.met_on) == (
        date(2020, 1, 29),
        "met",
        date(2021, 12, 6),
    )
    [scheduled] = [
        e.data
        for e in result.status.events
        if e.type == "DeadlineScheduled" and e.data["milestone"] == "reinspection"
    ]
    assert scheduled["alert_on"] == "2023-04-17"
    assert _flags(result, "reinspection") == []
    assert _deadline(before, "reinspection").due == date(2021, 7, 15)


TRAFFORD = """
authority: Trafford Council
inspection: {published_on: 2019-05-08, judgement: inadequate}
steps:
  - {on: 2019-05-23, record: improvement_notice_issued}
  - on: 2019-10-16
    record: monitoring_visit_completed
    effective_on: 2019-10-15
    with: {ended_on: 2019-10-16}
  - on: 2019-11-02
    record: monitoring_letter_published
    with: {visit: 2019-10-15, areas_reviewed: Help and protection}
end_on: 2019-11-29
"""


async def test_a_letter_names_the_visit_by_its_first_day(database_url: str) -> None:
    """Trafford: judged inadequate, Ofsted's report published 8 May 2019; an improvement notice on
    23 May 2019 (gov.uk, "Improvement notice issued to Trafford council"); Ofsted's first monitoring
    visit on Tuesday 15 and Wednesday 16 October 2019, its letter expected "from as early as Friday
    November 1" (Messenger Newspapers; its publication on 2 November and the areas reviewed are
    illustrative). The visit is recorded once it has ended, effective its first day, and the letter
    names it by that day, as people do: it is stored as visit 1, the visit of 15 October, which met
    the first monitoring visit on its day."""
    result = await _simulate(TRAFFORD, database_url)

    [letter] = [e for e in result.status.events if e.type == "MonitoringLetterPublished"]
    assert (letter.effective_on, letter.data["visit"]) == (date(2019, 11, 2), 1)
    visit = _deadline(result, "monitoring_visit", 1)
    assert (visit.status, visit.met_on) == ("met", date(2019, 10, 15))


async def test_a_visit_recorded_on_its_first_day_with_its_last_day_is_told_how(
    database_url: str,
) -> None:
    """Trafford's visit of 15 and 16 October 2019 (Messenger Newspapers), recorded on the 15th
    with its end on the 16th: a fact is recorded once it has happened, so the step is refused,
    and the message says how to record it."""
    on_its_first_day = TRAFFORD.replace(
        "  - on: 2019-10-16\n    record: monitoring_visit_completed\n    effective_on: 2019-10-15",
        "  - on: 2019-10-15\n    record: monitoring_visit_completed",
    )
    assert on_its_first_day != TRAFFORD

    with pytest.raises(ScenarioStepError) as refused:
        await _simulate(on_its_first_day, database_url)

    assert str(refused.value) == (
        "line 6 step 2 (monitoring_visit_completed on 2019-10-15): ended_on 2019-10-16 is in the "
        "future; today is 2019-10-15: record the monitoring visit once it has ended (on "
        "2019-10-16, with effective_on 2019-10-15), or leave ended_on out"
    )


# --- 6. facts recorded before their anchor count -----------------------------------------------


async def test_a_board_set_up_before_the_direction_meets_the_board_deadline(
    database_url: str,
) -> None:
    """Croydon (examples/croydon-2017.yaml): "An improvement board, with an independent chair,
    has been set up" by the time of the report (croydon.gov.uk, Ofsted response and FAQs),
    recorded before the direction of the same day. The direction's board deadline, 3 months
    later (4 December 2017), is met by it when set, and never flagged."""
    result = await simulate(load_scenario(EXAMPLES / "croydon-2017.yaml"), database_url)

    board = _deadline(result, "improvement_board")
    assert (board.due, board.status, board.met_on) == (date(2017, 12, 4), "met", date(2017, 9, 4))
    assert _flags(result, "improvement_board") == []


# --- 7. an intervention can start without an inadequate judgement ------------------------------


HEREFORDSHIRE_2021 = """
authority: Herefordshire Council
inspection: {published_on: 2018-06-20, received_on: 2018-06-20, judgement: requires_improvement}
steps:
  - {on: 2018-07-10, record: report_published}
  - {on: 2018-09-25, record: statement_of_action_submitted}
  - {on: 2021-05-18, record: improvement_notice_issued}
  - {on: 2021-05-18, record: improvement_adviser_appointed, with: {name: Gladys Rhodes White}}
  - {on: 2021-06-01, record: improvement_board_established, with: {chair: Gladys Rhodes White}}
end_on: 2021-06-30
"""

PETERBOROUGH_2023 = """
authority: Peterborough City Council
inspection:
  started_on: 2023-03-07
  ended_on: 2023-03-08
  published_on: 2023-05-10
  judgement: focused_visit
  priority_actions:
    - Timeliness of response to contacts, referrals and MASH enquiries
    - Multi-agency responses to children at risk of extra-familial harm
steps:
  - {on: 2023-07-20, record: statement_of_action_submitted}
  - {on: 2023-08-01, record: improvement_notice_issued}
  - {on: 2023-11-01, record: board_chair_appointed, with: {name: Sally Rowe}}
  - {on: 2023-11-07, record: improvement_board_established, with: {chair: Sally Rowe}}
end_on: 2023-11-30
"""


async def test_an_intervention_opened_on_requires_improvement_awaits_the_dfe(
    database_url: str,
) -> None:
    """Herefordshire: judged requires improvement in June 2018 (Hereford Times; the day is
    illustrative); a non-statutory improvement notice on Tuesday 18 May 2021, Gladys Rhodes
    White adviser and chair of the board "being established from the beginning of June 2021"
    (herefordshire.gov.uk; Hereford Voice). The report still brought its own duties; no DfE
    decision was expected of a report that is not inadequate, so none is flagged in the three
    years before the notice. The notice sets the board (due 18 August 2021, met 1 June) and
    the first progress review (18 November 2021)."""
    result = await _simulate(HEREFORDSHIRE_2021, database_url)

    [report] = result.status.reports
    assert (report.kind, report.judgement) == ("inspection", "requires_improvement")
    assert not [d for d in result.status.deadlines if d.milestone == "dfe_decision"]
    assert _deadline(result, "statement_of_action").status == "met"
    board = _deadline(result, "improvement_board")
    assert (board.due, board.status) == (date(2021, 8, 18), "met")
    assert _deadline(result, "progress_review", 1).due == date(2021, 11, 18)
    assert (result.status.track, result.status.stage) == ("notice", "improvement")
    assert result.status.escalations == []


async def test_an_intervention_opened_on_a_focused_visit(database_url: str) -> None:
    """Peterborough: a focused visit to the front door in March 2023, Ofsted's letter in May
    with "two areas for priority action" and "an action plan be drawn up within 70 working
    days" (Peterborough Telegraph, peterboroughtoday.co.uk 4136190), the safeguarding
    partnership's action plan published that summer (4241545), an improvement notice by 4
    August 2023 (LocalGov, 4 August 2023), Sally Rowe approved as independent chair on 1
    November and the board's first meeting on Tuesday 7 November 2023 (peterborough.gov.uk;
    Peterborough Telegraph). The days of the visit, the letter (10 May), the plan (20 July)
    and the notice are illustrative. The letter's priority actions bring a statement of action,
    70 working days from its receipt, assumed three working days before the letter (Thursday 4
    May, the coronation's bank holiday of 8 May skipped): due Monday 14 August, after the Spring
    bank holiday of 29 May, and met. The board, due three months after the notice, 1 November,
    is met that day by its chair's appointment under version 7; version 6 waited for its first
    meeting, 7 November, and had it met late."""
    result = await _simulate(PETERBOROUGH_2023, database_url)
    before = await _simulate(PETERBOROUGH_2023, database_url, version=6)

    [opened] = [e for e in result.status.events if e.type == "InterventionOpened"]
    assert opened.data["inspection"]["kind"] == "focused_visit"
    assert opened.data["inspection"]["judgement"] is None
    plan = _deadline(result, "statement_of_action")
    assert (plan.due, plan.status, plan.met_on) == (date(2023, 8, 14), "met", date(2023, 7, 20))
    assert plan.assumed
    board = _deadline(result, "improvement_board")
    assert (board.due, board.status, board.met_on) == (date(2023, 11, 1), "met", date(2023, 11, 1))
    assert _deadline(before, "improvement_board").status == "met_late"
    [chair] = [a for a in result.status.appointments if a.role == "board_chair"]
    assert chair.name == "Sally Rowe"


# --- what other councils showed -----------------------------------------------------------------


DARLINGTON = """
authority: Darlington Borough Council
inspection:
  {started_on: 2015-06-15, ended_on: 2015-07-09, published_on: 2015-09-01, judgement: inadequate}
steps:
  - {on: 2015-09-01, record: report_published}
  - {on: 2015-09-14, record: improvement_adviser_appointed, with: {name: Red Quadrant}}
  - {on: 2015-09-28, record: improvement_board_established}
  - {on: 2016-10-31, record: appointment_ended, with: {appointment: improvement_adviser}}
  - {on: 2018-02-05, record: reinspection_started}
  - {on: 2018-03-01, record: reinspection_fieldwork_completed}
  - on: 2018-05-21
    record: reinspection_completed
    effective_on: 2018-02-05
    with: {judgement: requires_improvement, published_on: 2018-05-21}
  - {on: 2019-07-10, record: intervention_closed, by: {name: A Manager, role: manager}}
end_on: 2019-09-30
"""


async def test_an_intervention_without_a_notice_is_closed_when_the_dfe_ends_it(
    database_url: str,
) -> None:
    """Darlington: judged inadequate in a report published Tuesday 1 September 2015 (Northern
    Echo; CYP Now); no notice or direction is on the record: the DfE paid for an improvement
    partner, Red Quadrant, from September 2015 to October 2016 (Northern Echo; the days
    illustrative); re-inspected in February and March 2018, requires improvement, published 21
    May 2018 (Darlington Council, Cabinet item 306); then "support and supervision has been
    given by the Department for Education over the last year ... The letter marks the formal
    end of the DfE's intervention" (Northern Echo, 2019; 10 July illustrative). With nothing
    to lift or revoke, a manager records the end as the intervention closed, and it is."""
    result = await _simulate(DARLINGTON, database_url)

    assert (result.status.status, result.status.closed_on) == ("closed", date(2019, 7, 10))
    assert [d for d in result.status.deadlines if d.status in ("pending", "missed")] == []


SUNDERLAND = """
authority: Sunderland City Council
inspection: {published_on: 2015-07-20, judgement: inadequate}
steps:
  - {on: 2015-07-20, record: direction_issued}
  - {on: 2015-07-20, record: commissioner_appointed, with: {name: Nick Whitfield}}
  - on: 2018-07-26
    record: reinspection_completed
    effective_on: 2018-05-14
    with: {judgement: inadequate, published_on: 2018-07-26}
  - on: 2021-08-20
    record: reinspection_completed
    effective_on: 2021-06-28
    with: {judgement: outstanding, published_on: 2021-08-20}
  - {on: 2021-12-17, record: direction_revoked, by: {name: A Manager, role: manager}}
end_on: 2022-12-31
"""


async def test_the_direction_revoked_in_a_later_cycle_ends_what_it_set_and_who_it_appointed(
    database_url: str,
) -> None:
    """Sunderland: a direction and commissioner Nick Whitfield on 20 July 2015, the day the
    inadequate report was published (gov.uk, "Direction issued to Sunderland city council"; CYP
    Now, 20 July 2015); re-inspected in 2018 and found inadequate again, published 26 July 2018
    (Sunderland Echo, 26 July 2018); outstanding, published 20 August 2021 (Community Care, 20
    August 2021); the direction lifted in December 2021 (Sunderland Echo, 20 December 2021; the
    days of fieldwork and of the lifting are illustrative).

    The DfE's progress reviews started under the direction in 2015 run across the second cycle
    and end when it is revoked: none is expected or flagged after 17 December 2021. The
    commissioner goes with the direction. Nothing here records the plan owed for the 2021
    report: received (assumed) Tue 17 August 2021, 70 working days skipping 30 August: August
    9, September 31, October 52, 1-24 November 70: Wed 24 November 2021. Its level 3, twenty
    working days later on Wed 22 December 2021, goes to the DfE's case lead, not to a
    commissioner no longer in post."""
    result = await _simulate(SUNDERLAND, database_url)

    revoked = date(2021, 12, 17)
    reviews = [d for d in result.status.deadlines if d.milestone == "progress_review"]
    assert reviews
    assert all(d.status != "pending" for d in reviews)
    assert all(d.due <= revoked for d in reviews if d.status != "withdrawn")
    assert [day for _, day in _flags(result, "progress_review") if day > revoked] == []
    commissioners = [a for a in result.status.appointments if a.role == "commissioner"]
    assert [(a.name, a.ended_on) for a in commissioners] == [("Nick Whitfield", revoked)]
    statement = _deadline(result, "statement_of_action", 3)
    assert (statement.due, statement.status) == (date(2021, 11, 24), "missed")
    assert [
        (e.to, e.raised_on)
        for e in result.status.escalations
        if e.milestone == "statement_of_action" and e.number == 3 and e.level == 3
    ] == [("dfe_case_lead", date(2021, 12, 22))]


NORTHAMPTONSHIRE = """
authority: Northamptonshire County Council
inspection:
  started_on: 2018-10-17
  ended_on: 2018-10-18
  published_on: 2018-11-13
  judgement: focused_visit
  priority_actions: [Workforce capacity and unallocated work]
steps:
  - {on: 2018-11-30, record: direction_issued}
  - {on: 2018-11-30, record: commissioner_appointed, with: {name: Malcolm Newsam}}
  - on: 2019-05-14
    record: commissioner_report_submitted
    with: {recommendation: alternative_delivery}
  - {on: 2019-05-14, record: alternative_delivery_directed, with: {model: trust}}
  - on: 2019-06-10
    record: transfer_directed
    with: {go_live_on: 2020-07-01, model: trust, provider: Northamptonshire Children's Trust}
  - on: 2019-07-29
    record: reinspection_completed
    effective_on: 2019-06-17
    with: {judgement: inadequate, published_on: 2019-07-29}
  - on: 2019-09-25
    record: appointment_ended
    with: {appointment: commissioner, name: Malcolm Newsam}
  - {on: 2019-10-17, record: direction_issued}
  - {on: 2019-10-17, record: commissioner_appointed, with: {name: Andrew Christie}}
  - {on: 2019-10-17, record: commissioner_appointed, with: {name: Clare Chamberlain, support: true}}
  - on: 2020-03-16
    record: commissioner_report_submitted
    with: {recommendation: alternative_delivery}
  - on: 2020-06-15
    record: transfer_directed
    with: {go_live_on: 2020-11-01, model: trust, provider: Northamptonshire Children's Trust}
  - on: 2020-11-01
    record: alternative_delivery_live
    with: {provider: Northamptonshire Children's Trust}
  - on: 2021-12-31
    record: appointment_ended
    with: {appointment: commissioner, name: Andrew Christie}
end_on: 2022-01-31
"""


async def test_a_support_commissioner_beside_the_commissioner_and_a_go_live_date_put_back(
    database_url: str,
) -> None:
    """Northamptonshire: a focused visit with priority actions, letter published 13 November
    2018 (Northampton Chronicle); a direction and commissioner Malcolm Newsam on 30 November
    2018, his report recommending a trust published 14 May 2019; the revised direction of 10
    June 2019 to set up a trust by July 2020 (FE News; Community Care, 11 June 2019); inspected
    from 17 June 2019 and judged inadequate again, published 29 July 2019 (CYP Now); Newsam
    resigned on 25 September 2019 (Community Care, 26 September 2019); Andrew Christie
    commissioner and Clare Chamberlain support commissioner under the direction of 17 October
    2019 (Northants Telegraph, 17 October 2019), their update published 16 March 2020
    (Community Care); the trust put back by the pandemic to 1 November 2020 (Northants
    Telegraph) and live that day (Community Care, 8 November 2020); Christie stepped down at
    the end of 2021 (Northants Telegraph). The DfE sent the new commissioner "to finish this
    crucial work" of setting up the trust (Daventry Express, 25 September 2019). The days of
    the July 2020 target, of the direction putting it back and of Christie's leaving are
    illustrative.

    Both commissioners are in post at once, and the one who leaves is named. The trust
    directed in June 2019, not yet live, stays the DfE's decision across the new judgement
    (version 17), so the new commissioner sees it through with no report of his own; the
    support commissioner has no clock of her own either. The later go-live date replaces the
    first, which is withdrawn, not missed; going live meets the new one on time."""
    result = await _simulate(NORTHAMPTONSHIRE, database_url)

    commissioners = [
        (a.name, a.number, a.programme, a.from_on, a.ended_on)
        for a in result.status.appointments
        if a.role == "commissioner"
    ]
    assert commissioners == [
        ("Malcolm Newsam", 1, None, date(2018, 11, 30), date(2019, 9, 25)),
        ("Andrew Christie", 2, None, date(2019, 10, 17), date(2021, 12, 31)),
        ("Clare Chamberlain", 1, "support commissioner", date(2019, 10, 17), None),
    ]
    reports = [
        (d.number, d.due, d.status, d.met_on)
        for d in result.status.deadlines
        if d.milestone == "commissioner_report"
    ]
    assert reports == [(None, date(2019, 2, 28), "met", date(2019, 5, 14))]
    go_live = [
        (d.number, d.due, d.status, d.met_on)
        for d in result.status.deadlines
        if d.milestone == "alternative_delivery_live"
    ]
    assert go_live == [
        (None, date(2020, 7, 1), "withdrawn", None),
        (2, date(2020, 11, 1), "met", date(2020, 11, 1)),
    ]
    assert [
        e for e in result.status.escalations if e.milestone == "alternative_delivery_live"
    ] == []


KIRKLEES = """
authority: Kirklees Council
inspection: {published_on: 2016-11-25, judgement: inadequate}
steps:
  - {on: 2016-11-25, record: improvement_board_established}
  - {on: 2016-11-25, record: direction_issued}
  - {on: 2016-11-25, record: commissioner_appointed, with: {name: Eleanor Brazil}}
  - {on: 2016-11-25, record: report_published}
  - {on: 2017-02-28, record: statement_of_action_submitted}
  - {on: 2017-03-15, record: monitoring_visit_completed}
  - {on: 2017-03-31, record: commissioner_report_submitted, with: {recommendation: retain}}
  - {on: 2017-05-25, record: progress_review_completed}
  - {on: 2017-08-01, record: monitoring_visit_completed, effective_on: 2017-06-27}
  - {on: 2017-09-14, record: services_retained, by: {name: A Manager, role: manager}}
  - {on: 2017-11-22, record: monitoring_visit_completed}
  - {on: 2017-11-23, record: progress_review_completed}
  - {on: 2018-03-14, record: monitoring_visit_completed}
  - {on: 2018-05-23, record: progress_review_completed}
  - {on: 2018-08-06, record: monitoring_visit_completed, effective_on: 2018-07-11}
  - {on: 2018-11-22, record: progress_review_completed}
  - {on: 2018-12-04, record: monitoring_visit_completed}
  - {on: 2019-03-20, record: monitoring_visit_completed}
  - {on: 2019-05-22, record: progress_review_completed}
  - {on: 2019-06-10, record: reinspection_started}
  - {on: 2019-06-21, record: reinspection_fieldwork_completed}
  - on: 2019-08-05
    record: reinspection_completed
    effective_on: 2019-06-10
    with: {judgement: requires_improvement, published_on: 2019-08-05}
  - {on: 2019-08-05, record: report_published}
  - {on: 2019-11-01, record: statement_of_action_submitted}
  - {on: 2019-11-21, record: progress_review_completed}
  - {on: 2020-01-13, record: direction_revoked, by: {name: A Manager, role: manager}}
end_on: 2020-03-16
"""


async def test_others_are_called_overdue_only_when_later_than_they_really_are(
    database_url: str,
) -> None:
    """Kirklees: inadequate, published 25 November 2016, a direction and commissioner Eleanor
    Brazil that day (Kirklees Together and Dewsbury Reporter, 25 November 2016); her report
    completed in March 2017 (Dewsbury Reporter, 14 September 2017); Ofsted's monitoring visits
    in late June and November 2017 (Huddersfield Examiner; BBC News, January 2019), 11-12 July
    2018 (Huddersfield Examiner, 6 August 2018) and December 2018 (BBC); re-inspected from 10
    June 2019, requires improvement, published 5 August 2019 (Kirklees Together); the direction
    closed on 13 January 2020 (DfE, "Revised direction issued to Kirklees council"). The days
    of the March visits, the reviews, the plans and the late-June, November and December
    visits are illustrative.

    Under the rules as they were (version 2) the engine called Ofsted's visits four and five
    months apart overdue, the re-inspection overdue on 28 May 2019 (30 months and a working
    day), two weeks before Ofsted came, and the revocation overdue on 6 September 2019 (a
    month and a working day after the report), four months before the DfE closed the
    direction. Version 3 waits as long as they really took: none of these is flagged, and
    version 2 stays what it was for the interventions opened under it."""
    now = await _simulate("regime_version: 3\n" + KIRKLEES, database_url)
    # The same history, as an intervention of its own in the same store.
    as_before = KIRKLEES.replace("Kirklees Council", "Kirklees Council Under Version 2")
    before = await _simulate("regime_version: 2\n" + as_before, database_url)

    waited = ("monitoring_visit", "reinspection", "revocation")
    assert {m: _flags(now, m) for m in waited} == {m: [] for m in waited}
    assert _flags(before, "reinspection") == [(None, date(2019, 5, 28))]
    assert _flags(before, "revocation") == [(None, date(2019, 9, 6))]
    assert _flags(before, "monitoring_visit")
    assert (now.status.regime_version, before.status.regime_version) == (3, 2)


SOMERSET = """
authority: Somerset County Council
inspection: {published_on: 2015-03-27, judgement: inadequate}
steps:
  - {on: 2015-03-27, record: improvement_adviser_appointed, with: {name: Dave Hill}}
  - {on: 2015-11-06, record: direction_issued}
  - {on: 2015-11-06, record: services_retained, by: {name: A Manager, role: manager}}
end_on: 2015-12-31
"""


async def test_advisers_sent_to_review_are_the_dfes_decision_and_services_stay_after_it(
    database_url: str,
) -> None:
    """Somerset: judged inadequate, published 27 March 2015; that day the minister appointed
    DfE advisers, led by Essex's director Dave Hill, to review and report by mid-June (gov.uk,
    "Somerset County Council: advisers appointed"; The MJ); the direction published 6 November
    2015 kept services with the council (CYP Now, "DfE gives council more time to improve").
    The advisers meet the DfE's decision the day of the report, so it is never flagged, and the
    services are retained on their review, with no commissioner."""
    result = await _simulate(SOMERSET, database_url)

    decision = _deadline(result, "dfe_decision")
    assert (decision.status, decision.met_on) == ("met", date(2015, 3, 27))
    assert _flags(result, "dfe_decision") == []
    assert "ServicesRetained" in [e.type for e in result.status.events]
    assert (result.status.track, result.status.stage) == ("direction", "improvement")


SANDWELL = """
authority: Sandwell Metropolitan Borough Council
inspection: {published_on: 2015-06-05, judgement: inadequate}
steps:
  - {on: 2015-06-05, record: direction_issued, effective_on: 2014-07-22}
end_on: 2015-12-31
"""


async def test_a_direction_already_in_force_when_the_report_came_out(database_url: str) -> None:
    """Sandwell: under a direction since 22 July 2014 (gov.uk, "Direction issued to Sandwell
    Metropolitan Council"), judged inadequate in a report published 5 June 2015 (CYP Now). The
    direction is recorded as it was, in force before the inspection: it answers the DfE's
    decision, which is never flagged, and the board and the reviews it sets count from the
    report, 5 June 2015: the board 3 months on, 5 September 2015; the first review 6 months on,
    5 December 2015."""
    result = await _simulate(SANDWELL, database_url)

    [direction] = result.status.instruments
    assert (direction.kind, direction.issued_on) == ("direction", date(2014, 7, 22))
    decision = _deadline(result, "dfe_decision")
    assert (decision.status, decision.met_on) == ("met", date(2014, 7, 22))
    assert _flags(result, "dfe_decision") == []
    assert _deadline(result, "improvement_board").due == date(2015, 9, 5)
    assert _deadline(result, "progress_review", 1).due == date(2015, 12, 5)


ISLE_OF_WIGHT = """
authority: Isle of Wight Council
inspection: {started_on: 2012-11-26, ended_on: 2012-12-05, published_on: 2013-01-15}
steps:
  - {on: 2013-01-15, record: report_published}
  - {on: 2013-02-05, record: improvement_board_established}
  - {on: 2013-03-04, record: statement_of_action_submitted}
  - {on: 2013-06-17, record: direction_issued}
  - {on: 2013-07-01, record: partner_appointed, with: {partner: Hampshire County Council}}
  - {on: 2014-09-16, record: reinspection_started}
  - {on: 2014-10-08, record: reinspection_fieldwork_completed}
  - on: 2014-11-19
    record: reinspection_completed
    effective_on: 2014-09-16
    with: {judgement: requires_improvement, published_on: 2014-11-19}
end_on: 2014-12-31
"""


async def test_no_monitoring_visit_is_expected_before_ofsted_began_them_in_2016(
    database_url: str,
) -> None:
    """Isle of Wight: inspected 26 November to 5 December 2012, inadequate, published 15
    January 2013 (OnTheWight); a board required by the DfE, first meeting 5 February 2013; the
    action plan in the Cabinet papers of 4 March 2013; a direction in June 2013 with Hampshire
    County Council as partner from 1 July 2013 (OnTheWight); re-inspected from 16 September
    2014, requires improvement, published 19 November 2014 (BBC). Ofsted made no monitoring
    visit in between: its quarterly visits to inadequate authorities began after its
    consultation of May 2016 (Community Care, 31 May 2016). The day of the direction is
    illustrative.

    The action plan was due Mon 22 April 2013 (receipt assumed Thu 10 January, 70 working days
    skipping Good Friday and Easter Monday); the first visit is counted a quarter from it, a
    count that starts before Ofsted's quarterly visits began, so it starts on 1 June 2016: due
    Thu 1 September 2016 (version 6 counted the quarter's 91 days from April 2013 and stood
    still for the rest of the wait, to Wed 31 August 2016). Ofsted on site in September 2014
    withdraws it, and nothing about visits is ever called overdue."""
    result = await _simulate(ISLE_OF_WIGHT, database_url)

    [visit] = [d for d in result.status.deadlines if d.milestone == "monitoring_visit"]
    assert (visit.number, visit.due, visit.status) == (1, date(2016, 9, 1), "withdrawn")
    assert _flags(result, "monitoring_visit") == []


# --- 9. Ofsted inspects again whenever it comes --------------------------------------------------


BIRMINGHAM = """
authority: Birmingham City Council
inspection: {published_on: 2014-05-23, judgement: inadequate}
steps:
  - {on: 2014-05-23, record: direction_issued}
  - {on: 2017-01-17, record: options_appraisal_completed, with: {recommendation: A trust}}
  - on: 2018-04-01
    record: alternative_delivery_live
    with: {provider: Birmingham Children's Trust}
  - {on: 2018-11-26, record: reinspection_started}
  - {on: 2018-12-07, record: reinspection_fieldwork_completed}
  - on: 2019-01-17
    record: reinspection_completed
    effective_on: 2018-11-26
    with: {judgement: requires_improvement, published_on: 2019-01-17, received_on: 2019-01-17}
  - {on: 2023-02-27, record: reinspection_started}
  - {on: 2023-03-10, record: reinspection_fieldwork_completed}
  - on: 2023-04-18
    record: reinspection_completed
    effective_on: 2023-02-27
    with: {judgement: good, published_on: 2023-04-18, received_on: 2023-04-18}
  - {on: 2023-05-26, record: direction_revoked, by: {name: A Manager, role: manager}}
end_on: 2023-06-30
"""


async def test_an_inspection_while_the_direction_stays_after_requires_improvement(
    database_url: str,
) -> None:
    """Birmingham: inadequate, published 23 May 2014; a voluntary trust chosen in January 2017
    (the day is illustrative), Birmingham Children's Trust running services from 1 April 2018
    (Birmingham Children's Trust news); re-inspected in late 2018, requires improvement,
    published 17 January 2019, the direction kept; inspected again in February and March 2023,
    judged good, published 18 April 2023 (ITV News, 18 April 2023); the direction lifted 26 May
    2023 (Local Government Lawyer). The fieldwork days are illustrative, and receipt is taken as
    the day of publication. The 2023 inspection is recorded at the stage the 2019 report left,
    and its report brings its duties: published within 30 working days of Tuesday 18 April
    2023, by Friday 2 June (1, 8 and 29 May are bank holidays); the statement of action within
    70, by Friday 28 July 2023."""
    result = await _simulate(BIRMINGHAM, database_url)

    assert _deadline(result, "report_publication", 3).due == date(2023, 6, 2)
    assert _deadline(result, "statement_of_action", 3).due == date(2023, 7, 28)
    assert result.status.stage == "support_and_supervision"
    assert [i.ended_on for i in result.status.instruments] == [date(2023, 5, 26)]


STOKE = """
authority: Stoke-on-Trent City Council
inspection: {published_on: 2019-03-18, judgement: inadequate}
steps:
  - {on: 2019-05-16, record: direction_issued}
  - {on: 2022-10-10, record: reinspection_started}
  - {on: 2022-10-21, record: reinspection_fieldwork_completed}
  - on: 2022-11-25
    record: reinspection_completed
    effective_on: 2022-10-10
    with: {judgement: requires_improvement, published_on: 2022-11-25, received_on: 2022-11-25}
  - {on: 2025-02-10, record: direction_revoked, by: {name: A Manager, role: manager}}
  - {on: 2025-05-12, record: reinspection_started}
  - {on: 2025-05-23, record: reinspection_fieldwork_completed}
  - on: 2025-07-15
    record: reinspection_completed
    effective_on: 2025-05-12
    with: {judgement: requires_improvement, published_on: 2025-07-15, received_on: 2025-07-15}
end_on: 2025-07-31
"""


async def test_an_inspection_in_support_and_supervision_brings_its_duties_only(
    database_url: str,
) -> None:
    """Stoke-on-Trent: inadequate, published 18 March 2019; a direction of 16 May 2019 (gov.uk,
    "Direction issued to Stoke-on-Trent City Council"); requires improvement, published 25
    November 2022; the direction revoked 10 February 2025 (GovWire); inspected in May 2025,
    requires improvement, published 15 July 2025 (Stoke-on-Trent City Council news, article
    1865). The fieldwork days are illustrative, and receipt is taken as the day of publication.
    After the 2022 report the DfE kept the direction for 27 months: no revocation is expected
    after a report judged requires improvement, so none is called overdue. In support and
    supervision the 2025 report brings its statement of action, due 70 working days after
    Tuesday 15 July 2025, Wednesday 22 October 2025 (25 August is a bank holiday); nothing is
    left to revoke, and the support reviews go on."""
    result = await _simulate(STOKE, database_url)

    assert not [d for d in result.status.deadlines if d.milestone == "revocation"]
    assert _deadline(result, "statement_of_action", 3).due == date(2025, 10, 22)
    assert result.status.stage == "support_and_supervision"
    assert _deadline(result, "support_review", 2).status == "pending"


BLACKPOOL = """
authority: Blackpool Council
inspection: {published_on: 2012-07-13, judgement: inadequate}
steps:
  - {on: 2012-11-15, record: improvement_notice_issued}
  - on: 2014-07-18
    record: reinspection_completed
    effective_on: 2014-06-02
    with: {judgement: requires_improvement, published_on: 2014-07-18}
  - {on: 2015-07-09, record: notice_lifted, by: {name: A Manager, role: manager}}
  - on: 2019-01-17
    record: reinspection_completed
    effective_on: 2018-11-26
    with: {judgement: inadequate, published_on: 2019-01-17}
  - {on: 2019-02-15, record: improvement_board_established}
  - {on: 2019-03-25, record: direction_issued}
  - {on: 2019-03-25, record: commissioner_appointed, with: {name: Helen Lincoln}}
end_on: 2019-09-20
"""


async def test_a_direction_after_the_notice_was_lifted_brings_its_own_board_and_reviews(
    database_url: str,
) -> None:
    """Blackpool, kept on one record: inadequate in July 2012 and an improvement notice in
    November 2012, lifted by the minister's letter reported on 10 July 2015 (Community Care,
    10 July 2015); inspected again from 26 November to 7 December 2018, inadequate (Blackpool
    Gazette, 27 March 2019, quoting the direction), Ofsted's letter of 17 January 2019
    (blackpool.gov.uk); "an improvement board ... has been established" (Blackpool Gazette,
    February 2019); a direction published on Monday 25 March 2019, with Helen Lincoln as
    commissioner (LGC; Blackpool Gazette, 27 March 2019), and "progress assessments every six
    months" (LocalGov, 23 July 2019). The days of 2012, 2014, 2015 and February 2019 are
    illustrative.

    The 2019 report starts cycle 2 awaiting the DfE, with the notice long lifted. The direction
    of 25 March 2019 opens a second intervention: a board 3 months on, Tue 25 June 2019, met
    by the board already established in February, and progress reviews every 6 months, the
    first Wed 25 September 2019, put back while the commissioner reviews: 6 months after her
    report is due (3 months on, Tue 25 June 2019), Wed 25 December 2019. The DfE's decision,
    expected 8 weeks after publication, Thu 14 March 2019, came eleven days later, within the
    twelve weeks more the alert waits: met, not late, and not called overdue."""
    result = await _simulate(BLACKPOOL, database_url)

    second = {
        d.milestone: (d.number, d.due, d.status)
        for d in result.status.deadlines
        if d.cycle == 2 and d.milestone in ("improvement_board", "progress_review", "dfe_decision")
    }
    assert second["improvement_board"] == (None, date(2019, 6, 25), "met")
    assert second["progress_review"] == (1, date(2019, 12, 25), "pending")
    assert second["dfe_decision"] == (None, date(2019, 3, 14), "met")
    assert result.status.stage == "commissioner_review"
    since_2019 = [
        day
        for milestone in ("improvement_board", "dfe_decision")
        for _, day in _flags(result, milestone)
        if day > date(2019, 1, 17)
    ]
    assert since_2019 == []


# --- 10. what was already in place when the report came out ---------------------------------------


DONCASTER = """
authority: Doncaster Metropolitan Borough Council
inspection: {ended_on: 2012-10-12, published_on: 2012-11-16, judgement: inadequate}
steps:
  - {on: 2012-11-16, record: improvement_board_established, effective_on: 2009-03-12}
  - {on: 2012-11-16, record: direction_issued, effective_on: 2009-03-12}
end_on: 2013-03-31
"""

BIRMINGHAM_2014 = """
authority: Birmingham City Council
inspection: {ended_on: 2014-04-10, published_on: 2014-05-23, judgement: inadequate}
steps:
  - {on: 2014-05-23, record: commissioner_appointed, effective_on: 2014-03-27}
  - {on: 2014-05-23, record: direction_issued}
end_on: 2014-06-30
"""


async def test_a_board_already_meeting_when_the_report_came_out_meets_the_board_deadline(
    database_url: str,
) -> None:
    """Doncaster: under intervention since 12 March 2009, with an improvement board chaired by
    Tony Elson (Community Care, 12 March 2009); judged inadequate after an inspection in
    October 2012 (its last day illustrative), published 16 November 2012. The board and the
    direction are recorded as they were, in place before the inspection: the board the
    direction asks for is met by the one already meeting, and never flagged."""
    result = await _simulate(DONCASTER, database_url)

    board = _deadline(result, "improvement_board")
    assert (board.status, board.met_on) == ("met", date(2009, 3, 12))
    assert _flags(result, "improvement_board") == []


async def test_a_commissioner_sent_in_while_ofsted_was_on_site(database_url: str) -> None:
    """Birmingham: Lord Warner appointed commissioner on 27 March 2014, the inspection having
    begun before he took up the role (CYP Now; Family Law Week); its last day, 10 April, is
    illustrative; the report published 23 May 2014. The appointment is recorded on its real
    day, and the commissioner's report is expected three months on, 27 June 2014."""
    result = await _simulate(BIRMINGHAM_2014, database_url)

    [commissioner] = result.status.appointments
    assert (commissioner.role, commissioner.from_on) == ("commissioner", date(2014, 3, 27))
    assert _deadline(result, "commissioner_report").due == date(2014, 6, 27)


HEREFORDSHIRE_2022 = """
authority: Herefordshire Council
inspection: {started_on: 2022-07-18, ended_on: 2022-07-29, published_on: 2022-09-21}
steps:
  - {on: 2021-05-18, record: improvement_notice_issued}
  - {on: 2021-05-18, record: improvement_adviser_appointed, with: {name: Gladys Rhodes White}}
  - {on: 2021-06-01, record: improvement_board_established, with: {chair: Gladys Rhodes White}}
  - {on: 2022-09-21, record: direction_issued}
  - {on: 2022-09-21, record: commissioner_appointed, with: {name: Eleanor Brazil}}
end_on: 2022-12-31
"""


async def test_a_scenario_takes_what_was_in_place_before_the_report_on_its_own_day(
    database_url: str,
) -> None:
    """Herefordshire: an improvement notice on 18 May 2021, with Gladys Rhodes White as its
    adviser and the chair of a board "being established from the beginning of June 2021" (gov.uk,
    "Herefordshire Council: improvement notice", 18 May 2021; herefordshire.gov.uk; the day of
    the board is illustrative); inspected 18 to 29 July 2022, judged inadequate, the report
    published with a direction and a commissioner on 21 September 2022 (herefordshire.gov.uk).
    The scenario gives the earlier facts on their own days, before the report: each is recorded
    on the day the intervention opens, effective the day it happened. The board the direction
    asks for is met by the board meeting since 1 June 2021, and never flagged."""
    result = await _simulate(HEREFORDSHIRE_2022, database_url)

    [notice] = [e for e in result.status.events if e.type == "ImprovementNoticeIssued"]
    assert (notice.effective_on, notice.recorded_at.date()) == (
        date(2021, 5, 18),
        date(2022, 9, 21),
    )
    [adviser] = [a for a in result.status.appointments if a.role == "improvement_adviser"]
    assert (adviser.name, adviser.from_on) == ("Gladys Rhodes White", date(2021, 5, 18))
    board = _deadline(result, "improvement_board")
    assert (board.status, board.met_on) == ("met", date(2021, 6, 1))
    assert _flags(result, "improvement_board") == []


TORBAY = """
authority: Torbay Council
inspection: {published_on: 2016-01-05, judgement: inadequate}
steps:
  - {on: 2016-05-09, record: direction_issued}
  - {on: 2016-05-09, record: commissioner_appointed, with: {name: John Coughlan}}
end_on: 2016-06-30
"""


async def test_the_dfes_decision_is_not_called_overdue_while_it_takes_as_long_as_it_did(
    database_url: str,
) -> None:
    """Torbay: inadequate, published 5 January 2016 (gov.uk, "Direction issued to Torbay
    Council"); the direction and John Coughlan as commissioner came in the week before 13 May
    2016 (Community Care, 13 May 2016; the day is illustrative), about eighteen weeks on. The
    decision is expected eight weeks after publication, Tuesday 1 March 2016, and called overdue
    only twelve weeks after that: it is met within that wait, so not late, and never flagged."""
    result = await _simulate(TORBAY, database_url)

    _met_within_grace_and_never_flagged(result, "dfe_decision", date(2016, 3, 1), date(2016, 5, 9))


WEST_BERKSHIRE = """
authority: West Berkshire Council
inspection: {ended_on: 2015-03-26, published_on: 2015-05-18, judgement: inadequate}
steps:
  - {on: 2015-07-20, record: statement_of_action_submitted}
  - {on: 2015-08-27, record: improvement_notice_issued, with: {without: improvement_board}}
  - {on: 2015-08-27, record: improvement_adviser_appointed, with: {name: Exploring Choices}}
  - {on: 2016-03-15, record: progress_review_completed}
  - {on: 2017-05-04, record: reinspection_started}
  - {on: 2017-05-18, record: reinspection_fieldwork_completed}
  - on: 2017-07-07
    record: reinspection_completed
    effective_on: 2017-05-04
    with: {judgement: good, published_on: 2017-07-07, received_on: 2017-07-05}
  - {on: 2017-07-07, record: notice_lifted, by: {name: A Manager, role: manager}}
end_on: 2017-09-30
"""


async def test_a_notice_that_asks_for_no_board_is_never_flagged_for_one(
    database_url: str,
) -> None:
    """West Berkshire: judged inadequate, published 18 May 2015 (gov.uk, "Improvement notice
    issued to West Berkshire Council"); its improvement plan approved on Monday 20 July 2015
    (Newbury Weekly News); the notice of 27 August 2015 with Exploring Choices as advisers "did
    not contain a requirement for us to have an improvement board, which I think makes us
    unique" (the Director, Community Care, 28 August 2015); a DfE review in March 2016 (the
    day illustrative); re-inspected from 4 May 2017, good, published 7 July 2017, and the
    notice lifted that day (gov.uk). Recorded without the board, no board is expected or
    flagged; without saying so, the engine flagged one from 30 November 2015 until the
    lifting."""
    result = await _simulate(WEST_BERKSHIRE, database_url)

    board = _deadline(result, "improvement_board")
    assert (board.status, board.due) == ("withdrawn", date(2015, 11, 27))
    assert _flags(result, "improvement_board") == []
    assert result.status.stage == "support_and_supervision"

    usual = await _simulate(
        WEST_BERKSHIRE.replace(", with: {without: improvement_board}", ""), database_url, 7
    )
    assert _flags(usual, "improvement_board") == [(None, date(2015, 11, 30))]


KINGSTON = """
authority: Royal Borough of Kingston upon Thames
inspection:
  {started_on: 2012-05-21, ended_on: 2012-06-01, published_on: 2012-07-10, judgement: inadequate}
steps:
  - {on: 2012-07-10, record: report_published}
  - {on: 2012-07-10, record: statement_of_action_submitted}
  - {on: 2014-04-01, record: alternative_delivery_live, with: {provider: Achieving for Children}}
  - {on: 2015-05-11, record: reinspection_started}
  - {on: 2015-05-22, record: reinspection_fieldwork_completed}
  - on: 2015-08-03
    record: reinspection_completed
    effective_on: 2015-05-11
    with: {judgement: good, published_on: 2015-08-03}
end_on: 2015-09-30
"""


async def test_services_moved_by_the_councils_own_decision(database_url: str) -> None:
    """Kingston upon Thames: safeguarding judged inadequate, the report made public on 10 July
    2012, when the council "launched an improvement plan immediately" (BBC; Surrey Comet;
    kingston.gov.uk; the fieldwork days illustrative); "Achieving for Children launched on 1
    April 2014" as the company of Kingston and Richmond councils (afcambition.com), with no
    direction found; re-inspected in May 2015, judged good, published by 3 August 2015
    (Community Care, 3 August 2015; the days illustrative). The move is recorded on its day,
    the engine having refused it for want of a direction, and nothing waits on it."""
    result = await _simulate(KINGSTON, database_url)

    assert result.status.delivery is not None
    assert (result.status.delivery.live_on, result.status.delivery.provider) == (
        date(2014, 4, 1),
        "Achieving for Children",
    )
    assert [e.type for e in result.status.events if e.effective_on == date(2014, 4, 1)] == [
        "AlternativeDeliveryLive"
    ]


SCILLY = """
authority: Council of the Isles of Scilly
inspection:
  {started_on: 2023-07-11, ended_on: 2023-07-13, published_on: 2023-08-25, judgement: inadequate}
steps:
  - on: 2023-08-25
    record: partner_appointed
    with: {partner: Essex County Council, programme: DfE-funded support and challenge}
end_on: 2024-03-31
"""


async def test_a_partner_the_dfe_pays_for_answers_its_decision(database_url: str) -> None:
    """The Isles of Scilly: inspected 11 to 13 July 2023, judged inadequate, the report out in
    August 2023 (25 August illustrative); "The Council has received funding from the Department
    for Education to enable Essex County Council to provide support and challenge for the
    service" (scilly.gov.uk; BBC: "since the release of the report"). From version 8 the
    partner is the DfE's decision, as Darlington's Red Quadrant, "paid for by the Department
    for Education", was; version 7 called the decision overdue in February 2024."""
    result = await _simulate(SCILLY, database_url)
    earlier = await _simulate(SCILLY, database_url, 7)

    decision = _deadline(result, "dfe_decision")
    assert (decision.status, decision.met_on) == ("met", date(2023, 8, 25))
    assert _flags(result, "dfe_decision") == []
    assert _flags(earlier, "dfe_decision") == [(None, date(2024, 2, 26))]


NEWHAM = """
authority: London Borough of Newham
inspection:
  {started_on: 2019-02-11, ended_on: 2019-02-22, published_on: 2019-03-25, judgement: inadequate}
steps:
  - {on: 2019-03-25, record: report_published}
  - {on: 2019-04-15, record: improvement_notice_issued}
  - {on: 2019-07-01, record: statement_of_action_submitted}
  - {on: 2022-07-18, record: reinspection_started}
  - {on: 2022-07-29, record: reinspection_fieldwork_completed}
  - on: 2022-09-21
    record: reinspection_completed
    effective_on: 2022-07-18
    with: {judgement: good, published_on: 2022-09-21}
  - {on: 2022-09-21, record: report_published}
  - on: 2022-09-21
    record: notice_lifted
    by: {name: A Manager, role: manager}
    with: {support: false}
end_on: 2023-06-30
"""


async def test_a_notice_lifted_with_no_support_after_it_keeps_the_councils_duties(
    database_url: str,
) -> None:
    """Newham: judged inadequate, published Monday 25 March 2019; an improvement notice in April
    2019 (15 April illustrative); re-inspected 18 to 29 July 2022, judged good, published
    Wednesday 21 September 2022, which "marks the end of the Department for Education's
    intervention" (newham.gov.uk). With no support after the lifting, no support review is
    expected, and the statement of action the council owes the good report stays open, due
    in December 2022 and missed here, since its day was not found; lifted with support, the
    reviews of May and November 2023 are flagged."""
    result = await _simulate(NEWHAM, database_url)

    assert (result.status.stage, result.status.status) == ("ended", "open")
    assert [d.milestone for d in result.status.deadlines if d.milestone == "support_review"] == []
    owed = _deadline(result, "statement_of_action", 2)
    assert (owed.status, owed.due) == ("missed", date(2022, 12, 23))

    supported = await _simulate(
        NEWHAM.replace("with: {support: false}", "").replace("Newham", "Newham (supported)"),
        database_url,
    )
    assert supported.status.stage == "support_and_supervision"
    assert _flags(supported, "support_review") == [(1, date(2023, 5, 22))]


OXFORDSHIRE_SEND = """
authority: Oxfordshire County Council
regime: send
inspection:
  started_on: 2023-07-03
  ended_on: 2023-07-14
  published_on: 2023-09-15
  judgement: area_send
  priority_actions: [Views of children and families, Communication, EHC plans]
steps:
  - {on: 2023-09-18, record: receipt_confirmed, with: {received_on: 2023-09-15}}
  - {on: 2023-10-10, record: improvement_board_established}
  - {on: 2023-10-24, record: statement_of_action_submitted}
  - {on: 2023-11-16, record: improvement_notice_issued}
  - {on: 2024-03-20, record: progress_review_completed}
  - {on: 2024-06-24, record: progress_review_completed}
  - on: 2025-10-01
    record: monitoring_visit_completed
    effective_on: 2025-09-15
    with: {ended_on: 2025-10-01}
  - {on: 2025-11-19, record: monitoring_letter_published, with: {key_findings: Effective action}}
end_on: 2025-11-30
"""


async def test_an_intervention_after_an_area_send_inspection(database_url: str) -> None:
    """Oxfordshire: Ofsted and the CQC found "widespread and systemic failings in SEND
    services, including five areas for priority action", published 15 September 2023 (BBC;
    the July days of the inspection illustrative); the board meeting by October 2023 (10
    October illustrative); the draft priority action plan to the DfE on Tuesday 24 October
    2023, against "a requirement to submit the action plan by 27 October 2023" (Oxfordshire
    County Council); the DfE's notice in November 2023; its deep dive with NHS England in March
    2024 (20 March illustrative) and its stocktake of 24 June 2024; the monitoring inspection
    from 15 September to 1 October 2025 and its report of 19 November 2025 (Oxfordshire Parent
    Carer Forum). The council's deadline fits a report received the day it was published, the
    day of receipt recorded here (on 18 September, illustrative): the plan, first counted from
    a receipt assumed three working days before publication, is due on 27 October from then on.
    No review after the stocktake was found, so the third, due 24 December 2024,
    is flagged on 25 February 2025, two months on (from send version 7; six weeks, 5 February,
    before). Opened as a JTAI, the only way before, the engine raised a
    council publication duty the inspectorates' report does not bring, escalated to the DfE,
    and refused the monitoring inspection's letter."""
    result = await _simulate(OXFORDSHIRE_SEND, database_url)

    plan = _deadline(result, "priority_action_plan")
    assert (plan.status, plan.due, plan.met_on) == ("met", date(2023, 10, 27), date(2023, 10, 24))
    assert plan.assumed is False
    visit = _deadline(result, "monitoring_inspection")
    assert (visit.status, visit.met_on) == ("met", date(2025, 9, 15))
    assert "report_publication" not in {d.milestone for d in result.status.deadlines}
    assert [e.type for e in result.status.events][-1] == "MonitoringLetterPublished"
    assert _flags(result, "progress_review") == [(3, date(2025, 2, 25))]


SUFFOLK_SEND = """
authority: Suffolk County Council
regime: send
inspection:
  started_on: 2023-11-13
  ended_on: 2023-11-17
  published_on: 2024-01-30
  received_on: 2024-01-25
  judgement: area_send
  priority_actions: [Strategic planning across the partnership, EHC plans and annual reviews]
steps:
  - {on: 2024-03-01, record: improvement_board_established}
  - {on: 2024-03-07, record: statement_of_action_submitted}
  - {on: 2024-05-15, record: improvement_notice_issued}
  - {on: 2024-06-07, record: board_chair_appointed, with: {name: Kathryn Boulton}}
  - {on: 2024-06-07, record: improvement_board_established}
  - {on: 2024-11-05, record: progress_review_completed}
  - {on: 2025-11-03, record: progress_review_completed}
end_on: 2026-01-31
"""


async def test_a_priority_action_plan_due_thirty_working_days_after_the_report_came(
    database_url: str,
) -> None:
    """Suffolk: Ofsted and the CQC inspected from 13 to 17 November 2023 and published on
    Tuesday 30 January 2024; the partnership was to "submit a priority action plan to Ofsted/
    CQC for their approval by 7 March 2024" (Suffolk Local Offer news release, 30 January 2024),
    thirty working days after Thursday 25 January, the day of receipt recorded (the day it was
    submitted illustrative). The SEND Improvement Board met from 1 March 2024 and was
    constituted on 7 June 2024 under Kathryn Boulton, its independent chair (East Anglian Daily
    Times; Suffolk Local Offer, Governance and Oversight); the DfE's notice came in spring 2024
    (15 May illustrative), its review meeting in November 2024 (5 November illustrative; letter
    of 21 November, suffolk.gov.uk) and its stocktake on 3 November 2025 (letter of 7 January
    2026). Under version 2 the plan was due on 12 March, counted from publication, so a plan
    sent on 8 to 12 March would have been shown as met on time. No review was found between the
    two, so the one due in May 2025 is flagged, and met late by the stocktake: due Thu 15 May
    2025, six months after the first was due, its review held ten days early keeping the DfE's
    calendar (send version 8; 5 May, six months after the review, before)."""
    result = await _simulate(SUFFOLK_SEND, database_url)

    plan = _deadline(result, "priority_action_plan")
    assert (plan.status, plan.due, plan.met_on) == ("met", date(2024, 3, 7), date(2024, 3, 7))
    assert plan.assumed is False
    second = _deadline(result, "progress_review", 2)
    assert (second.due, second.status, second.met_on) == (
        date(2025, 5, 15),
        "met_late",
        date(2025, 11, 3),
    )


LANCASHIRE_SEND = """
authority: Lancashire County Council
regime: send
inspection:
  started_on: 2024-11-25
  ended_on: 2024-12-13
  published_on: 2025-02-12
  judgement: area_send
  priority_actions: [Shared strategic governance, EHC needs assessments, Waiting times]
steps:
  - {on: 2025-03-25, record: statement_of_action_submitted}
  - {on: 2025-03-26, record: receipt_confirmed, with: {received_on: 2025-02-11}}
  - {on: 2025-05-09, record: board_chair_appointed, with: {name: Kathryn Boulton}}
  - {on: 2025-05-09, record: improvement_board_established}
  - {on: 2025-05-09, record: board_meeting_held, with: {chair: Kathryn Boulton}}
  - {on: 2025-06-05, record: improvement_notice_issued}
end_on: 2025-10-31
"""


async def test_a_send_board_before_its_notice_and_a_receipt_confirmed_after_the_plan(
    database_url: str,
) -> None:
    """Lancashire: the area SEND report published "today, Wednesday 12 February" 2025
    (news.lancashire.gov.uk); the partnership "required to prepare and publish a Priority
    Action Plan (PAP) by the 25 March 2025" (Lancashire SEND Partnership Annual Report 2024),
    "Approved by the ICB Board and Cabinet on 25 March 2025" (lancashire.gov.uk); the SEND
    Improvement Board, "led by an independent chair", Kathryn Boulton, first meeting on 9 May
    2025; the notice "published on GOV.UK on 5 June 25" (lancashire.gov.uk, "Lancashire SEND
    improvement notice and updates"). The inspection's days and the day the receipt was
    recorded (26 March) are illustrative.

    Counted from a receipt assumed on Friday 7 February, three working days before
    publication, the plan is due thirty working days on (10-14 February 5, then 10 a week to 21
    March 30), Friday 21 March, and escalated to the director on Monday 24 March; met on the
    25th, late. The real receipt, Tuesday 11 February, puts it due on Tuesday 25 March (12-14
    February 3, 17 February to 21 March 28, 24 and 25 March 30): met on time, and the
    escalation is withdrawn. The board in place four weeks before the notice meets the board it
    asks for, due three months after it, Friday 5 September 2025."""
    result = await _simulate(LANCASHIRE_SEND, database_url)

    plan = _deadline(result, "priority_action_plan")
    assert (plan.due, plan.status, plan.met_on) == (date(2025, 3, 25), "met", date(2025, 3, 25))
    assert [(e.level, e.raised_on, e.withdrawn_on) for e in result.status.escalations] == [
        (1, date(2025, 3, 24), date(2025, 3, 26))
    ]
    board = _deadline(result, "improvement_board")
    assert (board.due, board.status, board.met_on) == (date(2025, 9, 5), "met", date(2025, 5, 9))
    assert result.status.stage == "improvement"


HARTLEPOOL_SEND = """
authority: Hartlepool Borough Council
regime: send
inspection:
  started_on: 2016-10-10
  ended_on: 2016-10-14
  published_on: 2017-01-18
  judgement: area_send
  priority_actions: [Joint commissioning, "Education, health and care plans"]
steps:
  - {on: 2017-04-24, record: statement_of_action_submitted}
  - on: 2019-01-16
    record: monitoring_visit_completed
    effective_on: 2019-01-14
    with: {ended_on: 2019-01-16}
  - on: 2019-03-14
    record: monitoring_letter_published
    with: {priority_actions: [Joint commissioning, EHC plans]}
  - {on: 2020-02-12, record: progress_review_completed, with: {number: 2}}
end_on: 2020-03-31
"""


async def test_the_dfes_reviews_after_a_revisit_on_the_record_of_the_first_report(
    database_url: str,
) -> None:
    """Hartlepool: the area SEND inspection of October 2016 and its report of January 2017
    (CYP Now, "Hartlepool SEND provision faces DfE intervention"); the written statement of
    action "declared fit for purpose ... 24 April 2017" (Hartlepool SEND improvement plan,
    updated January 2021); the revisit of January 2019, over three days, its letter reported on
    14 March 2019, insufficient progress in two of the four areas (CYP Now); the DfE's and NHS
    England's monitoring ending after "the 12-month progress review in February" (Hartlepool
    Mail, 3155983). The days of the inspection, the report, the revisit and the February review
    are illustrative; the day of the six-month review is not public, and is left out.

    The letter's areas make it a report of its own (`send` 12): the DfE's reviews are due six
    months after it, Saturday 14 September 2019, and every six months after the one before. The
    twelve-month review, recorded as the second, withdraws the first as held but not recorded;
    version 11 expected none on this record."""
    result = await _simulate(HARTLEPOOL_SEND, database_url)
    earlier = await _simulate(
        HARTLEPOOL_SEND.replace(
            "priority_actions: [Joint commissioning, EHC plans]",
            "key_findings: Insufficient progress in two of four areas",
        ).replace(", with: {number: 2}}", "}"),
        database_url,
        11,
    )

    reviews = [
        (d.number, d.due, d.status, d.met_on)
        for d in result.status.deadlines
        if d.milestone == "revisit_review"
    ]
    assert reviews == [
        (1, date(2019, 9, 14), "withdrawn", None),
        (2, date(2020, 2, 12), "met", date(2020, 2, 12)),
        (3, date(2020, 8, 12), "pending", None),
    ]
    assert [d for d in earlier.status.deadlines if d.milestone == "revisit_review"] == []


SEFTON = """
authority: Sefton Metropolitan Borough Council
inspection:
  started_on: 2021-03-09
  ended_on: 2021-03-10
  published_on: 2021-04-27
  judgement: focused_visit
  priority_actions: [Child protection practice, Management oversight]
steps:
  - {on: 2021-05-20, record: improvement_notice_issued}
  - {on: 2021-07-01, record: improvement_adviser_appointed, with: {name: DfE Adviser}}
  - {on: 2021-07-22, record: statement_of_action_submitted}
  - {on: 2021-08-19, record: improvement_board_established}
  - {on: 2022-02-21, record: reinspection_started}
  - {on: 2022-03-04, record: reinspection_fieldwork_completed}
  - on: 2022-05-09
    record: reinspection_completed
    effective_on: 2022-02-21
    with: {judgement: inadequate, published_on: 2022-05-09}
  - {on: 2022-05-09, record: report_published}
  - {on: 2022-05-11, record: commissioner_appointed, with: {name: Paul Moffat}}
  - {on: 2022-05-23, record: direction_issued, with: {note: Replaces the notice of 2021}}
  - {on: 2022-08-10, record: statement_of_action_submitted}
  - {on: 2022-09-30, record: commissioner_report_submitted, with: {recommendation: retain}}
  - {on: 2022-11-22, record: direction_revised}
  - {on: 2022-11-22, record: services_retained}
  - {on: 2022-11-22, record: commissioner_appointed, with: {name: Paul Boyce}}
  - {on: 2022-11-23, record: monitoring_visit_completed}
  - {on: 2023-02-15, record: monitoring_visit_completed}
  - on: 2023-08-23
    record: monitoring_visit_completed
    effective_on: 2023-07-12
    with: {letter_on: 2023-08-23}
  - on: 2023-11-16
    record: monitoring_visit_completed
    effective_on: 2023-11-15
    with: {ended_on: 2023-11-16}
  - {on: 2024-03-13, record: monitoring_visit_completed}
  - {on: 2024-07-10, record: monitoring_visit_completed}
  - {on: 2025-06-23, record: reinspection_started}
  - {on: 2025-07-04, record: reinspection_fieldwork_completed}
  - on: 2025-08-12
    record: reinspection_completed
    effective_on: 2025-06-23
    with: {judgement: good, published_on: 2025-08-12}
  - {on: 2025-08-12, record: report_published}
end_on: 2025-10-31
"""


async def test_a_notice_after_a_focused_visit_replaced_by_a_direction_then_revised(
    database_url: str,
) -> None:
    """Sefton: a focused visit in March 2021 found "serious weaknesses ... resulting in areas
    for priority action" (Ofsted's report of 2022), a non-statutory improvement notice that
    spring (Community Care, 25 May 2022: "under a non-statutory improvement notice since last
    year") and a DfE adviser "in place since July 2021" (OTS News, 12 May 2022); inspected from
    21 February to 4 March 2022 (Liverpool Echo) and judged inadequate in a report published
    Monday 9 May 2022 (mysefton.co.uk; OTS News); commissioner Paul Moffat appointed by 12 May
    (OTS News) and a statutory direction the week of 23 May (Community Care); his report
    completed in September, recommending the council keep its services (Community Care, 10
    November 2022); on 22 November 2022 a revised direction appointing Paul Boyce as the new
    commissioner (Community Care, 22 November 2022); Ofsted's fourth monitoring visit on 15-16
    November 2023 (OTS News), its third reported on 23 August 2023; re-inspected from 23 June
    to 4 July 2025 and judged good, published Tuesday 12 August 2025 (sefton.gov.uk). The days
    of the focused visit, its letter, the notice, the plans, the board, the commissioner's
    report and the other visits are illustrative.

    The inspection of 2022, under the notice, starts cycle 2; the direction replaces the notice
    and is revised, not reissued. Its report, received Wednesday 4 May 2022 (assumed, three
    working days before publication, the Early May bank holiday of 2 May not among them), is
    to be published by Friday 17 June (30 working days, the Spring and Platinum Jubilee bank
    holidays of 2 and 3 June skipped) and answered by Friday 12 August (70 working days). The
    commissioner's report is due three months after his appointment, 11 August, and is met in
    September within the time allowed. The commissioner appointed with the decision sees it
    through: no second report is expected of him. The visits are numbered as Ofsted numbered
    them. The good report of 2025, received Thursday 7 August (assumed), is owed a statement of
    action by Friday 14 November 2025 (70 working days, the Summer bank holiday of 25 August
    skipped), and the direction waits to be revoked."""
    result = await _simulate(SEFTON, database_url)

    notice, direction = result.status.instruments
    assert (notice.kind, notice.ended_on, notice.ended_because) == (
        "notice",
        date(2022, 5, 23),
        "replaced",
    )
    assert (direction.kind, direction.issued_on, direction.revised_on, direction.ended_on) == (
        "direction",
        date(2022, 5, 23),
        (date(2022, 11, 22),),
        None,
    )
    commissioners = [
        (a.name, a.from_on, a.ended_on)
        for a in result.status.appointments
        if a.role == "commissioner"
    ]
    assert commissioners == [
        ("Paul Moffat", date(2022, 5, 11), date(2022, 11, 22)),
        ("Paul Boyce", date(2022, 11, 22), None),
    ]
    [report] = [d for d in result.status.deadlines if d.milestone == "commissioner_report"]
    assert (report.due, report.status, report.met_on) == (
        date(2022, 8, 11),
        "met",
        date(2022, 9, 30),
    )
    assert _flags(result, "commissioner_report") == []

    published = _deadline(result, "report_publication", 2)
    assert (published.due, published.status) == (date(2022, 6, 17), "met")
    answered = _deadline(result, "statement_of_action", 2)
    assert (answered.due, answered.status, answered.met_on) == (
        date(2022, 8, 12),
        "met",
        date(2022, 8, 10),
    )
    fourth = _deadline(result, "monitoring_visit", 4)
    assert (fourth.status, fourth.met_on) == ("met", date(2023, 11, 15))
    assert [n for n, _ in _flags(result, "monitoring_visit") if n is not None and n <= 6] == []

    assert result.status.stage == "awaiting_revocation"
    assert _deadline(result, "report_publication", 3).status == "met"
    last = _deadline(result, "statement_of_action", 3)
    assert (last.due, last.status) == (date(2025, 11, 14), "pending")


TAMESIDE = """
authority: Tameside Metropolitan Borough Council
inspection:
  {started_on: 2023-12-04, ended_on: 2023-12-15, published_on: 2024-02-09, judgement: inadequate}
steps:
  - {on: 2024-02-09, record: report_published}
  - {on: 2024-03-07, record: statement_of_action_submitted}
  - {on: 2024-03-13, record: direction_issued, with: {note: Replaces the notice of July 2022}}
  - on: 2024-03-14
    record: commissioner_appointed
    with: {name: Andy Couldrick, report_by: 2024-07-31}
  - {on: 2024-07-31, record: commissioner_report_submitted, with: {recommendation: retain}}
  - {on: 2024-09-17, record: direction_revised}
  - {on: 2024-09-17, record: commissioner_appointed, with: {name: Andy Couldrick}}
  - {on: 2024-09-17, record: services_retained}
  - on: 2025-01-15
    record: partner_appointed
    with: {partner: Stockport Metropolitan Borough Council, programme: Strategic partner}
  - on: 2025-02-12
    record: monitoring_visit_completed
    effective_on: 2025-02-11
    with: {number: 2, ended_on: 2025-02-12}
  - {on: 2025-03-25, record: monitoring_letter_published}
  - {on: 2025-06-16, record: commissioner_report_submitted, with: {note: To the scrutiny panel}}
end_on: 2025-06-30
"""


async def test_a_commissioner_kept_on_with_the_services_reports_progress_without_recommending(
    database_url: str,
) -> None:
    """Tameside: inspected from 4 to 15 December 2023 and judged inadequate (Children's Services
    Scrutiny Panel, 12 June 2024, opencouncil.network meeting 149), published in February 2024
    (Tameside Correspondent, 13 February 2024); an improvement plan unveiled by 7 March 2024
    (bnnbreaking.com); a statutory direction of March 2024 replacing the improvement notice of
    July 2022 (DfE, via breaking.co.uk); Andy Couldrick appointed commissioner, to report by
    July (Tameside Correspondent, 15 March 2024); his report, published on 17 September 2024,
    recommended the council keep its services with a commissioner for three years and a
    strategic partner (Tameside Council news release, 17 September 2024), and a revised
    direction followed that month (DfE); Stockport Council the strategic partner from January
    2025 (notreallyheremedia.com); Ofsted's second monitoring visit since the inspection in
    February 2025, its letter published on 25 March 2025 (Tameside Council news release, 25
    March 2025); the commissioner's progress report to the scrutiny panel of 18 June 2025
    (Tameside Correspondent, 16 June 2025). The days of publication, the plan, the direction,
    the appointment, the report, the decision, the partner, the visit and the progress report
    are illustrative.

    The commissioner's report is due the day his appointment set, Wed 31 July 2024, and met.
    The revised direction keeps him on and the services with the council on Tue 17 September
    2024, recorded in that order: his appointment first sets a report three months on (Tue 17
    December) and puts the DfE's review back to six months after it (Tue 17 June 2025); the
    decision withdraws that report. From version 11 the review counts from the decision,
    Mon 17 March 2025, is flagged two months on (six weeks before version 12), the working day
    after Sat 17 May, Mon 19 May, and the progress report of Mon 16 June 2025 meets it late;
    version 10 left it on the
    report that never came, and had it met. The progress report is recorded with no
    recommendation. Ofsted's visit numbered 2 withdraws the first as held but not recorded, and
    meets the second on its day: no visit is flagged."""
    result = await _simulate(TAMESIDE, database_url)
    before = await _simulate(TAMESIDE, database_url, version=10)

    first, second = [d for d in result.status.deadlines if d.milestone == "commissioner_report"]
    assert (first.due, first.status, first.met_on) == (date(2024, 7, 31), "met", date(2024, 7, 31))
    assert (second.due, second.status) == (date(2024, 12, 17), "withdrawn")

    review = _deadline(result, "progress_review", 1)
    assert (review.due, review.status, review.met_on) == (
        date(2025, 3, 17),
        "met_late",
        date(2025, 6, 16),
    )
    assert _flags(result, "progress_review") == [(1, date(2025, 5, 19))]
    earlier = _deadline(before, "progress_review", 1)
    assert (earlier.due, earlier.status) == (date(2025, 6, 17), "met")

    progress = [
        e
        for e in result.status.events
        if e.type == "CommissionerReportSubmitted" and e.effective_on == date(2025, 6, 16)
    ]
    assert [e.data["recommendation"] for e in progress] == [None]

    assert _deadline(result, "monitoring_visit", 1).status == "withdrawn"
    visit = _deadline(result, "monitoring_visit", 2)
    assert (visit.due, visit.status, visit.met_on) == (
        date(2025, 2, 11),
        "met",
        date(2025, 2, 11),
    )
    assert _flags(result, "monitoring_visit") == []
    active = {(a.role, a.name) for a in result.status.appointments if a.ended_on is None}
    assert active == {
        ("commissioner", "Andy Couldrick"),
        ("partner", "Stockport Metropolitan Borough Council"),
    }
