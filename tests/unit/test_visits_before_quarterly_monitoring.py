"""Ofsted's monitoring visits before its quarterly monitoring of inadequate authorities began on
1 June 2016 are held, and meet none of the visits expected from then on (from ilacs version 14).

Leicester: inspected from 14 January to 4 February 2015, the report published on 20 March 2015
(Ofsted's report, transcribed at doczz.net/doc/6847421); its improvement plan of spring 2015 and
the DfE's notice (30 April and 14 May 2015 illustrative, "Leicester City Children's Improvement
Plan 2015"); "the fifth monitoring visit by Ofsted", inspectors on site "last month (Sept)", its
letter "just published" (Leicester City Council news, Friday 7 October 2016). The four visits
before it are named only by that count: their days here are illustrative, one a quarter from
July 2015, all before June 2016. From version 24 the fifth, recorded with no number, takes
Ofsted's count.
"""

from __future__ import annotations

from datetime import date

from domain.events import Event, MonitoringLetterPublished
from domain.state import InterventionState
from domain.values import Inspection
from tests.unit.builders import events_for, opened, record

LEICESTER = Inspection(
    started_on=date(2015, 1, 14), ended_on=date(2015, 2, 4), published_on=date(2015, 3, 20)
)
EARLIER_VISITS = (date(2015, 7, 7), date(2015, 10, 13), date(2016, 1, 12), date(2016, 4, 12))
FIFTH_VISIT = date(2016, 9, 13)
LETTER = date(2016, 10, 7)


def _under_notice(version: int) -> InterventionState:
    state = opened(LEICESTER, regime_version=version)
    state = record(state, "statement_of_action_submitted", date(2015, 4, 30))
    return record(state, "improvement_notice_issued", date(2015, 5, 14))


def _visits(version: int, numbered: bool) -> InterventionState:
    state = _under_notice(version)
    for number, day in enumerate((*EARLIER_VISITS, FIFTH_VISIT), start=1):
        details = {"number": str(number)} if numbered else {}
        state = record(state, "monitoring_visit_completed", day, **details)
    return state


def _visited(version: int, numbered: bool) -> InterventionState:
    return record(_visits(version, numbered), "monitoring_letter_published", LETTER)


def _series(state: InterventionState) -> list[tuple[int | None, date, str, date | None]]:
    return [
        (d.number, d.due, d.status.value, d.met_on)
        for d in state.deadlines
        if d.milestone == "monitoring_visit"
    ]


def test_a_visit_before_june_2016_meets_none_of_the_series_that_began_then() -> None:
    # Recorded without Ofsted's count, the visit of September 2016 is the series' first, due a
    # quarter after it began and met within the time allowed; the four before it met nothing
    # and are numbered as Ofsted counted them.
    state = _visited(14, numbered=False)
    assert _series(state) == [
        (1, date(2016, 9, 1), "met", FIFTH_VISIT),
        (2, date(2016, 12, 13), "pending", None),
    ]
    visits = [fact for fact in state.recorded if fact.milestone == "monitoring_visit_completed"]
    assert [fact.number for fact in visits] == [1, 2, 3, 4, 1]
    # The letter recorded with no visit named is the latest visit's, the series' first.
    [letter] = events_for(_visits(14, numbered=False), "monitoring_letter_published", LETTER)
    assert _visit_of(letter) == 1

    # Version 13 took each visit of 2015 and 2016 as one of the series due from 1 September
    # 2016, met a year or more early.
    assert _series(_visited(13, numbered=False))[:2] == [
        (1, date(2016, 9, 1), "met", date(2015, 7, 7)),
        (2, date(2016, 9, 1), "met", date(2015, 10, 13)),
    ]


def test_from_version_24_the_fifth_visit_takes_ofsteds_count_when_recorded_with_none() -> None:
    unnumbered, numbered = _visited(24, numbered=False), _visited(24, numbered=True)

    visits = [f.number for f in unnumbered.recorded if f.milestone == "monitoring_visit_completed"]
    assert visits == [1, 2, 3, 4, 5]
    # The series as when the count is given: the fifth due the day it took place.
    assert _series(unnumbered) == _series(numbered)
    assert _series(unnumbered)[4] == (5, FIFTH_VISIT, "met", FIFTH_VISIT)
    # The next visit, again with no number, is the sixth: the series' count is Ofsted's now.
    state = record(unnumbered, "monitoring_visit_completed", date(2016, 12, 6))
    assert state.recorded[-1].number == 6


def test_a_series_visit_with_none_held_before_it_keeps_the_series_number() -> None:
    state = record(_under_notice(24), "monitoring_visit_completed", FIFTH_VISIT)

    assert state.recorded[-1].number == 1


def test_ofsteds_fifth_visit_is_the_first_of_the_series_when_recorded_with_its_count() -> None:
    state = _visited(14, numbered=True)
    # The series' first four, which no visit of theirs answered, give way to the fifth, due the
    # day it took place (version 10).
    assert [(n, status) for n, _, status, _ in _series(state)] == [
        (1, "withdrawn"),
        (2, "withdrawn"),
        (3, "withdrawn"),
        (4, "withdrawn"),
        (5, "met"),
        (6, "pending"),
    ]
    assert _series(state)[4] == (5, FIFTH_VISIT, "met", FIFTH_VISIT)


def test_the_letter_of_a_visit_before_june_2016_is_recorded_as_any_other() -> None:
    state = record(_under_notice(14), "monitoring_visit_completed", EARLIER_VISITS[0])
    [first] = events_for(state, "monitoring_letter_published", date(2015, 8, 4))
    state = record(state, "monitoring_visit_completed", EARLIER_VISITS[1])
    # A letter names its visit by a day of it, after a later visit was recorded; with none
    # named, it is the latest visit's.
    letter_on = date(2015, 11, 3)
    [named] = events_for(state, "monitoring_letter_published", letter_on, visit="2015-07-07")
    [latest] = events_for(state, "monitoring_letter_published", letter_on)

    assert [_visit_of(first), _visit_of(named), _visit_of(latest)] == [1, 1, 2]
    assert _series(state) == [(1, date(2016, 9, 1), "pending", None)]


def _visit_of(event: Event) -> int:
    assert isinstance(event, MonitoringLetterPublished)
    return event.visit
