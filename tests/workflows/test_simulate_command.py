"""`intervention simulate` as a person runs it: the real command, a real database server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

INTERVENTION = str(Path(sys.executable).parent / "intervention")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def intervention(server_url: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": server_url, "COLUMNS": "160"}
    return subprocess.run(
        [INTERVENTION, *args], env=env, capture_output=True, text=True, timeout=300
    )


def simulate(server_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return intervention(server_url, "simulate", *args)


# A scenario whose second step the rules refuse, and what they say.
BAD_STEP = """\
authority: Bad Step Council
inspection: {started_on: 2023-01-09, ended_on: 2023-01-20, published_on: 2023-03-07}
steps:
  - {on: 2023-04-20, record: improvement_notice_issued}
  - {on: 2023-05-02, record: notice_lifted}
  - {on: 2023-06-12, record: statement_of_action_submitted}
"""
# Named by its line in the file, as a mistake found when the file is read is.
REFUSED = (
    "line 5 step 2 (notice_lifted on 2023-05-02): role 'improvement_team' may not record "
    "'notice_lifted'; allowed roles: admin, manager"
)


def test_the_notice_track_example_prints_the_contract_json(postgres_server_url: str) -> None:
    result = simulate(postgres_server_url, str(EXAMPLES / "notice-track.yaml"), "--json")

    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert {
        "intervention_id",
        "authority",
        "track",
        "status",
        "stage",
        "events",
        "deadlines",
        "escalations",
    } <= set(document)
    assert (document["track"], document["status"]) == ("notice", "closed")
    first = document["events"][0]
    assert {"position", "type", "effective_on", "recorded_at", "data"} <= set(first)
    assert (first["position"], first["type"], first["effective_on"]) == (
        1,
        "InterventionOpened",
        "2023-03-07",
    )
    soa = next(d for d in document["deadlines"] if d["milestone"] == "statement_of_action")
    assert {"milestone", "number", "kind", "due", "status", "met_on"} <= set(soa)
    assert (soa["kind"], soa["due"], soa["status"], soa["met_on"]) == (
        "statutory",
        "2023-06-15",
        "met",
        "2023-06-14",
    )
    assert document["escalations"] == [
        {
            "milestone": "statement_of_action",
            "number": None,
            "cycle": 1,
            "level": 1,
            "raised_on": "2023-06-16",
            "to": "director",
            "withdrawn_on": "2023-06-27",
        }
    ]


def test_the_readable_timeline_shows_the_escalation_and_its_withdrawal(
    postgres_server_url: str,
) -> None:
    result = simulate(postgres_server_url, str(EXAMPLES / "notice-track.yaml"))

    assert result.returncode == 0, result.stderr
    assert "Escalation level 1 to director: statement of action was due 2023-06-15" in result.stdout
    assert "Escalation level 1 to director withdrawn" in result.stdout
    assert "stage: closed" in result.stdout
    # The day its answer is as of: the scenario's end_on, before today.
    words = " ".join(result.stdout.split())
    assert words.endswith("notifications sent; as it stands on 2026-04-30")


def test_a_bad_step_stops_the_simulation_naming_the_step_and_the_reason(
    postgres_server_url: str, tmp_path: Path
) -> None:
    scenario = tmp_path / "bad.yaml"
    scenario.write_text(BAD_STEP)

    result = simulate(postgres_server_url, str(scenario))

    assert result.returncode == 1
    assert f"{scenario} {REFUSED}" in result.stderr
    assert result.stdout == ""


def test_a_bad_step_stops_the_report_of_a_scenario_as_it_stops_the_simulation(
    postgres_server_url: str, tmp_path: Path
) -> None:
    scenario = tmp_path / "bad.yaml"
    scenario.write_text(BAD_STEP)
    output = tmp_path / "report.html"

    result = intervention(
        postgres_server_url, "report", "--scenario", scenario, "--format", "html", "-o", output
    )

    assert result.returncode == 1
    assert result.stderr == f"error: {scenario} {REFUSED}\n"
    assert not output.exists()


def test_a_missing_file_is_reported_plainly(postgres_server_url: str, tmp_path: Path) -> None:
    result = simulate(postgres_server_url, str(tmp_path / "absent.yaml"))

    assert result.returncode == 1
    assert "cannot read scenario" in result.stderr
    assert "No such file or directory" in result.stderr


def test_several_scenarios_run_in_turn_and_print_a_list(postgres_server_url: str) -> None:
    files = [str(EXAMPLES / "notice-track.yaml"), str(EXAMPLES / "direction-track.yaml")]
    result = simulate(postgres_server_url, *files, "--json")

    assert result.returncode == 0, result.stderr
    documents = json.loads(result.stdout)
    assert [d["track"] for d in documents] == ["notice", "direction"]


def test_a_bad_file_among_several_stops_before_any_runs(postgres_server_url: str) -> None:
    result = simulate(
        postgres_server_url, str(EXAMPLES / "notice-track.yaml"), str(EXAMPLES / "missing.yaml")
    )

    assert result.returncode == 1
    assert "missing.yaml" in result.stderr
    assert result.stdout == ""
