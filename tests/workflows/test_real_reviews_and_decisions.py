"""Real councils' commissioners, reviews and decisions, through the real workflow on the
time-skipping server: what the DfE awaits while its commissioner reviews, and what its decision
on who runs the services may rest on. Sources are cited in each test; a day the sources do not
give is said to be illustrative.
"""

from __future__ import annotations

from datetime import date

import pytest

from application.simulation import simulate
from tests.workflows.real_cases import deadline, each_day_reversed, flags, outcome, simulated
from tests.workflows.test_real_cadences import SOLIHULL
from tests.workflows.test_real_lifecycles import (
    EXAMPLES,
    KIRKLEES,
    NORTHAMPTONSHIRE,
    WEST_SUSSEX,
)

READING = """
authority: Reading Borough Council
inspection:
  {started_on: 2016-05-16, ended_on: 2016-06-09, published_on: 2016-08-05, judgement: inadequate}
steps:
  - {on: 2016-08-05, record: report_published}
  - {on: 2016-09-16, record: direction_issued}
  - on: 2016-09-16
    record: commissioner_appointed
    with: {name: Nick Whitfield, report_by: 2016-12-16}
  - on: 2017-09-12
    record: commissioner_report_submitted
    with: {recommendation: alternative_delivery}
  - on: 2017-09-12
    record: alternative_delivery_directed
    by: {name: A Manager, role: manager}
    with: {model: council_company}
end_on: 2017-12-31
"""


async def test_the_dfes_review_waits_for_a_commissioners_late_report(database_url: str) -> None:
    """Reading: inspected during four weeks in May and June 2016 (the days illustrative),
    judged inadequate in a report published on Friday 5 August 2016 (Reading Borough Council
    news; Community Care, 5 August 2016); a direction of Friday 16 September 2016 appointing
    Nick Whitfield commissioner, to report by 16 December (CYP Now, September 2016; Community
    Care, 19 September 2016); the council still "under review by a Government appointed
    Commissioner" in July 2017; his report published with the direction of Tuesday 12
    September 2017 to move the services into a council-owned company (LGC; Community Care, 13
    September 2017).

    The direction's first review, six months on (Thu 16 March 2017), is put back to six months
    after the report's day, Fri 16 June 2017. The report is flagged on Fri 17 March 2017, three
    months after its day, under every version. Version 11 flags the review six weeks after
    16 June, the working day after Fri 28 July, Mon 31 July 2017, while the commissioner is
    still reviewing; version 12 waits for the report, and counts the review from the day it
    came: Mon 12 March 2018, nothing flagged by the end of 2017."""
    result = await simulated(READING, database_url)
    before = await simulated(READING, database_url, version=11)

    for run in (result, before):
        [report] = [d for d in run.status.deadlines if d.milestone == "commissioner_report"]
        assert (report.due, report.status, report.met_on) == (
            date(2016, 12, 16),
            "met_late",
            date(2017, 9, 12),
        )
        assert flags(run, "commissioner_report") == [(None, date(2017, 3, 17))]

    [review] = [d for d in result.status.deadlines if d.milestone == "progress_review"]
    assert (review.due, review.status) == (date(2018, 3, 12), "pending")
    assert flags(result, "progress_review") == []
    [earlier] = [d for d in before.status.deadlines if d.milestone == "progress_review"]
    assert (earlier.due, earlier.status) == (date(2017, 6, 16), "missed")
    assert flags(before, "progress_review") == [(1, date(2017, 7, 31))]


