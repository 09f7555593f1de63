"""Trusting every date: each is explained from the record; an assumed receipt is replaced by the
real one with events that say so; a new version of the rules reaches a running intervention
only when it is migrated. On the time-skipping server, read back from the real store."""

from __future__ import annotations

from datetime import date
from typing import Any

from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from application.simulation import CollectingNotifier
from domain.commands import MigrateRegime
from domain.regimes import current_version
from domain.values import Inspection
from domain.views import StatusView
from eventstore.queries import explanations
from eventstore.store import EventStore
from tests.workflows.conftest import (
    MANAGER,
    Running,
    record,
    start_intervention,
    stored_events,
    stored_status,
)
from workflows.intervention import InterventionWorkflow

CURRENT = current_version("ilacs")


async def test_a_statutory_date_across_easter_and_a_one_off_bank_holiday(
    env: WorkflowEnvironment, worker: Worker, store: EventStore
) -> None:
    """The worked example of docs/domain.md: received Thursday 2 March 2023, due Thursday 15 June
    2023, 70 working days later, across Good Friday, Easter Monday, May Day, the coronation of
    8 May 2023 and the spring bank holiday."""
    running = await start_intervention(env, worker, store, regime_version=CURRENT)
    await running.advance_to(date(2023, 3, 8))
    await stored_status(running)

    [soa] = await explanations(store, running.intervention_id, "statement_of_action")

    assert (soa.due, soa.counted_from, soa.assumed) == (date(2023, 6, 15), date(2023, 3, 2), False)
    assert soa.basis == "report 1 (inspection report of 2023-03-07, inadequate) received"
    assert soa.set_by is not None
    assert soa.set_by.startswith("Intervention opened for Test Council")
    assert "by An Officer (improvement team)" in soa.set_by
    assert soa.rule == "70 working days after report received"
    assert soa.source is not None
    assert "Education and Inspections Act 2006 s137" in soa.source
    assert soa.arithmetic == [
        "70 working days after Thu 2 March 2023 (day 0) is Thu 15 June 2023: 105 calendar "
        "days, skipping 30 weekend days and 5 bank holidays: Good Friday (Fri 7 April 2023), "
        "Easter Monday (Mon 10 April 2023), May Day (Mon 1 May 2023), Coronation of Charles III "
        "(Mon 8 May 2023), Spring Bank Holiday (Mon 29 May 2023)"
    ]
    assert [(a.what, a.on, a.to) for a in soa.alerts] == [
        ("reminder", date(2023, 6, 1), "council"),
        ("level 1", date(2023, 6, 16), "director"),
        ("level 2", date(2023, 6, 29), "chief_executive, lead_member"),
        ("level 3", date(2023, 7, 13), "dfe_case_lead"),
    ]
    assert soa.met_by == ["statement_of_action_submitted"]


async def test_a_recurring_review_counts_from_the_last_one(
    env: WorkflowEnvironment, worker: Worker, store: EventStore
) -> None:
    """The notice of 20 April 2023 asks for a DfE review every six months: the first is due 20
    October 2023; held on Wednesday 25 October, the second counts six months from that day,
    Thu 25 April 2024, with an alert two months later (Tuesday 25 June) and a working day
    after: Wed 26 June 2024. (Held early, from version 21, it would keep the DfE's calendar.)"""
    running = await start_intervention(env, worker, store, regime_version=CURRENT)
    await running.advance_to(date(2023, 4, 20))
    await record(running, "improvement_notice_issued")
    await running.advance_to(date(2023, 10, 25))
    await record(running, "progress_review_completed")
    await stored_status(running)

    [second] = await explanations(store, running.intervention_id, "progress_review:2")

    assert (second.due, second.counted_from) == (date(2024, 4, 25), date(2023, 10, 25))
    assert second.basis == "DfE progress review 1 took place"
    assert second.arithmetic == ["6 months after Wed 25 October 2023 is Thu 25 April 2024"]
    assert second.set_by is not None
    assert second.set_by.startswith("Progress review completed")
    assert [(a.what, a.on) for a in second.alerts] == [("overdue alert", date(2024, 6, 26))]


