#!/bin/sh
# `make db-upgrade`, old server (after pgupgrade-lib.sh), stdout: the dump (custom format,
# like the backups).
check_major "$1"
exec pg_dump --format=custom -U "$POSTGRES_USER" -d "$POSTGRES_DB"
