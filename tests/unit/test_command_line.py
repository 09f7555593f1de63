"""The pure commands of `intervention`, run through the real command-line app."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from datetime import date
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from cli import render
from cli.main import app
from domain.regimes import get_regime
from domain.schedule import schedule

runner = CliRunner()
INTERVENTION = str(Path(sys.executable).parent / "intervention")
SCHEDULE = schedule(get_regime("ilacs"), date(2023, 3, 7), date(2023, 3, 2))


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
    # What others are expected to do is flagged the working day after its grace, not
    # escalated: the DfE's decision due Tue 2 May 2023, eighteen weeks on is Tue 5 September;
    # the re-inspection due 7 March 2025, 21 months on is Mon 7 December 2026.
    flagged = {d["milestone"]: d["flagged_from"] for d in document["deadlines"]}
    assert (flagged["statement_of_action"], flagged["dfe_decision"], flagged["reinspection"]) == (
        None,
        "2023-09-06",
        "2026-12-08",
    )


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


def test_schedule_on_80_columns_puts_kind_owner_and_rule_under_each_milestone() -> None:
    """Six columns on 80 left a word a line; the worked example's statement of action, due
    Thursday 15 June 2023, reads on three lines, its reminder and escalations one a line."""
    console = Console(record=True, width=80)
    console.print(render.schedule_view(console, "Schedule", SCHEDULE.deadlines))
    lines = console.export_text().splitlines()

    at = next(i for i, line in enumerate(lines) if line.startswith("│ statement of action"))
    cells = [[cell.strip() for cell in line.split("│")[1:-1]] for line in lines[at : at + 4]]
    assert cells == [
        ["statement of action", "2023-06-15", "reminder 2023-06-01"],
        ["statutory, council", "", "level 1 2023-06-16"],
        ["70 working days after report received", "", "level 2 2023-06-29"],
        ["", "", "level 3 2023-07-13"],
    ]
    assert all(len(line) <= 80 for line in lines)


def test_explained_dates_wrap_under_the_deadline_they_explain() -> None:
    """On 80 columns a rule's source runs over several lines: each stays indented under its
    deadline's name, so the next deadline's name is the only line at the margin."""
    explained = schedule(get_regime("ilacs"), date(2023, 3, 7), date(2023, 3, 2), explained=True)
    console = Console(record=True, width=80)
    render.show_explanations(console, explained.explanations)
    lines = console.export_text().splitlines()

    titles = [line for line in lines if line and not line.startswith("  ")]
    assert titles == [e.lines()[0] for e in explained.explanations]
    assert len(lines) > len(titles) + sum(len(e.lines()) - 1 for e in explained.explanations)
    assert all(len(line) <= 80 and line == line.rstrip() for line in lines)


def test_schedule_rejects_an_impossible_date_naming_the_option() -> None:
    result = runner.invoke(app, ["schedule", "--published", "2023-02-30"])

    assert result.exit_code == 2
    assert "--published" in result.output
    assert "2023-02-30" in result.output


def test_schedule_rejects_an_unknown_regime_listing_the_known_ones() -> None:
    result = runner.invoke(app, ["schedule", "--published", "2023-03-07", "--regime", "ofsted"])

    assert result.exit_code == 1
    assert "unknown regime 'ofsted'; known regimes: ilacs" in result.output


def test_schedule_refuses_a_judgement_for_a_report_with_no_grade() -> None:
    """An area SEND report has no grade: a judgement given would be dropped while the person
    reads the dates as answering it."""
    send = ["schedule", "--published", "2024-03-01", "--regime", "send"]

    refused = runner.invoke(app, [*send, "--judgement", "good"], env={"COLUMNS": "300"})
    an_outcome = runner.invoke(
        app, [*send, "--judgement", "positive_experiences"], env={"COLUMNS": "300"}
    )
    ungraded = runner.invoke(app, [*send, "--json"])

    assert refused.exit_code == 1
    assert (
        "the send regime's records open on reports that have no grade, so judgement 'good' "
        "does not apply: leave it out\n" in refused.output
    )
    # The regime's own outcomes are a re-inspection's: the refusal says where they go.
    assert an_outcome.exit_code == 1
    assert (
        "judgement 'positive_experiences' does not apply: leave it out (positive_experiences, "
        "inconsistent_experiences, widespread_failings are the outcomes of a re-inspection, "
        "recorded with reinspection_completed on a record already open)" in an_outcome.output
    )
    assert ungraded.exit_code == 0, ungraded.output
    assert json.loads(ungraded.output)["deadlines"][0]["milestone"] == "priority_action_plan"


def test_schedule_takes_a_letter_naming_priority_actions_by_its_kind() -> None:
    """Tameside: the focused visit of April 2022, whose letter "identified two Areas of Priority
    Action" (written answer of 22 November 2023, Andrew Gwynne), published in May 2022 (24 May
    illustrative): its statement of action and publication fall due as for a judgement; a
    kind the regime does not open on is refused, naming those it does."""
    letter = ["schedule", "--published", "2022-05-24", "--json", "--judgement"]

    visit = runner.invoke(app, [*letter, "focused_visit"])
    elsewhere = runner.invoke(app, [*letter, "area_send"], env={"COLUMNS": "300"})
    unknown = runner.invoke(app, [*letter, "visit"], env={"COLUMNS": "300"})

    assert visit.exit_code == 0, visit.output
    due = {d["milestone"]: d["due"] for d in json.loads(visit.output)["deadlines"]}
    assert due == {"report_publication": "2022-07-04", "statement_of_action": "2022-08-30"}
    assert elsewhere.exit_code == 1
    assert (
        "judgement 'area_send' is not a report the ilacs regime's records open on without a "
        "grade: one of focused_visit, jtai" in elsewhere.output
    )
    assert unknown.exit_code == 2
    assert "'visit' is not one of outstanding, good" in unknown.output


def test_schedule_counts_from_a_receipt_given_after_publication() -> None:
    """The what-if is worked out as on the last day it is given: a receipt after publication
    is not in its future."""
    result = runner.invoke(
        app, ["schedule", "--published", "2023-03-07", "--received", "2023-03-09", "--json"]
    )

    assert result.exit_code == 0, result.output
    due = {d["milestone"]: d["due"] for d in json.loads(result.stdout)["deadlines"]}
    # 70 working days after Thursday 9 March 2023, Good Friday, Easter Monday and the two May
    # bank holidays and the coronation's skipped: Thursday 22 June.
    assert due["statement_of_action"] == "2023-06-22"


def test_schedule_refuses_a_report_outside_the_calendar_in_one_line() -> None:
    result = runner.invoke(app, ["schedule", "--published", "1990-01-01"])

    assert result.exit_code == 1
    assert result.output.strip() == (
        "error: published_on 1990-01-01 is outside the years the bank holiday calendar covers "
        "for an inspection: 2000 to 2080"
    )


def test_record_rejects_a_malformed_set_before_contacting_anything() -> None:
    result = runner.invoke(
        app,
        ["record", "some-id", "reinspection_completed", "--on", "2024-01-10", "--set", "judgement"],
    )

    assert result.exit_code == 1
    assert "--set 'judgement': write it as key=value" in result.output


def test_record_refuses_a_field_set_twice_before_contacting_anything() -> None:
    result = runner.invoke(
        app,
        [
            "record", "some-id", "board_meeting_held", "--on", "2024-01-10",
            "--set", "chair=A", "--set", "chair = B",
        ],
        env={"COLUMNS": "300"},
    )  # fmt: skip

    assert result.exit_code == 1
    assert "--set chair is given twice; give each field once" in result.output


def test_errors_quoting_brackets_are_printed_as_written(tmp_path: Path) -> None:
    """A message carries what the person typed and what the YAML parser said, brackets and
    all: none of it is taken for the terminal's markup."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("key: [unterminated\n", encoding="utf-8")
    record = ["record", "some-id", "board_meeting_held", "--on", "2024-01-10", "--set"]
    cases = {
        ("import", str(broken)): "key: [unterminated",
        (
            "start", "--authority", "Example Borough Council", "--published", "2026-01-05",
            "--contacts", str(broken),
        ): "key: [unterminated",
        (*record, "conditions=[oops"): "[oops",
        (*record, "chair=[b]Bold[/b] chair"): "[b]Bold[/b] chair",
    }  # fmt: skip
    for arguments, quoted in cases.items():
        result = runner.invoke(app, list(arguments), env={"COLUMNS": "300"})

        assert result.exit_code == 1, (arguments, result.output)
        assert quoted in result.output, (arguments, result.output)


