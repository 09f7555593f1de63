"""The pure commands of `intervention`, run through the real command-line app."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from cli.main import app

runner = CliRunner()


def test_schedule_json_gives_the_worked_example_statement_of_action_due_date() -> None:
    result = runner.invoke(
        app, ["schedule", "--published", "2023-03-07", "--received", "2023-03-02", "--json"]
    )

    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["regime"] == "ilacs"
    due = {d["milestone"]: d["due"] for d in document["deadlines"]}
    assert due == {
        # 30 working days after Thu 2 March 2023, skipping Good Friday 7 April and Easter
        # Monday 10 April: 3-31 March gives 21, 3-6 April 25, 11-14 April 29, Mon 17 April 30.
        "report_publication": "2023-04-17",
        "dfe_decision": "2023-05-02",
        "statement_of_action": "2023-06-15",
        "monitoring_visit": "2023-09-15",
        "reinspection": "2025-03-07",
    }
    soa = next(d for d in document["deadlines"] if d["milestone"] == "statement_of_action")
    assert soa["kind"] == "statutory"
    assert [(r["rung"], r["on"]) for r in soa["ladder"]] == [
        ("reminder", "2023-06-01"),
        ("level_1", "2023-06-16"),
        ("level_2", "2023-06-29"),
        ("level_3", "2023-07-13"),
    ]


def test_schedule_with_the_notice_date_projects_board_and_progress_review() -> None:
    result = runner.invoke(
        app, ["schedule", "--published", "2023-03-07", "--issued", "2023-04-20", "--json"]
    )

    assert result.exit_code == 0, result.output
    due = {d["milestone"]: d["due"] for d in json.loads(result.stdout)["deadlines"]}
    assert due["improvement_board"] == "2023-07-20"
    assert due["progress_review"] == "2023-10-20"
    # Receipt not given: assumed three working days before publication, Thu 2 March 2023,
    # and 70 working days after that is the worked example's Thu 15 June 2023.
    assert due["statement_of_action"] == "2023-06-15"


def test_schedule_table_names_each_milestone() -> None:
    result = runner.invoke(app, ["schedule", "--published", "2023-03-07"], env={"COLUMNS": "200"})

    assert result.exit_code == 0, result.output
    for name in ("statement of action", "dfe decision", "monitoring visit 1", "reinspection"):
        assert name in result.stdout


def test_schedule_rejects_an_impossible_date_naming_the_option() -> None:
    result = runner.invoke(app, ["schedule", "--published", "2023-02-30"])

    assert result.exit_code == 2
    assert "--published" in result.output
    assert "2023-02-30" in result.output


def test_schedule_rejects_an_unknown_regime_listing_the_known_ones() -> None:
    result = runner.invoke(app, ["schedule", "--published", "2023-03-07", "--regime", "ofsted"])

    assert result.exit_code == 1
    assert "unknown regime 'ofsted'; known regimes: ilacs" in result.output


def test_record_rejects_a_malformed_set_before_contacting_anything() -> None:
    result = runner.invoke(
        app,
        ["record", "some-id", "reinspection_completed", "--on", "2024-01-10", "--set", "judgement"],
    )

    assert result.exit_code == 1
    assert "--set 'judgement': write it as key=value" in result.output


def test_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])

    assert result.exit_code == 0
    for command in (
        "up",
        "start",
        "record",
        "status",
        "list",
        "events",
        "simulate",
        "verify",
        "schedule",
        "rebuild",
    ):
        assert command in result.stdout
