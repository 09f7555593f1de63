"""A notice escalated to a direction while the commissioner the DfE sent in is reviewing sets
the DfE's reviews to wait for her report, as a direction issued then does.

Sefton: under a non-statutory improvement notice since 2021 (Community Care, 25 May 2022),
inspected from 21 February to 4 March 2022 and judged inadequate in a report published Monday
9 May 2022 (OTS News, 9 May 2022); Paul Moffat appointed commissioner by 12 May (OTS News, 12
May 2022) and a statutory direction the week of 23 May (Community Care, 25 May 2022); his
report completed in September, the council to keep its services (Community Care, 22 November
2022). The notice's day and the report's are illustrative.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.state import InterventionState
from domain.values import Inspection
from tests.unit.builders import opened, record

SEFTON_2022 = Inspection(
    started_on=date(2022, 2, 21), ended_on=date(2022, 3, 4), published_on=date(2022, 5, 9)
)
APPOINTED = date(2022, 5, 11)
ESCALATED = date(2022, 5, 23)
REPORTED = date(2022, 9, 30)


def escalated(version: int, appointed_first: bool, milestone: str) -> InterventionState:
    """Notice of Thu 20 May 2021; Moffat appointed Wed 11 May 2022 and the notice escalated
    (or a direction issued) Mon 23 May, in the order given."""
    state = record(
        opened(SEFTON_2022, regime_version=version), "improvement_notice_issued", date(2021, 5, 20)
    )
    steps = [("commissioner_appointed", APPOINTED), (milestone, ESCALATED)]
    for name, on in steps if appointed_first else reversed(steps):
        details = {"name": "Paul Moffat"} if name == "commissioner_appointed" else {}
        state = record(state, name, on, **details)
    return state


def review_due(state: InterventionState) -> date:
    [review] = [d for d in state.open_deadlines if d.milestone == "progress_review"]
    return review.due


@pytest.mark.parametrize("milestone", ["notice_escalated_to_direction", "direction_issued"])
@pytest.mark.parametrize("appointed_first", [True, False])
def test_the_dfes_review_waits_for_the_commissioners_report(
    milestone: str, appointed_first: bool
) -> None:
    """His report is due three months after his appointment, Thu 11 Aug 2022; the DfE's next
    review six months after that, Sat 11 Feb 2023, however the direction came and whichever was
    recorded first. His report of Fri 30 Sep, after the day it was due, has the review count
    from it: Thu 30 Mar 2023."""
    state = escalated(25, appointed_first, milestone)
    assert review_due(state) == date(2023, 2, 11)

    reported = record(state, "commissioner_report_submitted", REPORTED, recommendation="retain")
    assert review_due(reported) == date(2023, 3, 30)


def test_version_24_reviewed_six_months_from_the_escalation_while_he_reviewed() -> None:
    """Wed 23 Nov 2022: six months after the escalation, whatever his report's day."""
    state = escalated(24, True, "notice_escalated_to_direction")
    assert review_due(state) == date(2022, 11, 23)

    reported = record(state, "commissioner_report_submitted", REPORTED, recommendation="retain")
    assert review_due(reported) == date(2022, 11, 23)