def test_a_contacts_file_of_the_wrong_shape_or_a_misspelt_field_is_refused(
    tmp_path: Path,
) -> None:
    """A misspelt address would leave the director unreachable, and nobody told."""
    listed = tmp_path / "listed.yaml"
    listed.write_text("- {name: Dana Director}\n", encoding="utf-8")
    misspelt = tmp_path / "misspelt.yaml"
    misspelt.write_text("director: [{name: Dana Director, emial: d@x.gov.uk}]\n", "utf-8")
    start = ["start", "--authority", "Example Borough Council", "--published", "2026-01-05"]
    cases = {
        listed: "it lists people by recipient role, each role with a list of people",
        misspelt: (
            "director.0.emial: it is not a field here: the fields are name, email, webhook, teams"
        ),
    }
    for contacts, refused in cases.items():
        result = runner.invoke(app, [*start, "--contacts", str(contacts)], env={"COLUMNS": "300"})

        assert result.exit_code == 1, result.output
        assert f"--contacts {contacts}: {refused}" in result.output


def test_a_file_that_is_not_utf8_is_refused_naming_it(tmp_path: Path) -> None:
    """A picture saved as .yaml, a plan saved as UTF-16 from Excel: each command that reads
    the file names it and says how to save it, where it once ended in a traceback."""
    picture = tmp_path / "bin.yaml"
    picture.write_bytes(b"\x89PNG\x00\x01")
    utf16 = b"\xff\xfe\x00garbage"
    plan = tmp_path / "bin.csv"
    plan.write_bytes(utf16)
    (tmp_path / "binplan.csv").write_bytes(utf16)
    scenario = tmp_path / "with-plan.yaml"
    scenario.write_text(
        "authority: Example Borough Council\n"
        "inspection: {started_on: 2025-01-06, ended_on: 2025-01-17, published_on: 2025-03-04}\n"
        "steps:\n"
        "  - {on: 2025-05-20, plan_import: binplan.csv}\n",
        encoding="utf-8",
    )
    picture_refused = (
        f"scenario {picture} is not UTF-8 text (byte 0x89 at offset 0); save it as UTF-8"
    )
    plan_refused = "is not UTF-8 text (byte 0xff at offset 0); save it as CSV UTF-8"
    cases = {
        ("import", str(picture)): picture_refused,
        ("simulate", str(picture)): picture_refused,
        ("report", "--scenario", str(picture), "-o", str(tmp_path / "r.html")): picture_refused,
        ("plan", "import", "intervention-x", str(plan)): f"plan {plan} {plan_refused}",
        ("simulate", str(scenario)): (
            f"{scenario} step 1: plan {tmp_path / 'binplan.csv'} {plan_refused}"
        ),
        (
            "start", "--authority", "Example Borough Council", "--published", "2026-01-05",
            "--contacts", str(picture),
        ): f"--contacts {picture} is not UTF-8 text",
    }  # fmt: skip
    for arguments, reason in cases.items():
        result = runner.invoke(app, list(arguments), env={"COLUMNS": "400"})

        assert result.exit_code == 1, (arguments, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), arguments
        assert f"error: {reason}" in result.output, (arguments, result.output)
    assert not (tmp_path / "r.html").exists()


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


