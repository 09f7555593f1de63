"""A commissioner's report whose recommendation was not made public meets the report awaited
and leaves the DfE's decision to come.

Bromley: inspected 11 April to 5 May 2016, judged inadequate (Bromley Council, mgAi ID=49254),
the report published in June (27 June illustrative); the statutory direction and Frankie Sulke
as commissioner that June (LGC; The MJ; days illustrative); by the full Council of 26 September
2016 the commissioner "has made recommendations to the Secretary of State" (Bromley press
release 1151), never published; the DfE's decision that the council keep its services with
her final report in September 2017 (12 September illustrative).
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import MissingFieldError
from domain.events import CommissionerReportSubmitted
from domain.timeline import describe
from domain.values import Inspection
from tests.unit.builders import events_for, opened, record

BROMLEY_2016 = Inspection(
    started_on=date(2016, 4, 11), ended_on=date(2016, 5, 5), published_on=date(2016, 6, 27)
)
SENT_IN = date(2016, 6, 27)
REPORTED = date(2016, 9, 26)


def test_the_report_is_met_and_the_decision_still_awaited() -> None:
    state = opened(BROMLEY_2016, regime_version=19)
    state = record(state, "direction_issued", SENT_IN)
    state = record(state, "commissioner_appointed", SENT_IN, name="Frankie Sulke")
    events = events_for(
        state, "commissioner_report_submitted", REPORTED, recommendation="not_published"
    )
    [report] = [e for e in events if isinstance(e, CommissionerReportSubmitted)]
    assert describe(report) == (
        "Commissioner's report submitted, its recommendation not made public"
    )

    state = record(state, "commissioner_report_submitted", REPORTED, recommendation="not_published")
    [awaited] = [d for d in state.deadlines if d.milestone == "commissioner_report"]
    assert (awaited.status.value, awaited.met_on) == ("met", REPORTED)
    assert not state.services_decided


def test_a_report_with_no_recommendation_is_still_refused_before_the_decision() -> None:
    state = opened(BROMLEY_2016, regime_version=19)
    state = record(state, "direction_issued", SENT_IN)
    state = record(state, "commissioner_appointed", SENT_IN, name="Frankie Sulke")
    with pytest.raises(MissingFieldError, match="not_published"):
        record(state, "commissioner_report_submitted", REPORTED)
