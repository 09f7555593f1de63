"""A report of the area SEND framework before January 2023 asks for a written statement of
action within seventy working days of its receipt, and a revisit about eighteen months after
the statement was due, moved by the revisits' pause of 2020 and 2021 (`send` version 9).

Bristol: inspected from 30 September to 4 October 2019 (BBC News 50863687); the report
received on Tuesday 17 December 2019 and released on 20 December (the council, quoted by
chopsybaby.com); the written statement of action approved and published on 20 April 2020
(Bristol City Council news); revisited from 4 to 6 October 2022 (bristol.gov.uk, "Written
statement of action"). Revisits were suspended on 17 March 2020 and restarted "from April
2021" (Ofsted, guidance for carrying out re-visits, updated 29 November 2022).
"""

from __future__ import annotations

from datetime import date

from domain.intervention import apply_all
from domain.state import InterventionState
from domain.timeline import describe
from domain.values import Inspection
from tests.unit.builders import events_for, noon, opened, run_clock

BRISTOL_2019 = Inspection(
    started_on=date(2019, 9, 30),
    ended_on=date(2019, 10, 4),
    published_on=date(2019, 12, 20),
    received_on=date(2019, 12, 17),
    judgement="area_send",
    priority_actions=["Relationships with parents and carers"],
)


def _opened(version: int) -> InterventionState:
    return opened(BRISTOL_2019, regime_version=version, regime="send")


def _due(state: InterventionState) -> dict[str, date]:
    return {d.milestone: d.due for d in state.deadlines if d.milestone != "progress_review"}


def test_the_statement_is_due_seventy_working_days_after_receipt_and_the_revisit_after_it() -> None:
    assert _due(_opened(9)) == {
        "written_statement_of_action": date(2020, 3, 27),
        # Eighteen months after the statement was due, and the 370 days of the pause that
        # began ten days before it.
        "revisit": date(2022, 10, 2),
    }
    # Version 8 asked the 2023 framework's plan, due eight weeks before the statement was.
    assert _due(_opened(8)) == {
        "priority_action_plan": date(2020, 1, 31),
        "monitoring_inspection": date(2021, 6, 20),
    }


def test_the_statement_is_named_as_the_report_asks_for_it() -> None:
    state = _opened(9)
    submitted = events_for(state, "statement_of_action_submitted", date(2020, 3, 27))
    state = apply_all(submitted, state)

    assert describe(submitted[0], state) == "Written statement of action submitted"
    assert [d.status.value for d in state.deadlines if d.milestone.startswith("written")] == ["met"]


def test_the_revisit_of_october_2022_is_within_the_time_allowed() -> None:
    state = run_clock(_opened(9), noon(date(2020, 3, 27)), noon(date(2022, 10, 3)))
    revisited = events_for(state, "monitoring_visit_completed", date(2022, 10, 4))
    state = apply_all(revisited, state)

    [revisit] = [d for d in state.deadlines if d.milestone == "revisit"]
    assert (revisit.status.value, revisit.met_on) == ("met", date(2022, 10, 4))
