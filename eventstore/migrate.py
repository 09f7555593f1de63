"""SQL migrations, applied in order on start and recorded in `schema_migrations`."""

from __future__ import annotations

import hashlib
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from eventstore.database import Connection

# Any fixed number: every process that migrates takes the same lock, so two starting at once
# do not both try to create the tables.
MIGRATION_LOCK = 7_301_452_001


def migration_files() -> list[tuple[str, str]]:
    folder = resources.files("eventstore") / "migrations"
    files = sorted(
        (entry.name, entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".sql")
    )
    return files


async def migrate(con: Connection, files: list[tuple[str, str]] | None = None) -> list[str]:
    """Apply the migrations not yet applied, of `files` (name and SQL) or of the package's own
    (`migration_files`); returns their names."""
    applied: list[str] = []
    async with con.transaction():
        await con.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
        await con.execute(
            """CREATE TABLE IF NOT EXISTS schema_migrations (
                   name       text PRIMARY KEY,
                   checksum   text NOT NULL,
                   applied_at timestamptz NOT NULL DEFAULT now())"""
        )
        done = {
            row["name"]: row["checksum"]
            for row in await con.fetch("SELECT name, checksum FROM schema_migrations")
        }
        for name, sql in migration_files() if files is None else files:
            checksum = hashlib.sha256(sql.encode()).hexdigest()
            if name in done:
                if done[name] != checksum:
                    raise RuntimeError(
                        f"migration {name} changed after it was applied; "
                        "add a new migration instead of editing an applied one"
                    )
                continue
            await con.execute(sql)
            await con.execute(
                "INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)", name, checksum
            )
            applied.append(name)
    return applied
