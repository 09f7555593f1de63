"""The facts of one day set the same deadlines whichever a team records first (version 13).

The DfE publishes its decision on who runs the services with the commissioner's report it rests
on, names a commissioner kept on in the same direction, and may issue a notice or direction the
day Ofsted's report comes out: nothing tells a team which to record first. Each case records two
facts of one day both ways round and compares every deadline still standing (what is withdrawn
on the way may differ: it alerts nobody); version 12, where the order decided, is shown beside.
Here on the worked example's dates: the direction of Thursday 20 April 2023, the commissioner
appointed on Tuesday 2 May, her report due on 2 August 2023.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import permutations

import pytest

from domain.commands import Detail
from domain.errors import WrongStageError
from domain.state import InterventionState
from domain.values import Inspection
from tests.unit.builders import commissioner_reviewing, direction_state, opened, record

Fact = tuple[str, dict[str, Detail]]
Standing = list[tuple[str, int | None, int, date, str, date | None]]


def standing(state: InterventionState) -> Standing:
    found = [
        (d.milestone, d.number, d.cycle, d.due, d.status.value, d.met_on)
        for d in state.deadlines
        if d.status.value != "withdrawn"
    ]
    return sorted(found, key=repr)


def in_every_order(state: InterventionState, on: date, facts: Sequence[Fact]) -> list[Standing]:
    """What stands after `facts`, all of `on`, recorded in each order there is, as listed
    first."""
    outcomes = []
    for order in permutations(facts):
        after = state
        for milestone, details in order:
            after = record(after, milestone, on, **details)
        outcomes.append(standing(after))
    return outcomes


def each_way(
    state: InterventionState, on: date, first: Fact, second: Fact
) -> tuple[Standing, Standing]:
    """What stands after `first` then `second`, and after `second` then `first`, both on `on`."""
    one_way, other_way = in_every_order(state, on, (first, second))
    return one_way, other_way


def her_report_in(version: int) -> InterventionState:
    """The commissioner's report of 2 August 2023, on time, recommending a move."""
    return record(
        commissioner_reviewing(version),
        "commissioner_report_submitted",
        date(2023, 8, 2),
        recommendation="alternative_delivery",
    )


REPORT: Fact = ("commissioner_report_submitted", {"recommendation": "alternative_delivery"})
MOVE: Fact = ("alternative_delivery_directed", {"model": "trust"})
KEPT_ON: Fact = ("commissioner_appointed", {"name": "C. Smith"})
KEPT_ON_TO_REPORT: Fact = (
    "commissioner_appointed",
    {"name": "C. Smith", "report_by": "2024-09-20"},
)


@pytest.mark.parametrize(("version", "same"), [(12, False), (13, True)])
def test_the_report_and_the_decision_it_rests_on(version: int, same: bool) -> None:
    """Reading: Nick Whitfield's report, due in December 2016, published with the DfE's decision
    of 12 September 2017 (LGC, September 2017). Here the report comes ten months late, on Monday
    3 June 2024, with the decision to move the services: version 12, the decision recorded
    first, took the report for the DfE's review met late, where the report recorded first has
    the review count from it."""
    one_way, other_way = each_way(commissioner_reviewing(version), date(2024, 6, 3), REPORT, MOVE)
    assert (one_way == other_way) is same


@pytest.mark.parametrize(("version", "same"), [(12, False), (13, True)])
def test_a_commissioner_kept_on_to_report_with_the_decision(version: int, same: bool) -> None:
    """West Sussex: John Coughlan kept on with the trust directed on 17 December 2019, to "lead
    this process over the next 12 months" (Midhurst and Petworth Observer), his report of 10
    December 2020. Here the decision of Wednesday 20 September 2023 and the commissioner kept on
    to report by 20 September 2024: from version 13 the DfE's next review waits for her report
    whichever was recorded first."""
    one_way, other_way = each_way(
        her_report_in(version), date(2023, 9, 20), MOVE, KEPT_ON_TO_REPORT
    )
    assert (one_way == other_way) is same


@pytest.mark.parametrize(
    ("version", "second_report"),
    [(12, []), (13, [("commissioner_report", 2, 1, date(2023, 12, 20), "pending", None)])],
)
def test_a_commissioner_kept_on_with_a_move_in_principle(
    version: int, second_report: Standing
) -> None:
    """Worcestershire: Trevor Doughty appointed for a further period with the decision of 19
    September 2017 to move the services into a company (gov.uk, revised direction), his report
    on the options of 14 December (Worcestershire County Council, Cabinet). Here on Wednesday 20
    September 2023: from version 13 she reports on the options three months on, whichever was
    recorded first; version 12, the decision recorded first, expected no report."""
    one_way, other_way = each_way(her_report_in(version), date(2023, 9, 20), MOVE, KEPT_ON)
    assert [d for d in one_way if d[0] == "commissioner_report" and d[1] == 2] == second_report
    assert (one_way == other_way) is (version == 13)


