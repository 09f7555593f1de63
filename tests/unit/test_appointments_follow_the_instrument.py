"""Who is appointed follows the instrument they were appointed under."""

from __future__ import annotations

from datetime import date

from domain.values import AppointmentRole, Inspection
from tests.unit.builders import opened, record


def test_a_direction_stepped_down_to_a_notice_ends_the_commissioner() -> None:
    """Hull: inspected 14 to 25 January 2019, inadequate, published 17 May 2019; an improvement
    notice that month (21 May illustrative); the notice escalated to a direction in March 2020
    with Paul Moffat as commissioner (16 March illustrative); on 5 August 2022 the minister
    revoked the direction and replaced it by a notice, ending "the requirement to work with a
    Commissioner" (gov.uk; Social Work Today, 10 August 2022). From version 7 the step down
    ends the commissioner's appointment that day; under version 6 he stayed on the record until
    someone ended it by hand."""
    commissioners = {}
    for version in (7, 6):
        state = opened(Inspection(published_on=date(2019, 5, 17)), regime_version=version)
        state = record(state, "improvement_notice_issued", date(2019, 5, 21))
        state = record(state, "notice_escalated_to_direction", date(2020, 3, 16))
        state = record(state, "commissioner_appointed", date(2020, 3, 16), name="Paul Moffat")
        state = record(state, "direction_stepped_down", date(2022, 8, 5))
        commissioners[version] = [
            (a.name, a.ended_on)
            for a in state.appointments
            if a.role is AppointmentRole.COMMISSIONER
        ]

    assert commissioners[7] == [("Paul Moffat", date(2022, 8, 5))]
    assert commissioners[6] == [("Paul Moffat", None)]
