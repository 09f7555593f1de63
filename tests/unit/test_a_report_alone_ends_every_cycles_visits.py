"""A re-inspection's report judged inadequate, recorded without its days on site, ends the
monitoring visits of every cycle, as Ofsted's days on site do (version 22).

Cornwall: the safeguarding and looked after children inspection of September 2009 (7 to 18
September illustrative), judged inadequate, the report out on 23 October 2009 (BBC News
8321659; Community Care, 23 October 2009); the annual rating of 9 December 2009, performing
poorly (Family Law, 9 December 2009); a direction in December 2009 (14 December illustrative:
the intervention ran "between 2009 and 2013", localgov.co.uk 41132); the re-inspection's report,
inadequate, out by 25 February 2011 (mudhook.wordpress.com, 25 February 2011; CYP Now, 28
February 2011), its days of fieldwork not found.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.values import Inspection
from tests.unit.builders import opened, record

CORNWALL_2009 = Inspection(
    started_on=date(2009, 9, 7), ended_on=date(2009, 9, 18), published_on=date(2009, 10, 23)
)


@pytest.mark.parametrize(("version", "awaited"), [(22, [3]), (21, [1, 3])])
def test_only_the_new_reports_visits_are_awaited(version: int, awaited: list[int]) -> None:
    state = opened(CORNWALL_2009, regime_version=version)
    state = record(
        state,
        "reinspection_completed",
        date(2009, 12, 9),
        kind="annual_assessment",
        judgement="inadequate",
        published_on="2009-12-09",
    )
    state = record(state, "direction_issued", date(2009, 12, 14))
    state = record(
        state,
        "reinspection_completed",
        date(2011, 2, 25),
        judgement="inadequate",
        published_on="2011-02-25",
    )

    visits = [d.cycle for d in state.open_deadlines if d.milestone == "monitoring_visit"]
    assert state.cycle == 3
    assert visits == awaited
