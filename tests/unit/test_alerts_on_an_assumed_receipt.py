"""An alert whose deadline counts from an assumed receipt says so: the date may be a few days
early, and the person escalated to should know before acting on it.

Trafford: inspected in March 2019 (11 to 22 March illustrative), judged inadequate, the report
published on 8 May 2019 (thrivetrafford.org.uk, "Ofsted improvement"); the final plan "would go
to Ofsted on 13th August 2019" (Trafford Council, scrutiny minutes, mgAi 33503), the day a
receipt of Friday 3 May gives, where the receipt assumed gives 12 August.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.clock import tick
from domain.events import DeadlineMissed, EscalationRaised
from domain.intervention import apply_all
from domain.timeline import describe
from domain.values import Inspection
from tests.unit.builders import noon, opened

TRAFFORD_2019 = Inspection(
    started_on=date(2019, 3, 11), ended_on=date(2019, 3, 22), published_on=date(2019, 5, 8)
)


@pytest.mark.parametrize(
    ("received", "due", "marked"),
    [(None, date(2019, 8, 12), True), (date(2019, 5, 3), date(2019, 8, 13), False)],
)
def test_the_statement_of_action_missed_says_its_date_rests_on_an_assumed_receipt(
    received: date | None, due: date, marked: bool
) -> None:
    inspection = TRAFFORD_2019.model_copy(update={"received_on": received})
    state = opened(inspection, regime_version=22)
    events = tick(state, noon(date(2019, 8, 14)))
    state = apply_all(events, state)

    alerts = [
        describe(e, state)
        for e in events
        if isinstance(e, DeadlineMissed | EscalationRaised) and e.milestone == "statement_of_action"
    ]
    assert alerts
    assert all(f"was due {due}" in alert for alert in alerts)
    assert all(alert.endswith(" (on an assumed receipt)") is marked for alert in alerts)
