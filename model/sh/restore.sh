#!/bin/sh
# `make db-restore` streams a dump into this, run inside the postgres container (local
# socket, the image's own pg_restore). One transaction: a failed restore changes nothing.
exec pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error -U "$POSTGRES_USER" -d "$POSTGRES_DB"