HALTON = """
authority: Halton Borough Council
inspection:
  started_on: 2021-10-13
  ended_on: 2021-10-14
  published_on: 2021-11-17
  judgement: focused_visit
  priority_actions: [Unassessed risk and delay for children in need, Management oversight]
steps:
  - {on: 2021-11-17, record: report_published}
  - {on: 2022-01-13, record: improvement_notice_issued}
  - {on: 2022-01-24, record: improvement_board_established}
  - {on: 2022-02-18, record: statement_of_action_submitted}
  - on: 2023-01-13
    record: focused_visit_completed
    effective_on: 2022-11-23
    with: {ended_on: 2022-11-24, published_on: 2023-01-13}
  - {on: 2024-05-13, record: reinspection_started}
  - {on: 2024-05-24, record: reinspection_fieldwork_completed}
  - on: 2024-07-12
    record: reinspection_completed
    effective_on: 2024-05-13
    with: {judgement: inadequate, published_on: 2024-07-12}
  - {on: 2024-07-12, record: report_published}
  - {on: 2024-08-30, record: notice_escalated_to_direction}
  - {on: 2024-08-30, record: commissioner_appointed, with: {name: Steve Walker}}
  - {on: 2024-10-10, record: statement_of_action_submitted}
  - {on: 2025-02-07, record: commissioner_report_submitted, with: {recommendation: retain}}
  - {on: 2025-02-07, record: direction_issued}
  - {on: 2025-02-07, record: services_retained, by: {name: A Manager, role: manager}}
  - {on: 2025-02-07, record: appointment_ended, with: {appointment: commissioner}}
  - {on: 2025-02-07, record: improvement_adviser_appointed, with: {name: DfE improvement adviser}}
  - on: 2025-06-10
    record: monitoring_visit_completed
    effective_on: 2025-04-29
    with: {ended_on: 2025-04-30, letter_on: 2025-06-10, number: 2}
  - on: 2025-12-10
    record: monitoring_visit_completed
    effective_on: 2025-11-04
    with: {ended_on: 2025-11-05, letter_on: 2025-12-10, number: 3}
end_on: 2025-12-31
"""


async def test_a_notice_escalated_while_the_commissioner_is_sent_in(database_url: str) -> None:
    """Halton: a focused visit of 13 and 14 October 2021 whose letter of 17 November named
    areas for priority action; an improvement notice published on 13 January 2022, the
    Improvement Board in place by 24 January (Halton Children, Young People and Families Policy
    and Performance Board, 24 January 2022); a focused visit of 23 and 24 November 2022, its
    letter in January 2023 (Runcorn and Widnes World, 23248125); inspected from 13 May 2024 and
    judged inadequate in every area in the report of 12 July 2024 (BBC News, c3gwnev8pn2o); a
    direction of 30 August 2024 replacing the notice, with Steve Walker as commissioner, and a
    revised direction of 7 February 2025 after his report, the council keeping its services
    with a DfE improvement adviser (gov.uk, "Revised direction issued to Halton Borough Council:
    February 2025"); Ofsted's monitoring visits at the "end of April" 2025 and the "beginning
    of November", "this third monitoring visit" (hbcnewsroom.co.uk). The days of the statements
    of action, the fieldwork's end, the visits and their letters, and the report's are
    illustrative.

    The commissioner's report, due three months after his appointment (Sat 30 Nov 2024), comes
    within the time allowed. The DfE holds no review of its own while he reviews; its first
    counts from its decision: Thu 7 Aug 2025, flagged when none is on the record. The visits
    keep Ofsted's numbers, the first held but not recorded."""
    result = await simulated(HALTON, database_url)

    instruments = [(i.kind, i.issued_on, i.ended_because) for i in result.status.instruments]
    assert instruments == [
        ("notice", date(2022, 1, 13), "escalated"),
        ("direction", date(2024, 8, 30), "replaced"),
        ("direction", date(2025, 2, 7), None),
    ]
    report = deadline(result, "commissioner_report")
    assert (report.due, report.status, report.met_on) == (
        date(2024, 11, 30),
        "met",
        date(2025, 2, 7),
    )
    assert flags(result, "commissioner_report") == []
    review = deadline(result, "progress_review", 1)
    assert (review.cycle, review.due, review.status) == (2, date(2025, 8, 7), "missed")
    assert flags(result, "progress_review") == [(1, date(2022, 9, 14)), (1, date(2025, 10, 8))]
    visits = [
        (d.number, d.status, d.met_on)
        for d in result.status.deadlines
        if d.milestone == "monitoring_visit" and d.number in (1, 2, 3)
    ]
    assert visits == [
        (1, "withdrawn", None),
        (2, "met", date(2025, 4, 29)),
        (3, "met", date(2025, 11, 4)),
    ]


