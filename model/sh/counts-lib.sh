#!/bin/sh
# Row counts as the backup (backup.sh), the restore drill (drill.sh) and `make db-upgrade`
# (pgupgrade-*.sh) take them: the same query, so the files they compare are byte-equal when
# the rows are. Each caller runs it with its own psql connection.
# shellcheck disable=SC2034
set -eu

# Tables the dump carries: ordinary tables, not the catalogs and not extensions' own.
user_tables="FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
AND d.objid = c.oid AND d.deptype = 'e')"

# "schema<TAB>table<TAB>exact row count" per table, in a fixed (byte) order.
row_counts_sql="SELECT n.nspname || E'\t' || c.relname || E'\t' || (xpath('/row/n/text()', query_to_xml(
  format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text
$user_tables
ORDER BY n.nspname COLLATE \"C\", c.relname COLLATE \"C\";"
