"""Real councils where Ofsted and the DfE kept their own pace, through the real workflow on the
time-skipping server: visits months apart, a visit Ofsted numbered after a year's silence, a
commissioner's review in place of the DfE's, a board that outlived a report. Each test cites
its sources; each expected date is worked out by hand in its docstring (the day of receipt is
day 0; expected dates may fall on any day, statutory ones on working days). Where a test runs
the same facts under an earlier version too, it shows what the next one changed.
"""

from __future__ import annotations

from datetime import date

from application.simulation import SimulationResult
from domain.views import DeadlineView
from tests.workflows.real_cases import flags as _flags
from tests.workflows.real_cases import simulated as _simulate


def _series(result: SimulationResult, milestone: str) -> list[DeadlineView]:
    return sorted(
        (d for d in result.status.deadlines if d.milestone == milestone),
        key=lambda d: (d.cycle, d.number or 0),
    )


TRAFFORD = """
authority: Trafford Council
inspection:
  {started_on: 2019-03-04, ended_on: 2019-03-15, published_on: 2019-05-08, judgement: inadequate}
steps:
  - {on: 2019-05-23, record: improvement_notice_issued}
  - {on: 2019-07-16, record: improvement_board_established}
  - {on: 2019-08-13, record: statement_of_action_submitted}
  - on: 2019-10-16
    record: monitoring_visit_completed
    effective_on: 2019-10-15
    with: {ended_on: 2019-10-16}
  - on: 2021-05-06
    record: focused_visit_completed
    effective_on: 2021-03-02
    with: {published_on: 2021-05-06}
  - on: 2021-05-12
    record: monitoring_visit_completed
    effective_on: 2021-05-11
    with: {ended_on: 2021-05-12}
  - on: 2022-07-13
    record: monitoring_visit_completed
    effective_on: 2022-07-12
    with: {ended_on: 2022-07-13, note: "the fourth monitoring visit"}
end_on: 2022-09-30
"""


async def test_a_year_without_a_visit_is_one_alert_and_the_next_visit_keeps_ofsteds_count(
    database_url: str,
) -> None:
    """Trafford: judged inadequate in a report of Wed 8 May 2019 (LGC, 23 May 2019), notice on
    23 May 2019 (gov.uk, "Improvement notice issued to Trafford council"). Ofsted's first
    monitoring visit was on 15-16 October 2019 (Messenger, "the first in a series of monitoring
    visits"); the March 2020 visit was postponed by the pandemic; a focused visit in March 2021
    (Trafford Council, "Our story"; 2 March is illustrative) and a remote visit ending in May
    2021 (BBC News, 8 July 2021; 11-12 May illustrative); then nothing until 12-13 July 2022,
    "the fourth monitoring visit" (Manchester Evening News; Community Care, 17 August 2022).

    Visit 2 is due a quarter after the first, Wed 15 January 2020, before the pause of 17
    March 2020 to 1 June 2021: its seven months' grace ran into the pause and waits for all its
    441 days, so the focused visit of March 2021 meets it within the grace (version 6 moved
    its due date instead, to 31 March 2021). From version 6 each visit counts from the one
    before: visit 3 of Tue 11 May 2021 came in the pause, which ended on 1 June 2021, and the
    count begins that day (version 6 counted 3 months to 11 August and stood still for the 21
    days of May it ran into: the same day), so visit 4 is expected by Wed 1 September 2021 and
    flagged seven months on (six under version 6), Fri 1 April 2022, the next working day: Mon 4
    April 2022. It stays open, one alert for the silence, and the July 2022 visit meets it
    late, as Ofsted's fourth; the fifth is expected 3 months after it,
    Wed 12 October 2022. Version 5 kept a quarterly calendar: visit 4 flagged three months after
    its due date (Thu 2 December 2021), visit 5 (due 1 December) on Wed 2 March 2022, visit 6
    (due 1 March 2022) on Mon 6 June 2022 (1 June, then the jubilee holidays of 2 and 3 June),
    and the July visit met "visit 7"."""
    result = await _simulate(TRAFFORD, database_url)
    as_version_6 = await _simulate(TRAFFORD, database_url, version=6)
    before = await _simulate(TRAFFORD, database_url, version=5)

    assert _flags(result, "monitoring_visit") == [(4, date(2022, 4, 4))]
    visits = _series(result, "monitoring_visit")
    assert [(v.number, v.status, v.met_on) for v in visits] == [
        (1, "met", date(2019, 10, 15)),
        (2, "met", date(2021, 3, 2)),
        (3, "met", date(2021, 5, 11)),
        (4, "met_late", date(2022, 7, 12)),
        (5, "pending", None),
    ]
    assert [visits[1].due, visits[3].due, visits[4].due] == [
        date(2020, 1, 15),
        date(2021, 9, 1),
        date(2022, 10, 12),
    ]
    assert _series(as_version_6, "monitoring_visit")[1].due == date(2021, 3, 31)

    assert _flags(before, "monitoring_visit") == [
        (4, date(2021, 12, 2)),
        (5, date(2022, 3, 2)),
        (6, date(2022, 6, 6)),
    ]
    assert [v.number for v in _series(before, "monitoring_visit") if v.status == "met_late"] == [7]