DONCASTER = """
authority: Doncaster Metropolitan Borough Council
inspection:
  {started_on: 2012-10-01, ended_on: 2012-10-12, published_on: 2012-11-16, judgement: inadequate}
steps:
  - {on: 2013-03-15, record: direction_issued, with: {note: "illustrative day in March 2013"}}
  - {on: 2013-07-01, record: partner_appointed, with: {partner: Impower}}
  - on: 2013-07-16
    record: options_appraisal_completed
    with: {recommendation: "An independent, not-for-profit trust (the Le Grand review)"}
  - {on: 2013-07-16, record: alternative_delivery_directed, with: {model: trust}}
  - {on: 2013-07-16, record: commissioner_appointed, with: {name: Alan Wood}}
end_on: 2014-03-31
"""


@pytest.mark.parametrize(
    ("version", "report", "review"),
    [(14, [(date(2013, 10, 16), "missed")], date(2014, 4, 16)), (15, [], date(2014, 1, 16))],
)
async def test_a_commissioner_sent_in_to_implement_a_move_already_appraised(
    version: int, report: list[tuple[date, str]], review: date, database_url: str
) -> None:
    """Doncaster: the unannounced inspection of October 2012 judged inadequate, published
    Friday 16 November 2012 (BBC News, uk-england-south-yorkshire-20345581; its days
    illustrative); a direction of March 2013 requiring an improvement partner, Impower from 1
    July 2013 (CYP Now, 20 June 2013); on Tuesday 16 July 2013 Julian Le Grand's review
    recommending an independent trust, the Secretary of State's decision to set one up, and a
    commissioner appointed "to implement the reforms" and "ensure careful transition to the
    Trust" (the DfE's statement, Doncaster Free Press, "Independent trust to take over
    Doncaster children's services"; LGC, "Doncaster children's services to be handed to a
    trust"; Community Care, 16 July 2013).

    From version 15 Alan Wood owes no report on options already appraised, and the DfE's next
    review counts from the decision: Thursday 16 January 2014, six months on. Version 14
    awaited his report three months after his appointment, Wednesday 16 October 2013, called
    it overdue in January 2014, and put the review back to six months after that report."""
    result = await simulated(DONCASTER, database_url, version)

    reports = [
        (d.due, d.status) for d in result.status.deadlines if d.milestone == "commissioner_report"
    ]
    assert reports == report
    assert bool(flags(result, "commissioner_report")) is bool(report)
    assert deadline(result, "progress_review", 1).due == review


ROTHERHAM = """
authority: Rotherham Metropolitan Borough Council
inspection:
  {started_on: 2014-09-16, ended_on: 2014-10-08, published_on: 2014-11-19, judgement: inadequate}
steps:
  - {on: 2014-09-26, record: improvement_board_established, with: {chair: Rob Vincent}}
  - on: 2014-10-07
    record: intervention_proposed
    with: {proposal: "Draft direction: a commissioner for children's social care"}
  - {on: 2014-10-10, record: direction_issued}
  - {on: 2014-10-10, record: commissioner_appointed, with: {name: Malcolm Newsam}}
  - {on: 2014-11-19, record: report_published}
  - on: 2015-02-04
    record: options_appraisal_completed
    with: {recommendation: "Commissioners to take over the council's executive functions"}
  - {on: 2015-02-26, record: direction_issued}
  - {on: 2015-02-26, record: commissioner_appointed, with: {name: Malcolm Newsam}}
  - {on: 2015-02-26, record: services_retained, by: {name: A Manager, role: manager}}
  - {on: 2016-05-16, record: commissioner_appointed, with: {name: Patricia Bradwell}}
end_on: 2016-09-30
"""


