#!/bin/sh
# `make db-upgrade`, new server (after pgupgrade-lib.sh), stdin: the old server's row counts;
# they must be equal, table by table.
check_major "$1"
expected=$(cat)
actual=$(row_counts)
if [ "$expected" != "$actual" ]; then
  printf 'row counts differ\n--- before:\n%s\n--- after:\n%s\n' "$expected" "$actual" >&2
  exit 1
fi
printf '%s\n' "$actual" |
  awk -F '\t' 'NF { t++; r += $3 } END { printf "row counts equal: %d tables, %d rows\n", t, r }'
