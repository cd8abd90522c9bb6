"""Where the checkout is: the one place that works out the repository root.

main.py, scripts/ and tests/ take paths from here; libraries (pgcluster) are handed
the locations they need instead.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# pgcluster's PostgreSQL binaries, shared by make dev and the tests (backend/tests/conftest.py
# names the same directory from the backend's side).
PGCLUSTER_CACHE = ROOT / ".cache" / "postgresql"
