"""The portfolio read from the projections: its order, its scopes, its pages and its totals."""

from __future__ import annotations

import asyncio
from datetime import date

import asyncpg

from domain.regimes import current_version
from domain.standing import Track
from domain.state import Stage
from eventstore import EventStore
from eventstore.migrate import migrate
from eventstore.queries import PortfolioScope, portfolio, portfolio_totals
from tests.store.scenario import (
    INSPECTION,
    Intervention,
    at,
    direction_new_cycle,
    escalated_on_time,
    notice_to_closure,
)

TODAY = date(2025, 12, 1)
KEPT_ON_THE_ROW = """SELECT stream_id, next_milestone, next_number, next_due, missed_deadlines
                     FROM interventions ORDER BY stream_id"""


async def three(store: EventStore) -> dict[str, Intervention]:
    made = {
        "escalated": escalated_on_time("Alpha Borough Council"),
        "direction": direction_new_cycle("Beta_Shire Council"),
        "closed": notice_to_closure("Gamma City Council"),
    }
    await asyncio.gather(*(i.flush(store) for i in made.values()))
    return made


async def test_the_next_deadline_is_kept_on_the_intervention_row(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    intervention = Intervention.open()
    await intervention.flush(store)
    first = await pool.fetchrow(
        "SELECT next_milestone, next_number, next_due FROM interventions WHERE stream_id = $1",
        intervention.stream_id,
    )
    # Of the four deadlines the opening schedules, the DfE's decision is due first.
    assert tuple(first) == ("dfe_decision", None, date(2023, 5, 2))

    intervention.record("improvement_notice_issued", date(2023, 4, 20), at(2023, 4, 20))
    await intervention.flush(store)
    [row] = await portfolio(pool, TODAY)
    assert (row.next_milestone, row.next_due) == ("statement_of_action", date(2023, 6, 15))


async def test_open_interventions_come_first_the_next_deadline_first(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    made = await three(store)

    rows = await portfolio(pool, TODAY)

    assert [row.status for row in rows] == ["open", "open", "closed"]
    assert rows[2].intervention_id == made["closed"].stream_id
    assert {row.intervention_id for row in rows[:2]} == {
        made["escalated"].stream_id,
        made["direction"].stream_id,
    }
    dues = [row.next_due for row in rows[:2]]
    assert None not in dues
    assert dues == sorted(dues)  # type: ignore[type-var]
    assert dues[0] != dues[1]
    assert rows[2].next_due is None
    assert rows[2].overdue == 0


async def test_pages_put_together_are_the_whole_portfolio(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    await three(store)
    whole = await portfolio(pool, TODAY)

    pages = [await portfolio(pool, TODAY, limit=2, offset=offset) for offset in (0, 2, 4)]

    assert [len(page) for page in pages] == [2, 1, 0]
    assert [row for page in pages for row in page] == whole


async def test_each_scope_holds_what_it_says_and_the_totals_count_it(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    made = await three(store)
    ids = {name: i.stream_id for name, i in made.items()}

    async def scoped(scope: PortfolioScope) -> tuple[set[str], tuple[int, int]]:
        rows = await portfolio(pool, TODAY, scope)
        totals = await portfolio_totals(pool, TODAY, scope)
        return {row.intervention_id for row in rows}, (totals.interventions, totals.overdue)

    # By 1 December 2025 both open interventions have deadlines long past.
    assert await scoped(PortfolioScope()) == (set(ids.values()), (3, 2))
    assert await scoped(PortfolioScope(overdue_only=True)) == (
        {ids["escalated"], ids["direction"]},
        (2, 2),
    )
    assert await scoped(PortfolioScope(track=Track.DIRECTION)) == ({ids["direction"]}, (1, 1))
    assert await scoped(PortfolioScope(stage=Stage.CLOSED)) == ({ids["closed"]}, (1, 0))
    assert await scoped(PortfolioScope(authority="bOROUGH")) == ({ids["escalated"]}, (1, 1))
    # Characters LIKE would read as patterns are matched as themselves.
    assert await scoped(PortfolioScope(authority="_")) == ({ids["direction"]}, (1, 1))
    assert await scoped(PortfolioScope(authority="%")) == (set(), (0, 0))
    # Every filter at once: all must hold.
    assert await scoped(
        PortfolioScope(overdue_only=True, track=Track.NOTICE, authority="gamma")
    ) == (
        set(),
        (0, 0),
    )


async def test_the_migration_fills_the_next_deadline_of_rows_written_before_it(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    made = await three(store)
    kept = await portfolio(pool, TODAY)
    projected = await pool.fetch(KEPT_ON_THE_ROW)
    missed = {row["stream_id"]: row["missed_deadlines"] for row in projected}
    assert missed[made["direction"].stream_id] > 0  # its second Statement of Action
    assert missed[made["closed"].stream_id] == 0
    # The schema as migration 003 left it.
    await pool.execute("DELETE FROM schema_migrations WHERE name = '004_next_deadline.sql'")
    await pool.execute(
        "ALTER TABLE interventions DROP COLUMN next_milestone, DROP COLUMN next_number, "
        "DROP COLUMN next_due, DROP COLUMN missed_deadlines"
    )
    await pool.execute("CREATE INDEX deadlines_missed ON deadlines (due) WHERE status = 'missed'")
    await pool.execute(
        "CREATE INDEX deadlines_open_due ON deadlines (due) WHERE status IN ('pending', 'missed')"
    )

    async with pool.acquire() as con:
        assert await migrate(con) == ["004_next_deadline.sql"]

    assert await pool.fetch(KEPT_ON_THE_ROW) == projected
    assert await portfolio(pool, TODAY) == kept


async def test_interventions_whose_receipt_is_unconfirmed_are_listed_until_it_is_confirmed(
    store: EventStore, pool: asyncpg.Pool
) -> None:
    """The report of 7 March 2023 came with no day of receipt: its deadlines count from an
    assumed day until the council records the real one."""
    unknown_receipt = INSPECTION.model_copy(update={"received_on": None})
    assumed = Intervention.open(
        "Delta Borough Council", inspection=unknown_receipt, regime_version=current_version("ilacs")
    )
    given = Intervention.open("Epsilon Borough Council", regime_version=current_version("ilacs"))
    await asyncio.gather(assumed.flush(store), given.flush(store))
    unconfirmed = PortfolioScope(unconfirmed_only=True)

    rows = await portfolio(pool, TODAY, unconfirmed)
    assert [(row.intervention_id, row.receipt_unconfirmed) for row in rows] == [
        (assumed.stream_id, True)
    ]
    assert (await portfolio_totals(pool, TODAY, unconfirmed)).interventions == 1

    assumed.record(
        "receipt_confirmed", date(2023, 3, 10), at(2023, 3, 10), received_on="2023-03-01"
    )
    await assumed.flush(store)
    assert await portfolio(pool, TODAY, unconfirmed) == []
    assert not any(row.receipt_unconfirmed for row in await portfolio(pool, TODAY))
