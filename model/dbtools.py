"""The shell commands that back up, restore and upgrade the database, and the data volume's name.

Kept apart from the charts (no jsii) because several places use them: the backup CronJob
(charts/backup.py), the StatefulSet (charts/postgres.py), `make db-restore` and `make
db-upgrade` (scripts/ops.py), and the tests, which run these very scripts against real
PostgreSQL servers.
"""

from __future__ import annotations

from model.topology import POSTGRES

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


# --- PostgreSQL major upgrades -------------------------------------------------------------
# PostgreSQL refuses a data directory written by another major, so each major's data has a
# volume of its own. The StatefulSet numbers its pod from the data's major (ordinals.start)
# and the claim template gives each pod its own claim, data-postgres-<ordinal>: a new major
# starts on a fresh volume while the old one stays. Deployments made before majors were
# tracked hold PostgreSQL 16 data in data-postgres-0, so 16 keeps ordinal 0.
DATA_CLAIM = "data"
ORDINAL_ZERO_MAJOR = 16


def pod_ordinal(major: int) -> int:
    return 0 if major == ORDINAL_ZERO_MAJOR else major


def postgres_pod(major: int) -> str:
    return f"{POSTGRES}-{pod_ordinal(major)}"


def data_claim(major: int) -> str:
    return f"{DATA_CLAIM}-{postgres_pod(major)}"


# `make db-upgrade` runs these in the postgres containers (local socket, POSTGRES_USER on
# POSTGRES_DB, the image's own client tools) and tests/test_pgupgrade.py runs them on real
# servers of two majors. $1 is the major the server must be: no script acts on the wrong
# side of the switch.
_PSQL = 'psql -X -v ON_ERROR_STOP=1 -At -U "$POSTGRES_USER" -d "$POSTGRES_DB"'
_CHECK_MAJOR = f"""\
server=$({_PSQL} -c 'SHOW server_version_num')
if [ "$((server / 10000))" != "$1" ]; then
  echo "this server is PostgreSQL $((server / 10000)), not $1" >&2
  exit 1
fi"""
# Tables the dump carries: ordinary tables, not the catalogs and not extensions' own.
_USER_TABLES = (
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE c.relkind = 'r' AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema' "
    "AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass "
    "AND d.objid = c.oid AND d.deptype = 'e')"
)
# "schema<TAB>table<TAB>exact row count" per table, in a fixed (byte) order.
_ROW_COUNTS = f"""\
{_PSQL} <<'SQL'
SELECT n.nspname || E'\\t' || c.relname || E'\\t' || (xpath('/row/n/text()', query_to_xml(
  format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text
{_USER_TABLES}
ORDER BY n.nspname COLLATE "C", c.relname COLLATE "C";
SQL
"""

# Old server, stdout: the dump (custom format, like the backups).
UPGRADE_DUMP_SCRIPT = f"""\
set -eu
{_CHECK_MAJOR}
exec pg_dump --format=custom -U "$POSTGRES_USER" -d "$POSTGRES_DB"
"""

# Old server, stdin: the dump, stdout: the row counts. The dump is verified before anything
# switches: pg_restore reads its table of contents, which must hold the data of every table.
UPGRADE_VERIFY_SCRIPT = f"""\
set -eu
{_CHECK_MAJOR}
toc=$(pg_restore --list)
cat > /dev/null
counts=$({_ROW_COUNTS})
tab=$(printf '\\t')
printf '%s\\n' "$counts" | while IFS="$tab" read -r schema table rows; do
  [ -n "$schema" ] || continue
  case "$toc" in
    *" TABLE DATA $schema $table "*) ;;
    *) echo "the dump holds no data for $schema.$table" >&2; exit 1 ;;
  esac
done
printf '%s\\n' "$counts"
"""

# New server, stdin: the dump. Only into an empty database (a fresh volume), in one
# transaction, then fresh planner statistics (a dump carries none).
UPGRADE_RESTORE_SCRIPT = f"""\
set -eu
{_CHECK_MAJOR}
tables=$({_PSQL} -c "SELECT count(*) {_USER_TABLES}")
if [ "$tables" != 0 ]; then
  echo "database $POSTGRES_DB already has $tables tables: not a fresh volume" >&2
  exit 1
fi
pg_restore --no-owner --no-privileges --single-transaction --exit-on-error -U "$POSTGRES_USER" -d "$POSTGRES_DB"
{_PSQL} -c ANALYZE
"""

# New server, stdin: the old server's row counts; they must be equal, table by table.
UPGRADE_CHECK_SCRIPT = f"""\
set -eu
{_CHECK_MAJOR}
expected=$(cat)
actual=$({_ROW_COUNTS})
if [ "$expected" != "$actual" ]; then
  printf 'row counts differ\\n--- before:\\n%s\\n--- after:\\n%s\\n' "$expected" "$actual" >&2
  exit 1
fi
printf '%s\\n' "$actual" |
  awk -F '\\t' 'NF {{ t++; r += $3 }} END {{ printf "row counts equal: %d tables, %d rows\\n", t, r }}'
"""
