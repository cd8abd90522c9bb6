#!/bin/sh
# A snapshot's dump (after offsite-lib.sh): $1 = a directory gets the dump and its counts
# (the restore drill), $1 = "-" streams the dump to stdout (`make db-restore FROM=offsite`).
# SNAPSHOT: an ID from `make db-backups`, or latest. Paths in a snapshot start at the staged
# directory (see offsite.sh), whatever BACKUP_DIR was.
snapshot=${SNAPSHOT:-latest}
if [ "$1" = - ]; then
  run_restic "restic dump $snapshot" dump --host "$BACKUP_HOST" "$snapshot" "/@STAGE@/latest@DUMP_SUFFIX@"
  exit 0
fi
mkdir -p "$1"
for suffix in @DUMP_SUFFIX@ @COUNTS_SUFFIX@; do
  run_restic "restic dump $snapshot" dump --host "$BACKUP_HOST" "$snapshot" "/@STAGE@/latest$suffix" > "$1/latest$suffix"
done
echo "off-site: snapshot $snapshot fetched from $RESTIC_REPOSITORY ($(wc -c < "$1/latest@DUMP_SUFFIX@") bytes)"
