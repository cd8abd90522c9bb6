"""The shell scripts (model/sh/) that back up, restore and upgrade the database, and the data volume's name.

Kept apart from the charts (no jsii) because several places use them: the backup CronJob
(charts/backup.py), the StatefulSet (charts/postgres.py), `make db-restore` and `make
db-upgrade` (scripts/ops.py), and the tests, which run these very scripts against real
PostgreSQL servers.
"""

from __future__ import annotations

from model.shell import script
from model.topology import POSTGRES

BACKUP_DIR = "/backups"
DUMP_SUFFIX = ".dump"
# Beside each dump: its tables' row counts, which the restore drill compares.
COUNTS_SUFFIX = ".counts"

# The backup CronJob's script; the suffixes are the Python model's (tests glob for them).
BACKUP_SCRIPT = script("counts-lib.sh", "backup.sh", DUMP_SUFFIX=DUMP_SUFFIX, COUNTS_SUFFIX=COUNTS_SUFFIX)

# A one-line command, and `make db-restore --dry-run` prints it on one line.
RESTORE_SCRIPT = script("restore.sh").rstrip("\n")


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


# `make db-upgrade` runs these in the postgres containers, each one step after the functions
# they share; $1 is the major the server must be (model/sh/pgupgrade-*.sh).
UPGRADE_DUMP_SCRIPT = script("pgupgrade-lib.sh", "counts-lib.sh", "pgupgrade-dump.sh")
UPGRADE_VERIFY_SCRIPT = script("pgupgrade-lib.sh", "counts-lib.sh", "pgupgrade-verify.sh")
UPGRADE_RESTORE_SCRIPT = script("pgupgrade-lib.sh", "counts-lib.sh", "pgupgrade-restore.sh")
UPGRADE_CHECK_SCRIPT = script("pgupgrade-lib.sh", "counts-lib.sh", "pgupgrade-check.sh")


# The rotations (scripts/rotate.py) run these in the postgres container: set a role's password
# from a SCRAM verifier on stdin, and check over TCP that one password is refused and another works.
SET_PASSWORD_SCRIPT = script("set-password.sh")
LOGIN_CHECK_SCRIPT = script("login-check.sh")