HEREFORDSHIRE = """
authority: Herefordshire Council
inspection:
  {started_on: 2022-07-18, ended_on: 2022-07-29, published_on: 2022-09-21, judgement: inadequate}
steps:
  - {on: 2022-09-21, record: direction_issued}
  - on: 2022-09-21
    record: commissioner_appointed
    with: {name: Eleanor Brazil, report_by: 2022-12-12}
  - {on: 2022-12-12, record: commissioner_report_submitted, with: {recommendation: retain}}
  - {on: 2022-12-15, record: statement_of_action_submitted}
  - {on: 2023-03-01, record: services_retained}
  - {on: 2023-03-30, record: monitoring_visit_completed, effective_on: 2023-03-29}
  - {on: 2023-06-29, record: monitoring_visit_completed, effective_on: 2023-06-28}
  - {on: 2023-09-27, record: monitoring_visit_completed, effective_on: 2023-09-26}
  - {on: 2023-12-13, record: commissioner_report_submitted, with: {recommendation: retain}}
  - {on: 2023-12-13, record: services_retained}
  - {on: 2024-02-22, record: monitoring_visit_completed, effective_on: 2024-02-21}
  - {on: 2024-10-23, record: monitoring_visit_completed, effective_on: 2024-10-22}
  - {on: 2024-12-04, record: commissioner_report_submitted, with: {recommendation: retain}}
  - {on: 2025-02-19, record: monitoring_visit_completed, effective_on: 2025-02-18}
  - on: 2025-06-18
    record: monitoring_visit_completed
    effective_on: 2025-06-17
    with: {final: true, note: "the seventh and final monitoring visit"}
end_on: 2025-06-18
"""


