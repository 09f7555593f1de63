"""Whole interventions, years of simulated time, through `simulate` and the real event store.

Every expected date is worked out by hand from the regime's rules and the England and Wales
bank holidays (SI 2007/462 working days: the day of receipt is day 0), not computed by the
code under test:

Each runs under version 2 of the rules (`under_version_2`): every report also brings the
council's duty to publish it, 30 working days after receipt (SI 2007/462 reg 2), and a
re-inspection that is not inadequate brings a statement of action of its own.

notice-track.yaml (received Thu 2 March 2023, published Tue 7 March 2023)
  report_publication: 30 working days after 2 March, skipping Good Friday 7 April and Easter
    Monday 10 April: 3-31 March is 21, 3-6 April 25, 11-14 April 29, Mon 17 April 2023 the
    30th. Its reminder, 10 working days before: Thu 30 March.
  statement_of_action: 70 working days after 2 March, skipping Good Friday 7 April, Easter
    Monday 10 April, 1 May, 8 May (coronation) and 29 May: Thu 15 June 2023. Recorded on
    27 June but effective 14 June: met. The reminder went on Thu 1 June (10 working days
    before), level 1 on Fri 16 June; level 2 would have been Thu 29 June, after the recording.
  dfe_decision: 8 weeks after 7 March = 2 May 2023. improvement_board: 3 months after the
    notice of 20 April = 20 July 2023. progress_review: 6 months after 20 April = 20 October
    2023, then 6 months after each review took place. monitoring_visit: 4 weeks after 15 June =
    13 July 2023, then 3 months after each visit took place. reinspection: 24 months after
    publication = 7 March 2025. revocation: 1 month after the report of 21 February 2025 =
    21 March 2025. support_review: 6 and 12 months after the notice was lifted on 20 March 2025
    = 20 September 2025 and 20 March 2026.
  progress_review 3 (due Fri 18 October 2024, two weeks' grace): recorded 29 October, late
    but before the alert of Mon 4 November; review 4 is due 6 months after it, 29 April 2025.
  The re-inspection began on 27 January 2025 (meeting the re-inspection deadline of 7 March);
    its report, requires improvement, was received Tue 18 February 2025: report_publication 2
    falls 30 working days later, Tue 1 April 2025 (19-28 February 8, March 21 more, 31 March
    29, 1 April 30); statement_of_action 2 70 working days later, skipping 18 and 21 April,
    5 May and 26 May: Mon 2 June 2025, reminder Fri 16 May. Lifting the notice on 20 March
    does not withdraw it.

direction-track.yaml (published Tue 17 January 2023, received the same day)
  report_publication: 30 working days after 17 January: Tue 28 February 2023, reminder Tue
    14 February. The re-inspection report (good) was received Mon 24 February 2025:
    report_publication 2 Mon 7 April 2025; statement_of_action 2 Fri 6 June 2025 (skipping
    18 and 21 April, 5 and 26 May), reminder Thu 22 May.
  statement_of_action: 70 working days after 17 January, skipping 7 and 10 April: Thu 27 April
    2023. Reminder Thu 13 April; level 1 Fri 28 April; level 2 ten working days after 27 April,
    skipping 1 May and 8 May: Mon 15 May 2023. Recorded on 16 May, before level 3: met late.

new-cycle.yaml (received Thu 27 October 2022, published Tue 1 November 2022)
  report_publication: 30 working days after 27 October: Thu 8 December 2022, reminder Thu
    24 November; for the report of 7 November 2024, Thu 19 December 2024, reminder Thu
    5 December. Visit 7 of cycle 1, flagged on 24 October 2024, brings visit 8 three months
    after its due date (11 December 2024), withdrawn when the new cycle starts.
  cycle 1 statement_of_action: skipping 26 and 27 December 2022 and 2 January 2023: Tue
    7 February 2023, reminder Tue 24 January. The re-inspection report of 12 November 2024
    (received 7 November) is inadequate: cycle 2 statement_of_action is 70 working days after
    Thu 7 November 2024, skipping 25 and 26 December 2024 and 1 January 2025: Tue 18 February
    2025. Reminder Tue 4 February; level 1 Wed 19 February; level 2 Tue 4 March; level 3 Tue
    18 March 2025, to the commissioner appointed on 28 January 2025, who oversees at that
    moment. Cycle 2's first visit, due 18 March 2025, is flagged on Wed 30 April 2025 and the
    next is expected three months after its due date, 18 June 2025.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from application.scenario import Scenario, load_scenario
from application.simulation import SimulationResult, simulate
from eventstore.database import create_pool
from eventstore.queries import intervention_status, portfolio
from eventstore.store import EventStore
from eventstore.verify import verify
from tests.workflows.conftest import assert_gap_free

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

Row = tuple[str, int | None, int, str, date, str, date | None]


def _deadlines(result: SimulationResult) -> list[Row]:
    return [
        (d.milestone, d.number, d.cycle, d.kind, d.due, d.status, d.met_on)
        for d in result.status.deadlines
    ]


def _escalations(result: SimulationResult) -> list[tuple[str, int, int, str, date, date | None]]:
    return [
        (e.milestone, e.cycle, e.level, e.to, e.raised_on, e.withdrawn_on)
        for e in result.status.escalations
    ]


def _clock(result: SimulationResult) -> list[tuple[str, date, str, int | None]]:
    """Reminders, misses, escalations and overdue alerts: (type, day, milestone, cycle)."""
    kinds = (
        "ReminderSent",
        "DeadlineMissed",
        "EscalationRaised",
        "EscalationWithdrawn",
        "MilestoneOverdue",
    )
    return [
        (e.type, e.effective_on, str(e.data["milestone"]), e.data.get("cycle"))
        for e in result.status.events
        if e.type in kinds
    ]


async def _check_store(database_url: str, result: SimulationResult) -> None:
    """The store holds one gap-free, intact stream that folds to what the simulation reported."""
    pool = await create_pool(database_url, min_size=1, max_size=2)
    try:
        store = EventStore(pool)
        intervention_id = result.status.intervention_id
        assert await store.stream_ids() == [intervention_id]
        events = await store.read_stream(intervention_id)
        assert_gap_free(events)
        assert len(events) == result.status.version
        assert [e.position for e in events] == [e.version for e in events]
        assert [e.version for e in result.status.events] == [e.version for e in events]
        checked = await verify(pool)
        assert checked.ok, checked.broken
        assert (checked.streams, checked.events) == (1, len(events))
        # Nothing was appended after the simulation read its status back: the workflow is done.
        folded = await intervention_status(store, intervention_id)
        assert folded.model_dump() == result.status.model_dump()
        # The inline projections agree with the stream.
        [row] = await portfolio(pool, date(2026, 5, 1))
        assert (row.stage, row.status, row.track, row.cycle) == (
            result.status.stage,
            result.status.status,
            result.status.track,
            result.status.cycle,
        )
        assert row.highest_escalation == result.status.highest_escalation
    finally:
        await pool.close()


def under_version_2(path: Path) -> Scenario:
    """An example under version 2 of the rules, the one the dates below were worked out by hand
    on; interventions opened under it keep it until migrated, so it is still what they run."""
    return load_scenario(path).model_copy(update={"regime_version": 2})


async def test_notice_track_from_judgement_to_closure(database_url: str) -> None:
    result = await simulate(under_version_2(EXAMPLES / "notice-track.yaml"), database_url)
    status = result.status

    assert status.intervention_id == "intervention-example-borough-council-2023-03-07"
    assert (status.track, status.stage, status.status) == ("notice", "closed", "closed")
    assert status.cycle == 1
    assert status.closed_on == date(2026, 3, 26)
    # The adviser goes with the notice, lifted on 20 March 2025; nobody outlives the closure.
    assert [(a.role, a.ended_on) for a in status.appointments] == [
        ("improvement_adviser", date(2025, 3, 20))
    ]
    assert status.allowed_milestones == []
    assert status.highest_escalation == 0

    assert _deadlines(result) == [
        ("report_publication", None, 1, "statutory", date(2023, 4, 17), "met", date(2023, 4, 14)),
        ("dfe_decision", None, 1, "expected", date(2023, 5, 2), "met", date(2023, 4, 20)),
        ("statement_of_action", None, 1, "statutory", date(2023, 6, 15), "met", date(2023, 6, 14)),
        ("monitoring_visit", 1, 1, "expected", date(2023, 7, 13), "met", date(2023, 7, 11)),
        ("improvement_board", None, 1, "expected", date(2023, 7, 20), "met", date(2023, 5, 25)),
        ("monitoring_visit", 2, 1, "expected", date(2023, 10, 11), "met_late", date(2023, 10, 17)),
        ("progress_review", 1, 1, "expected", date(2023, 10, 20), "met", date(2023, 10, 19)),
        ("monitoring_visit", 3, 1, "expected", date(2024, 1, 17), "met_late", date(2024, 1, 23)),
        ("progress_review", 2, 1, "expected", date(2024, 4, 19), "met", date(2024, 4, 18)),
        ("monitoring_visit", 4, 1, "expected", date(2024, 4, 23), "met", date(2024, 4, 23)),
        ("monitoring_visit", 5, 1, "expected", date(2024, 7, 23), "met", date(2024, 7, 16)),
        ("monitoring_visit", 6, 1, "expected", date(2024, 10, 16), "met_late", date(2024, 10, 22)),
        ("progress_review", 3, 1, "expected", date(2024, 10, 18), "met_late", date(2024, 10, 29)),
        ("monitoring_visit", 7, 1, "expected", date(2025, 1, 22), "withdrawn", None),
        ("reinspection", None, 1, "expected", date(2025, 3, 7), "met", date(2025, 1, 27)),
        ("revocation", None, 1, "expected", date(2025, 3, 21), "met", date(2025, 3, 20)),
        ("report_publication", 2, 1, "statutory", date(2025, 4, 1), "met", date(2025, 3, 14)),
        ("progress_review", 4, 1, "expected", date(2025, 4, 29), "withdrawn", None),
        ("statement_of_action", 2, 1, "statutory", date(2025, 6, 2), "met", date(2025, 5, 20)),
        ("support_review", 1, 1, "expected", date(2025, 9, 20), "met", date(2025, 9, 18)),
        ("support_review", 2, 1, "expected", date(2026, 3, 20), "met", date(2026, 3, 19)),
    ]
    # Level 1 was raised the working day after the due date, then withdrawn (not deleted) when
    # the Statement of Action was recorded as submitted on time.
    assert _escalations(result) == [
        ("statement_of_action", 1, 1, "director", date(2023, 6, 16), date(2023, 6, 27)),
    ]
    assert _clock(result) == [
        ("ReminderSent", date(2023, 3, 30), "report_publication", 1),
        ("ReminderSent", date(2023, 6, 1), "statement_of_action", 1),
        ("DeadlineMissed", date(2023, 6, 16), "statement_of_action", 1),
        ("EscalationRaised", date(2023, 6, 16), "statement_of_action", 1),
        ("EscalationWithdrawn", date(2023, 6, 27), "statement_of_action", 1),
        ("ReminderSent", date(2025, 5, 16), "statement_of_action", 1),
    ]
    types = [e.type for e in status.events]
    assert types[0] == "InterventionOpened"
    for expected in (
        "ImprovementNoticeIssued",
        "ImprovementAdviserAppointed",
        "ImprovementBoardEstablished",
        "StatementOfActionSubmitted",
        "ReinspectionCompleted",
        "NoticeLifted",
        "SupportAndSupervisionStarted",
        "SupportReviewCompleted",
    ):
        assert expected in types
    assert types[-1] == "InterventionClosed"
    assert types.count("MonitoringVisitCompleted") == 6
    assert types.count("ProgressReviewCompleted") == 3
    [support] = [e for e in status.events if e.type == "SupportAndSupervisionStarted"]
    assert support.data["ends_on"] == "2026-03-20"

    assert [
        (n.kind, n.level, n.to, [c.name for c in n.contacts]) for n in result.notifications
    ] == [
        ("reminder", None, "council", ["Improvement Programme Lead"]),
        ("reminder", None, "council", ["Improvement Programme Lead"]),
        ("escalation", 1, "director", ["Director of Children's Services"]),
        ("escalation_withdrawn", 1, "director", ["Director of Children's Services"]),
        ("reminder", None, "council", ["Improvement Programme Lead"]),
    ]
    await _check_store(database_url, result)


async def test_direction_track_from_judgement_to_closure(database_url: str) -> None:
    result = await simulate(under_version_2(EXAMPLES / "direction-track.yaml"), database_url)
    status = result.status

    assert status.intervention_id == "intervention-example-county-council-2023-01-17"
    assert (status.track, status.stage, status.status) == ("direction", "closed", "closed")
    assert status.closed_on == date(2026, 3, 19)

    assert _deadlines(result) == [
        ("report_publication", None, 1, "statutory", date(2023, 2, 28), "met", date(2023, 2, 15)),
        ("dfe_decision", None, 1, "expected", date(2023, 3, 14), "met", date(2023, 2, 9)),
        (
            "statement_of_action",
            None,
            1,
            "statutory",
            date(2023, 4, 27),
            "met_late",
            date(2023, 5, 16),
        ),
        ("improvement_board", None, 1, "expected", date(2023, 5, 9), "met", date(2023, 3, 16)),
        ("commissioner_report", None, 1, "expected", date(2023, 5, 20), "met", date(2023, 5, 18)),
        ("monitoring_visit", 1, 1, "expected", date(2023, 5, 25), "met", date(2023, 5, 24)),
        ("progress_review", 1, 1, "expected", date(2023, 8, 9), "met", date(2023, 8, 8)),
        ("monitoring_visit", 2, 1, "expected", date(2023, 8, 24), "met", date(2023, 8, 22)),
        ("monitoring_visit", 3, 1, "expected", date(2023, 11, 22), "met", date(2023, 11, 21)),
        ("progress_review", 2, 1, "expected", date(2024, 2, 8), "met", date(2024, 2, 6)),
        ("monitoring_visit", 4, 1, "expected", date(2024, 2, 21), "met_late", date(2024, 2, 27)),
        ("monitoring_visit", 5, 1, "expected", date(2024, 5, 27), "met", date(2024, 5, 21)),
        ("progress_review", 3, 1, "expected", date(2024, 8, 6), "met", date(2024, 8, 6)),
        ("monitoring_visit", 6, 1, "expected", date(2024, 8, 21), "met", date(2024, 8, 20)),
        ("monitoring_visit", 7, 1, "expected", date(2024, 11, 20), "met", date(2024, 11, 19)),
        ("reinspection", None, 1, "expected", date(2025, 1, 17), "met_late", date(2025, 1, 24)),
        ("progress_review", 4, 1, "expected", date(2025, 2, 6), "met", date(2025, 2, 6)),
        ("monitoring_visit", 8, 1, "expected", date(2025, 2, 19), "withdrawn", None),
        ("revocation", None, 1, "expected", date(2025, 3, 28), "met", date(2025, 3, 13)),
        ("report_publication", 2, 1, "statutory", date(2025, 4, 7), "met", date(2025, 3, 6)),
        ("statement_of_action", 2, 1, "statutory", date(2025, 6, 6), "met", date(2025, 5, 29)),
        ("progress_review", 5, 1, "expected", date(2025, 8, 6), "withdrawn", None),
        ("support_review", 1, 1, "expected", date(2025, 9, 13), "met", date(2025, 9, 11)),
        ("support_review", 2, 1, "expected", date(2026, 3, 13), "met", date(2026, 3, 12)),
    ]
    # Met late: the escalations stay on the record, and level 3 never comes.
    assert _escalations(result) == [
        ("statement_of_action", 1, 1, "director", date(2023, 4, 28), None),
        ("statement_of_action", 1, 2, "chief_executive", date(2023, 5, 15), None),
        ("statement_of_action", 1, 2, "lead_member", date(2023, 5, 15), None),
    ]
    assert _clock(result) == [
        ("ReminderSent", date(2023, 2, 14), "report_publication", 1),
        ("ReminderSent", date(2023, 4, 13), "statement_of_action", 1),
        ("DeadlineMissed", date(2023, 4, 28), "statement_of_action", 1),
        ("EscalationRaised", date(2023, 4, 28), "statement_of_action", 1),
        ("EscalationRaised", date(2023, 5, 15), "statement_of_action", 1),
        ("EscalationRaised", date(2023, 5, 15), "statement_of_action", 1),
        ("ReminderSent", date(2025, 5, 22), "statement_of_action", 1),
    ]
    types = [e.type for e in status.events]
    for expected in (
        "StatutoryDirectionIssued",
        "CommissionerAppointed",
        "CommissionerReportSubmitted",
        "ServicesRetained",
        "ImprovementAdviserAppointed",
        "DirectionRevoked",
        "SupportAndSupervisionStarted",
    ):
        assert expected in types
    assert types[-1] == "InterventionClosed"
    [report] = [e for e in status.events if e.type == "CommissionerReportSubmitted"]
    assert report.data["recommendation"] == "retain"

    assert [
        (n.kind, n.level, n.to, [c.name for c in n.contacts]) for n in result.notifications
    ] == [
        ("reminder", None, "council", []),
        ("reminder", None, "council", []),
        ("escalation", 1, "director", ["Director of Children's Services"]),
        ("escalation", 2, "chief_executive", []),
        ("escalation", 2, "lead_member", []),
        ("reminder", None, "council", []),
    ]
    await _check_store(database_url, result)


async def test_inadequate_again_starts_a_new_cycle_that_escalates_to_the_commissioner(
    database_url: str,
) -> None:
    result = await simulate(under_version_2(EXAMPLES / "new-cycle.yaml"), database_url)
    status = result.status

    assert status.intervention_id == "intervention-example-city-council-2022-11-01"
    assert (status.track, status.stage, status.status) == ("direction", "improvement", "open")
    assert status.cycle == 2
    assert status.closed_on is None
    assert status.highest_escalation == 3

    assert _deadlines(result) == [
        ("report_publication", None, 1, "statutory", date(2022, 12, 8), "met", date(2022, 11, 30)),
        ("dfe_decision", None, 1, "expected", date(2022, 12, 27), "met", date(2022, 12, 8)),
        ("statement_of_action", None, 1, "statutory", date(2023, 2, 7), "met", date(2023, 2, 6)),
        ("monitoring_visit", 1, 1, "expected", date(2023, 3, 7), "met", date(2023, 3, 7)),
        ("improvement_board", None, 1, "expected", date(2023, 3, 8), "met", date(2023, 1, 19)),
        ("monitoring_visit", 2, 1, "expected", date(2023, 6, 7), "met_late", date(2023, 6, 13)),
        ("progress_review", 1, 1, "expected", date(2023, 6, 8), "met", date(2023, 6, 6)),
        ("monitoring_visit", 3, 1, "expected", date(2023, 9, 13), "met", date(2023, 9, 12)),
        ("progress_review", 2, 1, "expected", date(2023, 12, 6), "met", date(2023, 12, 5)),
        ("monitoring_visit", 4, 1, "expected", date(2023, 12, 12), "met", date(2023, 12, 12)),
        ("monitoring_visit", 5, 1, "expected", date(2024, 3, 12), "met", date(2024, 3, 12)),
        ("progress_review", 3, 1, "expected", date(2024, 6, 5), "met", date(2024, 6, 4)),
        ("monitoring_visit", 6, 1, "expected", date(2024, 6, 12), "met", date(2024, 6, 11)),
        ("monitoring_visit", 7, 1, "expected", date(2024, 9, 11), "withdrawn", None),
        ("reinspection", None, 1, "expected", date(2024, 11, 1), "met", date(2024, 9, 27)),
        ("progress_review", 4, 1, "expected", date(2024, 12, 4), "met", date(2024, 12, 3)),
        ("monitoring_visit", 8, 1, "expected", date(2024, 12, 11), "withdrawn", None),
        ("report_publication", 2, 2, "statutory", date(2024, 12, 19), "met", date(2024, 12, 10)),
        ("statement_of_action", 2, 2, "statutory", date(2025, 2, 18), "missed", None),
        ("monitoring_visit", 1, 2, "expected", date(2025, 3, 18), "missed", None),
        ("commissioner_report", None, 2, "expected", date(2025, 4, 28), "met", date(2025, 4, 24)),
        ("progress_review", 5, 1, "expected", date(2025, 6, 3), "pending", None),
        ("monitoring_visit", 2, 2, "expected", date(2025, 6, 18), "pending", None),
        ("reinspection", None, 2, "expected", date(2026, 11, 12), "pending", None),
    ]
    # The whole ladder for cycle 2, level 3 to the commissioner appointed in January.
    assert _escalations(result) == [
        ("statement_of_action", 2, 1, "director", date(2025, 2, 19), None),
        ("statement_of_action", 2, 2, "chief_executive", date(2025, 3, 4), None),
        ("statement_of_action", 2, 2, "lead_member", date(2025, 3, 4), None),
        ("statement_of_action", 2, 3, "commissioner", date(2025, 3, 18), None),
    ]
    # Visit 7 was expected by 11 September 2024: flagged after 6 weeks' grace and a working day
    # (Thu 24 October 2024); cycle 2's first visit, 4 weeks after 18 February 2025 (18 March),
    # likewise on Wed 30 April 2025.
    assert _clock(result) == [
        ("ReminderSent", date(2022, 11, 24), "report_publication", 1),
        ("ReminderSent", date(2023, 1, 24), "statement_of_action", 1),
        ("MilestoneOverdue", date(2024, 10, 24), "monitoring_visit", 1),
        ("ReminderSent", date(2024, 12, 5), "report_publication", 2),
        ("ReminderSent", date(2025, 2, 4), "statement_of_action", 2),
        ("DeadlineMissed", date(2025, 2, 19), "statement_of_action", 2),
        ("EscalationRaised", date(2025, 2, 19), "statement_of_action", 2),
        ("EscalationRaised", date(2025, 3, 4), "statement_of_action", 2),
        ("EscalationRaised", date(2025, 3, 4), "statement_of_action", 2),
        ("EscalationRaised", date(2025, 3, 18), "statement_of_action", 2),
        ("MilestoneOverdue", date(2025, 4, 30), "monitoring_visit", 2),
    ]
    [new_cycle] = [e for e in status.events if e.type == "NewCycleStarted"]
    assert new_cycle.effective_on == date(2024, 9, 27)
    assert new_cycle.data["cycle"] == 2
    assert new_cycle.data["received_on"] == "2024-11-07"
    assert "NoticeEscalatedToDirection" in [e.type for e in status.events]

    assert [(n.kind, n.level, n.to) for n in result.notifications if n.kind == "escalation"] == [
        ("escalation", 1, "director"),
        ("escalation", 2, "chief_executive"),
        ("escalation", 2, "lead_member"),
        ("escalation", 3, "commissioner"),
    ]
    await _check_store(database_url, result)
