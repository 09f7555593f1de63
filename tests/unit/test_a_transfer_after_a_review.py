"""A transfer of the services directed after a commissioner's review is the DfE's decision on
who runs them (version 17).

Slough: re-inspected inadequate, the report published on 17 February 2016 (CYP Now, Community
Care, 17 February 2016), its services already run by Slough Children's Services Trust under a
direction of October 2014; a fifth direction of May 2020 to work with the Children's Services
Commissioner on a future operating model; the sixth direction of 1 April 2021 making the
trust a company the council owns, Slough Children First, from that day (gov.uk "Directions
issued to Slough Borough Council", via GovWire, 1 April 2021; Slough Cabinet, 15 March 2021).
The days in October 2014 and May 2020 are illustrative.
"""

from __future__ import annotations

from datetime import date

from domain.state import InterventionState, Stage
from domain.values import Inspection
from tests.unit.builders import opened, record

SLOUGH_2016 = Inspection(
    started_on=date(2015, 11, 23), ended_on=date(2015, 12, 11), published_on=date(2016, 2, 17)
)
COMMISSIONER_CAME = date(2020, 5, 15)
TRANSFERRED = date(2021, 4, 1)


def _moved(version: int) -> InterventionState:
    state = opened(SLOUGH_2016, regime_version=version)
    state = record(state, "direction_issued", date(2014, 10, 9))
    state = record(state, "commissioner_appointed", COMMISSIONER_CAME, name="Commissioner")
    return record(
        state,
        "transfer_directed",
        TRANSFERRED,
        go_live_on=TRANSFERRED.isoformat(),
        model="council_company",
        provider="Slough Children First",
    )


def _next_review(state: InterventionState) -> tuple[date, date | None, str | None]:
    review = next(d for d in state.open_deadlines if d.milestone == "progress_review")
    return review.due, review.counted_from, review.basis


def test_the_transfer_ends_the_commissioners_review() -> None:
    state = _moved(17)
    assert state.stage is Stage.IMPROVEMENT
    assert _next_review(state) == (
        date(2021, 10, 1),
        TRANSFERRED,
        "the DfE's direction to move the services",
    )


def test_before_version_17_the_review_went_on() -> None:
    state = _moved(16)
    assert state.stage is Stage.COMMISSIONER_REVIEW
    assert _next_review(state)[0] == date(2021, 2, 15)