async def test_visits_months_apart_keep_ofsteds_count_and_the_commissioners_reports_review(
    database_url: str,
) -> None:
    """Herefordshire: inspected 18-29 July 2022, judged inadequate on Wed 21 September 2022, a
    direction and Eleanor Brazil as commissioner that day, her verdict due by 12 December
    (Herefordshire Council, "Children's services improvements"; Community Care, 10 October
    2022); services kept, published Wed 1 March 2023 (Hereford Times). Ofsted's visits, each
    numbered by Ofsted: 29-30 March 2023 ("first formal Monitoring Visit", Cabinet, 22 June
    2023), 28-29 June 2023 (Ross Gazette), 26-27 September 2023 (BBC News), 21-22 February 2024
    and 22-23 October 2024 (Herefordshire Council decisions 10066 and 10452), 18-19 February
    2025 (Cabinet, 20 March 2025) and 17-18 June 2025, "seventh and final" (Herefordshire
    Council news 2045). The commissioner's progress report to the Minister in December 2023,
    and the minister's decision to keep the services with the council "with no further
    consideration of any alternatives" (BBC News 67713146; Wed 13 December illustrative) and
    her report published on 4 December
    2024 with the fifth visit's letter (Yahoo News, 4 December 2024). No other DfE review is on
    the public record.

    Receipt is assumed three working days before publication: Tue 20, Fri 16 and Thu 15
    September 2022 (Mon 19 September was the Queen's funeral). The statement of action is due
    70 working days later, Fri 23 December 2022; the first visit a quarter after it, Thu 23
    March 2023, each later one 3 months after the one before: 29 June, 28 September, 26
    December 2023, 21 May 2024 (after the visit of 21 February), 22 January and 18 May 2025.
    Version 6 waits six months after each before an alert: the eight months from February to
    October 2024 raise none, every visit is met (none late: late is what would have been
    flagged) and the seventh is the seventh. Version 5 flagged visit 5 three months after its
    due date, Wed 21 August 2024, the next working day Thu 22 August, and numbered the rest one
    ahead of Ofsted.

    The DfE's first review, 6 months after the direction (Tue 21 March 2023), waits for the
    commissioner: 6 months after her report's due date, Mon 12 June 2023, then 6 months after
    the DfE's decision, Fri 1 September 2023. No review is recorded; it is flagged two months
    on (six weeks before version 12), Wed 1 November, the next working day Thu 2 November 2023,
    and the commissioner's
    progress report of December, after the decision, meets it late. Her first report, before the
    decision, met only the report she owed. The next review is due 6 months after that one, Thu
    13 June 2024, flagged on Wed 14 August (two months on is Tue 13 August) since none is on
    the record, and met late by her report of 4 December 2024. The second decision changes none of
    it: a review was held since the commissioner came.

    Version 5 let no commissioner's report stand for a review: the first stays flagged, the
    second is set on its calendar, 6 months after the first was due (1 March 2024), and the
    second decision puts back only that one, to Thu 13 June 2024; the one already flagged keeps
    its date."""
    result = await _simulate(HEREFORDSHIRE, database_url)
    before = await _simulate(HEREFORDSHIRE, database_url, version=5)

    assert _flags(result, "monitoring_visit") == []
    visits = _series(result, "monitoring_visit")
    assert [(v.number, v.due, v.status, v.met_on) for v in visits] == [
        (1, date(2023, 3, 23), "met", date(2023, 3, 29)),
        (2, date(2023, 6, 29), "met", date(2023, 6, 28)),
        (3, date(2023, 9, 28), "met", date(2023, 9, 26)),
        (4, date(2023, 12, 26), "met", date(2024, 2, 21)),
        (5, date(2024, 5, 21), "met", date(2024, 10, 22)),
        (6, date(2025, 1, 22), "met", date(2025, 2, 18)),
        (7, date(2025, 5, 18), "met", date(2025, 6, 17)),
    ]
    assert _flags(before, "monitoring_visit") == [(5, date(2024, 8, 22))]

    reviews = _series(result, "progress_review")
    assert [(r.number, r.due, r.status, r.met_on) for r in reviews[:2]] == [
        (1, date(2023, 9, 1), "met_late", date(2023, 12, 13)),
        (2, date(2024, 6, 13), "met_late", date(2024, 12, 4)),
    ]
    assert _flags(result, "progress_review") == [(1, date(2023, 11, 2)), (2, date(2024, 8, 14))]
    assert [(r.number, r.due, r.status) for r in _series(before, "progress_review")[:2]] == [
        (1, date(2023, 9, 1), "missed"),
        (2, date(2024, 6, 13), "missed"),
    ]
    [report] = _series(result, "commissioner_report")
    assert (report.due, report.status, report.met_on) == (
        date(2022, 12, 12),
        "met",
        date(2022, 12, 12),
    )


SURREY = """
authority: Surrey County Council
inspection:
  {started_on: 2014-11-24, ended_on: 2014-12-12, published_on: 2015-06-03, judgement: inadequate}
steps:
  - {on: 2016-04-26, record: improvement_board_established}
  - {on: 2018-02-19, record: reinspection_started}
  - {on: 2018-03-15, record: reinspection_fieldwork_completed}
  - on: 2018-05-16
    record: reinspection_completed
    effective_on: 2018-02-19
    with: {judgement: inadequate, published_on: 2018-05-16}
  - {on: 2018-05-22, record: intervention_proposed, with: {proposal: a commissioner}}
  - {on: 2018-06-25, record: direction_issued}
end_on: 2018-10-31
"""


