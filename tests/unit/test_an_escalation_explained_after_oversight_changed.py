"""`explain` names whom a rung already raised went to on its day, not whoever oversees for the
DfE when it is asked.

Tameside: the focused visit of April 2022, its letter naming "two Areas of Priority Action", an
improvement notice and an improvement adviser after it (written answer of 22 November 2023,
Andrew Gwynne; the notice of July 2022, DfE via breaking.co.uk); Andy Couldrick appointed
commissioner in March 2024 (Tameside Correspondent, 15 March 2024). The day the council sent its
statement of action is not public, so the record flags it and escalates it, level 3 going to
the adviser overseeing then. The days of the visit, the letter, the notice and the appointments
are illustrative.
"""

from __future__ import annotations

from datetime import date

from domain.explain import explain
from domain.values import Inspection
from tests.unit.builders import noon, opened, record, run_clock

TAMESIDE_2022 = Inspection(
    started_on=date(2022, 4, 5),
    ended_on=date(2022, 4, 6),
    published_on=date(2022, 5, 24),
    judgement="focused_visit",
    priority_actions=["Strategy discussions", "Leaders' knowledge of services"],
)


def test_a_rung_raised_names_whom_it_went_to_then() -> None:
    state = opened(TAMESIDE_2022, regime_version=25)
    state = record(state, "improvement_notice_issued", date(2022, 7, 20))
    state = record(state, "improvement_adviser_appointed", date(2022, 7, 20), name="DfE adviser")
    state = run_clock(state, noon(date(2022, 9, 28)))
    state = record(state, "commissioner_appointed", date(2024, 3, 14), name="Andy Couldrick")

    (deadline,) = [d for d in state.deadlines if d.milestone == "statement_of_action"]
    alerts = {a.what: a for a in explain(state, [], deadline).alerts}

    assert (alerts["level 3"].on, alerts["level 3"].to) == (
        date(2022, 9, 28),
        "improvement_adviser",
    )
    assert "who oversees for the DfE now" not in alerts["level 3"].line()
