#!/bin/sh
# `make db-upgrade`, new server (after pgupgrade-lib.sh), stdin: the dump. Only into an empty
# database (a fresh volume), in one transaction, then fresh planner statistics (a dump
# carries none).
check_major "$1"
tables=$(user_table_count)
if [ "$tables" != 0 ]; then
  echo "database $POSTGRES_DB already has $tables tables: not a fresh volume" >&2
  exit 1
fi
pg_restore --no-owner --no-privileges --single-transaction --exit-on-error -U "$POSTGRES_USER" -d "$POSTGRES_DB"
psql_db -c ANALYZE
