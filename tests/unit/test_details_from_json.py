"""A milestone's fields sent as JSON numbers, booleans or null are read as the command line's
text would be: `amount=950000`, `support=false`, and a field left out."""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.commands import RecordMilestone
from domain.events import FundingAllocated, NoticeLifted
from domain.intervention import decide
from domain.regimes import current_version
from domain.values import Inspection
from tests.unit.builders import MANAGER, noon, opened, record

WORKED = Inspection(
    started_on=date(2023, 1, 9), ended_on=date(2023, 1, 20), published_on=date(2023, 3, 7)
)


def _as_json(milestone: str, on: date, details: dict[str, Any]) -> RecordMilestone:
    return RecordMilestone.model_validate(
        {"milestone": milestone, "effective_on": on, "actor": MANAGER, "details": details}
    )


def test_numbers_booleans_and_null_arrive_as_text() -> None:
    command = _as_json(
        "notice_revised",
        date(2023, 6, 1),
        {
            "note": None,
            "conditions": [{"name": "chair_report", "title": "Chair", "every_months": 3}],
            "support": False,
            "amount": 950000,
        },
    )
    assert command.details == {
        "conditions": [{"name": "chair_report", "title": "Chair", "every_months": "3"}],
        "support": "false",
        "amount": "950000",
    }


def test_they_are_recorded_as_their_text_would_be() -> None:
    state = opened(WORKED, regime_version=current_version("ilacs"))
    state = record(state, "improvement_notice_issued", date(2023, 3, 7))
    on = date(2023, 4, 3)
    funding = {"amount": 950000, "phase": "Improvement", "note": None}
    (funded, *_) = decide(state, _as_json("funding_allocated", on, funding), noon(on))
    assert isinstance(funded, FundingAllocated)
    assert funded.amount == 950000
    state = record(
        state,
        "reinspection_completed",
        date(2024, 6, 3),
        now=noon(date(2024, 7, 1)),
        judgement="good",
        published_on="2024-07-01",
    )
    on = date(2024, 7, 5)
    (lifted, *_) = decide(state, _as_json("notice_lifted", on, {"support": False}), noon(on))
    assert isinstance(lifted, NoticeLifted)
    assert lifted.support is False
