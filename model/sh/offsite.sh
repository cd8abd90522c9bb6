#!/bin/sh
# The backup Job's restic container (after offsite-lib.sh), once the dump step has written
# the dump: the newest dump and its counts off-site, then retention (restic forget --prune).
# The two files are hard-linked under fixed names (no copy, no space): every snapshot holds
# the same paths, so restic takes the previous one as parent and a restore needs no file name.
# ls, not find: the names are the dump step's, one a line, and ls sorts them.
# shellcheck disable=SC2012
newest=$(ls -1 "$BACKUP_DIR"/*@DUMP_SUFFIX@ 2> /dev/null | sort -r | head -n 1) || true
[ -n "$newest" ] || fail "no dump in $BACKUP_DIR to send (the dump step wrote none)"
counts="${newest%@DUMP_SUFFIX@}@COUNTS_SUFFIX@"
[ -f "$counts" ] || fail "$counts is missing: the dump has no row counts to send"
stage="$BACKUP_DIR/@STAGE@"
rm -rf "$stage"
mkdir "$stage"
ln "$newest" "$stage/latest@DUMP_SUFFIX@"
ln "$counts" "$stage/latest@COUNTS_SUFFIX@"
open_repository
name=$(basename "$newest" @DUMP_SUFFIX@)
# A relative path: snapshots hold /@STAGE@/…, whatever BACKUP_DIR is.
cd "$BACKUP_DIR" || fail "cannot enter $BACKUP_DIR"
run_restic "restic backup" backup --host "$BACKUP_HOST" --tag "$name" @STAGE@
run_restic "restic forget --prune" forget --prune --host "$BACKUP_HOST" \
  --keep-daily "$BACKUP_KEEP_DAILY" --keep-weekly "$BACKUP_KEEP_WEEKLY" --keep-monthly "$BACKUP_KEEP_MONTHLY"
rm -rf "$stage"
echo "off-site: $name sent to $RESTIC_REPOSITORY; kept daily $BACKUP_KEEP_DAILY, weekly $BACKUP_KEEP_WEEKLY, monthly $BACKUP_KEEP_MONTHLY"
