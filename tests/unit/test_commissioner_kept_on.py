"""A commissioner kept on after the DfE's decision, reporting on the day the appointment sets:
from version 10 that report is the DfE's review for its half year, and the DfE's own review
waits for it, so one thing awaited is flagged once.

Bromley: inspected from 11 April to 5 May 2016, the report published on 27 June 2016 with a
direction and a commissioner, Frankie Sulke (the day illustrative, the week of the report);
"The government has agreed with Sulke's recommendation that the council should be given a
further six months to improve services, at which point another review will be carried out ...
The Department for Education said it will appoint a commissioner for children's services to
oversee improvements" (Community Care, 11 October 2016); "The final report of the Commissioner
... had been published earlier in September 2017" (Bromley Council, agenda item 49254; the
5th illustrative). Her first report's day (23 September 2016) is illustrative too: "a DfE
appointed Commissioner has made recommendations" (Bromley Council, 30 September 2016).
"""

from __future__ import annotations

from datetime import date

from domain.state import Deadline, DeadlineStatus, InterventionState
from domain.values import Inspection
from tests.unit.builders import opened, record

BROMLEY = Inspection(
    started_on=date(2016, 4, 11), ended_on=date(2016, 5, 5), published_on=date(2016, 6, 27)
)


def _kept_on(version: int) -> InterventionState:
    state = record(opened(BROMLEY, regime_version=version), "direction_issued", date(2016, 6, 27))
    state = record(state, "commissioner_appointed", date(2016, 6, 27), name="Frankie Sulke")
    state = record(
        state, "commissioner_report_submitted", date(2016, 9, 23), recommendation="retain"
    )
    decided = date(2016, 10, 11)
    state = record(state, "services_retained", decided)
    return record(state, "commissioner_appointed", decided, name="Sulke", report_by="2017-04-11")


def _first(state: InterventionState, milestone: str, number: int | None = None) -> Deadline:
    return next(d for d in state.deadlines if d.milestone == milestone and d.number == number)


def test_the_dfe_review_waits_for_the_report_the_appointment_sets() -> None:
    state = _kept_on(10)

    assert _first(state, "commissioner_report", 2).due == date(2017, 4, 11)
    # Six months after the report is due, not beside it.
    assert _first(state, "progress_review", 1).due == date(2017, 10, 11)

    reported = record(
        state, "commissioner_report_submitted", date(2017, 9, 5), recommendation="retain"
    )

    # The one report is the DfE's review for its half year: in time for that.
    review = _first(reported, "progress_review", 1)
    assert (review.status, review.met_on) == (DeadlineStatus.MET, date(2017, 9, 5))
    assert _first(reported, "progress_review", 2).due == date(2018, 3, 5)


def test_before_version_10_the_review_fell_due_beside_the_report() -> None:
    state = _kept_on(9)

    assert _first(state, "progress_review", 1).due == date(2017, 4, 11)
    assert _first(state, "commissioner_report", 2).due == date(2017, 4, 11)
