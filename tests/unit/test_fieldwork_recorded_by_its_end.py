"""A re-inspection known by its fieldwork's days is recorded by its end, with its first day:
the start is recorded with it, as if recorded on its own.

Croydon: inspected 20 June to 13 July 2017, the report published on Monday 4 September 2017
with a statutory direction (croydon.gov.uk; Community Care, 4 September 2017); re-inspected in
February 2020 (3 to 14 February illustrative), judged good, published 16 March 2020 (CYP Now;
croydon.gov.uk).
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import InvalidDateError
from domain.events import ReinspectionFieldworkCompleted, ReinspectionStarted
from domain.intervention import apply_all
from domain.regimes import current_version
from domain.standing import ReinspectionStage
from domain.state import InterventionState
from domain.values import Inspection
from tests.unit.builders import events_for, noon, opened, record

CROYDON_2017 = Inspection(
    started_on=date(2017, 6, 20), ended_on=date(2017, 7, 13), published_on=date(2017, 9, 4)
)
ON_SITE = date(2020, 2, 3)
FIELDWORK_ENDED = date(2020, 2, 14)


def _under_direction() -> InterventionState:
    state = opened(CROYDON_2017, regime_version=current_version("ilacs"))
    return record(state, "direction_issued", CROYDON_2017.published_on)


def _reinspection(state: InterventionState) -> tuple[date | None, str]:
    (deadline,) = [d for d in state.deadlines if d.milestone == "reinspection"]
    return deadline.met_on, deadline.status.value


def test_the_end_of_fieldwork_with_its_first_day_records_the_start_too() -> None:
    events = events_for(
        _under_direction(),
        "reinspection_fieldwork_completed",
        FIELDWORK_ENDED,
        started_on=ON_SITE.isoformat(),
    )
    started = [e for e in events if isinstance(e, ReinspectionStarted)]
    ended = [e for e in events if isinstance(e, ReinspectionFieldworkCompleted)]
    assert [(e.effective_on, e.actor.name) for e in started + ended] == [
        (ON_SITE, "Morgan Manager"),
        (FIELDWORK_ENDED, "Morgan Manager"),
    ]
    state = apply_all(events, _under_direction())
    assert state.reinspection is ReinspectionStage.AWAITING_REPORT
    assert _reinspection(state) == (ON_SITE, "met")


def test_it_leaves_the_record_as_the_two_facts_recorded_apart_do() -> None:
    apart = record(_under_direction(), "reinspection_started", ON_SITE, now=noon(FIELDWORK_ENDED))
    apart = record(apart, "reinspection_fieldwork_completed", FIELDWORK_ENDED)
    together = record(
        _under_direction(),
        "reinspection_fieldwork_completed",
        FIELDWORK_ENDED,
        started_on=ON_SITE.isoformat(),
    )
    assert together.deadlines == apart.deadlines
    assert together.reinspection is apart.reinspection


def test_without_its_first_day_the_fieldwork_counts_as_begun_the_day_it_ended() -> None:
    state = record(_under_direction(), "reinspection_fieldwork_completed", FIELDWORK_ENDED)
    assert _reinspection(state) == (FIELDWORK_ENDED, "met")


def test_a_first_day_after_the_last_is_refused() -> None:
    with pytest.raises(InvalidDateError) as refused:
        record(
            _under_direction(),
            "reinspection_fieldwork_completed",
            FIELDWORK_ENDED,
            started_on="2020-02-17",
        )
    assert (refused.value.field, str(refused.value)) == (
        "started_on",
        "started_on 2020-02-17 is after the fieldwork ended on 2020-02-14; it is its first day",
    )


def test_a_first_day_other_than_the_start_recorded_is_refused() -> None:
    state = record(_under_direction(), "reinspection_started", ON_SITE)
    with pytest.raises(InvalidDateError) as refused:
        record(state, "reinspection_fieldwork_completed", FIELDWORK_ENDED, started_on="2020-02-04")
    assert (refused.value.field, str(refused.value)) == (
        "started_on",
        "started_on 2020-02-04 is not the day the fieldwork began, 2020-02-03, recorded by "
        "reinspection_started; leave started_on out",
    )
    same = record(
        state, "reinspection_fieldwork_completed", FIELDWORK_ENDED, started_on="2020-02-03"
    )
    assert _reinspection(same) == (ON_SITE, "met")
