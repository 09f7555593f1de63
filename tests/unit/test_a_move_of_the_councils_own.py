"""Services moved to another provider by the council's own decision, with no direction: the
move is recorded when it goes live, and sets nothing for the DfE."""

from __future__ import annotations

from datetime import date

import pytest

from domain.values import Inspection
from tests.unit.builders import events_for, opened, record, types


def test_services_moved_to_the_councils_own_company_without_a_direction() -> None:
    """Kingston upon Thames: safeguarding judged inadequate, the report made public on 10 July
    2012 (BBC; Surrey Comet); "Achieving for Children launched on 1 April 2014" as the company
    of Kingston and Richmond councils (afcambition.com), no direction to move the services
    found. The engine refused the move as "no move of services to another provider has been
    directed"."""
    state = opened(Inspection(published_on=date(2012, 7, 10)), regime_version=7)
    before = set(state.open_deadlines)

    events = events_for(
        state, "alternative_delivery_live", date(2014, 4, 1), provider="Achieving for Children"
    )
    moved = record(
        state, "alternative_delivery_live", date(2014, 4, 1), provider="Achieving for Children"
    )

    assert types(events) == ["AlternativeDeliveryLive"]
    assert moved.services_move is not None
    assert (moved.services_move.live_on, moved.services_move.provider) == (
        date(2014, 4, 1),
        "Achieving for Children",
    )
    assert set(moved.open_deadlines) == before


@pytest.mark.parametrize(
    ("version", "awaited"),
    [(14, ("met", date(2014, 4, 1))), (15, ("pending", None))],
)
def test_a_later_direction_to_transfer_awaits_its_own_go_live(
    version: int, awaited: tuple[str, date | None]
) -> None:
    """Kingston's own move of 1 April 2014 (as above), then a direction, illustrative, of Monday
    2 March 2015 to move the services to a trust on Wednesday 1 April 2015: from version 15 the
    go-live it sets waits for the move it directs; version 14 took the council's own move of
    the year before for it, met a year early."""
    state = opened(Inspection(published_on=date(2012, 7, 10)), regime_version=version)
    state = record(state, "alternative_delivery_live", date(2014, 4, 1), provider="Its company")
    state = record(state, "direction_issued", date(2015, 3, 2))
    state = record(
        state,
        "transfer_directed",
        date(2015, 3, 2),
        go_live_on="2015-04-01",
        model="trust",
        provider="A trust",
    )
    [live] = [d for d in state.deadlines if d.milestone == "alternative_delivery_live"]
    assert (live.due, live.status.value, live.met_on) == (date(2015, 4, 1), *awaited)
    if version == 15:
        moved = record(state, "alternative_delivery_live", date(2015, 4, 1))
        [live] = [d for d in moved.deadlines if d.milestone == "alternative_delivery_live"]
        assert (live.status.value, live.met_on) == ("met", date(2015, 4, 1))


def test_services_taken_back_from_a_provider_the_direction_chose_need_no_review() -> None:
    """Isle of Wight: judged inadequate, published 15 January 2013 (OnTheWight, 15 January
    2013); the direction of June 2013 (5 June illustrative) putting the services in partnership
    with Hampshire County Council, running them from 1 July 2013 (illustrative), no commissioner
    sent in; the partnership ended on 31 January 2024 and the council's own director led from
    1 February (Isle of Wight County Press). The engine refused the services' return as
    resting on no review: the move itself is on the record."""
    state = opened(Inspection(published_on=date(2013, 1, 15)), regime_version=21)
    state = record(state, "direction_issued", date(2013, 6, 5))
    state = record(state, "alternative_delivery_directed", date(2013, 6, 5), model="other")
    state = record(
        state, "alternative_delivery_live", date(2013, 7, 1), provider="Hampshire County Council"
    )

    back = record(state, "services_retained", date(2024, 2, 1))

    assert back.services_move is None
