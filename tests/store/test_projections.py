"""Read models: updated inline with each append, and rebuilt from the log to the same rows."""

from __future__ import annotations

import asyncio
import multiprocessing
import operator
from datetime import date
from typing import Any

import asyncpg
import pytest

from eventstore import (
    AppendResult,
    ConcurrencyError,
    EventStore,
    IdempotencyConflictError,
    StoreError,
)
from eventstore.fold import pieces_of
from eventstore.projections import DEADLINE_COLUMNS
from eventstore.rebuild import rebuild
from eventstore.shared_fold import Elsewhere, fold_elsewhere
from eventstore.verify import verify
from tests.store.scenario import (
    Intervention,
    at,
    direction_new_cycle,
    escalated_on_time,
    notice_to_closure,
    projection_rows,
    receipt_confirmed,
    stream_head_held,
    wait_for_lock_waiters,
    wrap,
)
from tests.store.test_verify import behind_the_stores_back

STATEMENT = "1:statement_of_action:0"


async def intervention_row(pool: asyncpg.Pool, stream_id: str) -> asyncpg.Record:
    row = await pool.fetchrow("SELECT * FROM interventions WHERE stream_id = $1", stream_id)
    assert row is not None, stream_id
    return row


async def row_version(pool: asyncpg.Pool, stream_id: str) -> str:
    """The id of the transaction that last wrote the intervention's row."""
    return str(
        await pool.fetchval("SELECT xmin FROM interventions WHERE stream_id = $1", stream_id)
    )


async def deadline_rows(pool: asyncpg.Pool, stream_id: str) -> dict[str, asyncpg.Record]:
    rows = await pool.fetch("SELECT * FROM deadlines WHERE stream_id = $1", stream_id)
    return {row["key"]: row for row in rows}


async def escalation_rows(pool: asyncpg.Pool, stream_id: str) -> list[tuple[Any, ...]]:
    rows = await pool.fetch(
        """SELECT key, level, recipient, raised_on, withdrawn_on FROM escalations
           WHERE stream_id = $1 ORDER BY key, level, recipient""",
        stream_id,
    )
    return [tuple(row) for row in rows]


# --- inline ----------------------------------------------------------------------------------


