#!/bin/sh
# The backup CronJob's script (charts/backup.py), run by the postgres image's own pg_dump
# (same major as the server), after counts-lib.sh. A dump is written as .partial and renamed
# when complete, so a crash never leaves a truncated file that looks like a backup. UTC
# stamps sort in time order. Beside each dump, its row counts (table -> rows), which the
# restore drill compares: they are counted in the very snapshot pg_dump reads (a psql session
# exports it and stays open until the dump is done), so rows written meanwhile count in neither.
# ls, not find: the names are the ones this script writes, one a line, and ls sorts them.
# shellcheck disable=SC2012,SC2154
stamp=$(date -u +%Y%m%dT%H%M%SZ)
file="$BACKUP_DIR/$PGDATABASE-$stamp@DUMP_SUFFIX@"
counts="$BACKUP_DIR/$PGDATABASE-$stamp@COUNTS_SUFFIX@"
rm -f "$BACKUP_DIR"/*.partial
work=$(mktemp -d)
trap 'rm -rf "$work" "$file.partial" "$counts.partial"' EXIT
mkfifo "$work/session"
psql -X -q -At -v ON_ERROR_STOP=1 < "$work/session" &
session=$!
exec 3> "$work/session"
# \o closes its file when switched off, so the snapshot's name is complete once it is there.
printf '%s\n' "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;" "\\o $work/snapshot" \
  "SELECT pg_export_snapshot();" "\\o" >&3
tries=0
until [ -s "$work/snapshot" ]; do
  if ! kill -0 "$session" 2>/dev/null || [ "$tries" -ge 300 ]; then
    echo "backup failed: no snapshot from PostgreSQL (psql's error above)" >&2
    exit 1
  fi
  tries=$((tries + 1))
  sleep 0.1
done
pg_dump --snapshot="$(cat "$work/snapshot")" --format=custom --compress=6 --file="$file.partial"
printf '%s\n' "\\o $counts.partial" "$row_counts_sql" "\\o" "COMMIT;" >&3
exec 3>&-
wait "$session"
mv "$counts.partial" "$counts"
mv "$file.partial" "$file"
echo "backup written: $file ($(wc -c < "$file") bytes, $(wc -l < "$counts") tables counted)"
ls -1 "$BACKUP_DIR"/*@DUMP_SUFFIX@ | sort -r | tail -n +$((BACKUP_KEEP + 1)) | while read -r old; do
  rm -f -- "$old" "${old%@DUMP_SUFFIX@}@COUNTS_SUFFIX@"
  echo "backup removed: $old"
done