@pytest.mark.parametrize(("version", "same"), [(12, False), (13, True)])
def test_a_commissioner_sent_in_to_see_a_second_decision_through(version: int, same: bool) -> None:
    """Tameside: the services kept with the council, and Andy Couldrick appointed again, by the
    revised direction of 17 September 2024 (gov.uk). Here the council kept its services on 20
    September 2023, the DfE reviewed on 20 December, and on Monday 4 March 2024 it decides again
    and sends a commissioner in to see it through: she came to review nothing, so the review
    of December stands as held since the commissioner who reviewed came, whichever was
    recorded first."""
    state = record(her_report_in(version), "services_retained", date(2023, 9, 20))
    state = record(state, "progress_review_completed", date(2023, 12, 20))
    one_way, other_way = each_way(
        state,
        date(2024, 3, 4),
        ("services_retained", {}),
        ("commissioner_appointed", {"name": "D. Jones"}),
    )
    assert (one_way == other_way) is same


@pytest.mark.parametrize(("version", "same"), [(12, False), (13, True)])
def test_a_direction_issued_the_day_the_report_came_out(version: int, same: bool) -> None:
    """Cumbria: a direction after the report of 2015, giving "six months to improve" (News and
    Star). Here the direction of 20 April 2023 is in force when Ofsted's re-inspection, judged
    inadequate, is published on Monday 4 March 2024, and a new direction is issued that day:
    from version 13 its reviews count from its day, whichever was recorded first."""
    reinspection: Fact = (
        "reinspection_completed",
        {"judgement": "inadequate", "published_on": "2024-03-04"},
    )
    one_way, other_way = each_way(
        direction_state(version), date(2024, 3, 4), reinspection, ("direction_issued", {})
    )
    assert (one_way == other_way) is same
    reviews = [d for d in one_way if d[0] == "progress_review" and d[4] == "pending"]
    assert reviews == [("progress_review", 1, 2, date(2024, 9, 4), "pending", None)]


def test_a_report_and_its_publication() -> None:
    """Kirklees: re-inspected and judged requires improvement in a report published on Monday 5
    August 2019, the council's publication recorded that day (Kirklees Council news). Here the
    re-inspection's report of Monday 4 March 2024 and its publication that day: from version 13
    the publication recorded first is held and answers the report recorded after it; version
    12 refused it until the report was on the record."""
    reinspection: Fact = (
        "reinspection_completed",
        {"judgement": "requires_improvement", "published_on": "2024-03-04"},
    )
    publication: Fact = ("report_published", {})
    reported_first, published_first = each_way(
        record(direction_state(13), "report_published", date(2023, 3, 7)),
        date(2024, 3, 4),
        reinspection,
        publication,
    )
    assert published_first == reported_first
    assert ("report_publication", 2, 1, date(2024, 4, 17), "met", date(2024, 3, 4)) in (
        published_first
    )
    with pytest.raises(WrongStageError, match="a report not yet on the record is recorded first"):
        each_way(
            record(direction_state(12), "report_published", date(2023, 3, 7)),
            date(2024, 3, 4),
            reinspection,
            publication,
        )


@pytest.mark.parametrize(("version", "same"), [(12, False), (13, True)])
def test_the_review_that_sends_a_commissioner_in(version: int, same: bool) -> None:
    """Solihull: the DfE's review of September 2022, then Sir Alan Wood sent in as commissioner
    from October to his report of March 2023, the DfE holding no review of its own meanwhile
    (gov.uk, "Solihull: commissioner's report"). Here the review and the commissioner come the
    same day, Monday 22 April 2024, under a notice of 20 April 2023 reviewed on 20 October: the
    DfE's next review waits for her report (due 22 July, so the next on 22 January 2025)
    whichever was recorded first. The review itself is met either way, on its day."""
    state = record(opened(regime_version=version), "improvement_notice_issued", date(2023, 4, 20))
    state = record(state, "progress_review_completed", date(2023, 10, 20))
    one_way, other_way = each_way(
        state,
        date(2024, 4, 22),
        ("progress_review_completed", {}),
        ("commissioner_appointed", {"name": "C. Smith"}),
    )

    def awaited(outcome: Standing) -> Standing:
        return [d for d in outcome if d[4] == "pending"]

    assert ("progress_review", 3, 1, date(2025, 1, 22), "pending", None) in awaited(one_way)
    assert (awaited(one_way) == awaited(other_way)) is same
    for outcome in (one_way, other_way):
        [held] = [d for d in outcome if d[0] == "progress_review" and d[1] == 2]
        assert held[4:] == ("met", date(2024, 4, 22))


def test_an_inspection_of_its_own_is_unaffected() -> None:
    """The worked example's report alone: both orders of two unrelated facts agree under every
    version, so the cases above fail for the reason they name."""
    state = opened(Inspection(published_on=date(2023, 3, 7)), regime_version=12)
    one_way, other_way = each_way(
        state, date(2023, 4, 20), ("direction_issued", {}), ("report_published", {})
    )
    assert one_way == other_way
