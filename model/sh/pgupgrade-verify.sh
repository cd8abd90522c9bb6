#!/bin/sh
# `make db-upgrade`, old server (after pgupgrade-lib.sh), stdin: the dump, stdout: the row
# counts. The dump is verified before anything switches: pg_restore reads its table of
# contents, which must hold the data of every table.
check_major "$1"
toc=$(pg_restore --list)
cat > /dev/null
counts=$(row_counts)
tab=$(printf '\t')
printf '%s\n' "$counts" | while IFS="$tab" read -r schema table _; do
  [ -n "$schema" ] || continue
  case "$toc" in
    *" TABLE DATA $schema $table "*) ;;
    *) echo "the dump holds no data for $schema.$table" >&2; exit 1 ;;
  esac
done
printf '%s\n' "$counts"
