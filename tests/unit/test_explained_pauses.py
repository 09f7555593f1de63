"""The explanation of a date a national pause moved names the pauses its count ran into."""

from __future__ import annotations

from datetime import date

from domain.explain import explain, working_days
from domain.state import InterventionState
from domain.values import Inspection
from tests.unit.builders import opened, record


def test_a_date_moved_by_one_pause_names_that_pause_alone() -> None:
    """Lancashire: judged inadequate in a report of Fri 27 November 2015 (Lancashire Evening
    Post; CYP Now, 20 May 2016). Received, assumed, three working days before, Tue 24 November:
    the statement of action is due 70 working days on, Fri 4 March 2016, and the first
    monitoring visit 3 months after that, Sat 4 June. The count ran 89 days (4 March to 31 May)
    into the time before Ofsted's quarterly monitoring began on 1 June 2016, so the visit is due
    Thu 1 September 2016. The pause of 2020 is nowhere near the count and is not named."""
    state = opened(Inspection(published_on=date(2015, 11, 27)), regime_version=6)
    [visit] = [d for d in state.deadlines if d.milestone == "monitoring_visit"]

    steps = explain(state, [], visit).arithmetic

    assert visit.due == date(2016, 9, 1)
    assert steps[1:] == [
        "3 months after Fri 4 March 2016 is Sat 4 June 2016",
        "Before Ofsted's quarterly monitoring of inadequate authorities (Sat 1 January 2000 to "
        "Wed 1 June 2016): the count ran into it and stands still for it, 89 days",
        "moved 89 days in all, to Thu 1 September 2016",
    ]
    assert not [step for step in steps if "COVID-19" in step]


def test_a_pause_the_grace_ran_into_waits_the_alert_and_leaves_the_due_date() -> None:
    """Tower Hamlets: judged inadequate in a report published Fri 7 April 2017 (Tower Hamlets
    Council). The re-inspection is due 24 months on, Sun 7 April 2019, before the pause of
    graded inspection (17 March 2020 to 1 September 2021, 533 days). Version 7 keeps that
    date, which Ofsted's own expectation was, and lengthens the 21 months' grace after it (to
    7 January 2021) by the 533 days of the pause it ran into, to Fri 24 June 2022: the alert
    would come the working day after, Mon 27 June 2022. Version 6 moved the due date itself,
    to 21 September 2020, by the days of the pause its alert would have run into."""
    state = opened(Inspection(published_on=date(2017, 4, 7)), regime_version=7)
    before = opened(Inspection(published_on=date(2017, 4, 7)), regime_version=6)
    [reinspection] = [d for d in state.deadlines if d.milestone == "reinspection"]

    explained = explain(state, [], reinspection)

    assert reinspection.due == date(2019, 4, 7)
    assert explained.arithmetic == ["24 months after Fri 7 April 2017 is Sun 7 April 2019"]
    [alert] = explained.alerts
    assert (alert.what, alert.on) == (
        "overdue alert, its grace lengthened 533 days by COVID-19: Ofsted's graded inspections "
        "suspended",
        date(2022, 6, 27),
    )
    assert reinspection.alert_on == alert.on
    assert [d.due for d in before.deadlines if d.milestone == "reinspection"] == [date(2020, 9, 21)]


def test_a_count_begun_before_quarterly_monitoring_begins_when_it_began() -> None:
    """Salford: judged inadequate in a report out by 21 June 2010 (BBC; Community Care), an
    improvement notice in August 2010 (Manchester Evening News), Ofsted's unannounced
    inspection in February 2011 (Salford Star, 3 March 2011; the days illustrative), recorded as
    a monitoring visit. Ofsted's quarterly monitoring of inadequate authorities began on 1 June
    2016: from version 7 a count that starts before then starts that day, so the first visit,
    a quarter after the statement of action's due date of 2010, and the next, a quarter after
    the visit of 2011, are both due Thu 1 September 2016. Version 6 counted each by the days
    it ran into the pause, and the quarter's length put the second (Mon 29 August 2016) before
    the first (Wed 31 August 2016)."""
    visited = {}
    for version in (7, 6):
        state = opened(Inspection(published_on=date(2010, 6, 21)), regime_version=version)
        state = record(state, "improvement_notice_issued", date(2010, 8, 13))
        visited[version] = record(state, "monitoring_visit_completed", date(2011, 2, 1))

    def visits(state: InterventionState) -> list[tuple[int | None, date]]:
        return [(d.number, d.due) for d in state.deadlines if d.milestone == "monitoring_visit"]

    assert visits(visited[7]) == [(1, date(2016, 9, 1)), (2, date(2016, 9, 1))]
    assert visits(visited[6]) == [(1, date(2016, 8, 31)), (2, date(2016, 8, 29))]
    [second] = [
        d for d in visited[7].deadlines if (d.milestone, d.number) == ("monitoring_visit", 2)
    ]
    assert explain(visited[7], [], second).arithmetic[-2:] == [
        "Before Ofsted's quarterly monitoring of inadequate authorities (Sat 1 January 2000 to "
        "Wed 1 June 2016): the count starts in it, so from Wed 1 June 2016",
        "3 months after Wed 1 June 2016 is Thu 1 September 2016",
    ]


def test_one_bank_holiday_skipped_is_counted_as_one() -> None:
    """Sefton's good report of Tuesday 12 August 2025 (sefton.gov.uk), received Thursday 7
    August (assumed): its statement of action 70 working days on, Friday 14 November, past one
    bank holiday only, the Summer bank holiday of 25 August."""
    [arithmetic] = working_days(date(2025, 8, 7), 70)

    assert arithmetic == (
        "70 working days after Thu 7 August 2025 (day 0) is Fri 14 November 2025: 99 calendar "
        "days, skipping 28 weekend days and 1 bank holiday: Late Summer Bank Holiday "
        "(Mon 25 August 2025)"
    )
