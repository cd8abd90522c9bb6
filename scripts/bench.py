"""`make bench`: the CPU of `python main.py` against the jsii floor, paired in one run.

The floor is what any cdk8s app in Python pays: a fresh interpreter that imports cdk8s and
synthesizes one Chart with one ApiObject. Runs alternate floor and main.py so that both see
the same load on a shared machine; the verdict is the median of the pairs' ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.3

FLOOR = """
import sys
from cdk8s import ApiObject, App, Chart
app = App(outdir=sys.argv[1])
ApiObject(Chart(app, "floor"), "config", api_version="v1", kind="ConfigMap")
app.synth()
"""

# Dummy settings: the defaults plus what is required, and nothing from the user's .env
# (ENV_FILE=/dev/null reads none and writes none).
SETTINGS = {
    "ENV_FILE": "/dev/null",
    "DOMAIN": "bench.example.com",
    "BACKEND_TAG": "0.1.0",
    "FRONTEND_TAG": "0.1.0",
    "POSTGRES_PASSWORD": "bench-postgres-password-0123456789",
    "SECRET_KEY": "bench-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "SECRETS_DIGEST_KEY": "bench-digest-key-0123456789abcdefghijklmnopqrstuvwxyz",
}


def environment(outdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    node = ROOT / "tools" / "node_modules" / ".bin" / "node"
    if node.exists():  # the Node main.py picks, for the floor too
        env["JSII_NODE"] = str(node)
    return {**env, **SETTINGS, "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20", "CDK8S_OUTDIR": str(outdir)}


def cpu_seconds(argv: list[str], env: dict[str, str]) -> float:
    """User + system CPU of the child and of what it waited for (jsii waits for its Node)."""
    child = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert child.stderr is not None
    errors = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        sys.exit(f"{' '.join(argv)} failed ({child.returncode}):\n{errors.decode(errors='replace')}")
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="floor/main.py pairs (default 7)")
    args = parser.parse_args()
    python = sys.executable
    floors, apps, ratios = [], [], []
    with tempfile.TemporaryDirectory(prefix="bench.") as scratch:
        env = environment(Path(scratch) / "dist")
        # One unmeasured round: the first run compiles bytecode and warms the page cache.
        cpu_seconds([python, "-c", FLOOR, f"{scratch}/floor"], env)
        cpu_seconds([python, "main.py"], env)
        for run in range(1, args.runs + 1):
            floor = cpu_seconds([python, "-c", FLOOR, f"{scratch}/floor"], env)
            app = cpu_seconds([python, "main.py"], env)
            floors.append(floor)
            apps.append(app)
            ratios.append(app / floor)
            print(f"run {run}: floor {floor:.2f} s, main.py {app:.2f} s, ratio {app / floor:.2f}", flush=True)
    ratio = statistics.median(ratios)
    verdict = "ok" if ratio <= TARGET else "over"
    print(
        f"median: floor {statistics.median(floors):.2f} s, main.py {statistics.median(apps):.2f} s, "
        f"ratio {ratio:.2f} (target ≤ {TARGET}): {verdict}"
    )
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