async def test_a_board_that_outlived_a_report_meets_the_next_directions_board_deadline(
    database_url: str,
) -> None:
    """Surrey: judged inadequate in June 2015 (3 June illustrative); an Improvement Board in
    place by 26 April 2016 (Surrey County Council, Cabinet, IId 18196), still meeting when
    Ofsted judged the council inadequate again on 16 May 2018, after an inspection "between
    February and March" (LGC, 16 May 2018: "compounded by an 'ineffective' improvement board");
    the minister's letter of May 2018 and a commissioner sent in with a direction in June 2018
    (reigate.uk, 22 January 2020; 25 June illustrative).

    The direction asks for a board within 3 months, by Tue 25 September 2018. Version 6 counts
    the board already serving the intervention, whatever the report it was set up after: met on
    26 April 2016, no alert. Version 5 counted only a board of the 2018 cycle and flagged it
    the next working day, Wed 26 September 2018."""
    result = await _simulate(SURREY, database_url)
    before = await _simulate(SURREY, database_url, version=5)

    [board] = _series(result, "improvement_board")
    assert (board.cycle, board.due, board.status, board.met_on) == (
        2,
        date(2018, 9, 25),
        "met",
        date(2016, 4, 26),
    )
    assert _flags(result, "improvement_board") == []
    assert _flags(before, "improvement_board") == [(None, date(2018, 9, 26))]


SOLIHULL = """
authority: Solihull Metropolitan Borough Council
inspection:
  started_on: 2022-01-10
  ended_on: 2022-01-14
  published_on: 2022-02-21
  judgement: jtai
  priority_actions: ["Urgent action at the front door (MASH)"]
steps:
  - {on: 2022-02-21, record: improvement_board_established}
  - {on: 2022-02-28, record: improvement_notice_issued}
  - {on: 2022-09-15, record: progress_review_completed}
  - {on: 2022-10-11, record: intervention_proposed, with: {proposal: a commissioner}}
  - on: 2022-10-20
    record: commissioner_appointed
    with: {name: Sir Alan Wood, report_by: 2023-01-31}
  - {on: 2022-11-08, record: notice_escalated_to_direction}
  - {on: 2023-03-20, record: commissioner_report_submitted, with: {recommendation: retain}}
  - {on: 2023-03-20, record: services_retained}
end_on: 2023-09-01
"""


async def test_no_dfe_review_is_expected_while_its_commissioner_reviews(
    database_url: str,
) -> None:
    """Solihull: a joint targeted area inspection's letter of 21 February 2022, an improvement
    notice on 28 February (Willis Palmer); "a DfE review in September 2022 identified
    insufficient improvement" (CYP Now; the 15th illustrative); the minister minded to
    intervene on 11 October; Sir Alan Wood sent in on about 20 October to "report to the DfE by
    January 2023" (Community Care, 24 October 2022); a direction in November; his report came
    out on 20 March 2023 (CYP Now) and the direction was revised to keep the services with the
    council (gov.uk, March 2023; 20 March illustrative).

    The first review, 6 months after the notice, was due Sun 28 August 2022; the review of the
    15th meets it within the six weeks version 7 waits (to Sun 9 October; version 6 waited two
    and flagged it on Mon 12 September). The next, 6 months after Thu 15 September 2022, would
    be due Wed 15 March 2023 and flagged six weeks on, in the middle of the commissioner's
    review. The DfE holds no review of
    its own while he reviews: it is put back to 6 months after his report's due date, Mon 31
    July 2023, and then, the DfE having decided, to 6 months after the decision, Wed 20
    September 2023. Nothing else is flagged."""
    result = await _simulate(SOLIHULL, database_url)
    before = await _simulate(SOLIHULL, database_url, version=6)

    [held, coming] = _series(result, "progress_review")
    assert (held.status, held.met_on) == ("met", date(2022, 9, 15))
    assert _flags(result, "progress_review") == []
    assert _flags(before, "progress_review") == [(1, date(2022, 9, 12))]
    assert (coming.due, coming.status) == (date(2023, 9, 20), "pending")
    moved = [
        e.data["due"]
        for e in result.status.events
        if e.type == "DeadlineRescheduled" and e.data["milestone"] == "progress_review"
    ]
    assert moved == ["2023-07-31", "2023-09-20"]


