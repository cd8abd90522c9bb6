"""The restore drill's scripts: what charts/drill.py runs and tests/test_offsite.py runs too.

The expected migration head comes from the deployed backend image itself (an init container
runs HEAD_PROGRAM with the image's own alembic and migrations), not from the checkout at
synth time: the drill then checks a backup against the code that would run on it, even when
BACKEND_TAG was built from another commit than the one dist/ was synthesized from.
"""

from __future__ import annotations

from model.dbtools import COUNTS_SUFFIX, DUMP_SUFFIX
from model.shell import script

# The drill pod's scratch: the fetched snapshot, the throwaway server's data, the expected head.
DRILL_DIR = "/drill"
FETCHED = "fetched"
EXPECTED_HEAD = "expected-head"

# Runs in the backend image (python -c, argv[1]: the file to write). The migrations' heads,
# sorted and comma-joined as drill.sh reads alembic_version; no database is involved.
HEAD_PROGRAM = """\
import sys
from alembic.script import ScriptDirectory
from app.migrations import alembic_config
heads = ScriptDirectory.from_config(alembic_config()).get_heads()
open(sys.argv[1], "w").write(",".join(sorted(heads)))
"""

DRILL_SCRIPT = script("counts-lib.sh", "drill.sh", DUMP_SUFFIX=DUMP_SUFFIX, COUNTS_SUFFIX=COUNTS_SUFFIX)
