"""A notice or direction that sets, as its conditions, deadlines the regime also keeps."""

from __future__ import annotations

from datetime import date

import pytest

from domain.commands import RecordMilestone
from domain.errors import DomainError, InvalidFieldError
from domain.events import DeadlineWithdrawn, Event
from domain.intervention import apply_all, decide
from domain.state import DeadlineStatus, InterventionState
from domain.values import Inspection
from tests.unit.builders import MANAGER, noon, opened, types


def test_a_direction_whose_conditions_name_the_regimes_rules_stands_instead_of_them() -> None:
    """Tower Hamlets: judged inadequate on 7 April 2017; a direction reported on 13 September
    2017 with no commissioner: "The Intervention Advisers are required to carry out six monthly
    reviews ..., the first review to be submitted in February 2018", and an improvement board
    chaired by Alan Wood (Shirsho Bindu and Love Wapping, 13 September 2017; the day of the
    board's deadline is illustrative). The rules' own board and reviews, set by the direction,
    give way to its conditions: each is withdrawn with the reason, and no deadline is set twice
    (the two sharing one key once stopped the append, and the intervention with it)."""
    state = opened(Inspection(published_on=date(2017, 4, 7)), regime_version=6)
    direction = RecordMilestone(
        milestone="direction_issued",
        effective_on=date(2017, 9, 13),
        actor=MANAGER,
        details={
            "conditions": [
                {
                    "name": "progress_review",
                    "title": "Six-monthly review by the intervention advisers",
                    "due": "2018-02-28",
                    "every_months": "6",
                },
                {"name": "improvement_board", "title": "Improvement board", "due": "2017-10-31"},
            ]
        },
    )

    events = decide(state, direction, noon(date(2017, 9, 13)))
    after = apply_all(events, state)

    assert types(events).count("DeadlineWithdrawn") == 2
    keys = [d.key for d in after.deadlines]
    assert len(keys) == len(set(keys))
    open_ones = {
        d.milestone: (d.kind.value, d.due)
        for d in after.open_deadlines
        if d.milestone in ("progress_review", "improvement_board")
    }
    assert open_ones == {
        "progress_review": ("condition", date(2018, 2, 28)),
        "improvement_board": ("condition", date(2017, 10, 31)),
    }
    withdrawn = [d for d in after.deadlines if d.status is DeadlineStatus.WITHDRAWN]
    assert {d.milestone for d in withdrawn} == {"progress_review", "improvement_board"}
    # Named as people read them: the board, asked for once, without the number its key carries;
    # each review of the series with its own.
    shown = {after.shown_label(d) for d in after.open_deadlines if d.kind.value == "condition"}
    assert shown == {"Improvement board", "Six-monthly review by the intervention advisers 2"}


def _met_on_time(
    state: InterventionState, milestone: str, on: date, condition: dict[str, str], times: int
) -> list[date]:
    """The due dates of `condition`, set by `milestone` on `on`, each occurrence met on its due
    date `times` times."""
    issued = RecordMilestone(
        milestone=milestone, effective_on=on, actor=MANAGER, details={"conditions": [condition]}
    )
    state = apply_all(decide(state, issued, noon(on)), state)
    for _ in range(times):
        [due] = [d for d in state.open_deadlines if d.milestone == condition["name"]]
        met = RecordMilestone(
            milestone="condition_met",
            effective_on=due.due,
            actor=MANAGER,
            details={"condition": condition["name"]},
        )
        state = apply_all(decide(state, met, noon(due.due)), state)
    return sorted(d.due for d in state.deadlines if d.milestone == condition["name"])


def _chair_reports(version: int) -> list[date]:
    """The due dates of the chair's quarterly reports, each made on its due date, for a year."""
    state = opened(Inspection(published_on=date(2017, 4, 7)), regime_version=version)
    condition = {
        "name": "chair_report",
        "title": "The improvement board chair reports to the Secretary of State",
        "due": "2017-12-31",
        "every_months": "3",
    }
    return _met_on_time(state, "direction_issued", date(2017, 9, 13), condition, 4)


def test_a_quarterly_condition_due_at_a_months_end_stays_at_months_ends() -> None:
    """Tower Hamlets: "The Chair of the Improvement Board is required to report to the Secretary
    of State ... on a quarterly basis, the first report being due by the year end" (Shirsho
    Bindu, 13 September 2017). Version 6 keeps the quarters' ends: 31 December 2017, 31 March,
    30 June, 30 September and 31 December 2018. Version 5 counted each from the day of the one
    before, and the fifth fell on 30 December 2018."""
    quarters = [date(2017, 12, 31), date(2018, 3, 31), date(2018, 6, 30), date(2018, 9, 30)]
    assert _chair_reports(6) == [*quarters, date(2018, 12, 31)]
    assert _chair_reports(5) == [*quarters, date(2018, 12, 30)]


