"""The DfE's notices and directions are recorded in the order it made them: none ends, changes
or is replaced before the one in force was issued or last changed.

Croydon: a statutory direction with the report of 4 September 2017, revised on 25 January
2018 to require peer support from Camden, replaced by the direction of 8 May 2018 (DfE;
Community Care, 4 September 2017)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import InvalidDateError
from domain.regimes import current_version
from domain.state import InterventionState
from domain.values import Inspection
from tests.unit.builders import noon, opened, record

CROYDON_2017 = Inspection(
    started_on=date(2017, 6, 20), ended_on=date(2017, 7, 13), published_on=date(2017, 9, 4)
)
LATER = noon(date(2018, 6, 1))


def _revised() -> InterventionState:
    state = opened(CROYDON_2017, regime_version=current_version("ilacs"))
    state = record(state, "direction_issued", date(2017, 9, 4), now=LATER)
    return record(state, "direction_revised", date(2018, 1, 25), now=LATER)


def test_the_real_order_is_taken() -> None:
    state = record(_revised(), "direction_issued", date(2018, 5, 8), now=LATER)
    assert [(i.issued_on, i.ended_on) for i in state.instruments] == [
        (date(2017, 9, 4), date(2018, 5, 8)),
        (date(2018, 5, 8), None),
    ]


@pytest.mark.parametrize(
    "milestone",
    ["direction_issued", "direction_revised", "direction_revoked", "direction_stepped_down"],
)
def test_an_instrument_dated_before_the_last_change_is_refused(milestone: str) -> None:
    with pytest.raises(InvalidDateError) as refused:
        record(_revised(), milestone, date(2017, 12, 1), now=LATER)
    assert (refused.value.field, str(refused.value)) == (
        "effective_on",
        "effective_on 2017-12-01 is before the direction in force was revised, on 2018-01-25: "
        "record the DfE's notices and directions in the order it made them",
    )
