"""The monitoring visits Ofsted's days on site end are withdrawn on its first day there, when the
fieldwork is recorded with the day it began (version 22).

Sefton: inspected from 21 February to 4 March 2022, judged inadequate, the report published on
9 May 2022 (Community Care, 25 May 2022); the direction of May 2022 (23 May illustrative);
Ofsted on site again from 23 June 2025 (europesays.com 338383), the fieldwork's end recorded
on 4 July 2025 (the day illustrative).
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.events import DeadlineWithdrawn
from domain.values import Inspection
from tests.unit.builders import events_for, opened, record

SEFTON_2022 = Inspection(
    started_on=date(2022, 2, 21), ended_on=date(2022, 3, 4), published_on=date(2022, 5, 9)
)


@pytest.mark.parametrize(
    ("version", "withdrawn_on"), [(22, date(2025, 6, 23)), (21, date(2025, 7, 4))]
)
def test_the_visit_awaited_is_withdrawn_the_day_ofsted_came(
    version: int, withdrawn_on: date
) -> None:
    state = record(
        opened(SEFTON_2022, regime_version=version), "direction_issued", date(2022, 5, 23)
    )

    events = events_for(
        state, "reinspection_fieldwork_completed", date(2025, 7, 4), started_on="2025-06-23"
    )

    visits = [
        e for e in events if isinstance(e, DeadlineWithdrawn) and e.milestone == "monitoring_visit"
    ]
    assert visits
    assert {e.effective_on for e in visits} == {withdrawn_on}
