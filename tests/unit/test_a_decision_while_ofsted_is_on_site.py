"""The DfE's decision on who runs the services, taken while Ofsted is on site, is recorded, and is
that report's decision (version 18).

Birmingham: inspected from 19 March 2014 (to 10 April, illustrative), judged inadequate, the
report published 23 May 2014; on 27 March 2014 the Secretary of State kept the services with
the council and sent in Lord Warner as commissioner to oversee their improvement (BBC News and
the Guardian, 27 March 2014; the direction's day illustrative).
"""

from __future__ import annotations

from datetime import date

from domain.state import DeadlineStatus, InterventionState
from domain.values import Inspection
from tests.unit.builders import noon, opened, record

BIRMINGHAM_2014 = Inspection(
    started_on=date(2014, 3, 19), ended_on=date(2014, 4, 10), published_on=date(2014, 5, 23)
)
DECIDED_ON = date(2014, 3, 27)


def _kept(version: int) -> InterventionState:
    state = opened(BIRMINGHAM_2014, regime_version=version)
    published = noon(BIRMINGHAM_2014.published_on)
    for milestone, details in (
        ("direction_issued", {}),
        ("commissioner_appointed", {"name": "Lord Warner"}),
        ("services_retained", {}),
    ):
        state = record(state, milestone, DECIDED_ON, now=published, **details)
    return state


def _deadline(state: InterventionState, milestone: str) -> tuple[date, DeadlineStatus]:
    found = next(d for d in state.deadlines if d.milestone == milestone)
    return found.due, found.status


def test_the_commissioner_sent_in_with_the_decision_sees_it_through() -> None:
    state = _kept(18)

    assert state.services_decided
    assert _deadline(state, "commissioner_report") == (date(2014, 6, 27), DeadlineStatus.WITHDRAWN)
    # The DfE's review counts from its decision, six months on.
    assert _deadline(state, "progress_review") == (date(2014, 9, 27), DeadlineStatus.PENDING)


def test_before_version_18_the_decision_belonged_to_no_cycle() -> None:
    state = _kept(17)

    assert not state.services_decided
    assert _deadline(state, "commissioner_report") == (date(2014, 6, 27), DeadlineStatus.PENDING)
