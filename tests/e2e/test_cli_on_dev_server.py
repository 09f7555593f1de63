"""End to end, as a person would run it: `intervention up` (dev server, embedded PostgreSQL,
worker) in its own process, then the `intervention` command against it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest

from domain.calendar import add_working_days, london_date
from eventstore.database import embedded_url
from tests.ports import free_port

INTERVENTION = str(Path(sys.executable).parent / "intervention")


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    data_dir = tmp_path_factory.mktemp("stack")
    env = {
        **os.environ,
        "INTERVENTION_DATA_DIR": str(data_dir),
        "INTERVENTION_TEMPORAL_ADDRESS": f"127.0.0.1:{free_port()}",
        "INTERVENTION_WEB_UI_PORT": str(free_port()),
        "COLUMNS": "200",
    }
    env.pop("DATABASE_URL", None)
    log = (data_dir / "up.log").open("w")
    process = subprocess.Popen(
        [INTERVENTION, "up"], env=env, stdout=log, stderr=subprocess.STDOUT, text=True
    )
    deadline = time.monotonic() + 90
    while "Ready." not in (data_dir / "up.log").read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail("intervention up did not start:\n" + (data_dir / "up.log").read_text())
        time.sleep(0.5)
    try:
        yield env
    finally:
        process.send_signal(signal.SIGINT)
        try:
            code = process.wait(timeout=60)
        finally:
            log.close()
        output = (data_dir / "up.log").read_text()
        assert code == 0, output
        assert "Stopped." in output


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [INTERVENTION, *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_start_record_status_and_verify_through_the_cli(stack: dict[str, str]) -> None:
    today = london_date(datetime.now(UTC))
    published = add_working_days(today, -15)
    started = cli(
        stack,
        "start",
        "--authority",
        "End To End Council",
        "--published",
        published.isoformat(),
        "--inspection-end",
        (published - timedelta(days=30)).isoformat(),
        "--json",
    )
    assert started.returncode == 0, started.stderr
    opened = json.loads(started.stdout)
    intervention_id = opened["intervention_id"]
    assert intervention_id == f"intervention-end-to-end-council-{published.isoformat()}"
    assert opened["stage"] == "awaiting_decision"
    # Receipt not given: assumed three working days before publication, and marked so.
    soa = next(d for d in opened["deadlines"] if d["milestone"] == "statement_of_action")
    assert soa["due"] == add_working_days(add_working_days(published, -3), 70).isoformat()
    assert soa["assumed"] is True

    recorded = cli(
        stack, "record", intervention_id, "improvement_notice_issued", "--on", today.isoformat()
    )
    assert recorded.returncode == 0, recorded.stderr
    assert "Improvement notice issued" in recorded.stdout

    rejected = cli(stack, "record", intervention_id, "notice_lifted", "--on", today.isoformat())
    assert rejected.returncode == 1
    assert "role 'improvement_team' may not record 'notice_lifted'" in rejected.stderr

    future = (today + timedelta(days=3)).isoformat()
    rejected = cli(
        stack, "record", intervention_id, "statement_of_action_submitted", "--on", future
    )
    assert rejected.returncode == 1
    assert f"effective_on {future} is in the future" in rejected.stderr

    status = cli(stack, "status", intervention_id, "--json")
    assert status.returncode == 0, status.stderr
    view = json.loads(status.stdout)
    assert (view["track"], view["stage"], view["status"]) == ("notice", "improvement", "open")
    types = [event["type"] for event in view["events"]]
    assert types[0] == "InterventionOpened"
    assert "ImprovementNoticeIssued" in types
    assert [event["position"] for event in view["events"]] == list(range(1, len(types) + 1))
    dfe = next(d for d in view["deadlines"] if d["milestone"] == "dfe_decision")
    assert (dfe["status"], dfe["met_on"]) == ("met", today.isoformat())

    listed = cli(stack, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [row["intervention_id"] for row in json.loads(listed.stdout)] == [intervention_id]
    # Its receipt is still assumed: it is among those to ask the council about.
    unconfirmed = cli(stack, "list", "--unconfirmed", "--json")
    assert [row["intervention_id"] for row in json.loads(unconfirmed.stdout)] == [intervention_id]
    table = cli({**stack, "COLUMNS": "160"}, "list", "--unconfirmed")
    assert "receipt not confirmed" in table.stdout
    # The dashboard's filters: by stage, track and part of the authority's name.
    found = cli(
        stack, "list", "--track", "notice", "--stage", "improvement", "--authority", "TO END",
        "--json",
    )  # fmt: skip
    assert [row["intervention_id"] for row in json.loads(found.stdout)] == [intervention_id]
    none = cli(stack, "list", "--track", "direction", "--authority", "to end")
    assert none.returncode == 0, none.stderr
    assert "No interventions on the direction track, of an authority named like 'to end'." in (
        none.stdout.replace("\n", " ")
    )

    verified = cli(stack, "verify")
    assert verified.returncode == 0, verified.stderr
    assert f"{len(types)} events in 1 stream verified" in verified.stdout

    # The events are in PostgreSQL itself, not only in the workflow.
    rows = _events_in_postgres(Path(stack["INTERVENTION_DATA_DIR"]), intervention_id)
    assert [row["type"] for row in rows] == types
    assert [row["version"] for row in rows] == list(range(1, len(types) + 1))


def _events_in_postgres(data_dir: Path, stream_id: str) -> list[asyncpg.Record]:
    import asyncio

    async def fetch() -> list[asyncpg.Record]:
        con = await asyncpg.connect(embedded_url(data_dir))
        try:
            return await con.fetch(
                "SELECT type, version FROM events WHERE stream_id = $1 ORDER BY version", stream_id
            )
        finally:
            await con.close()

    return asyncio.run(fetch())


def test_plan_import_update_complete_show_and_report_through_the_cli(
    stack: dict[str, str], tmp_path: Path
) -> None:
    today = london_date(datetime.now(UTC))
    published = add_working_days(today, -10)
    started = cli(
        stack,
        "start",
        "--authority",
        "Plan Council",
        "--published",
        published.isoformat(),
        "--json",
    )
    assert started.returncode == 0, started.stderr
    intervention_id = json.loads(started.stdout)["intervention_id"]
    review = add_working_days(today, 30).isoformat()
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "priority,priority_title,addresses,action,title,owner,theme,phase,review_on,rag\n"
        f"P1,Practice,R1;R2,A1,Audit plans,Head of Safeguarding,Practice,immediate,{review},amber\n"
        f"P1,,,A2,Practice standards,Principal Social Worker,Practice,3 months,{review},green\n"
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(plan.read_text().replace(review, "2024-02-30", 1))

    refused = cli(stack, "plan", "import", intervention_id, str(bad))
    assert refused.returncode == 1
    assert "line 2: review_on '2024-02-30'" in refused.stderr
    assert "nothing was imported" in refused.stderr

    imported = cli(stack, "plan", "import", intervention_id, str(plan))
    assert imported.returncode == 0, imported.stderr
    assert f"Deadline set: action A1 due {review} (plan)" in imported.stdout

    assert cli(stack, "plan", "update", intervention_id, "A1", "--rag", "red").returncode == 0
    completed = cli(stack, "plan", "complete", intervention_id, "A2", "--note", "Issued to teams")
    assert completed.returncode == 0, completed.stderr
    assert "Deadline met on time: action A2" in completed.stdout

    again = cli(stack, "plan", "complete", intervention_id, "A2")
    assert again.returncode == 1
    assert f"action 'A2' was completed on {today}" in again.stderr

    board = cli(
        stack,
        "record",
        intervention_id,
        "board_meeting_held",
        "--on",
        today.isoformat(),
        "--set",
        "chair=Independent Chair",
        "--set",
        "attendance=Chair; DCS; Police",
    )
    assert board.returncode == 0, board.stderr

    shown = cli(stack, "plan", "show", intervention_id, "--json")
    assert shown.returncode == 0, shown.stderr
    progress = json.loads(shown.stdout)
    assert progress["overall"]["total"] == 2
    assert (progress["overall"]["completed"], progress["overall"]["red"]) == (1, 1)

    report = cli(stack, "report", intervention_id, "--format", "md")
    assert report.returncode == 0, report.stderr
    assert "# Plan Council: improvement progress report" in report.stdout
    assert "1 priority and 2 actions: 1 of 2 actions progressed (50%)" in report.stdout
    assert "chaired by Independent Chair, 3 attending" in report.stdout
