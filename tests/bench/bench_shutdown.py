"""Signal to exit of the real ``desk --demo`` process (target: under 2 s).

    python -m tests.bench.bench_shutdown [rounds]

Each round starts ``desk --demo`` in a temp home (offscreen), waits until its window
is open and the sync has filled the cache, sends SIGTERM or SIGINT (alternating) and
times until the process has exited. The "shut down in" figure from the app's log is
the part spent closing the window, the session, the cache and the demo server; the
rest is Python and Qt ending the process.
"""

from __future__ import annotations

import re
import shutil
import signal
import statistics
import sys
import tempfile
from pathlib import Path

from tests.e2e.test_desk_process import Home, cached_tickets, running_desk, wait_for

_SHUT_DOWN = re.compile(r"shut down in ([\d.]+) s")


def one_round(sig: signal.Signals) -> tuple[float, float]:
    with tempfile.TemporaryDirectory(prefix="desk-bench-") as folder:
        root = Path(folder)
        (root / "home").mkdir()
        runtime = Path(tempfile.mkdtemp(prefix="desk-run-"))
        try:
            home = Home(root, runtime)
            with running_desk(home) as desk:
                database = home.cache()
                wait_for(lambda: cached_tickets(database) > 0)
                code, seconds, err = desk.stop(sig)
            if code != 0:
                raise SystemExit(f"desk exited with {code}: {err}")
            found = _SHUT_DOWN.search(home.log_text())
            return seconds, float(found.group(1)) if found else float("nan")
        finally:
            shutil.rmtree(runtime, ignore_errors=True)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    totals, closing = [], []
    for n in range(rounds):
        sig = signal.SIGTERM if n % 2 == 0 else signal.SIGINT
        total, app = one_round(sig)
        totals.append(total)
        closing.append(app)
        print(f"{sig.name}: exit after {total:.2f} s (of which closing the app {app:.2f} s)")
    print(
        f"signal to exit: median {statistics.median(totals):.2f} s, "
        f"max {max(totals):.2f} s over {rounds} rounds; target 2 s"
    )


if __name__ == "__main__":
    main()
