"""What a plain client start pays in imports: ``import ui.app`` now, beside what it cost
when the client session imported the demo and with it the server stack.

    QT_QPA_PLATFORM=offscreen python -m tests.bench.bench_import [runs]

Each variant runs in fresh interpreters (``-X importtime``) several times; the table
shows the median wall time of the import, and for the old path the packages that a
client start no longer loads, with their own cumulative import time.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VARIANTS = {
    "client (import ui.app)": "import ui.app",
    "client + demo/server (the old ui.app)": "import ui.app; import desk.demo.environment",
}
HEAVY = ("fastapi", "starlette", "pydantic", "sqlalchemy", "alembic", "uvicorn", "PIL", "argon2")


def _run(statement: str) -> tuple[float, dict[str, int]]:
    """Wall seconds of one fresh import, and cumulative µs per top-level package."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    wall = time.perf_counter() - started
    cumulative: dict[str, int] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _self, cum, name = (part.strip() for part in line[len("import time:") :].split("|"))
        if not cum.isdigit():
            continue
        top = name.strip().split(".")[0]
        if name.strip() == top:  # the package's own line includes its submodules
            cumulative[top] = cumulative.get(top, 0) + int(cum)
    return wall, cumulative


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    _run("pass")  # warm the OS file cache
    results: dict[str, tuple[float, dict[str, int]]] = {}
    for label, statement in VARIANTS.items():
        samples = [_run(statement) for _ in range(runs)]
        wall = statistics.median(s[0] for s in samples)
        results[label] = (wall, samples[-1][1])
        print(f"{label:40s} {wall * 1000:7.0f} ms  (median of {runs}, process start included)")
    (new, _), (old, old_packages) = results.values()
    print(f"{'old / new':40s} {old / new:7.2f}x")
    print("no longer loaded by a client start (cumulative import time, old path):")
    for name in HEAVY:
        if name in old_packages:
            print(f"  {name:12s} {old_packages[name] / 1000:7.1f} ms")


if __name__ == "__main__":
    main()
