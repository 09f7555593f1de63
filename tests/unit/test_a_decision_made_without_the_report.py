"""The DfE's decision on who runs the services ends the wait for a commissioner's report due
before it, the working day after the decision, flagged or not (version 20).

Rotherham: the inspection of 16 September to 8 October 2014, judged inadequate, published on
19 November 2014; the direction of 10 October 2014 and Malcolm Newsam appointed commissioner for
an initial three months; the directions of 26 February 2015 keeping the services with the
council under commissioners (gov.uk; Rotherham Metropolitan Borough Council).

Slough: the inspection from late November 2015, judged inadequate, published on 17 February
2016 (23 November and 11 December illustrative), under the direction of October 2014
(illustrative day); the fifth direction of May 2020 with a children's services commissioner to
work on a future operating model (15 May illustrative); the sixth direction of 1 April 2021 and
Slough Children First, owned by the council, live that day (democracy.slough.gov.uk,
mgAi.aspx?ID=42934; govwire.co.uk, "Decision: directions issued to Slough Borough Council").
"""

from __future__ import annotations

from datetime import date

from domain.clock import tick
from domain.events import DeadlineWithdrawn
from domain.intervention import apply_all
from domain.state import Deadline, InterventionState
from domain.values import Inspection
from tests.unit.builders import events_for, noon, opened, record, run_clock

ROTHERHAM_2014 = Inspection(
    started_on=date(2014, 9, 16), ended_on=date(2014, 10, 8), published_on=date(2014, 11, 19)
)
SLOUGH_2015 = Inspection(
    started_on=date(2015, 11, 23), ended_on=date(2015, 12, 11), published_on=date(2016, 2, 17)
)


def _report(state: InterventionState) -> Deadline:
    return next(d for d in state.deadlines if d.milestone == "commissioner_report")


def _rotherham_withdrawals(version: int) -> list[tuple[date, str]]:
    """The withdrawals of Newsam's first report, from the decision to its alert's day."""
    state = opened(ROTHERHAM_2014, regime_version=version)
    state = record(state, "direction_issued", date(2014, 10, 10))
    state = record(state, "commissioner_appointed", date(2014, 10, 10), name="Malcolm Newsam")
    state = run_clock(state, noon(date(2015, 2, 25)))
    events = events_for(state, "services_retained", date(2015, 2, 26))
    state = apply_all(events, state)
    for day in (date(2015, 2, 26), date(2015, 2, 27), date(2015, 4, 13)):
        ticked = tick(state, noon(day))
        state = apply_all(ticked, state)
        events += ticked
    return [
        (e.effective_on, e.reason)
        for e in events
        if isinstance(e, DeadlineWithdrawn) and e.milestone == "commissioner_report"
    ]


def test_a_report_due_before_the_decision_is_withdrawn_the_working_day_after_it() -> None:
    # Not the day itself: the day's facts, a report of the decision's day among them, are on
    # the record by then whichever was recorded first.
    assert _rotherham_withdrawals(20) == [
        (date(2015, 2, 27), "the DfE decided who runs the services on 2015-02-26 without it")
    ]


def test_before_version_20_it_was_withdrawn_when_its_alert_would_have_come() -> None:
    assert _rotherham_withdrawals(19) == [
        (date(2015, 4, 13), "the DfE decided who runs the services on 2015-02-26 without it")
    ]


def _slough(version: int) -> InterventionState:
    state = opened(SLOUGH_2015, regime_version=version)
    state = record(state, "direction_issued", date(2014, 10, 8))
    state = record(state, "direction_revised", date(2020, 5, 15))
    state = record(state, "commissioner_appointed", date(2020, 5, 15), name="Commissioner")
    state = run_clock(state, noon(date(2020, 11, 17)))
    assert _report(state).status.value == "missed"
    state = record(
        state,
        "transfer_directed",
        date(2021, 4, 1),
        go_live_on="2021-04-01",
        model="council_company",
        provider="Slough Children First",
    )
    return run_clock(state, noon(date(2021, 4, 6)))


def test_a_report_flagged_before_the_decision_is_no_longer_awaited_after_it() -> None:
    assert _report(_slough(20)).status.value == "withdrawn"
    assert _report(_slough(19)).status.value == "missed"
