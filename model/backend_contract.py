"""The backend's run contract, read by the backend's own reader (backend/app/contract.py).

The backend is its own project in another virtualenv, so its reader is loaded by path; it
needs only the standard library. The chart and `make dev` run the backend by this contract.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

READER = Path(__file__).resolve().parent.parent / "backend" / "app" / "contract.py"


def _load_reader() -> Any:
    spec = importlib.util.spec_from_file_location("backend_run_contract", READER)
    assert spec is not None and spec.loader is not None, f"{READER} is missing"
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


# A frozen dataclass: prestart and serve (arguments after `python`), the probe paths, the
# default port and the drain seconds.
BACKEND_CONTRACT = _load_reader().CONTRACT
