"""End to end, as a person would run it: `intervention up` (dev server, embedded PostgreSQL,
worker) in its own process, then the `intervention` command against it."""

from __future__ import annotations

import json
import os
import signal
import socket
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

INTERVENTION = str(Path(sys.executable).parent / "intervention")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    data_dir = tmp_path_factory.mktemp("stack")
    env = {
        **os.environ,
        "INTERVENTION_DATA_DIR": str(data_dir),
        "INTERVENTION_TEMPORAL_ADDRESS": f"127.0.0.1:{_free_port()}",
        "INTERVENTION_WEB_UI_PORT": str(_free_port()),
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
    soa = next(d for d in opened["deadlines"] if d["milestone"] == "statement_of_action")
    assert soa["due"] == add_working_days(published, 70).isoformat()

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

    verified = cli(stack, "verify")
    assert verified.returncode == 0, verified.stderr
    assert f"{len(types)} events in 1 streams verified" in verified.stdout

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
