#!/bin/sh
# What every `make db-upgrade` step (pgupgrade-*.sh) starts with: model/dbtools.py joins this
# file and a step into one `sh -c` script. The steps run in the postgres containers (local
# socket, POSTGRES_USER on POSTGRES_DB, the image's own client tools), and tests/test_pgupgrade.py
# runs them on real servers of two majors. counts-lib.sh defines $user_tables and $row_counts_sql.
# shellcheck disable=SC2154
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

user_table_count() {
  psql_db -c "SELECT count(*) $user_tables"
}

# The query is counts-lib.sh's, which model/dbtools.py joins after this file.
row_counts() {
  printf '%s\n' "$row_counts_sql" | psql_db
}
