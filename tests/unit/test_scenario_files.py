"""Scenario files: a mistake is reported with its line and step, and nothing runs."""

from __future__ import annotations

from datetime import date

import pytest

from application.scenario import ScenarioError, parse_scenario
from domain.values import Role

GOOD = """\
authority: Example Borough Council
inspection: {started_on: 2023-01-09, ended_on: 2023-01-20, published_on: 2023-03-07,
             received_on: 2023-03-02, judgement: inadequate}
steps:
  - {on: 2023-04-20, record: improvement_notice_issued}
  - {on: 2023-06-12, record: statement_of_action_submitted, by: {name: A Manager, role: manager}}
  - {on: 2025-03-01, record: reinspection_completed, with: {judgement: requires_improvement}}
end_on: 2025-06-30
"""


def test_the_design_example_parses() -> None:
    scenario = parse_scenario(GOOD)

    assert scenario.authority == "Example Borough Council"
    assert scenario.inspection.received_on == date(2023, 3, 2)
    assert [s.record for s in scenario.steps] == [
        "improvement_notice_issued",
        "statement_of_action_submitted",
        "reinspection_completed",
    ]
    assert scenario.steps[1].by.role is Role.MANAGER
    assert scenario.steps[2].details == {"judgement": "requires_improvement"}
    assert scenario.end_on == date(2025, 6, 30)


def test_on_is_a_key_not_a_boolean() -> None:
    # YAML 1.1 reads a bare `on` as true; scenarios use it as the date key of every step.
    scenario = parse_scenario(GOOD)

    assert scenario.steps[0].on == date(2023, 4, 20)


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("2023-06-31", "is not a real date; check the day and the month"),
        # As the command line says it of a date written the British way.
        ("12/06/2023", "is not a date written YYYY-MM-DD, such as 2026-03-07"),
    ],
)
def test_a_bad_date_names_the_line_the_step_and_what_is_wrong(written: str, why: str) -> None:
    text = GOOD.replace("{on: 2023-06-12,", f"{{on: {written},")

    with pytest.raises(ScenarioError) as error:
        parse_scenario(text, "scenario.yaml")

    assert str(error.value) == f"scenario.yaml line 6 step 2: on: {why} (got '{written}')"


def test_an_unknown_role_names_the_step_and_lists_the_roles() -> None:
    text = GOOD.replace("role: manager", "role: boss")

    with pytest.raises(ScenarioError) as error:
        parse_scenario(text, "scenario.yaml")

    message = str(error.value)
    assert "line 6 step 2: by.role" in message
    assert "'boss'" in message
    assert "improvement_team" in message


def test_steps_out_of_date_order_name_the_step() -> None:
    text = GOOD.replace("2025-03-01", "2023-05-01")

    with pytest.raises(ScenarioError) as error:
        parse_scenario(text, "scenario.yaml")

    assert str(error.value) == (
        "scenario.yaml line 7 step 3: on 2023-05-01 is before 2023-06-12, the day of step 2; "
        "steps run in date order"
    )


# Herefordshire: an improvement notice on 18 May 2021, Gladys Rhodes White its adviser and the
# chair of a board from June 2021 (gov.uk, "Herefordshire Council: improvement notice", 18 May
# 2021; herefordshire.gov.uk), all before the ILACS report of 21 September 2022.
ALREADY_IN_PLACE = """\
authority: Herefordshire Council
inspection: {started_on: 2022-07-18, ended_on: 2022-07-29, published_on: 2022-09-21}
steps:
  - {on: 2021-05-18, record: improvement_notice_issued}
  - {on: 2021-06-01, record: improvement_board_established, effective_on: 2021-06-03}
  - {on: 2022-09-21, record: direction_issued}
"""


def test_a_fact_in_place_before_the_report_is_recorded_the_day_it_opens_on_its_own_day() -> None:
    """A step dated before the report is taken as written: recorded on the day the
    intervention opens, effective on its `on` day unless it gives its own effective_on (the
    board's, 3 June 2021, is illustrative)."""
    scenario = parse_scenario(ALREADY_IN_PLACE)

    assert [scenario.recorded_on(step) for step in scenario.steps] == [date(2022, 9, 21)] * 3
    assert [(p.on, p.command.effective_on) for p in scenario.past] == [
        (date(2022, 9, 21), date(2021, 5, 18)),
        (date(2022, 9, 21), date(2021, 6, 3)),
        (date(2022, 9, 21), date(2022, 9, 21)),
    ]
    # With nothing after the report, the scenario still runs to the day it opens.
    only_before = parse_scenario(ALREADY_IN_PLACE.split("  - {on: 2022-09-21")[0])
    assert only_before.last_day == date(2022, 9, 21)


def test_steps_before_the_report_still_run_in_date_order() -> None:
    text = ALREADY_IN_PLACE.replace("{on: 2021-06-01,", "{on: 2021-05-01,")

    with pytest.raises(ScenarioError) as error:
        parse_scenario(text, "scenario.yaml")

    assert str(error.value) == (
        "scenario.yaml line 5 step 2: on 2021-05-01 is before 2021-05-18, the day of step 1; "
        "steps run in date order"
    )


def test_an_unknown_key_is_refused() -> None:
    text = GOOD.replace("record: improvement_notice_issued", "recrod: improvement_notice_issued")

    with pytest.raises(ScenarioError) as error:
        parse_scenario(text, "scenario.yaml")

    assert str(error.value) == (
        "scenario.yaml line 5 step 1: recrod: it is not a field here: the fields are on, record, "
        "plan, plan_import, effective_on, by, with"
    )


def test_a_misspelt_field_of_the_inspection_is_refused_beside_the_right_one() -> None:
    """A misspelt receipt day would otherwise be dropped, and every statutory clock rest on an
    assumed receipt with nobody told why."""
    text = GOOD.replace("received_on: 2023-03-02", "reveived_on: 2023-03-02")

    with pytest.raises(ScenarioError) as error:
        parse_scenario(text, "scenario.yaml")

    assert str(error.value) == (
        "scenario.yaml line 3: inspection.reveived_on: it is not a field here: the fields are "
        "started_on, ended_on, published_on, received_on, kind, judgement, priority_actions"
    )


def test_invalid_yaml_names_the_line() -> None:
    with pytest.raises(ScenarioError) as error:
        parse_scenario("authority: [unclosed\nsteps: []\n", "scenario.yaml")

    assert "scenario.yaml at line" in str(error.value)
    assert "not valid YAML" in str(error.value)


def test_a_document_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(ScenarioError, match="expected a mapping"):
        parse_scenario("- just\n- a list\n")
