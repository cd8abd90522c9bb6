#!/bin/sh
# The backup CronJob's script (charts/backup.py), run by the postgres image's own pg_dump
# (same major as the server). A dump is written as .partial and renamed when complete, so a
# crash never leaves a truncated file that looks like a backup. UTC stamps sort in time order.
# ls, not find: the names are the ones this script writes, one a line, and ls sorts them.
# shellcheck disable=SC2012
set -eu
stamp=$(date -u +%Y%m%dT%H%M%SZ)
file="$BACKUP_DIR/$PGDATABASE-$stamp@DUMP_SUFFIX@"
rm -f "$BACKUP_DIR"/*.partial
pg_dump --format=custom --compress=6 --file="$file.partial"
mv "$file.partial" "$file"
echo "backup written: $file ($(wc -c < "$file") bytes)"
ls -1 "$BACKUP_DIR"/*@DUMP_SUFFIX@ | sort -r | tail -n +$((BACKUP_KEEP + 1)) | while read -r old; do
  rm -f -- "$old"
  echo "backup removed: $old"
done