def test_a_file_that_cannot_be_written_is_refused_before_any_work(tmp_path: Path) -> None:
    """Nothing is read or worked out (no server runs here) when the file could not be
    written: each refusal names the path and says what to do."""
    missing = tmp_path / "no-such-folder" / "portfolio.xlsx"
    cases = {
        ("export", "portfolio", "-o", str(missing)): f"there is no folder {missing.parent}",
        ("export", "portfolio", "-o", str(tmp_path)): "is a folder; give a file name in it",
        ("export", "portfolio", "-o", "p.csv"): "what is written is a .xlsx file; name it",
        ("export", "calendar", "-o", "deadlines.xlsx"): "a .ics file",
        ("report", "intervention-x", "-o", str(missing)): f"there is no folder {missing.parent}",
    }
    for arguments, reason in cases.items():
        result = runner.invoke(app, list(arguments), env={"COLUMNS": "300"})

        assert result.exit_code == 1, (arguments, result.output)
        assert reason in result.output, (arguments, result.output)
    assert not missing.parent.exists()


def test_report_asks_for_an_intervention_or_a_scenario() -> None:
    result = runner.invoke(app, ["report"], env={"COLUMNS": "300"})

    assert result.exit_code == 2
    assert "give an intervention ID, or --scenario FILE to report on one" in result.output


