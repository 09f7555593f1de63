"""The DfE's instruments come in the order it made them: a notice or direction, a change to it
and its end each come on or after the day the one in force was issued or last changed, so the
record never shows one ending before it began."""

from __future__ import annotations

from domain.errors import InvalidDateError
from domain.events import INSTRUMENT_EVENTS, DirectionRevoked, Event, NoticeLifted
from domain.state import InterventionState

DATED_AFTER_THE_LAST = (*INSTRUMENT_EVENTS, NoticeLifted, DirectionRevoked)


def check_instrument_date(state: InterventionState, event: Event) -> None:
    """Refuse a notice or direction, a change to one or its end dated before the notice or
    direction in force was issued or last changed."""
    instrument = state.instrument
    if instrument is None or not isinstance(event, DATED_AFTER_THE_LAST):
        return
    last = max((instrument.issued_on, *instrument.revised_on))
    how = "issued" if last == instrument.issued_on else "revised"
    if event.effective_on < last:
        raise InvalidDateError(
            "effective_on",
            event.effective_on,
            f"is before the {instrument.kind.value} in force was {how}, on {last.isoformat()}: "
            "record the DfE's notices and directions in the order it made them",
        )
