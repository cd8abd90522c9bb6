#!/bin/sh
# `make rotate-db-password` (scripts/rotate.py), in the postgres container: set the password of
# role $1 as POSTGRES_USER over the local socket. stdin: one line, the new password's
# SCRAM-SHA-256 verifier (model/scram.py), never the password itself, so neither this
# statement nor the server's log holds it. It reaches psql through the environment, not argv.
# Sessions already logged in are untouched: PostgreSQL checks a password at login only.
set -eu
IFS= read -r VERIFIER
export VERIFIER
psql -X -q -v role="$1" -U "$POSTGRES_USER" -d postgres <<'SQL'
\set ON_ERROR_STOP on
\getenv verifier VERIFIER
ALTER ROLE :"role" PASSWORD :'verifier';
SQL
echo "role $1: password changed on the server (open sessions keep working)"
