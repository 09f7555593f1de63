#!/bin/sh
# Create Temporal's two databases on its PostgreSQL and bring their schemas up to the version
# this admin-tools image carries. Run before the server starts, by compose or by hand; safe to
# run again, and the step to run after moving to a newer Temporal image (update-schema applies
# only the versions a database lacks).
#   POSTGRES_SEEDS   the PostgreSQL host           POSTGRES_USER  its user
#   SQL_PASSWORD     that user's password          DB_PORT        its port (default 5432)
set -eu
: "${POSTGRES_SEEDS:?set POSTGRES_SEEDS to the PostgreSQL host}"
: "${POSTGRES_USER:?set POSTGRES_USER to the PostgreSQL user}"
: "${SQL_PASSWORD:?set SQL_PASSWORD to the PostgreSQL password}"
port=${DB_PORT:-5432}
schemas=/etc/temporal/schema/postgresql/v12

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$port" -u "$POSTGRES_USER" "$@"
}

until nc -z -w 5 "$POSTGRES_SEEDS" "$port"; do
  echo "waiting for PostgreSQL at $POSTGRES_SEEDS:$port"
  sleep 2
done

for database in temporal:temporal temporal_visibility:visibility; do
  name=${database%%:*}
  # An existing database is not an error: the schema steps below say whether it is usable.
  sql_tool --db "$name" create || echo "database $name not created; it may exist already"
  sql_tool --db "$name" setup-schema -v 0.0
  sql_tool --db "$name" update-schema -d "$schemas/${database#*:}/versioned"
done
echo "Temporal schemas are up to date"
