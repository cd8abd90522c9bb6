#!/bin/sh
# What every `make db-upgrade` step (pgupgrade-*.sh) starts with: model/dbtools.py joins this
# file and a step into one `sh -c` script. The steps run in the postgres containers (local
# socket, POSTGRES_USER on POSTGRES_DB, the image's own client tools), and tests/test_pgupgrade.py
# runs them on real servers of two majors.
set -eu

psql_db() {
  psql -X -v ON_ERROR_STOP=1 -At -U "$POSTGRES_USER" -d "$POSTGRES_DB" "$@"
}

# Each step's $1 is the major its server must be: no step acts on the wrong side of the switch.
check_major() {
  server=$(psql_db -c 'SHOW server_version_num')
  if [ "$((server / 10000))" != "$1" ]; then
    echo "this server is PostgreSQL $((server / 10000)), not $1" >&2
    exit 1
  fi
}

# Tables the dump carries: ordinary tables, not the catalogs and not extensions' own.
user_tables="FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
AND d.objid = c.oid AND d.deptype = 'e')"

user_table_count() {
  psql_db -c "SELECT count(*) $user_tables"
}

# "schema<TAB>table<TAB>exact row count" per table, in a fixed (byte) order.
row_counts() {
  psql_db <<SQL
SELECT n.nspname || E'\t' || c.relname || E'\t' || (xpath('/row/n/text()', query_to_xml(
  format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text
$user_tables
ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C";
SQL
}
