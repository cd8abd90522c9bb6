"""The shell commands that back up and restore the database.

Kept apart from the charts (no jsii) because three places run them: the backup
CronJob (charts/backup.py), `make db-restore` (scripts/ops.py) and the backup test,
which runs these very scripts against a real PostgreSQL 16.
"""

from __future__ import annotations

BACKUP_DIR = "/backups"
DUMP_SUFFIX = ".dump"

# POSIX sh, run by the postgres image's own pg_dump (same major as the server).
# A dump is written as .partial and renamed when complete, so a crash never leaves
# a truncated file that looks like a backup. UTC stamps sort in time order.
BACKUP_SCRIPT = f"""\
set -eu
stamp=$(date -u +%Y%m%dT%H%M%SZ)
file="$BACKUP_DIR/$PGDATABASE-$stamp{DUMP_SUFFIX}"
rm -f "$BACKUP_DIR"/*.partial
pg_dump --format=custom --compress=6 --file="$file.partial"
mv "$file.partial" "$file"
echo "backup written: $file ($(wc -c < "$file") bytes)"
ls -1 "$BACKUP_DIR"/*{DUMP_SUFFIX} | sort -r | tail -n +$((BACKUP_KEEP + 1)) | while read -r old; do
  rm -f -- "$old"
  echo "backup removed: $old"
done
"""

# `make db-restore` streams a dump into this, run inside the postgres container (local
# socket, the image's own pg_restore). One transaction: a failed restore changes nothing.
RESTORE_SCRIPT = (
    "exec pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error "
    '-U "$POSTGRES_USER" -d "$POSTGRES_DB"'
)
