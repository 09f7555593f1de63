"""A report's statutory duties stay owed when a later report judged inadequate begins a new
cycle, and a fact of before a report came never answers that report's duty (version 19).

Cumbria: the safeguarding and looked-after children inspection of April 2012, judged inadequate,
the report published in late May 2012 (BBC News, uk-england-cumbria-18243657; its days
illustrative); the improvement notice of 3 August 2012 and the unannounced inspection of child
protection in May 2013, inadequate again ("Improvement notice issued to Cumbria county
council", gov.uk), its report published on 24 June 2013 (BBC News, uk-england-cumbria-23029657).
The day the council sent its statement of action on the 2012 report is not in the public
record: the late one below is illustrative, as the team bringing the history in would record
it, after the 2013 report had come.
"""

from __future__ import annotations

from datetime import date

from domain.state import Deadline, DeadlineStatus, InterventionState
from domain.values import Inspection
from tests.unit.builders import noon, opened, record, run_clock

CUMBRIA_2012 = Inspection(
    started_on=date(2012, 4, 16),
    ended_on=date(2012, 4, 27),
    published_on=date(2012, 5, 29),
    received_on=date(2012, 5, 24),
)
REPORT_2013 = date(2013, 6, 24)
RECEIVED_2013 = date(2013, 6, 19)


def _inadequate_again(version: int) -> InterventionState:
    state = opened(CUMBRIA_2012, regime_version=version)
    state = record(state, "report_published", date(2012, 5, 29))
    state = record(state, "improvement_notice_issued", date(2012, 8, 3))
    # The 2012 statement unrecorded: missed on 5 September, escalated up to the DfE.
    state = run_clock(state, noon(date(2012, 9, 5)), noon(date(2012, 10, 3)))
    state = record(state, "reinspection_started", date(2013, 5, 13))
    return record(
        state,
        "reinspection_completed",
        date(2013, 5, 13),
        now=noon(REPORT_2013),
        judgement="inadequate",
        published_on=REPORT_2013.isoformat(),
        received_on=RECEIVED_2013.isoformat(),
    )


def _statements(state: InterventionState) -> list[Deadline]:
    return sorted(
        (d for d in state.deadlines if d.milestone == "statement_of_action"),
        key=lambda d: d.cycle,
    )


def test_the_earlier_reports_missed_statement_stays_missed_with_its_escalations() -> None:
    state = _inadequate_again(19)

    first, second = _statements(state)
    assert (first.cycle, first.due, first.status) == (1, date(2012, 9, 4), DeadlineStatus.MISSED)
    assert (second.cycle, second.status) == (2, DeadlineStatus.PENDING)
    standing = state.active_escalations(first.key)
    assert [e.level for e in standing] == [1, 2, 2, 3]
    assert state.highest_escalation == 3


def test_before_version_19_the_new_cycle_withdrew_it_and_closed_its_escalations() -> None:
    state = _inadequate_again(18)

    first, _ = _statements(state)
    assert first.status is DeadlineStatus.WITHDRAWN
    assert {e.withdrawn_on for e in state.escalations if e.deadline_key == first.key} == {
        REPORT_2013
    }
    assert state.highest_escalation == 0


def test_a_statement_sent_for_the_earlier_report_answers_it_though_recorded_after() -> None:
    state = _inadequate_again(19)
    sent = date(2012, 10, 15)

    state = record(state, "statement_of_action_submitted", sent, now=noon(date(2013, 7, 1)))
    state = record(state, "statement_of_action_submitted", date(2013, 9, 2))

    first, second = _statements(state)
    assert (first.status, first.met_on) == (DeadlineStatus.MET_LATE, sent)
    assert (second.status, second.met_on) == (DeadlineStatus.MET, date(2013, 9, 2))
    assert state.highest_escalation == 0


def test_before_version_19_it_answered_the_report_not_yet_received() -> None:
    state = _inadequate_again(18)

    state = record(
        state, "statement_of_action_submitted", date(2012, 10, 15), now=noon(date(2013, 7, 1))
    )

    _, second = _statements(state)
    assert (second.status, second.met_on) == (DeadlineStatus.MET, date(2012, 10, 15))


def test_a_statement_of_before_any_open_report_answers_none() -> None:
    state = _inadequate_again(19)
    state = record(state, "statement_of_action_submitted", date(2012, 10, 15))

    # A second statement for the 2012 report, its duty met already: not the 2013 report's.
    state = record(
        state, "statement_of_action_submitted", date(2012, 11, 30), now=noon(date(2013, 7, 2))
    )

    _, second = _statements(state)
    assert second.status is DeadlineStatus.PENDING