def test_a_condition_every_six_weeks() -> None:
    """St Helens: judged inadequate in a report published on 4 November 2019 (St Helens
    Reporter); with the improvement notice "the DfE have reappointed an improvement advisor, who
    will write to the government minister every six weeks" (St Helens Star 18176740; the notice
    in January 2020, 8 January illustrative). The adviser's letters fall due every six weeks
    from the notice, each a period after the one before was due: Wed 19 February, Wed 1 April
    and Wed 13 May 2020. A condition giving both a monthly and a weekly period is refused,
    naming both."""
    state = opened(Inspection(published_on=date(2019, 11, 4)), regime_version=7)
    letters = {
        "name": "adviser_letter",
        "title": "The adviser writes to the minister",
        "every_weeks": "6",
        "owner": "improvement adviser",
    }
    notice = date(2020, 1, 8)

    assert _met_on_time(state, "improvement_notice_issued", notice, letters, 2) == [
        date(2020, 2, 19),
        date(2020, 4, 1),
        date(2020, 5, 13),
    ]
    both = {**letters, "every_months": "1"}
    with pytest.raises(InvalidFieldError, match=r"every_months \(1\) and every_weeks \(6\)"):
        _met_on_time(state, "improvement_notice_issued", notice, both, 0)


def test_a_misspelt_key_of_a_condition_is_refused_naming_the_keys_it_may_have() -> None:
    """A note written inside a condition, as for Haringey's monthly reports to the minister
    under the direction of December 2008, where a condition takes none."""
    monthly = {"name": "monthly_report", "title": "Monthly report", "every_months": "1"}
    with pytest.raises(DomainError) as refused:
        _west_berkshire_notice(conditions=[{**monthly, "note": "to the minister"}])

    assert str(refused.value) == (
        "'improvement_notice_issued': conditions.0.note: it is not a field here: the fields are "
        "name, title, due, every_months, every_weeks, owner"
    )
    assert refused.value.field == "details.conditions.0.note"
    assert list(refused.value.allowed) == [
        "name",
        "title",
        "due",
        "every_months",
        "every_weeks",
        "owner",
    ]


def _west_berkshire_notice(**details: object) -> tuple[InterventionState, list[Event]]:
    state = opened(Inspection(published_on=date(2015, 5, 18)), regime_version=7)
    notice = RecordMilestone(
        milestone="improvement_notice_issued",
        effective_on=date(2015, 8, 27),
        actor=MANAGER,
        details=details,
    )
    events = decide(state, notice, noon(date(2015, 8, 27)))
    return apply_all(events, state), events


def test_a_notice_without_an_improvement_board_expects_none() -> None:
    """West Berkshire: judged inadequate, report published 18 May 2015; the notice of 27 August
    2015 "did not contain a requirement for us to have an improvement board, which I think makes
    us unique" (the Director, Community Care, 28 August 2015). Without it, the engine flagged a
    board overdue from November 2015 until the notice was lifted in July 2017."""
    after, events = _west_berkshire_notice(without="improvement_board")

    boards = [d for d in after.deadlines if d.milestone == "improvement_board"]
    assert [d.status for d in boards] == [DeadlineStatus.WITHDRAWN]
    assert [(e.milestone, e.reason) for e in events if isinstance(e, DeadlineWithdrawn)] == [
        ("improvement_board", "not asked for by the notice")
    ]
    assert [d.milestone for d in after.open_deadlines if d.milestone == "progress_review"] == [
        "progress_review"
    ]
    usual, _ = _west_berkshire_notice()
    assert [d.status for d in usual.deadlines if d.milestone == "improvement_board"] == [
        DeadlineStatus.PENDING
    ]


def test_a_notice_may_go_without_only_what_a_notice_sets() -> None:
    with pytest.raises(InvalidFieldError) as refused:
        _west_berkshire_notice(without="statement_of_action")
    assert str(refused.value) == (
        "'improvement_notice_issued': without 'statement_of_action' is not allowed; a notice or "
        "direction may go without improvement_board, progress_review"
    )
    assert refused.value.allowed == ["improvement_board", "progress_review"]
