"""Who may do what in the database: an owner for the schema, and the application's role.

The application appends to the log and keeps the read models; it may never change or remove an
event. The trigger on `events` refuses that to everyone, but the owner of a table can switch
its triggers off. Privileges hold whatever the triggers' state: the application's role
`intervention_app` may only read and insert events, and the schema belongs to another role,
the owner, who runs the migrations. On every start the owner sets the application's privileges
afresh, so a table added by a later migration is covered: a read model by default, which the
application may change; the log, the streams' heads and the migrations' record by the rules
below.

- Embedded PostgreSQL (the default): its superuser owns the schema; the application logs in as
  `intervention_app` over the local socket.
- `DATABASE_URL` with `INTERVENTION_DATABASE_OWNER_URL`: the migrations run as the owner, the
  application runs as `DATABASE_URL`'s user, which is made a member of `intervention_app`.
- `DATABASE_URL` alone: that user owns the schema and runs the application, as before; only
  the trigger guards the log.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import asyncpg

from eventstore.errors import StoreError
from eventstore.migrate import MIGRATION_LOCK

APP_ROLE = "intervention_app"
OWNER_URL_VARIABLE = "INTERVENTION_DATABASE_OWNER_URL"

# In order, in one transaction: everything on every table, then less on the three that are not
# read models. The application reads and appends the log; it starts and moves the streams' heads
# but never removes one, which would hide the removal of a stream's last events; it reads the
# record of migrations. Of the positions' sequence it may take the next (USAGE), never set it.
PRIVILEGES = (
    "GRANT USAGE ON SCHEMA {schema} TO {role}",
    "GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA {schema} TO {role}",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
    "REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON events FROM {role}",
    "REVOKE DELETE, TRUNCATE, REFERENCES, TRIGGER ON streams FROM {role}",
    "REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON schema_migrations FROM {role}",
)


def with_user(url: str, user: str) -> str:
    """The same server and database, as `user` with no password (the embedded server trusts
    its local socket)."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{user}@{host}"))


async def set_up_roles(owner: asyncpg.Connection, login: str | None) -> None:
    """As the owner: make sure `intervention_app` exists and holds exactly its privileges;
    when the application logs in as `intervention_app` itself (embedded), let it log in."""
    async with owner.transaction():
        # Two processes starting at once would otherwise grant at once, which PostgreSQL
        # refuses ("tuple concurrently updated").
        await owner.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
        await _create_role(owner)
        schema = await owner.fetchval("SELECT quote_ident(current_schema())")
        for statement in PRIVILEGES:
            await owner.execute(statement.format(schema=schema, role=APP_ROLE))
        can_login = "SELECT rolcanlogin FROM pg_roles WHERE rolname = $1"
        if login == APP_ROLE and not await owner.fetchval(can_login, APP_ROLE):
            await owner.execute(f"ALTER ROLE {APP_ROLE} LOGIN")


async def _create_role(owner: asyncpg.Connection) -> None:
    if await owner.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", APP_ROLE):
        return
    try:
        # A savepoint: the role is the cluster's, so another database's migration may have
        # created it a moment ago.
        async with owner.transaction():
            await owner.execute(f"CREATE ROLE {APP_ROLE} NOLOGIN")
    except asyncpg.DuplicateObjectError:
        pass
    except asyncpg.InsufficientPrivilegeError as error:
        raise StoreError(
            f"the owner ({OWNER_URL_VARIABLE}) may not create the role {APP_ROLE!r}: "
            f"create it once as a superuser (CREATE ROLE {APP_ROLE} NOLOGIN), or give the "
            "owner CREATEROLE"
        ) from error


async def admit(owner: asyncpg.Connection, app_user: str) -> None:
    """As the owner: let the application's login act as `intervention_app`, and refuse a login
    that owns the log, which no privilege could hold back."""
    if app_user == APP_ROLE:
        return
    owns_the_log = await owner.fetchval(
        "SELECT pg_has_role($1, tableowner, 'USAGE') FROM pg_tables "
        "WHERE tablename = 'events' AND schemaname = current_schema()",
        app_user,
    )
    if owns_the_log:
        raise StoreError(
            f"DATABASE_URL's user {app_user!r} owns the events table, so it could change the "
            f"log; give DATABASE_URL a login of its own and keep the owner in {OWNER_URL_VARIABLE}"
        )
    if await owner.fetchval("SELECT pg_has_role($1, $2, 'MEMBER')", app_user, APP_ROLE):
        return
    quoted = await owner.fetchval("SELECT quote_ident($1)", app_user)
    try:
        await owner.execute(f"GRANT {APP_ROLE} TO {quoted}")
    except asyncpg.PostgresError as error:
        raise StoreError(
            f"could not make DATABASE_URL's user {app_user!r} a member of {APP_ROLE!r}: "
            f"{error}; run GRANT {APP_ROLE} TO {app_user} as a superuser"
        ) from error