async def test_a_visit_given_ofsteds_number_closes_those_not_recorded(database_url: str) -> None:
    """Herefordshire again, brought in from the council's papers, which name the fourth, fifth
    and seventh visits (Cabinet decisions 10066 and 10452; Herefordshire Council news 2045) but
    not the third (26-27 September 2023) nor the sixth (18-19 February 2025). Recorded with
    Ofsted's numbers, each says the visits before it took place: visit 3, awaited since the
    second (due Thu 28 September 2023, 3 months after 28 June), is withdrawn as held but not
    recorded, not missed, and the fourth visit meets occurrence 4, due the day it took place,
    since when it fell due hangs on the third's unrecorded day; likewise the sixth, due Wed 22
    January 2025, 3 months after the fifth of 22 October 2024, and the seventh."""
    visits = """
authority: Herefordshire Council
inspection:
  {started_on: 2022-07-18, ended_on: 2022-07-29, published_on: 2022-09-21, judgement: inadequate}
steps:
  - {on: 2022-09-21, record: direction_issued}
  - {on: 2022-12-15, record: statement_of_action_submitted}
  - {on: 2023-03-30, record: monitoring_visit_completed, effective_on: 2023-03-29}
  - {on: 2023-06-29, record: monitoring_visit_completed, effective_on: 2023-06-28}
  - on: 2024-02-22
    record: monitoring_visit_completed
    effective_on: 2024-02-21
    with: {number: 4}
  - on: 2024-10-23
    record: monitoring_visit_completed
    effective_on: 2024-10-22
    with: {number: 5}
  - on: 2025-06-18
    record: monitoring_visit_completed
    effective_on: 2025-06-17
    with: {number: 7, final: true}
end_on: 2025-06-30
"""
    result = await _simulate(visits, database_url)

    series = [(v.number, v.due, v.status, v.met_on) for v in _series(result, "monitoring_visit")]
    assert series == [
        (1, date(2023, 3, 23), "met", date(2023, 3, 29)),
        (2, date(2023, 6, 29), "met", date(2023, 6, 28)),
        (3, date(2023, 9, 28), "withdrawn", None),
        (4, date(2024, 2, 21), "met", date(2024, 2, 21)),
        (5, date(2024, 5, 21), "met", date(2024, 10, 22)),
        (6, date(2025, 1, 22), "withdrawn", None),
        (7, date(2025, 6, 17), "met", date(2025, 6, 17)),
    ]
    reasons = [
        e.data["reason"]
        for e in result.status.events
        if e.type == "DeadlineWithdrawn" and e.data["milestone"] == "monitoring_visit"
    ]
    assert reasons == [
        "held but not recorded, since Ofsted monitoring visit 4 took place on 2024-02-21",
        "held but not recorded, since Ofsted monitoring visit 7 took place on 2025-06-17",
    ]
    assert _flags(result, "monitoring_visit") == []


NORTH_EAST_LINCOLNSHIRE = """
authority: North East Lincolnshire Council
inspection:
  {started_on: 2021-10-04, ended_on: 2021-10-15, published_on: 2021-11-26, judgement: inadequate}
steps:
  - on: 2019-11-21
    record: focused_visit_completed
    effective_on: 2019-10-15
    with: {published_on: 2019-11-21, priority_actions: ["Managerial oversight and supervision"]}
  - {on: 2019-12-16, record: improvement_notice_issued}
  - {on: 2021-11-26, record: report_published}
  - {on: 2022-01-17, record: direction_issued}
  - {on: 2022-11-09, record: monitoring_visit_completed, effective_on: 2022-11-08}
end_on: 2022-12-31
"""