async def test_the_intervention_row_is_written_only_when_what_it_shows_changes(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    intervention = Intervention.open()
    intervention.tick(at(2023, 5, 20))
    await intervention.flush(store)
    before = await row_version(pool, intervention.stream_id)

    # A reminder changes nothing the intervention's row shows.
    assert [e.type for e in intervention.tick(at(2023, 6, 1))] == ["ReminderSent"]
    await intervention.flush(store)
    assert await row_version(pool, intervention.stream_id) == before

    # A fact no read model shows: the statement writes the event and no row.
    intervention.record("annual_engagement_meeting_held", date(2023, 6, 1), at(2023, 6, 1))
    assert (await intervention.flush(store)).written == 1
    assert await row_version(pool, intervention.stream_id) == before

    # An interim director: the row's contacts change, and nothing else.
    interim = {"name": "Interim Director", "email": "interim.dcs@example.gov.uk"}
    intervention.record(
        "contacts_changed", date(2023, 6, 2), at(2023, 6, 2), role="director", contacts=[interim]
    )
    await intervention.flush(store)
    assert await row_version(pool, intervention.stream_id) != before
    row = await intervention_row(pool, intervention.stream_id)
    assert row["contacts"]["director"][0]["name"] == "Interim Director"

    intervention.record("improvement_notice_issued", date(2023, 6, 5), at(2023, 6, 5))
    await intervention.flush(store)
    row = await intervention_row(pool, intervention.stream_id)
    assert row["stage"] == "improvement"
    assert row["contacts"]["director"][0]["name"] == "Interim Director"


async def test_opening_projects_the_intervention_and_its_first_deadlines(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    intervention = Intervention.open()
    await intervention.flush(store)

    row = await intervention_row(pool, intervention.stream_id)
    assert row["authority"] == intervention.state.authority
    assert row["regime"] == "ilacs"
    assert row["track"] is None
    assert row["stage"] == "awaiting_decision"
    assert row["status"] == "open"
    assert row["cycle"] == 1
    assert row["published_on"] == date(2023, 3, 7)
    assert row["opened_on"] == date(2023, 3, 7)
    assert row["closed_on"] is None
    assert row["highest_escalation"] == 0

    deadlines = await deadline_rows(pool, intervention.stream_id)
    assert {
        key: (d["kind"], d["owner"], d["due"], d["status"]) for key, d in deadlines.items()
    } == {
        STATEMENT: ("statutory", "council", date(2023, 6, 15), "pending"),
        "1:dfe_decision:0": ("expected", "dfe", date(2023, 5, 2), "pending"),
        "1:reinspection:0": ("expected", "ofsted", date(2025, 3, 7), "pending"),
        "1:monitoring_visit:1": ("expected", "ofsted", date(2023, 7, 13), "pending"),
    }
    statement = deadlines[STATEMENT]
    assert (statement["milestone"], statement["number"], statement["cycle"]) == (
        "statement_of_action",
        None,
        1,
    )
    assert statement["title"] == "Statement of Action"
    # The reminder rung: 10 working days before 15 June 2023.
    assert statement["alert_on"] == date(2023, 6, 1)
    assert statement["met_on"] is None
    assert deadlines["1:monitoring_visit:1"]["number"] == 1
    assert await escalation_rows(pool, intervention.stream_id) == []


async def test_escalations_then_an_on_time_recording_withdraws_them(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    intervention = Intervention.open()
    intervention.record("improvement_notice_issued", date(2023, 4, 20), at(2023, 4, 20))
    intervention.tick(at(2023, 6, 2))
    intervention.tick(at(2023, 7, 1))
    await intervention.flush(store)
    stream = intervention.stream_id

    row = await intervention_row(pool, stream)
    assert (row["track"], row["stage"], row["status"]) == ("notice", "improvement", "open")
    assert row["highest_escalation"] == 2
    deadlines = await deadline_rows(pool, stream)
    assert deadlines["1:dfe_decision:0"]["status"] == "met"
    assert deadlines["1:dfe_decision:0"]["met_on"] == date(2023, 4, 20)
    assert deadlines["1:improvement_board:0"]["due"] == date(2023, 7, 20)
    assert deadlines["1:progress_review:1"]["due"] == date(2023, 10, 20)
    assert (deadlines[STATEMENT]["status"], deadlines[STATEMENT]["met_on"]) == ("missed", None)
    assert await escalation_rows(pool, stream) == [
        (STATEMENT, 1, "director", date(2023, 6, 16), None),
        (STATEMENT, 2, "chief_executive", date(2023, 6, 29), None),
        (STATEMENT, 2, "lead_member", date(2023, 6, 29), None),
    ]

    # Recorded on 3 July, effective 12 June: on time for 15 June after all.
    intervention.record("statement_of_action_submitted", date(2023, 6, 12), at(2023, 7, 3))
    await intervention.flush(store)

    row = await intervention_row(pool, stream)
    assert row["highest_escalation"] == 0
    deadlines = await deadline_rows(pool, stream)
    assert (deadlines[STATEMENT]["status"], deadlines[STATEMENT]["met_on"]) == (
        "met",
        date(2023, 6, 12),
    )
    assert await escalation_rows(pool, stream) == [
        (STATEMENT, 1, "director", date(2023, 6, 16), date(2023, 7, 3)),
        (STATEMENT, 2, "chief_executive", date(2023, 6, 29), date(2023, 7, 3)),
        (STATEMENT, 2, "lead_member", date(2023, 6, 29), date(2023, 7, 3)),
    ]
    assert len(deadlines) == 6
    assert {key: d["status"] for key, d in deadlines.items()} == {
        STATEMENT: "met",
        "1:dfe_decision:0": "met",
        "1:reinspection:0": "pending",
        "1:monitoring_visit:1": "pending",
        "1:improvement_board:0": "pending",
        "1:progress_review:1": "pending",
    }


async def test_a_late_statement_of_action_keeps_its_escalations(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    intervention = Intervention.open()
    intervention.record("improvement_notice_issued", date(2023, 4, 20), at(2023, 4, 20))
    intervention.tick(at(2023, 7, 1))
    await intervention.flush(store)
    intervention.record("statement_of_action_submitted", date(2023, 6, 20), at(2023, 7, 3))
    await intervention.flush(store)

    deadlines = await deadline_rows(pool, intervention.stream_id)
    assert (deadlines[STATEMENT]["status"], deadlines[STATEMENT]["met_on"]) == (
        "met_late",
        date(2023, 6, 20),
    )
    assert [e[-1] for e in await escalation_rows(pool, intervention.stream_id)] == [None] * 3
    # Escalations against a deadline that is no longer open do not count as standing.
    assert (await intervention_row(pool, intervention.stream_id))["highest_escalation"] == 0


async def test_direction_second_cycle_and_closure_are_projected(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    direction, closed = direction_new_cycle(), notice_to_closure()
    await direction.append_batches(store)
    await closed.append_batches(store)

    row = await intervention_row(pool, direction.stream_id)
    assert (row["track"], row["stage"], row["status"], row["cycle"]) == (
        "direction",
        "improvement",
        "open",
        2,
    )
    assert row["highest_escalation"] == 3
    deadlines = await deadline_rows(pool, direction.stream_id)
    assert deadlines["2:statement_of_action:0"]["status"] == "missed"
    # Submitted on 20 June, after the 15 June due date.
    assert deadlines["1:statement_of_action:0"]["status"] == "met_late"
    # Due 17 July 2023 (three months after the appointment), reported on 1 August.
    assert deadlines["1:commissioner_report:0"]["status"] == "met_late"
    assert deadlines["1:monitoring_visit:2"]["status"] == "withdrawn"
    assert [(e[0], e[1], e[2]) for e in await escalation_rows(pool, direction.stream_id)] == [
        ("2:statement_of_action:0", 1, "director"),
        ("2:statement_of_action:0", 2, "chief_executive"),
        ("2:statement_of_action:0", 2, "lead_member"),
        # Under a direction the top rung goes to the commissioner.
        ("2:statement_of_action:0", 3, "commissioner"),
    ]

    row = await intervention_row(pool, closed.stream_id)
    assert (row["track"], row["stage"], row["status"]) == ("notice", "closed", "closed")
    assert row["closed_on"] == date(2025, 11, 25)
    deadlines = await deadline_rows(pool, closed.stream_id)
    assert deadlines["1:support_review:1"]["met_on"] == date(2025, 5, 20)
    assert deadlines["1:support_review:2"]["met_on"] == date(2025, 11, 20)
    assert deadlines["1:progress_review:2"]["status"] == "withdrawn"
    assert not [d for d in deadlines.values() if d["status"] in ("pending", "missed")]

    # Every projected deadline agrees with the aggregate folded by the domain.
    for intervention in (direction, closed):
        projected = await deadline_rows(pool, intervention.stream_id)
        assert {k: (d["due"], d["status"], d["met_on"]) for k, d in projected.items()} == {
            d.key: (d.due, d.status.value, d.met_on) for d in intervention.state.deadlines
        }


# --- rebuild ---------------------------------------------------------------------------------


async def append_mixed_streams(store: EventStore) -> list[Intervention]:
    interventions = [
        make() for make in (escalated_on_time, direction_new_cycle, notice_to_closure) * 2
    ]
    # One decision per append, the streams interleaving: the inline projection folds small
    # batches into the state of each stream, where rebuild folds the whole log at once.
    await asyncio.gather(*(i.append_batches(store) for i in interventions))
    return interventions


# Several processes: the log cut into pieces along stream ids, which they take in turn.
@pytest.mark.parametrize(("batch_size", "processes"), [(5000, 1), (7, 1), (7, 3)])
async def test_rebuild_gives_the_same_rows_as_the_inline_projection(
    store: EventStore, pool: asyncpg.Pool, database_url: str, batch_size: int, processes: int
) -> None:
    interventions = await append_mixed_streams(store)
    inline = await projection_rows(pool)
    assert len(inline["interventions"]) == 6
    assert inline["deadlines"]
    assert inline["escalations"]
    told: list[tuple[int, int]] = []

    result = await rebuild(
        pool,
        batch_size=batch_size,
        on_progress=lambda done, total: told.append((done, total)),
        url=database_url,
        processes=processes,
    )

    assert result.events == sum(i.version for i in interventions)
    assert result.events == await pool.fetchval("SELECT count(*) FROM events")
    assert told[-1] == (result.events, result.events)
    assert result.streams == 6
    assert result.seconds >= 0
    rebuilt = await projection_rows(pool)
    for table in inline:
        assert rebuilt[table] == inline[table], table


async def test_an_append_under_way_when_the_rebuild_starts_is_folded_by_it(
    store: EventStore, pool: asyncpg.Pool, database_url: str
) -> None:
    """The rebuild reads the log as it stands once no append that writes the read models is
    under way: one waiting (here on its stream's head) when the rebuild starts commits first,
    and its events are folded, not lost between the log and the rows."""
    intervention = Intervention.open()
    await intervention.flush(store)
    stream = intervention.stream_id
    notice = Intervention(stream, intervention.state, [])
    notice.record("improvement_notice_issued", date(2023, 4, 20), at(2023, 4, 20))

    async with stream_head_held(database_url, stream):
        appending = asyncio.create_task(store.append(stream, 5, wrap(stream, notice.events, 5)))
        await wait_for_lock_waiters(pool, 1)
        rebuilding = asyncio.create_task(rebuild(pool))
        await wait_for_lock_waiters(pool, 2)
    await appending
    rebuilt = await rebuilding

    assert rebuilt.events == 5 + len(notice.events)
    assert (await intervention_row(pool, stream))["track"] == "notice"


async def test_another_process_folds_the_pieces_it_takes_from_the_exported_snapshot(
    store: EventStore, pool: asyncpg.Pool, database_url: str
) -> None:
    # In a rebuild this process takes pieces too, and with a small log may take them all
    # before the other has started: here the other process takes every piece.
    interventions = await append_mixed_streams(store)
    inline = await projection_rows(pool)
    context = multiprocessing.get_context("spawn")
    taken, folded = context.Value("q", 0), context.Value("q", 0)
    received, sent = context.Pipe(duplex=False)
    async with pool.acquire() as con, con.transaction(isolation="repeatable_read"):
        pieces = await pieces_of(con, 4)
        snapshot = await con.fetchval("SELECT pg_export_snapshot()")
        work = Elsewhere(database_url, snapshot, pieces, batch_size=7)
        process = context.Process(target=fold_elsewhere, args=(work, taken, folded, sent))
        process.start()
        sent.close()
        kind, (rows, count) = await asyncio.to_thread(received.recv)
        await asyncio.to_thread(process.join)

    assert len(pieces) == 4
    assert kind == "rows"
    assert count == folded.value == sum(i.version for i in interventions)
    assert taken.value == len(pieces) + 1  # it found none left
    by_key = operator.itemgetter("stream_id", "key")
    assert sorted(
        (dict(zip(DEADLINE_COLUMNS, row, strict=True)) for row in rows.deadlines), key=by_key
    ) == sorted(inline["deadlines"], key=by_key)


@pytest.mark.parametrize("processes", [1, 2])
async def test_an_event_that_cannot_be_folded_stops_the_rebuild_and_changes_nothing(
    store: EventStore, pool: asyncpg.Pool, database_url: str, processes: int
) -> None:
    interventions = await append_mixed_streams(store)
    inline = await projection_rows(pool)
    broken = interventions[4].stream_id
    await behind_the_stores_back(
        database_url,
        ("UPDATE events SET type = 'NoSuchEvent' WHERE stream_id = $1 AND version = 3", (broken,)),
    )

    with pytest.raises(StoreError, match=f"event 3 of stream '{broken}' cannot be folded"):
        await rebuild(pool, url=database_url, processes=processes)

    assert await projection_rows(pool) == inline


async def test_a_deadline_moved_by_the_real_receipt_moves_in_the_read_model(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    intervention = receipt_confirmed()
    await intervention.append_batches(store)

    rows = await deadline_rows(pool, intervention.stream_id)
    moved = intervention.state.deadline_of("statement_of_action", None, 1)
    assert moved is not None
    assert rows[STATEMENT]["due"] == moved.due == date(2023, 6, 14)
    inline = await projection_rows(pool)
    await rebuild(pool)
    assert await projection_rows(pool) == inline


async def test_rebuild_from_the_log_alone(store: EventStore, pool: asyncpg.Pool) -> None:
    await append_mixed_streams(store)
    inline = await projection_rows(pool)
    await pool.execute("TRUNCATE escalations, deadlines, interventions")
    assert (await projection_rows(pool))["interventions"] == []

    await rebuild(pool)
    assert await projection_rows(pool) == inline
    # And again: rebuilding is repeatable.
    await rebuild(pool)
    assert await projection_rows(pool) == inline


async def test_appends_after_a_rebuild_keep_matching(store: EventStore, pool: asyncpg.Pool) -> None:
    intervention = Intervention.open()
    intervention.record("improvement_notice_issued", date(2023, 4, 20), at(2023, 4, 20))
    await intervention.flush(store)
    await rebuild(pool)

    # The inline projection carries on from the state its previous append folded.
    intervention.tick(at(2023, 7, 1))
    intervention.record("statement_of_action_submitted", date(2023, 6, 12), at(2023, 7, 3))
    await intervention.flush(store)
    inline = await projection_rows(pool)
    await rebuild(pool)

    assert await projection_rows(pool) == inline
    assert [e[-1] for e in await escalation_rows(pool, intervention.stream_id)] == [
        date(2023, 7, 3)
    ] * 3


async def test_rebuild_an_empty_log(pool: asyncpg.Pool) -> None:
    result = await rebuild(pool)
    assert (result.events, result.streams) == (0, 0)
    assert await projection_rows(pool) == {"interventions": [], "deadlines": [], "escalations": []}


# --- the head an append folds onto ----------------------------------------------------------


async def test_an_append_from_another_process_folds_the_stream_from_the_log(
    pool: asyncpg.Pool,
) -> None:
    # Two stores are two worker processes: each keeps the heads of its own appends.
    first, second = EventStore(pool), EventStore(pool)
    intervention = Intervention.open()
    intervention.record("improvement_notice_issued", date(2023, 4, 20), at(2023, 4, 20))
    await intervention.flush(first)
    intervention.tick(at(2023, 7, 1))
    await intervention.flush(second)
    intervention.record("statement_of_action_submitted", date(2023, 6, 12), at(2023, 7, 3))
    # The first store's head of the stream is two appends old: it reads the stream instead.
    await intervention.flush(first)

    inline = await projection_rows(pool)
    await rebuild(pool)
    assert await projection_rows(pool) == inline
    assert (await intervention_row(pool, intervention.stream_id))["stage"] == "improvement"
    assert [e[-1] for e in await escalation_rows(pool, intervention.stream_id)] == [
        date(2023, 7, 3)
    ] * 3


async def test_a_kept_head_is_used_only_while_the_stream_ends_on_its_hash(
    store: EventStore, pool: asyncpg.Pool, database_url: str
) -> None:
    """The stream is replaced behind the store's back by another of the same length: the head
    the store kept has the right version but not the hash, so the store folds the stream
    that is there."""
    original = Intervention.open(now=at(2023, 3, 8, 9))
    await original.flush(store)
    stream = original.stream_id
    replaced = Intervention.open(original.state.authority, now=at(2023, 3, 9, 9))
    assert replaced.stream_id == stream
    assert replaced.version == original.version
    await behind_the_stores_back(
        database_url,
        ("DELETE FROM events WHERE stream_id = $1", (stream,)),
        ("DELETE FROM streams WHERE stream_id = $1", (stream,)),
    )
    await replaced.flush(EventStore(pool))

    replaced.record("improvement_notice_issued", date(2023, 4, 20), at(2023, 4, 20))
    await replaced.flush(store)

    inline = await projection_rows(pool)
    await rebuild(pool)
    assert await projection_rows(pool) == inline
    assert (await intervention_row(pool, stream))["opened_on"] == date(2023, 3, 7)
    assert (await verify(pool, stream)).ok


async def test_an_append_to_a_stream_that_lost_its_last_event_is_refused(
    pool: asyncpg.Pool, database_url: str
) -> None:
    """Folding what is left would project the wrong state: the append names the damage."""
    intervention = Intervention.open()
    await intervention.flush(EventStore(pool))
    await behind_the_stores_back(
        database_url,
        ("DELETE FROM events WHERE stream_id = $1 AND version = 5", (intervention.stream_id,)),
    )
    intervention.record("improvement_notice_issued", date(2023, 4, 20), at(2023, 4, 20))
    before = await projection_rows(pool)

    # A store that has not appended to it since, as another worker would be.
    with pytest.raises(StoreError) as refused:
        await intervention.flush(EventStore(pool))

    message = str(refused.value)
    assert repr(intervention.stream_id) in message
    assert "holds 4 events but its head is at version 5" in message
    assert "intervention verify" in message
    assert await projection_rows(pool) == before
    assert await pool.fetchval("SELECT count(*) FROM events") == 4


# --- failed appends --------------------------------------------------------------------------


async def test_a_failed_append_leaves_the_projections_untouched(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    intervention = Intervention.open()
    intervention.record("improvement_notice_issued", date(2023, 4, 20), at(2023, 4, 20))
    await intervention.flush(store)
    before = await projection_rows(pool)
    stream = intervention.stream_id

    intervention.tick(at(2023, 7, 1))
    late = intervention.events[intervention.appended :]
    # A stale writer that thinks the stream is at version 5.
    with pytest.raises(ConcurrencyError):
        await store.append(stream, 5, wrap(stream, late, 5, writer=f"{stream}/stale"))
    assert await projection_rows(pool) == before

    # A writer reusing ids from the start of the stream.
    with pytest.raises(IdempotencyConflictError):
        await store.append(stream, 9, wrap(stream, late, 0))
    assert await projection_rows(pool) == before

    # A retry of what is already stored: nothing written, nothing projected again.
    retried = await store.append(stream, 0, wrap(stream, intervention.events[:9], 0))
    assert retried.written == 0
    assert await projection_rows(pool) == before

    await intervention.flush(store)
    assert (await intervention_row(pool, stream))["highest_escalation"] == 2


async def test_an_append_the_projection_refuses_is_rolled_back(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    intervention = Intervention.open()
    intervention.record("improvement_notice_issued", date(2023, 4, 20), at(2023, 4, 20))
    orphan = intervention.events[5:]

    # A stream must start with InterventionOpened: folding fails after the insert.
    with pytest.raises((ValueError, StoreError)):
        await store.append(intervention.stream_id, 0, wrap(intervention.stream_id, orphan, 0))

    assert await pool.fetchval("SELECT count(*) FROM events") == 0
    assert await pool.fetchval("SELECT count(*) FROM streams") == 0
    assert await projection_rows(pool) == {"interventions": [], "deadlines": [], "escalations": []}


async def test_the_losing_concurrent_append_leaves_no_trace_in_projections(
    store: EventStore, pool: asyncpg.Pool, database_url: str
) -> None:
    intervention = Intervention.open()
    await intervention.flush(store)
    stream = intervention.stream_id
    notice = Intervention(stream, intervention.state, [])
    notice.record("improvement_notice_issued", date(2023, 4, 20), at(2023, 4, 20))
    direction = Intervention(stream, intervention.state, [])
    direction.record("direction_issued", date(2023, 4, 21), at(2023, 4, 21))

    async with stream_head_held(database_url, stream):
        tasks = [
            asyncio.create_task(store.append(stream, 5, wrap(stream, notice.events, 5, "a"))),
            asyncio.create_task(store.append(stream, 5, wrap(stream, direction.events, 5, "b"))),
        ]
        await wait_for_lock_waiters(pool, 2)
    outcomes = list(await asyncio.gather(*tasks, return_exceptions=True))

    assert sorted(type(o).__name__ for o in outcomes) == ["AppendResult", "ConcurrencyError"]
    winner = notice if isinstance(outcomes[0], AppendResult) else direction
    row = await intervention_row(pool, stream)
    assert winner.state.track is not None
    assert row["track"] == winner.state.track.value
    deadlines = await deadline_rows(pool, stream)
    assert {k: d["status"] for k, d in deadlines.items()} == {
        d.key: d.status.value for d in winner.state.deadlines
    }
    inline = await projection_rows(pool)
    await rebuild(pool)
    assert await projection_rows(pool) == inline