async def test_services_kept_on_the_strength_of_another_review_of_the_council(
    database_url: str,
) -> None:
    """Rotherham: an improvement board after the Jay report, first meeting on 26 September 2014
    (moderngov.rotherham.gov.uk); the Secretary of State minded to direct on 7 October and a
    direction of 10 October 2014 appointing Malcolm Newsam commissioner for children's social
    care (gov.uk, "Rotherham council children's services: direction to improve"; Community
    Care, 8 October 2014); the inadequate report of Wednesday 19 November 2014 (CYP Now);
    Louise Casey's inspection of the council reported on 4 February 2015, and the joint DCLG
    and DfE directions of 26 February 2015 kept children's social care within the council, run
    by commissioners, Newsam among them (gov.uk, "Directions issued to Rotherham Metropolitan
    Borough Council"; CLG Committee, HC 1114, paragraph 63); Patricia Bradwell in his place from
    May 2016 (The Lincolnite; the day illustrative).

    The decision rests on Casey's report, recorded as another review of the council, and is
    accepted. Newsam named again the day of the decision sees it through: the report his
    appointment set three months on (Tue 26 May 2015) is withdrawn; Bradwell, appointed once
    the DfE had decided, sets none. His first report, due three months after 10 October 2014,
    on Sat 10 January 2015, is not on the record: the DfE decided without it before it would be
    called overdue, so it is no longer awaited (version 18), where it stayed awaited, to be met
    years late by whatever report came next."""
    result = await simulated(ROTHERHAM, database_url)

    reports = [
        (d.number, d.due, d.status)
        for d in result.status.deadlines
        if d.milestone == "commissioner_report"
    ]
    assert reports == [(None, date(2015, 1, 10), "withdrawn"), (2, date(2015, 5, 26), "withdrawn")]
    assert [a.name for a in result.status.appointments if a.role == "commissioner"][-1] == (
        "Patricia Bradwell"
    )


ROTHERHAM_LAPSING = """
authority: Rotherham Metropolitan Borough Council
inspection:
  {started_on: 2014-09-16, ended_on: 2014-10-08, published_on: 2014-11-19, judgement: inadequate}
steps:
  - on: 2015-02-26
    record: direction_issued
    with:
      conditions: [{name: revocation, title: The directions lapse, due: 2019-03-31}]
  - {on: 2017-11-06, record: reinspection_started}
  - {on: 2017-11-30, record: reinspection_fieldwork_completed}
  - on: 2018-01-29
    record: reinspection_completed
    effective_on: 2017-11-06
    with: {judgement: good, published_on: 2018-01-29}
  - {on: 2019-03-31, record: direction_revoked, by: {name: A Manager, role: manager}}
end_on: 2019-04-30
"""


async def test_directions_that_lapse_on_a_day_of_their_own_are_not_overdue_before_it(
    database_url: str,
) -> None:
    """Rotherham: the directions of 26 February 2015 were to run until 31 March 2019 (LocalGov,
    29 January 2018: "due to remain under government intervention until March 2019"); the
    re-inspection of November 2017 (its days illustrative) was judged good in a report of
    Monday 29 January 2018 (rotherham.gov.uk news; LGC); the Secretaries of State let the
    directions "lapse on 31 March 2019" (rotherham.gov.uk news, 27 March 2019). The lapse is
    recorded as a condition of the direction named `revocation`.

    Version 12 keeps that day when the report comes: the revocation is due on Sun 31 March
    2019 and met that day, nothing flagged. Version 11 withdrew the condition at the report and
    expected the revocation three months after it, on Sun 29 April 2018, flagged on Mon 30
    July 2018 and met late."""
    result = await simulated(ROTHERHAM_LAPSING, database_url)
    before = await simulated(ROTHERHAM_LAPSING, database_url, version=11)

    [revocation] = [
        d
        for d in result.status.deadlines
        if d.milestone == "revocation" and d.status != "withdrawn"
    ]
    assert (revocation.due, revocation.status) == (date(2019, 3, 31), "met")
    assert flags(result, "revocation") == []
    [earlier] = [
        d
        for d in before.status.deadlines
        if d.milestone == "revocation" and d.status != "withdrawn"
    ]
    assert (earlier.due, earlier.status) == (date(2018, 4, 29), "met_late")
    assert flags(before, "revocation") == [(2, date(2018, 7, 30))]


