"""What a plain client start pays in imports: ``import ui.app`` now, beside what it cost
when the client session imported the demo and with it the server stack.

    QT_QPA_PLATFORM=offscreen python -m tests.bench.bench_import [runs] [--base main]

Each variant runs in fresh interpreters (``-X importtime``) several times; the table
shows the median wall time of the import, and for the old path the packages that a
client start no longer loads, with their own cumulative import time. With ``--base
REF``, ``import ui.app`` of REF's merge-base (a ``git archive`` of it) runs too, with
the ratio to this checkout's.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VARIANTS = {
    "client (import ui.app)": "import ui.app",
    "client + demo/server (the old ui.app)": "import ui.app; import desk.demo.environment",
}
HEAVY = ("fastapi", "starlette", "pydantic", "sqlalchemy", "alembic", "uvicorn", "PIL", "argon2")


def _run(statement: str, root: Path = ROOT) -> tuple[float, dict[str, int]]:
    """Wall seconds of one fresh import, and cumulative µs per top-level package."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(root)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", statement],
        cwd=root,
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


def _base_tree(ref: str, into: Path) -> tuple[str, Path]:
    base = subprocess.run(
        ["git", "-C", str(ROOT), "merge-base", "HEAD", ref],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    tree = subprocess.run(["git", "-C", str(ROOT), "archive", base], capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(tree)) as archive:
        archive.extractall(into, filter="data")
    return base, into


def main() -> None:
    arguments = sys.argv[1:]
    base_ref = None
    if "--base" in arguments:
        at = arguments.index("--base")
        base_ref = arguments[at + 1]
        del arguments[at : at + 2]
    runs = int(arguments[0]) if arguments else 5
    if base_ref is not None:
        with tempfile.TemporaryDirectory(prefix="desk-base-") as folder:
            base, tree = _base_tree(base_ref, Path(folder))
            _run("import ui.app", tree)  # its bytecode is compiled once, not timed
            _run("import ui.app")
            # Interleaved, so a busy moment of a shared machine hits both alike.
            pairs = [
                (_run("import ui.app", tree)[0], _run("import ui.app")[0]) for _ in range(runs)
            ]
            then = statistics.median(p[0] for p in pairs)
            now = statistics.median(p[1] for p in pairs)
        label = f"import ui.app at {base_ref} ({base[:8]})"
        print(f"{label:40s} {then * 1000:7.0f} ms  (median of {runs}, process start included)")
        print(f"{'import ui.app, this checkout':40s} {now * 1000:7.0f} ms")
        print(f"{'then / now':40s} {then / now:7.2f}x")
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