async def test_a_focused_visit_before_the_report_meets_no_monitoring_visit_it_set(
    database_url: str,
) -> None:
    """North East Lincolnshire: focused visits in March and October 2019 named priority actions,
    and an improvement notice followed in December 2019 (The Lincolnite, November 2021; the days
    illustrative); inspected 4 to 15 October 2021, inadequate, published Friday 26 November 2021,
    when the council published it too (nelincs.gov.uk, 26 November 2021); a direction and a
    commissioner in January 2022 (17 January illustrative); Ofsted's monitoring visit of 8-9
    November 2022 (Lincs FM, 14 December 2022).

    The focused visit of 2019, recorded as a fact in place before the report, is history from
    version 7: its letter brings no duties here, since nothing that answered them could be
    recorded before the inspection of 2021 ended. It meets none of the monitoring visits
    the report of 2021 brought: the first is expected a quarter after that report's statement of
    action is due (receipt assumed Tue 23 November 2021; due Fri 4 March 2022), Sat 4 June
    2022, and the visit of 8 November 2022 meets it, within the six months the alert waits.
    The council's publication on 26 November 2021 answers the report just received. Version 6
    set the 2019 letter's duties, and its publication stayed missed; version 5 let the 2019
    visit meet the first monitoring visit, and gave the publication to the 2019 letter."""
    result = await _simulate(NORTH_EAST_LINCOLNSHIRE, database_url)
    as_version_6 = await _simulate(NORTH_EAST_LINCOLNSHIRE, database_url, version=6)
    before = await _simulate(NORTH_EAST_LINCOLNSHIRE, database_url, version=5)

    [first, *_] = _series(result, "monitoring_visit")
    assert (first.number, first.due, first.status, first.met_on) == (
        1,
        date(2022, 6, 4),
        "met",
        date(2022, 11, 8),
    )
    publications = {
        d.number: (d.due, d.status, d.met_on) for d in _series(result, "report_publication")
    }
    assert publications[None][1:] == ("met", date(2021, 11, 26))
    assert list(publications) == [None]
    assert [d.status for d in _series(as_version_6, "report_publication")] == ["met", "missed"]

    [visit_before] = [v for v in _series(before, "monitoring_visit") if v.number == 1]
    assert visit_before.met_on == date(2019, 10, 15)
    assert {d.number: d.status for d in _series(before, "report_publication")}[2] == "met_late"


BRADFORD_VISITS = """
authority: City of Bradford Metropolitan District Council
inspection: {published_on: 2018-10-29, received_on: 2018-10-24, judgement: inadequate}
steps:
  - {on: 2018-11-15, record: improvement_notice_issued}
  - {on: 2019-04-10, record: monitoring_visit_completed}
  - {on: 2019-07-10, record: monitoring_visit_completed}
  - {on: 2019-10-16, record: monitoring_visit_completed}
  - {on: 2020-02-25, record: monitoring_visit_completed}
  - {on: 2020-12-15, record: focused_visit_completed}
  - {on: 2021-04-28, record: monitoring_visit_completed, with: {number: 5}}
end_on: 2021-05-31
"""


async def test_ofsteds_lower_number_answers_the_visit_awaited(database_url: str) -> None:
    """Bradford: judged inadequate in a report of 29 October 2018; the October 2019 visit was
    the "third monitoring visit" (Bradford Council bulletin 271ef7d; 10 April, 10 July and 16
    October 2019 illustrative), the fourth on 25 February 2020 (Yorkshire Post); during the
    pandemic a visit on 15 December 2020 (Bradford Council bulletin 2c0e235) that Ofsted did
    not count as one of them; then 28 April 2021, "the fifth since their main inspection"
    (bulletin 2e29b15). The engine counted the December visit as the fifth, as a focused visit
    to an authority under monitoring is, and awaits the sixth: the April visit given Ofsted's
    number 5 answers it rather than being refused."""
    result = await _simulate(BRADFORD_VISITS, database_url)

    visits = [(v.number, v.status, v.met_on) for v in _series(result, "monitoring_visit")]
    assert visits[4:6] == [(5, "met", date(2020, 12, 15)), (6, "met", date(2021, 4, 28))]
    [recorded] = [
        e
        for e in result.status.events
        if e.type == "MonitoringVisitCompleted" and e.data["number"] == 6
    ]
    assert recorded.effective_on == date(2021, 4, 28)


BURY = """
authority: Bury Council
inspection:
  {started_on: 2021-10-25, ended_on: 2021-11-05, published_on: 2021-12-17, judgement: inadequate}
steps:
  - {on: 2022-01-10, record: improvement_notice_issued}
  - {on: 2025-06-09, record: reinspection_started}
  - {on: 2025-06-27, record: reinspection_fieldwork_completed}
  - on: 2025-08-15
    record: reinspection_completed
    effective_on: 2025-06-09
    with: {judgement: requires_improvement, published_on: 2025-08-15}
end_on: 2025-08-31
"""


