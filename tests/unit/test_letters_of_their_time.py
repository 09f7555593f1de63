"""A letter naming priority actions brings duties only in its time, and only on a record it
could be answered on."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import MissingFieldError, WrongStageError
from domain.state import InterventionState
from domain.values import Inspection
from tests.unit.builders import events_for, noon, opened, record

REPORT_DUTIES = {"statement_of_action", "report_publication"}


def _duties(state: InterventionState) -> list[tuple[str, int | None]]:
    return [(d.milestone, d.number) for d in state.deadlines if d.milestone in REPORT_DUTIES]


def test_a_letter_of_2009_asks_for_no_statement_of_action() -> None:
    """Calderdale: an unannounced inspection of contact, referral and assessment in July 2009
    named "areas for priority action" (Community Care, 21 August 2009; the days illustrative).
    Those inspections asked for no statement of action: letters bring one from February 2016,
    when joint targeted area inspections began asking for a written statement. A record opened
    on the letter sets no duties under version 7; version 6 set both, and escalated them."""
    letter = Inspection(
        judgement="focused_visit",
        published_on=date(2009, 8, 20),
        priority_actions=["Contact, referral and assessment"],
    )

    assert _duties(opened(letter, regime_version=7)) == []
    assert sorted(_duties(opened(letter, regime_version=6))) == [
        ("report_publication", None),
        ("statement_of_action", None),
    ]


def test_a_letter_of_before_the_report_the_record_opens_on_is_history() -> None:
    """St Helens: Ofsted's focused visit of 11-12 July 2018 set three priority actions, its
    letter published in August 2018 (21 August illustrative), the council's action plan
    submitted that September (Warrington Guardian); inspected 23 September to 4 October 2019,
    inadequate, published 4 November 2019. On a record opened on the 2019 report, nothing
    before 4 October 2019 can be recorded, so the 2018 letter's duties could never be met:
    from version 7 it is history and sets none; version 6 set them, due in 2018, and they were
    missed and escalated."""
    report = Inspection(
        started_on=date(2019, 9, 23), ended_on=date(2019, 10, 4), published_on=date(2019, 11, 4)
    )
    visited = {}
    for version in (7, 6):
        state = opened(report, regime_version=version)
        visited[version] = record(
            state,
            "focused_visit_completed",
            date(2018, 7, 11),
            now=noon(date(2019, 11, 4)),
            ended_on="2018-07-12",
            published_on="2018-08-21",
            priority_actions="Assessment; Planning; Management oversight",
        )

    assert _duties(visited[7]) == [("statement_of_action", None), ("report_publication", None)]
    assert _duties(visited[6]) == [
        ("statement_of_action", None),
        ("report_publication", None),
        ("statement_of_action", 2),
        ("report_publication", 2),
    ]


def test_a_letter_of_history_needs_no_date() -> None:
    """Nottingham: a focused visit in February 2020 with "two priority actions" (Nottingham City
    Council, Children and Young People Scrutiny Committee, 30 September 2021; the day of the
    visit illustrative, the day of its letter not found), before the inspection of 4 to 22 July
    2022, inadequate, published 5 September 2022. The letter is history on a record opened on
    the 2022 report and brings no duties, so the day it came is not asked for. Under version 6
    it was, and the refusal names either day of the letter."""
    report = Inspection(
        started_on=date(2022, 7, 4), ended_on=date(2022, 7, 22), published_on=date(2022, 9, 5)
    )
    visit = {"priority_actions": "Assessment; Management oversight"}
    now = noon(date(2022, 9, 6))

    state = record(
        opened(report, regime_version=7),
        "focused_visit_completed",
        date(2020, 2, 4),
        now=now,
        **visit,
    )
    assert _duties(state) == [("statement_of_action", None), ("report_publication", None)]
    with pytest.raises(
        MissingFieldError, match="needs the field 'published_on' or the field 'received_on'"
    ):
        events_for(
            opened(report, regime_version=6),
            "focused_visit_completed",
            date(2020, 2, 4),
            now=now,
            **visit,
        )


def test_a_jtai_of_before_the_inspection_is_history_too() -> None:
    """Cheshire East: a joint targeted area inspection in July 2022 named areas for priority
    action on child exploitation ("Following the Joint Targeted Area Inspection (JTAI) in July
    2022, when areas for priority action were identified", Northwich Guardian; its report out
    on 26 September 2022, Nantwich News; the days of July illustrative), before the inspection
    of 26 February to 8 March 2024, inadequate, published 16 May 2024 (alderleyedge.com). It is
    recorded on the record opened on the 2024 report, as a focused visit of before it is, and
    brings no duties of its own."""
    report = Inspection(
        started_on=date(2024, 2, 26), ended_on=date(2024, 3, 8), published_on=date(2024, 5, 16)
    )
    state = record(
        opened(report, regime_version=7),
        "jtai_completed",
        date(2022, 7, 4),
        now=noon(date(2024, 5, 17)),
        ended_on="2022-07-07",
        published_on="2022-09-26",
        priority_actions="Children at risk of exploitation",
    )

    assert [f.milestone for f in state.recorded] == ["jtai_completed"]
    assert _duties(state) == [("statement_of_action", None), ("report_publication", None)]


def test_a_plan_answering_a_letter_that_asked_for_none_is_refused_saying_why() -> None:
    """Calderdale: the unannounced inspection of July 2009 named "areas for priority action"
    (Community Care, 21 August 2009; the days illustrative) and asked for no statement of
    action, as no letter did before February 2016. A plan recorded against it is refused
    saying that none is owed, not that one was already recorded."""
    letter = Inspection(
        judgement="focused_visit",
        published_on=date(2009, 8, 20),
        priority_actions=["Contact, referral and assessment"],
    )
    with pytest.raises(WrongStageError) as refused:
        events_for(
            opened(letter, regime_version=8), "statement_of_action_submitted", date(2009, 10, 23)
        )
    assert "no Statement of Action deadline has been set: no report on the record asks for one" in (
        str(refused.value)
    )
