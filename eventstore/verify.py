"""Recompute every hash chain and name the first broken event of each stream."""

from __future__ import annotations

import asyncpg
from pydantic import BaseModel

from eventstore.hashing import GENESIS, chain_hash, stored_content


class BrokenEvent(BaseModel):
    stream_id: str
    version: int
    position: int | None
    event_id: str | None
    reason: str


class VerifyResult(BaseModel):
    streams: int
    events: int
    broken: list[BrokenEvent]
    # Positions are handed out without gaps, so a missing one is an event removed from the log,
    # even the last of its stream, which no chain can show. The positions do not say which
    # stream lost it, so a gap fails the verify of any stream.
    missing_positions: list[int] = []

    @property
    def ok(self) -> bool:
        return not self.broken and not self.missing_positions


MISSING_POSITIONS = """
    SELECT s.position FROM generate_series(1, (SELECT last FROM event_position)) AS s(position)
    LEFT JOIN events e ON e.position = s.position
    WHERE e.position IS NULL ORDER BY s.position LIMIT $1"""


async def verify(pool: asyncpg.Pool, stream_id: str | None = None) -> VerifyResult:
    """Check the chains of one stream, or of all of them."""
    query = """SELECT position, stream_id, version, event_id, type, effective_on, recorded_at,
                      actor_name, actor_role, data, hash
               FROM events {where} ORDER BY stream_id, version"""
    broken: list[BrokenEvent] = []
    streams = events = 0
    current: str | None = None
    previous = GENESIS
    expected_version = 1
    stream_broken = False
    async with pool.acquire() as con, con.transaction():
        args = (stream_id,) if stream_id else ()
        cursor = con.cursor(query.format(where="WHERE stream_id = $1" if stream_id else ""), *args)
        async for row in cursor:
            events += 1
            if row["stream_id"] != current:
                current, previous, expected_version, stream_broken = (
                    row["stream_id"],
                    GENESIS,
                    1,
                    False,
                )
                streams += 1
            if stream_broken:
                continue
            reason = None
            if row["version"] != expected_version:
                reason = (
                    f"version {expected_version} is missing: the chain jumps to {row['version']}"
                )
            else:
                previous = chain_hash(previous, stored_content(row))
                if previous != bytes(row["hash"]):
                    reason = "its hash does not match its content and the events before it"
            if reason:
                stream_broken = True
                broken.append(
                    BrokenEvent(
                        stream_id=row["stream_id"],
                        version=expected_version,
                        position=row["position"] if row["version"] == expected_version else None,
                        event_id=str(row["event_id"])
                        if row["version"] == expected_version
                        else None,
                        reason=reason,
                    )
                )
            expected_version += 1
        # Checked for one stream too: the last event of that stream removed leaves no trace in
        # its chain, only in the log's positions.
        missing = [r["position"] for r in await con.fetch(MISSING_POSITIONS, 100)]
    return VerifyResult(streams=streams, events=events, broken=broken, missing_positions=missing)
