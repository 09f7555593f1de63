"""Bad input through the command line, against the dev server, a worker and a real store.

Each bad command gets a clear one-line error and a non-zero exit, and writes nothing: no event
in the store, no workflow started, no Update accepted. A name full of SQL metacharacters is not
bad input: it is stored as it was typed.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from typer.testing import Result

from domain.calendar import add_working_days, london_date
from eventstore.database import create_pool
from eventstore.verify import verify
from tests.command_line import invoke
from tests.faults.load import until_asleep
from tests.faults.stack import FaultStack

TODAY = london_date(datetime.now(UTC))
PUBLISHED = add_working_days(TODAY, -15)
ENDED = PUBLISHED - timedelta(days=30)
# Quotes, a statement separator, a comment, a backslash and a percent: text, not SQL.
SQL_AUTHORITY = "St Mary's & O'Brien; DROP TABLE events;-- \\ 100% Council"
ACCEPTED = EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED
TASK_FAILED = EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED


@dataclass
class Cli:
    env: dict[str, str]
    pool: asyncpg.Pool
    client: Client

    async def __call__(self, *args: str) -> Result:
        return await invoke(args, self.env)

    async def events(self) -> int:
        return int(await self.pool.fetchval("SELECT count(*) FROM events"))

    async def workflows(self) -> int:
        """How many workflows were ever started on this task queue."""
        query = f"TaskQueue = '{self.env['INTERVENTION_TASK_QUEUE']}'"
        return len([w async for w in self.client.list_workflows(query)])

    async def history(self, workflow_id: str) -> list[int]:
        handle = self.client.get_workflow_handle(workflow_id)
        return [event.event_type for event in (await handle.fetch_history()).events]


@pytest.fixture(scope="module")
async def cli(stack: FaultStack) -> AsyncIterator[Cli]:
    url = stack.postgres.url(await stack.postgres.create_database("input"))
    task_queue = f"input-{uuid.uuid4().hex[:8]}"
    await stack.worker("input", stack.worker_env(url, task_queue)).started()
    pool = await create_pool(url)
    env = {
        "DATABASE_URL": url,
        "INTERVENTION_DATABASE_OWNER_URL": "",
        "INTERVENTION_TEMPORAL_ADDRESS": stack.temporal.address,
        "INTERVENTION_TASK_QUEUE": task_queue,
        "INTERVENTION_USER": "Test Officer",
        "COLUMNS": "250",
    }
    try:
        yield Cli(env, pool, stack.client)
    finally:
        await pool.close()


def opening(authority: str = "Bad Input Council", *extra: str) -> list[str]:
    return [
        "start",
        "--authority",
        authority,
        "--published",
        PUBLISHED.isoformat(),
        "--inspection-end",
        ENDED.isoformat(),
        *extra,
    ]


def replace_option(args: list[str], option: str, value: str) -> list[str]:
    changed = list(args)
    changed[changed.index(option) + 1] = value
    return changed


BAD_STARTS = {
    "impossible-date": (replace_option(opening(), "--published", "2023-02-30"), 2, "2023-02-30"),
    "not-a-date": (replace_option(opening(), "--published", "yesterday"), 2, "yesterday"),
    "year-before-the-calendar": (
        replace_option(opening(), "--inspection-end", "1999-01-04"),
        1,
        "outside the years the bank holiday calendar covers",
    ),
    "year-after-the-calendar": (
        replace_option(opening(), "--published", "2081-01-06"),
        1,
        "outside the years",
    ),
    "published-in-the-future": (
        replace_option(opening(), "--published", (TODAY + timedelta(days=40)).isoformat()),
        1,
        "is in the future",
    ),
    "ended-after-published": (
        replace_option(opening(), "--inspection-end", (PUBLISHED + timedelta(days=1)).isoformat()),
        1,
        "is before ended_on",
    ),
    "control-character-in-authority": (opening("Bad\x07Council"), 1, "U+0007"),
    "escape-sequence-in-authority": (opening("Bad\x1b[31mCouncil"), 1, "U+001B"),
    "right-to-left-override-in-authority": (opening("Bad\u202eCouncil"), 1, "U+202E"),
    "oversized-authority": (opening("A" * 201), 1, "at most 200 characters"),
    "blank-authority": (opening("   "), 1, "blank"),
    "authority-without-letters": (opening("!!! ---"), 1, "no letters or digits"),
    "blank-priority-action": (
        opening("Visited Council", "--judgement", "focused_visit", "--priority-action", " "),
        1,
        "blank",
    ),
    "unknown-judgement": (opening("Odd Council", "--judgement", "awful"), 2, "awful"),
    "unknown-kind": (opening("Odd Council", "--kind", "inspectorate"), 2, "inspectorate"),
    "letter-given-as-an-assessment": (
        opening("Odd Council", "--kind", "annual_assessment", "--judgement", "focused_visit"),
        1,
        "judgement 'focused_visit' names a focused visit, which is not an annual assessment",
    ),
    "unknown-role": (opening("Role Council", "--role", "root"), 2, "root"),
    "viewer-opening": (opening("Viewer Council", "--role", "viewer"), 1, "role 'viewer'"),
    "control-character-in-by": (opening("By Council", "--by", "Eve\x00"), 1, "--by"),
    "oversized-by": (opening("By Council", "--by", "B" * 201), 1, "--by"),
}


@pytest.mark.parametrize("case", list(BAD_STARTS))
async def test_a_bad_start_is_refused_and_writes_nothing(cli: Cli, case: str) -> None:
    args, code, quoted = BAD_STARTS[case]
    events, workflows = await cli.events(), await cli.workflows()

    result = await cli(*args)

    assert result.exit_code == code, result.output
    assert quoted in result.output
    assert "Traceback" not in result.output
    assert await cli.events() == events
    assert await cli.workflows() == workflows


async def test_bad_contacts_files_are_refused(cli: Cli, tmp_path: Path) -> None:
    files = {
        "not-yaml.yaml": ("director: [unclosed\n", "--contacts"),
        "control.yaml": ('director: [{name: "Dir\\x07ector"}]\n', "U+0007"),
        "bad-email.yaml": ("director: [{name: Director, email: not-an-address}]\n", "email"),
        "bad-webhook.yaml": ("director: [{name: Director, webhook: 'ftp://x'}]\n", "webhook"),
        "not-a-mapping.yaml": ("- just a list\n", "--contacts"),
    }
    events, workflows = await cli.events(), await cli.workflows()
    for name, (text, quoted) in files.items():
        path = tmp_path / name
        path.write_text(text)
        result = await cli(*opening("Contacts Council", "--contacts", str(path)))
        assert result.exit_code == 1, (name, result.output)
        assert quoted in result.output, (name, result.output)
        assert "Traceback" not in result.output
    assert await cli.events() == events
    assert await cli.workflows() == workflows


async def test_bad_records_are_refused_and_write_nothing(cli: Cli) -> None:
    started = await cli(*opening(SQL_AUTHORITY), "--json")
    assert started.exit_code == 0, started.output
    intervention_id = f"intervention-st-mary-s-o-brien-drop-table-events-100-council-{PUBLISHED}"
    assert intervention_id in started.output
    stored = await cli.pool.fetchval(
        "SELECT data->>'authority' FROM events WHERE stream_id = $1 AND version = 1",
        intervention_id,
    )
    assert stored == SQL_AUTHORITY
    await until_asleep([cli.client.get_workflow_handle(intervention_id)])
    events = await cli.events()
    history = await cli.history(intervention_id)
    today = TODAY.isoformat()

    def record(milestone: str, *extra: str, on: str = today) -> list[str]:
        return ["record", intervention_id, milestone, "--on", on, *extra]

    bad = {
        "unknown-milestone": (record("statement_of_action"), 1, "unknown milestone"),
        "sql-milestone": (record("x'; DROP TABLE events;--"), 1, "unknown milestone"),
        "impossible-date": (record("improvement_notice_issued", on="2023-13-01"), 2, "2023-13-01"),
        "far-future": (record("improvement_notice_issued", on="9999-12-31"), 1, "in the future"),
        "before-the-inspection": (
            record("improvement_notice_issued", on="2000-01-03"),
            1,
            "before the inspection ended",
        ),
        "oversized-note": (
            record("improvement_notice_issued", "--set", "note=" + "n" * 2001),
            1,
            "at most 2000 characters",
        ),
        "control-character-in-note": (
            record("improvement_notice_issued", "--set", "note=ring\x07"),
            1,
            "U+0007",
        ),
        "set-without-value": (record("improvement_notice_issued", "--set", "note"), 1, "key=value"),
        "unknown-field": (
            record("improvement_notice_issued", "--set", "colour=red"),
            1,
            "colour 'red' is not allowed",
        ),
        "too-many-fields": (
            record(
                "improvement_notice_issued", *[a for n in range(21) for a in ("--set", f"k{n}=v")]
            ),
            1,
            "at most 20 items",
        ),
        "viewer": (record("improvement_notice_issued", "--role", "viewer"), 1, "role 'viewer'"),
        "team-closing": (record("intervention_closed"), 1, "role 'improvement_team'"),
        "wrong-stage": (record("support_review_completed"), 1, "cannot record"),
        "oversized-by": (record("improvement_notice_issued", "--by", "B" * 201), 1, "--by"),
        "no-such-intervention": (
            [
                "record",
                "intervention-nowhere-2023-03-07",
                "improvement_notice_issued",
                "--on",
                today,
            ],
            1,
            "no running intervention",
        ),
    }
    for case, (args, code, quoted) in bad.items():
        result = await cli(*args)
        assert result.exit_code == code, (case, result.output)
        assert quoted in result.output, (case, result.output)
        assert "Traceback" not in result.output, case

    # Not one of them left a trace, in the store or in the workflow's history.
    assert await cli.events() == events
    assert await cli.history(intervention_id) == history
    # And the next good command is taken.
    recorded = await cli(*record("improvement_notice_issued", "--set", "note=O'Brien; --"))
    assert recorded.exit_code == 0, recorded.output
    after = await cli.history(intervention_id)
    assert after.count(ACCEPTED) == history.count(ACCEPTED) + 1
    assert TASK_FAILED not in after
    assert (await verify(cli.pool)).ok


async def test_roles_are_enforced_by_the_workflow_not_only_by_the_command_line(cli: Cli) -> None:
    """A client of its own sends the Update straight to the workflow, skipping every check of
    the command line: the workflow's validator still refuses what the role may not record."""
    started = await cli(*opening("Direct Update Council"), "--json")
    assert started.exit_code == 0, started.output
    intervention_id = f"intervention-direct-update-council-{PUBLISHED}"
    handle = cli.client.get_workflow_handle(intervention_id)
    await until_asleep([handle])
    history = await cli.history(intervention_id)
    events = await cli.events()
    today = TODAY.isoformat()

    def as_(role: str, milestone: str = "improvement_notice_issued") -> dict[str, object]:
        # A plain document, as any client may send: no model of ours checks it on the way.
        return {
            "milestone": milestone,
            "effective_on": today,
            "actor": {"name": "Somebody", "role": role},
            "details": {},
        }

    refused = {
        "viewer": (as_("viewer"), "role 'viewer' may not record 'improvement_notice_issued'"),
        "posing-as-the-engine": (as_("system"), "role 'system' may not record"),
        "team-closing": (as_("improvement_team", "intervention_closed"), "allowed roles"),
    }
    for case, (payload, reason) in refused.items():
        with pytest.raises(WorkflowUpdateFailedError) as failure:
            await handle.execute_update("record", payload)
        cause = failure.value.cause
        assert isinstance(cause, ApplicationError), case
        assert cause.type == "RoleNotAllowedError", case
        assert reason in cause.message, case

    assert await cli.history(intervention_id) == history
    assert await cli.events() == events
    accepted = await handle.execute_update("record", as_("improvement_team"))
    assert accepted["events"][0] == "ImprovementNoticeIssued"
