"""Who a recipient role is changes over an intervention of years; reminders and escalations go
to whoever holds it from the day the change is recorded.

Harrow: inspected "between 20 and 24 January 2025", the report "published today (Tuesday 4
March)" (harrow.gov.uk, news 11398); its Director of Children's Services left, and "the
emergency appointment of Managing Director Alex Dewsnap as interim DCS" came before 1
December 2025 (harrowmonitoringgroup.uk, 1 December 2025; the day illustrative).
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import DomainError
from domain.state import InterventionState
from domain.timeline import describe
from domain.values import Contact, Inspection
from tests.unit.builders import events_for, opened, record

HARROW = Inspection(
    started_on=date(2025, 1, 20), ended_on=date(2025, 1, 24), published_on=date(2025, 3, 4)
)
INTERIM = {"name": "Alex Dewsnap", "email": "interim.dcs@harrow.example"}
CHANGED = date(2025, 11, 28)


def _harrow() -> InterventionState:
    return record(opened(HARROW, regime_version=10), "improvement_notice_issued", date(2025, 5, 15))


def test_the_interim_director_receives_what_the_director_would() -> None:
    events = events_for(_harrow(), "contacts_changed", CHANGED, role="director", contacts=[INTERIM])
    assert [describe(e) for e in events] == ["Contacts changed: director now Alex Dewsnap"]

    state = record(_harrow(), "contacts_changed", CHANGED, role="director", contacts=[INTERIM])
    assert state.contacts["director"] == [Contact(**INTERIM)]


def test_a_role_nobody_holds_is_left_out() -> None:
    held = record(_harrow(), "contacts_changed", CHANGED, role="director", contacts=[INTERIM])

    vacant = record(held, "contacts_changed", date(2025, 12, 1), role="director")

    assert "director" not in vacant.contacts


def test_a_role_must_be_named() -> None:
    with pytest.raises(DomainError, match="role"):
        events_for(_harrow(), "contacts_changed", CHANGED, contacts=[INTERIM])
