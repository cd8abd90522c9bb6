#!/bin/sh
# The exporter's init container (charts/monitoring.py, and `make dev`): wait for the server,
# then create or update the exporter's role as the database owner with psql (libpq's PG*
# variables), the password read from the environment (never on a command line).
# pg_monitor reads statistics and settings, no table data.
set -eu
tries=60
until pg_isready -q; do
  tries=$((tries - 1))
  [ "$tries" -gt 0 ] || { echo "PostgreSQL at $PGHOST:$PGPORT is not ready" >&2; exit 1; }
  sleep 2
done
psql -X -q <<'SQL'
\set ON_ERROR_STOP on
\getenv password POSTGRES_EXPORTER_PASSWORD
SELECT 'CREATE ROLE @EXPORTER_ROLE@'
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '@EXPORTER_ROLE@') \gexec
ALTER ROLE @EXPORTER_ROLE@ WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE
  CONNECTION LIMIT @EXPORTER_CONNECTION_LIMIT@ PASSWORD :'password';
GRANT pg_monitor TO @EXPORTER_ROLE@;
SQL
echo "role @EXPORTER_ROLE@ is ready (pg_monitor)"
