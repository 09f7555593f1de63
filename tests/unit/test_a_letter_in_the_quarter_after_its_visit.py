"""A focused visit's letter published in a later period than the visit: the committee report
for the period the letter came out in lists it on its day, as it does a report whose visit came
before its period."""

from __future__ import annotations

from datetime import date

from domain.events import Event
from domain.intervention import apply_all, decide_open
from domain.report import build_report
from domain.values import Inspection
from tests.unit.builders import events_for, noon, open_command

# Southend-on-Sea: judged requires improvement after the inspection of July 2019
# (southend.gov.uk; the days and the day of publication illustrative); "The visit took place on
# Wednesday 23 and Thursday 24 March 2022 and focused on the council's arrangements for children
# in care", and "OFSTED have published a letter" (southend.gov.uk, news 2552; its day not found,
# 5 May 2022 illustrative), naming no priority action.
SOUTHEND_2019 = Inspection(
    started_on=date(2019, 7, 8),
    ended_on=date(2019, 7, 19),
    published_on=date(2019, 9, 4),
    judgement="requires_improvement",
)
LETTER = date(2022, 5, 5)


def _southend(**letter: str) -> list[Event]:
    events = list(decide_open(open_command(SOUTHEND_2019), noon(SOUTHEND_2019.published_on)))
    return events + events_for(
        apply_all(events),
        "focused_visit_completed",
        date(2022, 3, 23),
        now=noon(LETTER),
        ended_on="2022-03-24",
        published_on=LETTER.isoformat(),
        **letter,
    )


def test_the_quarter_the_letter_came_out_in_lists_it_on_its_day() -> None:
    events = _southend()
    quarter = build_report(events, start=date(2022, 4, 1), end=date(2022, 6, 30))
    before = build_report(events, start=date(2022, 1, 1), end=date(2022, 3, 31))

    assert [(m.on, m.what) for m in quarter.milestones] == [
        (LETTER, "Focused visit letter published: no areas for priority action")
    ]
    # The visit stays in the quarter it took place in.
    assert [m.on for m in before.milestones] == [date(2022, 3, 23)]


def test_a_letter_naming_priority_actions_names_them() -> None:
    """The same letter, supposed to name two areas for priority action."""
    events = _southend(priority_actions="Children in care; Care leavers")
    quarter = build_report(events, start=date(2022, 4, 1), end=date(2022, 6, 30))

    assert quarter.milestones[0].what == (
        "Focused visit letter published: areas for priority action: Children in care; Care leavers"
    )
