#!/bin/sh
# The restore drill's check (charts/drill.py), after counts-lib.sh, in the postgres image: the
# newest backup (the off-site snapshot the fetch step put in $DRILL_DIR/fetched, else the
# newest dump on $BACKUP_DIR) is restored into a PostgreSQL started here, in $DRILL_DIR, that
# listens on no TCP port (a socket in $DRILL_DIR only) and is gone with the pod: the live server
# is never touched. Passes when the migrations are at the head the deployed backend expects
# ($DRILL_DIR/expected-head, written by the backend image) and every table holds the rows
# counted at dump time. The last line says what happened, PASSED or FAILED, and how long it took.
# ls, not find: the names are the backup's, one a line, and ls sorts them.
# shellcheck disable=SC2012,SC2154
start=$(date +%s)
fail() {
  echo "restore drill: FAILED after $(($(date +%s) - start)) s: $*" >&2
  exit 1
}
if [ -f "$DRILL_DIR/fetched/latest@DUMP_SUFFIX@" ]; then
  dump="$DRILL_DIR/fetched/latest@DUMP_SUFFIX@"
  from="off-site snapshot ${SNAPSHOT:-latest}"
else
  dump=$(ls -1 "$BACKUP_DIR"/*@DUMP_SUFFIX@ 2> /dev/null | sort -r | head -n 1) || true
  [ -n "$dump" ] || fail "no backup yet: $BACKUP_DIR holds no dump (run make db-backup)"
  from="local $(basename "$dump")"
fi
counts="${dump%@DUMP_SUFFIX@}@COUNTS_SUFFIX@"
[ -f "$counts" ] || fail "$from has no row counts beside it (taken before counts were recorded?)"
expected=$(cat "$DRILL_DIR/expected-head" 2> /dev/null) || true
[ -n "$expected" ] || fail "no expected migration head in $DRILL_DIR/expected-head"

# initdb needs the running uid in the user database; as the postgres image's entrypoint does,
# nss_wrapper supplies it when the pod's uid has no entry.
if ! id -un > /dev/null 2>&1; then
  for wrapper in /usr/lib/libnss_wrapper.so /usr/lib/*/libnss_wrapper.so /lib/*/libnss_wrapper.so; do
    [ -s "$wrapper" ] || continue
    printf 'drill:x:%s:%s:drill:%s:/bin/false\n' "$(id -u)" "$(id -g)" "$DRILL_DIR" > "$DRILL_DIR/passwd"
    printf 'drill:x:%s:\n' "$(id -g)" > "$DRILL_DIR/group"
    export LD_PRELOAD="$wrapper" NSS_WRAPPER_PASSWD="$DRILL_DIR/passwd" NSS_WRAPPER_GROUP="$DRILL_DIR/group"
    break
  done
fi
pgdata="$DRILL_DIR/pgdata"
socket="$DRILL_DIR/socket"
rm -rf "$pgdata" "$socket"
mkdir -p "$socket"
initdb -D "$pgdata" -U drill --auth=trust --no-sync > "$DRILL_DIR/initdb.log" 2>&1 ||
  fail "initdb: $(tail -n 1 "$DRILL_DIR/initdb.log")"
pg_ctl -D "$pgdata" -l "$DRILL_DIR/server.log" -w -s \
  -o "-c listen_addresses= -c unix_socket_directories=$socket -c fsync=off" start ||
  fail "the throwaway server did not start: $(tail -n 1 "$DRILL_DIR/server.log")"
trap 'pg_ctl -D "$pgdata" -m immediate -s stop > /dev/null 2>&1 || true' EXIT
export PGHOST="$socket" PGUSER=drill
psql -X -q -d postgres -v ON_ERROR_STOP=1 -c 'CREATE DATABASE restored' || fail "CREATE DATABASE"
if ! pg_restore --no-owner --no-privileges --single-transaction --exit-on-error -d restored "$dump" \
  2> "$DRILL_DIR/restore.log"; then
  cat "$DRILL_DIR/restore.log" >&2
  fail "$from does not restore: $(grep -m 1 'error' "$DRILL_DIR/restore.log" || tail -n 1 "$DRILL_DIR/restore.log")"
fi
psql_db() {
  psql -X -At -v ON_ERROR_STOP=1 -d restored "$@"
}
head=$(psql_db -c 'SELECT string_agg(version_num, $$,$$ ORDER BY version_num) FROM alembic_version' 2>&1) ||
  fail "$from has no alembic_version: $head"
[ "$head" = "$expected" ] || fail "$from is at migration ${head:-none}, the deployed backend expects $expected"
actual=$(printf '%s\n' "$row_counts_sql" | psql_db)
if [ "$actual" != "$(cat "$counts")" ]; then
  printf -- '--- counted at dump time:\n%s\n--- restored:\n%s\n' "$(cat "$counts")" "$actual" >&2
  fail "$from: row counts differ from those counted at dump time"
fi
summary=$(printf '%s\n' "$actual" | awk -F '\t' 'NF { t++; r += $3 } END { printf "%d tables, %d rows", t, r }')
echo "restore drill: PASSED in $(($(date +%s) - start)) s: $from, migration $head, $summary equal"
