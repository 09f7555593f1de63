"""Recompute every hash chain and name the first broken event of each stream."""

from __future__ import annotations

from dataclasses import dataclass

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

    @property
    def ok(self) -> bool:
        return not self.broken


EVENTS = """SELECT position, stream_id, version, event_id, type, effective_on, recorded_at,
                   actor_name, actor_role, data, hash
            FROM events {where} ORDER BY stream_id, version"""
HEADS = "SELECT stream_id, version, hash FROM streams {where}"


@dataclass
class Chain:
    """One stream's chain as far as it has been checked."""

    stream_id: str
    version: int = 0
    hash: bytes = GENESIS
    broken: bool = False


def _extend(chain: Chain, row: asyncpg.Record) -> BrokenEvent | None:
    """Chain the stream's next event on; where it does not fit, the event that breaks it."""
    expected = chain.version + 1
    chain.version = expected
    if row["version"] != expected:
        return BrokenEvent(
            stream_id=chain.stream_id,
            version=expected,
            position=None,
            event_id=None,
            reason=f"version {expected} is missing: the chain jumps to {row['version']}",
        )
    chain.hash = chain_hash(chain.hash, stored_content(row))
    if chain.hash == bytes(row["hash"]):
        return None
    return BrokenEvent(
        stream_id=chain.stream_id,
        version=expected,
        position=row["position"],
        event_id=str(row["event_id"]),
        reason="its hash does not match its content and the events before it",
    )


def _head_mismatch(chain: Chain, head: tuple[int, bytes] | None) -> BrokenEvent | None:
    """Where a whole chain fails to end on its stream's head: only the head shows that the
    last events of a stream were removed, or that the last one was replaced, hash and all."""
    if head is None:
        return BrokenEvent(
            stream_id=chain.stream_id,
            version=chain.version,
            position=None,
            event_id=None,
            reason="the stream has no head: its last event cannot be checked",
        )
    version, hash = head
    if chain.version < version:
        reason = (
            f"version {chain.version + 1} is missing: the stream's head is at version "
            f"{version}, its chain ends at {chain.version}"
        )
        missing = chain.version + 1
    elif chain.version > version:
        reason = f"the chain goes on to version {chain.version}, past the stream's head"
        missing = version + 1
    elif chain.hash != hash:
        reason = "its hash is not the one the stream's head holds"
        missing = version
    else:
        return None
    return BrokenEvent(
        stream_id=chain.stream_id, version=missing, position=None, event_id=None, reason=reason
    )


async def verify(pool: asyncpg.Pool, stream_id: str | None = None) -> VerifyResult:
    """Check the chains of one stream, or of all of them, against the streams' heads."""
    broken: list[BrokenEvent] = []
    events = 0
    chains: list[Chain] = []
    where = "WHERE stream_id = $1" if stream_id else ""
    args = (stream_id,) if stream_id else ()
    # One snapshot for the heads and the events: appends may go on meanwhile.
    async with pool.acquire() as con, con.transaction(isolation="repeatable_read", readonly=True):
        heads = {
            row["stream_id"]: (row["version"], bytes(row["hash"]))
            for row in await con.fetch(HEADS.format(where=where), *args)
        }
        async for row in con.cursor(EVENTS.format(where=where), *args):
            events += 1
            if not chains or chains[-1].stream_id != row["stream_id"]:
                chains.append(Chain(row["stream_id"]))
            chain = chains[-1]
            if chain.broken:
                continue
            failure = _extend(chain, row)
            if failure:
                chain.broken = True
                broken.append(failure)
    seen = {chain.stream_id for chain in chains}
    # A head whose stream has no event left at all.
    chains += [Chain(stream) for stream in heads if stream not in seen]
    for chain in chains:
        mismatch = None if chain.broken else _head_mismatch(chain, heads.get(chain.stream_id))
        if mismatch:
            broken.append(mismatch)
    broken.sort(key=lambda b: (b.stream_id, b.version))
    return VerifyResult(streams=len(chains), events=events, broken=broken)
