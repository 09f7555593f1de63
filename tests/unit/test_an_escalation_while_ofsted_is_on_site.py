"""The DfE may escalate, revise or step down a notice or direction while Ofsted is on site, as
it may issue one.

Solihull: a joint targeted area inspection of January 2022 and an improvement notice that
February; the notice escalated to a statutory direction in November 2022, while the inspection
of 7 to 18 November 2022 was under way; the report, inadequate, published 13 January 2023 (CYP
Now, 20 March 2023; Solihull Council, report to Council of 7 February 2023; the days of the
notice and the direction are illustrative).
"""

from __future__ import annotations

from datetime import date

from domain.standing import Track
from domain.state import InterventionState
from domain.values import Inspection
from tests.unit.builders import opened, record

SOLIHULL_2023 = Inspection(
    started_on=date(2022, 11, 7), ended_on=date(2022, 11, 18), published_on=date(2023, 1, 13)
)
ESCALATED_ON = date(2022, 11, 15)


def _under_notice() -> InterventionState:
    state = opened(SOLIHULL_2023, regime_version=18)
    return record(state, "improvement_notice_issued", date(2022, 2, 28))


def test_the_escalation_during_the_inspection_is_recorded_as_an_issue_would_be() -> None:
    escalated = record(_under_notice(), "notice_escalated_to_direction", ESCALATED_ON)
    issued = record(_under_notice(), "direction_issued", ESCALATED_ON)

    assert escalated.instrument is not None
    assert (escalated.instrument.kind, escalated.instrument.issued_on) == (
        Track.DIRECTION,
        ESCALATED_ON,
    )
    assert [(d.key, d.due, d.status) for d in escalated.deadlines] == [
        (d.key, d.due, d.status) for d in issued.deadlines
    ]


def test_a_revision_during_the_inspection_is_recorded() -> None:
    state = record(_under_notice(), "notice_revised", ESCALATED_ON)

    assert state.instrument is not None
    assert state.instrument.revised_on == (ESCALATED_ON,)