async def test_a_date_moved_by_the_national_pause_says_so(
    env: WorkflowEnvironment, worker: Worker, store: EventStore
) -> None:
    """Bradford's report of Monday 29 October 2018, received Wednesday 24 October (City of
    Bradford MDC): re-inspection due 24 months on, Thu 29 October 2020, which falls in the
    pause of 17 March 2020 to 1 September 2021: the count stands still for its 533 days, to
    Fri 15 April 2022."""
    published = Inspection(published_on=date(2018, 10, 29), received_on=date(2018, 10, 24))
    running = await start_intervention(env, worker, store, published, regime_version=CURRENT)
    await running.advance_to(date(2018, 10, 30))
    await stored_status(running)

    [reinspection] = await explanations(store, running.intervention_id, "reinspection")

    assert reinspection.due == date(2022, 4, 15)
    assert reinspection.arithmetic == [
        "24 months after Mon 29 October 2018 is Thu 29 October 2020",
        "COVID-19: Ofsted's graded inspections suspended (Tue 17 March 2020 to Wed 1 September "
        "2021): the count ran into it and stands still for it, 533 days",
        "moved 533 days in all, to Fri 15 April 2022",
    ]


async def test_the_real_receipt_replaces_the_assumed_one(
    env: WorkflowEnvironment, worker: Worker, store: EventStore
) -> None:
    """Bradford 2018: published Monday 29 October. Without the receipt the statement of action
    counts from Wednesday 24 October, three working days before, and is marked assumed (due
    Monday 4 February 2019, Bradford's own date). Recording the real receipt, 23 October,
    moves it a working day earlier, to Friday 1 February 2019, by an event that says why, and
    the first monitoring visit with it (a quarter after, 1 May 2019)."""
    published = Inspection(
        started_on=date(2018, 9, 17), ended_on=date(2018, 9, 28), published_on=date(2018, 10, 29)
    )
    running = await start_intervention(env, worker, store, published, regime_version=CURRENT)
    await running.advance_to(date(2018, 10, 30))
    before = await stored_status(running)
    soa = next(d for d in before.deadlines if d.milestone == "statement_of_action")
    assert (soa.due, soa.assumed) == (date(2019, 2, 4), True)
    assert before.receipt_unconfirmed == [1]

    await record(running, "receipt_confirmed", received_on="2018-10-23")
    after = await stored_status(running)

    soa = next(d for d in after.deadlines if d.milestone == "statement_of_action")
    visit = next(d for d in after.deadlines if d.milestone == "monitoring_visit")
    assert (soa.due, soa.assumed) == (date(2019, 2, 1), False)
    assert visit.due == date(2019, 5, 1)
    assert after.receipt_unconfirmed == []
    moves = [e for e in after.events if e.type == "DeadlineRescheduled"]
    assert {(e.data["milestone"], e.data["previous_due"], e.data["due"]) for e in moves} >= {
        ("statement_of_action", "2019-02-04", "2019-02-01"),
        ("monitoring_visit", "2019-05-04", "2019-05-01"),
    }
    assert all(e.data["reason"] == "receipt of report 1 confirmed as 2018-10-23" for e in moves)
    # Nothing was rewritten: the first setting of the date is still in the log.
    first = [e for e in await stored_events(running) if e.type == "DeadlineScheduled"]
    assert first[0].data["assumed"] is True


async def test_a_new_version_of_the_rules_reaches_only_the_intervention_migrated(
    env: WorkflowEnvironment, worker: Worker, store: EventStore, notifier: CollectingNotifier
) -> None:
    """Two interventions opened under the first version, both judged on 3 June 2019: the
    re-inspection due 3 June 2021 under it. Migrated to the current version, one counts its
    re-inspection again from the same day, and its count ran into the pause of inspection
    (17 March 2020 to 1 September 2021, 533 days): 18 November 2022 (3 June 2022 is 365 days
    on, and 168 more). The other keeps its date."""
    judged = Inspection(published_on=date(2019, 6, 3), received_on=date(2019, 5, 29))
    migrated = await start_intervention(env, worker, store, judged, regime_version=1)
    kept = await start_intervention(env, worker, store, judged, regime_version=1)
    await migrated.advance_to(date(2019, 7, 1))

    result = await migrated.handle.execute_update(
        InterventionWorkflow.migrate_regime, MigrateRegime(to_version=CURRENT, actor=MANAGER)
    )

    assert result.events[0] == "RegimeMigrated"
    moved = await stored_status(migrated)
    unmoved = await stored_status(kept)
    assert (moved.regime_version, unmoved.regime_version) == (CURRENT, 1)
    due = {s.intervention_id: _due(s, "reinspection") for s in (moved, unmoved)}
    assert due == {
        migrated.intervention_id: date(2022, 11, 18),
        kept.intervention_id: date(2021, 6, 3),
    }
    [event] = [e for e in moved.events if e.type == "RegimeMigrated"]
    assert (event.data["from_version"], event.data["to_version"]) == (1, CURRENT)
    assert any(
        line.startswith("Ofsted re-inspection: due 2021-06-03 to 2022-11-18")
        for line in event.data["moved"]
    )