async def test_a_reinspection_three_and_a_half_years_on_is_not_overdue(database_url: str) -> None:
    """Bury: inspected 25 October to 5 November 2021 and judged inadequate (Bury Council, Children
    and Young People Scrutiny, MId 3491), the report published on Friday 17 December 2021
    (Manchester Gazette); an improvement notice in January 2022 (BBC, 19 January 2022; the day
    illustrative); re-inspected "over three weeks in June 2025", requires improvement
    (opencouncil.network, meeting 79843; 9 to 27 June and the publication day illustrative, any
    day of June gives the same result). No pause of inspection fell in between.

    Due 24 months after publication, Sun 17 December 2023; version 7 waits 21 months more,
    to Wed 17 September 2025, before calling it overdue: Ofsted on site on 9 June 2025, 42
    months after the report, meets it within the grace, with no alert. Version 6 waited 15
    months, to 17 March 2025, and flagged it the working day after, Tue 18 March 2025, then
    had it met late."""
    result = await _simulate(BURY, database_url)
    before = await _simulate(BURY, database_url, version=6)

    [reinspection] = _series(result, "reinspection")
    assert (reinspection.due, reinspection.status, reinspection.met_on) == (
        date(2023, 12, 17),
        "met",
        date(2025, 6, 9),
    )
    assert _flags(result, "reinspection") == []
    assert _flags(before, "reinspection") == [(None, date(2025, 3, 18))]
    assert [d.status for d in _series(before, "reinspection")] == ["met_late"]


HARINGEY = """
authority: London Borough of Haringey
inspection:
  started_on: 2008-11-13
  ended_on: 2008-11-26
  published_on: 2008-12-01
  received_on: 2008-12-01
  judgement: inadequate
steps:
  - {on: 2008-12-01, record: direction_issued}
  - {on: 2009-07-03, record: progress_review_completed, with: {next_by: 2010-01-31}}
  - {on: 2010-02-23, record: progress_review_completed}
end_on: 2010-03-31
"""


async def test_a_review_sets_the_day_of_the_next(database_url: str) -> None:
    """Haringey: the joint area review of 13 to 26 November 2008, inadequate, presented and
    published on 1 December 2008, the day of the Secretary of State's first direction (Ofsted,
    1 December 2008). His first review came on 3 July 2009 with Ofsted's progress report: the
    council would "face a further inspection by January 2010" and he would decide after it
    (Community Care, 3 July 2009); he did, on its report of 23 February 2010 (BBC News). The
    end of January 2010 is illustrative for "by January 2010".

    Review 1 is due six months after the direction, Mon 1 June 2009; held on 3 July, within
    the six weeks version 7 waits (to 13 July): met, no alert. It set the next for 31 January
    2010, so review 2 is due then, not six months on (3 January 2010), and the decision of 23
    February 2010 meets it within its six weeks, with no alert. Version 6 waited two weeks:
    review 1 flagged on Tue 16 June 2009 and review 2 on Mon 15 February 2010, both met
    late."""
    result = await _simulate(HARINGEY, database_url)
    before = await _simulate(HARINGEY, database_url, version=6)

    reviews = [(r.number, r.due, r.status) for r in _series(result, "progress_review")]
    assert reviews[:2] == [
        (1, date(2009, 6, 1), "met"),
        (2, date(2010, 1, 31), "met"),
    ]
    assert _flags(result, "progress_review") == []
    assert _flags(before, "progress_review") == [
        (1, date(2009, 6, 16)),
        (2, date(2010, 2, 15)),
    ]


SWINDON = """
authority: Swindon Borough Council
inspection:
  {started_on: 2023-07-17, ended_on: 2023-07-28, published_on: 2023-09-11, judgement: inadequate}
steps:
  - {on: 2023-10-30, record: improvement_notice_issued}
  - {on: 2023-11-30, record: statement_of_action_submitted}
  - {on: 2024-02-06, record: monitoring_visit_completed}
  - {on: 2024-05-14, record: monitoring_visit_completed}
  - {on: 2024-09-10, record: monitoring_visit_completed}
  - {on: 2025-06-24, record: monitoring_visit_completed, with: {number: 4}}
end_on: 2025-09-30
"""


