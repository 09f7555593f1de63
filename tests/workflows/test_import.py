"""Bringing in an intervention already under way, on the time-skipping server: its past is
judged as if the engine had been there, nothing is sent for it, and the clock then runs from
today; a refused step leaves nothing behind."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from temporalio.service import RPCError, RPCStatusCode
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from application.interventions import ImportStepError, import_intervention
from application.scenario import parse_scenario
from application.simulation import CollectingNotifier
from eventstore.store import EventStore
from workflows.intervention import InterventionWorkflow

# Herefordshire, 2022 to 2026: inspected 18 to 29 July 2022, inadequate, published with a
# direction and a commissioner on 21 September 2022 (herefordshire.gov.uk); the commissioner's
# verdict by 12 December (Community Care, 10 October 2022); the action plan endorsed by Cabinet
# on 15 December 2022; services kept by the council on 1 March 2023 (Hereford Times); monitoring
# visits in late March 2023 (the day is illustrative), 28 June 2023 (Ross Gazette), 21 February
# and 22 October 2024 (the fourth and fifth: Cabinet decisions) and 17 June 2025 (the seventh and
# final: herefordshire.gov.uk); re-inspected 10 to 21 November 2025, judged good, published in
# mid-January 2026 (herefordshire.gov.uk; Social Work Today, 14 January 2026). The improvement
# board set up under the 2021 notice carried on (herefordshire.gov.uk, June 2021).
HEREFORDSHIRE = """
regime_version: 5
authority: Herefordshire Council
inspection: {started_on: 2022-07-18, ended_on: 2022-07-29, published_on: 2022-09-21}
steps:
  - {on: 2022-09-21, record: direction_issued}
  - {on: 2022-09-21, record: commissioner_appointed, with: {name: Eleanor Brazil}}
  - {on: 2022-09-21, record: improvement_board_established}
  - {on: 2022-09-21, record: report_published}
  - {on: 2022-12-12, record: commissioner_report_submitted, with: {recommendation: retain}}
  - {on: 2022-12-15, record: statement_of_action_submitted}
  - {on: 2023-03-01, record: services_retained, by: {name: A Manager, role: manager}}
  - {on: 2023-03-28, record: monitoring_visit_completed}
  - {on: 2023-06-29, record: monitoring_visit_completed, effective_on: 2023-06-28}
  - {on: 2024-02-22, record: monitoring_visit_completed, effective_on: 2024-02-21,
     with: {number: 4}}
  - {on: 2024-10-23, record: monitoring_visit_completed, effective_on: 2024-10-22,
     with: {number: 5}}
  - {on: 2025-06-18, record: monitoring_visit_completed, effective_on: 2025-06-17,
     with: {number: 7}}
  - {on: 2025-11-10, record: reinspection_started}
  - {on: 2025-11-21, record: reinspection_fieldwork_completed}
  - on: 2026-01-14
    record: reinspection_completed
    effective_on: 2025-11-10
    with: {judgement: good, published_on: 2026-01-14}
