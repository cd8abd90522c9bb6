#!/bin/sh
# `make db-backups`, off-site half (after offsite-lib.sh): this app's snapshots, restic's
# own table (time, size, and the dump's name as a tag).
run_restic "restic snapshots" snapshots --host "$BACKUP_HOST"
