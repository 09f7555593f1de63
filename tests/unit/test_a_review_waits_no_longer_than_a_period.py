"""The DfE's review put back to wait for a commissioner's late report waits no longer than the
day its next would have been due, then is flagged (version 22).

Stoke-on-Trent: inspected in February 2019 (4 to 15 February illustrative), judged inadequate,
the report published on 18 March 2019 (BBC News); the direction of 16 May 2019 and Eleanor
Brazil appointed to report "by 9 September this year" (gov.uk, "Direction issued to
Stoke-on-Trent City Council"; LGC, 16 May 2019); her report of September 2019 (9 September
illustrative) published on 31 October 2019 with the services kept with the council, the
direction revised to ask for a partnership "until 31 January 2020", and Eleanor Brazil
continuing "while a further review is carried out" (stoke.gov.uk news 510). No report of that
review is in the public record; the next DfE review on it is the improvement adviser's report
of November 2024 (govwire.co.uk 118223).
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.explain import explain
from domain.state import InterventionState
from domain.values import Inspection
from domain.views import deadline_views
from tests.unit.builders import noon, opened, record, run_clock

STOKE_2019 = Inspection(
    started_on=date(2019, 2, 4), ended_on=date(2019, 2, 15), published_on=date(2019, 3, 18)
)
PARTNERSHIP = {
    "name": "partnership",
    "title": "Formal partnership with a strong-performing council",
    "due": "2020-01-31",
}


def _kept_on(version: int) -> InterventionState:
    state = opened(STOKE_2019, regime_version=version)
    state = record(state, "direction_issued", date(2019, 5, 16))
    state = record(state, "commissioner_appointed", date(2019, 5, 16), name="Eleanor Brazil")
    state = record(
        state, "commissioner_report_submitted", date(2019, 9, 9), recommendation="retain"
    )
    state = record(state, "direction_revised", date(2019, 10, 31), conditions=[PARTNERSHIP])
    return record(state, "commissioner_appointed", date(2019, 10, 31), name="Eleanor Brazil")


@pytest.mark.parametrize(("version", "flagged_on"), [(22, date(2021, 4, 1)), (21, None)])
def test_the_review_is_flagged_when_the_report_it_waits_for_never_comes(
    version: int, flagged_on: date | None
) -> None:
    state = _kept_on(version)
    [review] = [d for d in state.open_deadlines if d.milestone == "progress_review"]
    # Put back to six months after the report of the further review, itself assumed three
    # months after she was kept on.
    assert review.due == date(2020, 7, 31)
    [shown] = [v for v in deadline_views(state) if v.milestone == "progress_review"]
    assert shown.flagged_from == flagged_on

    state = run_clock(state, noon(date(2020, 6, 1)), noon(date(2021, 3, 31)))
    [review] = [d for d in state.open_deadlines if d.milestone == "progress_review"]
    assert "overdue" not in review.fired  # the report flagged, the review waits on

    state = run_clock(state, noon(date(2021, 4, 1)), noon(date(2021, 6, 1)))
    [review] = [d for d in state.open_deadlines if d.milestone == "progress_review"]
    assert ("overdue" in review.fired) is (flagged_on is not None)


def test_the_explanation_says_how_long_the_review_waits() -> None:
    state = _kept_on(22)
    [review] = [d for d in state.open_deadlines if d.milestone == "progress_review"]

    [alert] = explain(state, [], review).alerts
    assert alert.on == date(2021, 4, 1)
    assert alert.what.endswith(
        "held while the commissioner's report is awaited (it counts from a late one), no longer "
        "than until Sun 31 January 2021, when the next would have been due"
    )
