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
from tests.unit.builders import events_for, noon, opened, record, run_clock

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


# Slough: inspected from 27 September to 1 October 2021, the report published on Wednesday 17
# November 2021 (slough.gov.uk), the written statement of action due on 18 February 2022
# (parliamentary answer 100659), seventy working days after Tuesday 9 November; no revisit
# followed: the DfE's monitoring, its direction of 4 August 2023 and the new framework's
# inspection of July 2025 (Slough Borough Council). The revisits ended with their framework: an
# area whose statement was accepted in September 2022 "would not [be] subject to a full
# reinspection on the WSoA" (Darlington Borough Council, mgAi 9385).
SLOUGH_2021 = Inspection(
    started_on=date(2021, 9, 27),
    ended_on=date(2021, 10, 1),
    published_on=date(2021, 11, 17),
    judgement="area_send",
    priority_actions=["Quality of education, health and care plans"],
)


def test_no_revisit_is_expected_when_it_falls_due_after_the_revisits_ended() -> None:
    slough = opened(SLOUGH_2021, regime_version=10, regime="send")
    confirmed = record(slough, "receipt_confirmed", date(2021, 11, 18), received_on="2021-11-09")
    assert _due(confirmed) == {"written_statement_of_action": date(2022, 2, 18)}
    # Version 9 expected one by 23 August 2023, from the receipt assumed, and kept it there.
    slough_9 = opened(SLOUGH_2021, regime_version=9, regime="send")
    confirmed_9 = record(
        slough_9, "receipt_confirmed", date(2021, 11, 18), received_on="2021-11-09"
    )
    assert _due(confirmed_9)["revisit"] == date(2023, 8, 23)


def test_the_real_day_of_receipt_moves_the_revisit_with_the_statement() -> None:
    """Bristol's report opened with no day of receipt, which is assumed three working days
    before publication, its real day; supposed received a working day earlier, Monday 16
    December 2019, the statement is due a day earlier, and from version 10 the revisit counts
    from it: on the same day, the pause that began ten days before being a day longer, and no
    longer resting on an assumed receipt."""
    unconfirmed = BRISTOL_2019.model_copy(update={"received_on": None})
    for version, counted_from in ((10, date(2020, 3, 26)), (9, date(2020, 3, 27))):
        state = opened(unconfirmed, regime_version=version, regime="send")
        state = record(state, "receipt_confirmed", date(2019, 12, 20), received_on="2019-12-16")
        assert _due(state) == {
            "written_statement_of_action": date(2020, 3, 26),
            "revisit": date(2022, 10, 2),
        }
        (revisit,) = [d for d in state.deadlines if d.milestone == "revisit"]
        assert (revisit.counted_from, revisit.assumed) == (counted_from, version == 9)