def _due(status: StatusView, milestone: str) -> date:
    deadlines = status.deadlines
    return next(d.due for d in deadlines if d.milestone == milestone and d.status != "withdrawn")


async def test_migrated_to_version_3_the_alerts_wait_as_long_as_others_really_take(
    env: WorkflowEnvironment, worker: Worker, store: EventStore, notifier: CollectingNotifier
) -> None:
    """Opened under version 2 on a report published Mon 7 March 2022: the re-inspection is
    expected by Thu 7 March 2024, flagged after six months, the working day after Sat 7
    September: Mon 9 September 2024. Migrated to version 3, the due date stays and the flag
    waits fifteen months: the working day after Sat 7 June 2025, Mon 9 June 2025."""
    judged = Inspection(published_on=date(2022, 3, 7), received_on=date(2022, 3, 2))
    running = await start_intervention(env, worker, store, judged, regime_version=2)
    await running.advance_to(date(2022, 4, 1))

    status, move = await _migrated(running, 3)

    assert (move["previous_due"], move["due"], move["alert_on"]) == (
        "2024-03-07",
        "2024-03-07",
        "2025-06-09",
    )
    assert move["reason"] == "migrated from ilacs@2 to ilacs@3"
    [first] = [
        e.data
        for e in status.events
        if e.type == "DeadlineScheduled" and e.data["milestone"] == "reinspection"
    ]
    assert first["alert_on"] == "2024-09-09"


async def test_migrated_to_version_7_a_pause_moves_the_alert_not_the_due_date(
    env: WorkflowEnvironment, worker: Worker, store: EventStore, notifier: CollectingNotifier
) -> None:
    """Tower Hamlets' report published Fri 7 April 2017 (Tower Hamlets Council): under version 6
    the re-inspection, 24 months on, Sun 7 April 2019, is shown as due Mon 21 September 2020,
    since its alert would have fallen in the pause of 2020-21. Migrated to version 7, it is due
    again on 7 April 2019, Ofsted's own expectation, and only the alert waits: 21 months'
    grace to 7 January 2021, lengthened by the pause's 533 days to Fri 24 June 2022, the alert
    the working day after, Mon 27 June 2022."""
    judged = Inspection(published_on=date(2017, 4, 7), received_on=date(2017, 4, 4))
    running = await start_intervention(env, worker, store, judged, regime_version=6)
    await running.advance_to(date(2017, 5, 1))

    status, move = await _migrated(running, 7)

    assert (move["previous_due"], move["due"], move["alert_on"], move["reason"]) == (
        "2020-09-21",
        "2019-04-07",
        "2022-06-27",
        "migrated from ilacs@6 to ilacs@7",
    )
    assert _due(status, "reinspection") == date(2019, 4, 7)


async def _migrated(running: Running, version: int) -> tuple[StatusView, dict[str, Any]]:
    """The stored status once `running` is migrated to `version`, and the move of its
    re-inspection that the migration recorded."""
    await running.handle.execute_update(
        InterventionWorkflow.migrate_regime, MigrateRegime(to_version=version, actor=MANAGER)
    )
    status = await stored_status(running)
    assert status.regime_version == version
    [move] = [
        e.data
        for e in status.events
        if e.type == "DeadlineRescheduled" and e.data["milestone"] == "reinspection"
    ]
    return status, move
