"""A fact recorded after its deadline was set, before the day that deadline counts from, met it
early: it was not "already in place", which is said only of a fact from before the deadline
was set (a board that met before the notice).

Middlesbrough: the report of January 2020 (BBC News 51227134; 23 January illustrative); the
direction and Peter Dwyer as commissioner in February 2020, his first report in April
(Middlesbrough's scrutiny papers of 2021; 3 February and 30 April illustrative); the services
kept with the council on 5 June 2020, with the commissioner's oversight "for a further 12
months" (localgov.co.uk; his next report by 15 December illustrative); his six-month review of
9 to 11 November 2020 (the same scrutiny papers).
"""

from __future__ import annotations

from datetime import date

from domain.events import DeadlineMet
from domain.timeline import describe
from domain.values import Inspection
from tests.unit.builders import events_for, opened, record

MIDDLESBROUGH_2020 = Inspection(
    started_on=date(2019, 11, 18), ended_on=date(2019, 12, 6), published_on=date(2020, 1, 23)
)
KEPT = date(2020, 6, 5)
REVIEWED = date(2020, 11, 9)


def test_a_review_held_before_the_commissioners_report_is_met_on_time_not_already_in_place() -> (
    None
):
    state = opened(MIDDLESBROUGH_2020, regime_version=24)
    state = record(state, "direction_issued", date(2020, 2, 3))
    state = record(state, "commissioner_appointed", date(2020, 2, 3), name="Peter Dwyer")
    state = record(
        state, "commissioner_report_submitted", date(2020, 4, 30), recommendation="retain"
    )
    state = record(state, "services_retained", KEPT)
    state = record(
        state, "commissioner_appointed", KEPT, name="Peter Dwyer", report_by="2020-12-15"
    )
    review = next(d for d in state.open_deadlines if d.milestone == "progress_review")
    # Set on the decision's day, counted from the report the commissioner owes that December.
    assert (review.set_on, review.counted_from) == (KEPT, date(2020, 12, 15))

    events = events_for(state, "progress_review_completed", REVIEWED)
    [met] = [e for e in events if isinstance(e, DeadlineMet)]
    state = record(state, "progress_review_completed", REVIEWED)

    assert describe(met, state) == (
        f"Deadline met on time: progress review 1 (due {review.due.isoformat()})"
    )