HAVERING = """
authority: London Borough of Havering
inspection:
  {started_on: 2023-12-11, ended_on: 2023-12-22, published_on: 2024-02-16, judgement: inadequate}
steps:
  - {on: 2024-02-16, record: report_published}
  - {on: 2024-03-21, record: improvement_notice_issued}
  - {on: 2024-10-02, record: monitoring_visit_completed, effective_on: 2024-10-01}
  - {on: 2024-11-14, record: progress_review_completed}
end_on: 2024-12-31
"""


async def test_the_dfes_first_review_after_ofsteds_first_visit_is_not_overdue(
    database_url: str,
) -> None:
    """Havering: inspected from 11 to 22 December 2023, judged inadequate in a report published
    on Friday 16 February 2024 (havering.gov.uk news 1325; Evening Standard); an improvement
    notice in March 2024 (gov.uk, "Improvement notices and directions", updated 9 April 2024);
    "In early October, Ofsted undertook their first monitoring visit which was closely followed
    by the first review by the Department for Education (DfE) in mid-November" (havering.gov.uk
    news 1480, December 2024). The days of the notice, the visit and the review are
    illustrative.

    The first review is due six months after the notice of Thu 21 March, Sat 21 September 2024.
    Version 12 waits two months before calling it overdue, to Thu 21 November: the review of
    Thu 14 November meets it within that, nothing flagged. Version 11 waited six weeks, to Sat
    2 November, flagged it on the working day after, Mon 4 November, and had it met late."""
    result = await simulated(HAVERING, database_url)
    before = await simulated(HAVERING, database_url, version=11)

    for run, status in ((result, "met"), (before, "met_late")):
        review = deadline(run, "progress_review", 1)
        assert (review.due, review.status, review.met_on) == (
            date(2024, 9, 21),
            status,
            date(2024, 11, 14),
        )
    assert flags(result, "progress_review") == []
    assert flags(before, "progress_review") == [(1, date(2024, 11, 4))]


WORCESTERSHIRE = (EXAMPLES / "worcestershire-2017.yaml").read_text()
CROYDON = (EXAMPLES / "croydon-2017.yaml").read_text()


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(READING, id="Reading: the report and the decision of 12 September 2017"),
        pytest.param(
            NORTHAMPTONSHIRE, id="Northamptonshire: the report and the trust of 14 May 2019"
        ),
        pytest.param(
            WEST_SUSSEX,
            id="West Sussex: the trust and the commissioner kept on of 17 December 2019",
        ),
        pytest.param(SOLIHULL, id="Solihull: the report and the services kept of 20 March 2023"),
        pytest.param(
            WORCESTERSHIRE,
            id="Worcestershire: the move in principle and the further period of 19 September 2017",
        ),
        pytest.param(KIRKLEES, id="Kirklees: the report and its publication of 5 August 2019"),
        pytest.param(CROYDON, id="Croydon: the report and its publication of 16 March 2020"),
        pytest.param(HALTON, id="Halton: the escalation and the commissioner of 30 August 2024"),
        pytest.param(
            DONCASTER, id="Doncaster: the review, the trust and the commissioner of 16 July 2013"
        ),
    ],
)
async def test_the_facts_of_a_day_set_the_same_deadlines_whichever_is_recorded_first(
    text: str, database_url: str
) -> None:
    """The DfE publishes its decision with the commissioner's report it rests on, and names a
    commissioner kept on in the same direction; the council publishes Ofsted's report the day it
    comes out (sources in each case's own test, and in examples/): a team may record a day's
    facts in any order. Reading, Northamptonshire and Solihull record the report before the
    decision, West Sussex the decision before the commissioner kept on, Worcestershire the
    commissioner before the move, Kirklees and Croydon the re-inspection's report before its
    publication, Doncaster the review's options before the trust and the commissioner, Halton
    the notice's escalation before the commissioner sent in with it; recorded
    the other way round, every deadline standing and every alert are the same (what is
    withdrawn on the way may differ: it alerts nobody)."""
    as_written = await simulated(text, database_url)
    reversed_ = await simulate(each_day_reversed(text), database_url)

    assert outcome(reversed_) == outcome(as_written)