async def test_a_visit_nine_months_after_the_last_is_within_the_time_allowed(
    database_url: str,
) -> None:
    """Swindon: inspected 17 to 28 July 2023, inadequate, published Monday 11 September 2023
    (Swindon Borough Council news 925); an improvement notice in force by December 2023 (30
    October illustrative); Ofsted's visits in February, May and September 2024 (Swindon
    Advertiser; Swindon Borough Council news 1076 and 1110; the days illustrative) and "their
    fourth monitoring visit in June" 2025 (Swindon Borough Council, 19 September 2025; 24 June
    illustrative: the later days of June are the ones version 6 got wrong).

    Visit 4 is due a quarter after the third, Tue 10 December 2024. Version 7 waits seven
    months after the quarter, to 10 July 2025: Ofsted's visit of June meets it within the time
    allowed, with no alert. Version 6 waited six, to 10 June 2025, flagged it the working day
    after, Wed 11 June 2025, and had it met late."""
    result = await _simulate(SWINDON, database_url)
    before = await _simulate(SWINDON, database_url, version=6)

    fourth = _series(result, "monitoring_visit")[3]
    assert (fourth.number, fourth.due, fourth.status, fourth.met_on) == (
        4,
        date(2024, 12, 10),
        "met",
        date(2025, 6, 24),
    )
    assert _flags(result, "monitoring_visit") == []
    assert _flags(before, "monitoring_visit") == [(4, date(2025, 6, 11))]


CHESHIRE_EAST = """
authority: Cheshire East Council
inspection:
  {started_on: 2024-02-26, ended_on: 2024-03-08, published_on: 2024-05-16, judgement: inadequate}
steps:
  - {on: 2024-07-04, record: improvement_notice_issued}
  - {on: 2024-07-08, record: statement_of_action_submitted}
  - {on: 2025-02-26, record: monitoring_visit_completed}
  - on: 2025-07-10
    record: monitoring_visit_completed
    effective_on: 2025-06-11
    with: {letter_on: 2025-07-10}
  - on: 2025-11-13
    record: monitoring_visit_completed
    effective_on: 2025-10-08
    with: {letter_on: 2025-11-13}
end_on: 2025-11-30
"""


async def test_a_first_visit_nine_months_after_the_report_is_within_the_time_allowed(
    database_url: str,
) -> None:
    """Cheshire East: inspected 26 February to 8 March 2024, inadequate, published Thursday
    16 May 2024 (Alderley Edge news, 16 May 2024); an improvement notice of July 2024, "the
    decision ... taken prior to the change in Government" of 5 July (DfE, 12 August 2024; 4
    July illustrative); the improvement plan approved by the committee of 8 July 2024
    (Cheshire East Council, SD237), recorded as submitted that day (illustrative); "the first
    monitoring visit, of the front door in February 2025", the second in June, its letter
    published by 10 July 2025 (Cheshire East Council, 10 July 2025), the third in October, its
    letter of 13 November 2025 (Cheshire East Council, minutes of the Children and Families
    Committee). The days of the visits are illustrative.

    Receipt is assumed three working days before publication, Monday 13 May 2024 (day 0); the
    statement of action is due 70 working days later, Tuesday 20 August 2024, past the bank
    holiday of 27 May; the first visit a quarter after that, Wednesday 20 November 2024. The
    current rules wait seven months after the quarter, to 20 June 2025: Ofsted's first visit,
    nine months after the report, is within the time allowed, with no alert, and so are the
    two after it. Version 5 waited three months, to Thursday 20 February 2025, and flagged it
    the day after, six days before Ofsted came."""
    result = await _simulate(CHESHIRE_EAST, database_url)
    before = await _simulate(CHESHIRE_EAST, database_url, version=5)

    visits = _series(result, "monitoring_visit")
    assert [(v.number, v.due, v.status, v.met_on) for v in visits[:3]] == [
        (1, date(2024, 11, 20), "met", date(2025, 2, 26)),
        (2, date(2025, 5, 26), "met", date(2025, 6, 11)),
        (3, date(2025, 9, 11), "met", date(2025, 10, 8)),
    ]
    statement = _series(result, "statement_of_action")[0]
    assert (statement.due, statement.status) == (date(2024, 8, 20), "met")
    assert _flags(result, "monitoring_visit") == []
    assert _flags(before, "monitoring_visit") == [(1, date(2025, 2, 21))]