def test_closing_at_a_terminal_asks_first_and_a_no_records_nothing() -> None:
    """At a terminal, `intervention_closed` (the one record with no way back) asks first; the
    answer no stops it before anything is contacted. With no terminal (a script) or with
    --yes it is not asked, and goes on to record (here: no server to record on)."""
    controller, terminal = pty.openpty()
    try:
        # Typed ahead: the terminal keeps the line until the question reads it.
        os.write(controller, b"n\n")
        closing = subprocess.run(
            [INTERVENTION, "record", "intervention-x", "intervention_closed", "--on", "2026-01-05"],
            stdin=terminal,
            stdout=terminal,
            stderr=terminal,
            timeout=60,
            env={**os.environ, "COLUMNS": "200"},
        )
        os.close(terminal)
        said = b""
        while chunk := _read(controller):
            said += chunk
    finally:
        os.close(controller)
    scripted = runner.invoke(
        app, ["record", "intervention-x", "intervention_closed", "--on", "2026-01-05"]
    )

    assert closing.returncode == 1
    text = said.decode()
    assert "withdraws its open deadlines, and nothing can be recorded on it after" in text
    assert "nothing recorded: the intervention stays open" in text
    assert "Close it?" not in scripted.output
    assert "stays open" not in scripted.output


def _read(descriptor: int) -> bytes:
    try:
        return os.read(descriptor, 4096)
    except OSError:  # the terminal closed: everything was read
        return b""


def test_regime_show_names_what_its_reports_may_be_judged() -> None:
    shown = {
        name: runner.invoke(app, ["regime", "show", name], env={"COLUMNS": "300"})
        for name in ("ilacs", "send")
    }

    assert all(result.exit_code == 0 for result in shown.values())
    assert (
        "A report is judged: outstanding, good, requires_improvement, adequate, inadequate"
        in shown["ilacs"].output
    )
    assert (
        "A report is judged: positive_experiences, inconsistent_experiences, widespread_failings"
        in shown["send"].output
    )
    # Its own change, and where the earlier ones are: not every version's text at once.
    ilacs = get_regime("ilacs")
    assert f"Version {ilacs.version}: " in shown["ilacs"].output
    assert f"Version {ilacs.version - 1}: " not in shown["ilacs"].output
    assert f"intervention regime diff ilacs 1 {ilacs.version}" in shown["ilacs"].output


def test_regime_diff_gives_the_rules_that_differ_and_why_each_version_changed_them() -> None:
    result = runner.invoke(app, ["regime", "diff", "ilacs", "24", "26", "--json"])

    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert "a_new_intervention_ends_support: off -> on" in document["differences"]
    assert [v["version"] for v in document["versions"]] == [25, 26]
    assert "(Sefton: Paul Moffat" in document["versions"][0]["changes"]
    assert "(Herefordshire: the notice of 2013" in document["versions"][1]["changes"]
