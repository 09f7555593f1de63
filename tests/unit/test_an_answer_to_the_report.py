"""A direction issued in answer to the report the record opened on, in place of one from before
that report, sets the DfE's reviews from its own day (version 20).

Doncaster: under the direction of March 2009 (Community Care, 14 January and 12 March 2009:
"ordered ... on 12 March 2009"); Ofsted's inspection of the arrangements for the protection of
children in October 2012, judged inadequate, published on 16 November 2012 (BBC News,
uk-england-south-yorkshire-20345581; Channel 4 News; the inspection's days illustrative); the
directions of March 2013 (gov.uk, "Doncaster children's services: improvement direction",
September 2014; 26 March illustrative).
"""

from __future__ import annotations

from datetime import date

from domain.values import Inspection
from tests.unit.builders import opened, record

DONCASTER_2012 = Inspection(
    started_on=date(2012, 10, 8), ended_on=date(2012, 10, 19), published_on=date(2012, 11, 16)
)


def _reviews(version: int) -> list[tuple[date, str]]:
    state = opened(DONCASTER_2012, regime_version=version)
    state = record(state, "direction_issued", date(2009, 3, 12))
    state = record(state, "direction_issued", date(2013, 3, 26))
    return [(d.due, d.status.value) for d in state.deadlines if d.milestone == "progress_review"]


def test_the_direction_answering_the_report_counts_the_reviews_from_its_day() -> None:
    assert _reviews(20) == [
        (date(2013, 5, 16), "withdrawn"),
        (date(2013, 9, 26), "pending"),
    ]


def test_before_version_20_the_reviews_kept_counting_from_the_report() -> None:
    assert _reviews(19) == [(date(2013, 5, 16), "pending")]
