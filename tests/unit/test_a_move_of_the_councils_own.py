"""Services moved to another provider by the council's own decision, with no direction: the
move is recorded when it goes live, and sets nothing for the DfE."""

from __future__ import annotations

from datetime import date

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
