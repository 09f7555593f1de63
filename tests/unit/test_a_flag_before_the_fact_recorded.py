"""A flag raised before the fact that met its deadline came onto the record is history in
the timeline, and no outcome in the committee report: the committee sees the deadline met.

Swindon: inspected from 17 to 28 July 2023, the report published on Monday 11 September 2023
(swindon.gov.uk news 925); the improvement plan "launched in November 2023" (30 November
illustrative) under the notice in force by December (1 November illustrative); Ofsted's
monitoring visits of February, May and September 2024 (20, 21 May and 10 September
illustrative), and "their fourth monitoring visit in June" 2025 (10 June illustrative),
discussed by Cabinet on 10 September 2025 (swindon.gov.uk news 1246), the day it was recorded.
"""

from __future__ import annotations

from datetime import date

from domain.clock import tick
from domain.events import Event, MilestoneOverdue
from domain.intervention import apply_all, decide_open
from domain.report import build_report
from domain.values import Inspection
from tests.unit.builders import events_for, noon, open_command

SWINDON_2023 = Inspection(
    started_on=date(2023, 7, 17), ended_on=date(2023, 7, 28), published_on=date(2023, 9, 11)
)
FOURTH_VISIT = date(2025, 6, 10)
RECORDED = date(2025, 9, 10)


def _swindon() -> list[Event]:
    events = list(
        decide_open(open_command(SWINDON_2023, regime_version=22), noon(date(2023, 9, 11)))
    )
    for milestone, on in (
        ("improvement_notice_issued", date(2023, 11, 1)),
        ("statement_of_action_submitted", date(2023, 11, 30)),
        ("monitoring_visit_completed", date(2024, 2, 20)),
        ("monitoring_visit_completed", date(2024, 5, 21)),
        ("monitoring_visit_completed", date(2024, 9, 10)),
    ):
        events += events_for(apply_all(events), milestone, on)
    # The clock runs on to the summer, the fourth visit not yet on the record.
    events += tick(apply_all(events), noon(date(2025, 7, 11)))
    events += events_for(
        apply_all(events), "monitoring_visit_completed", FOURTH_VISIT, now=noon(RECORDED), number=4
    )
    return events


def test_a_visit_recorded_after_it_was_flagged_is_met_in_the_committee_report() -> None:
    events = _swindon()
    flagged = [e for e in events if isinstance(e, MilestoneOverdue) and e.number == 4]
    assert [e.effective_on for e in flagged] == [date(2025, 7, 11)]

    report = build_report(events, start=date(2025, 4, 1), end=date(2025, 9, 30))
    fourth = [
        (d.outcome, d.on) for d in report.deadlines if d.deadline == "Ofsted monitoring visit 4"
    ]
    assert fourth == [("met within the time allowed", FOURTH_VISIT)]