"""


async def test_a_three_year_past_is_judged_sends_nothing_and_the_clock_runs_on(
    env: WorkflowEnvironment, worker: Worker, store: EventStore, notifier: CollectingNotifier
) -> None:
    """The past, judged to today (the server's clock, 2026 or later), leaves open:

    - the statement of action for the good report of Wednesday 14 January 2026, received (assumed)
      three working days before, Fri 9 January: 70 working days, skipping Good Friday 3 April
      and Easter Monday 6 April, is Tue 21 April 2026; missed the next day, level 2 ten working
      days after the due date (skipping 4 May) Wed 6 May, level 3 twenty working days after,
      Wed 20 May 2026, to the commissioner still in post;
    - the council's publication of that report, 30 working days after 9 January: Fri 20 February;
    - the revocation expected three months after publication, Tue 14 April 2026, flagged three
      months and a working day later;
    - the progress reviews, never recorded: none was held while the commissioner reviewed, so
      they count from the council keeping its services on 1 March 2023, every six months from
      1 September 2023, each flagged two weeks and a working day after its due date and the
      next expected, the eighth due 1 March 2027 and still ahead.

    None of it is sent: it is history. Then the clock runs: the eighth review, not recorded by
    its alert, is flagged and sent. (Under version 5, whose reviews keep a calendar of their
    own: version 6 waits for the first unrecorded one, with nothing left to flag after today.)"""
    scenario = parse_scenario(HEREFORDSHIRE)
    status = await import_intervention(
        env.client, store, scenario, worker.task_queue, indexed=False
    )

    open_deadlines = {
        (d.milestone, d.number): (d.due, d.status)
        for d in status.deadlines
        if d.status in ("pending", "missed")
    }
    assert open_deadlines == {
        ("statement_of_action", 2): (date(2026, 4, 21), "missed"),
        ("report_publication", 2): (date(2026, 2, 20), "missed"),
        ("revocation", None): (date(2026, 4, 14), "missed"),
        # 1 September 2023, then 1 March and 1 September to 2026.
        **{("progress_review", n): (date(2023 + n // 2, 9 if n % 2 else 3, 1), "missed")
           for n in range(1, 8)},
        ("progress_review", 8): (date(2027, 3, 1), "pending"),
    }  # fmt: skip
    escalated = [
        (e.level, e.to, e.raised_on)
        for e in status.escalations
        if (e.milestone, e.number) == ("statement_of_action", 2)
    ]
    assert escalated == [
        (1, "director", date(2026, 4, 22)),
        (2, "chief_executive", date(2026, 5, 6)),
        (2, "lead_member", date(2026, 5, 6)),
        (3, "commissioner", date(2026, 5, 20)),
    ]
    assert notifier.sent == []

    await env.sleep(timedelta(days=500))
    sent = [(n.kind, n.milestone, n.number) for n in notifier.sent]
    assert ("overdue", "progress_review", 8) in sent


async def test_an_import_takes_what_was_in_place_before_the_report_on_its_own_day(
    env: WorkflowEnvironment, worker: Worker, store: EventStore
) -> None:
    """Herefordshire: an improvement notice on 18 May 2021 and a board chaired by Gladys Rhodes
    White from June 2021 (gov.uk, "Herefordshire Council: improvement notice", 18 May 2021;
    herefordshire.gov.uk; the day of the board is illustrative), before the report of 21
    September 2022 and its direction. Brought in with the steps on their own days, each is
    recorded as of the day the intervention opened, effective the day it happened; the board
    the direction asks for is met by the board already meeting."""
    scenario = parse_scenario(
        """
authority: Herefordshire Council
inspection: {started_on: 2022-07-18, ended_on: 2022-07-29, published_on: 2022-09-21}
steps:
  - {on: 2021-05-18, record: improvement_notice_issued}
  - {on: 2021-06-01, record: improvement_board_established, with: {chair: Gladys Rhodes White}}
  - {on: 2022-09-21, record: direction_issued}
"""
    )
    status = await import_intervention(
        env.client, store, scenario, worker.task_queue, indexed=False
    )

    [notice] = [e for e in status.events if e.type == "ImprovementNoticeIssued"]
    assert notice.effective_on == date(2021, 5, 18)
    [board] = [d for d in status.deadlines if d.milestone == "improvement_board"]
    assert (board.status, board.met_on) == ("met", date(2021, 6, 1))


async def test_an_import_refused_at_a_step_names_it_and_leaves_nothing(
    env: WorkflowEnvironment, worker: Worker, store: EventStore
) -> None:
    """A notice lifted while a direction is in force cannot be true: step 3 stops the import,
    and there is neither a workflow nor an event."""
    scenario = parse_scenario(
        """
authority: Refused Import Council
inspection: {published_on: 2023-03-07, received_on: 2023-03-02}
steps:
  - {on: 2023-04-20, record: direction_issued}
  - {on: 2023-05-25, record: improvement_board_established}
  - {on: 2023-06-01, record: notice_lifted, by: {name: A Manager, role: manager}}
"""
    )
    with pytest.raises(ImportStepError) as refused:
        await import_intervention(env.client, store, scenario, worker.task_queue, indexed=False)
    message = str(refused.value)
    assert "step 3 (notice_lifted on 2023-06-01)" in message
    assert "needs a notice in force" in message
    assert message.endswith("nothing was imported")

    intervention_id = scenario.opening.intervention_id
    assert await store.stream_version(intervention_id) == 0
    handle = env.client.get_workflow_handle_for(InterventionWorkflow.run, intervention_id)
    with pytest.raises(RPCError) as missing:
        await handle.describe()
    assert missing.value.status is RPCStatusCode.NOT_FOUND
