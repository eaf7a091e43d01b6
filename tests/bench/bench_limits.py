"""Server memory and latency under hostile load: before (the branch point) and after.

Run: ``python tests/bench/bench_limits.py [--images 16] [--logins 30] [--before REF]``.

Both variants run in one go, each as a ``uvicorn`` child process on a fresh data dir:
"before" is ``git archive`` of REF (default: the merge base with ``main``), "after" is
this tree. For each it prints

- thumbnails: RSS growth (peak from VmHWM, and what stays afterwards) while IMAGES
  distinct 49-megapixel PNGs (about 190 KB each: anyone may upload them) are uploaded
  and then IMAGES thumbnails are requested at once;
- logins: GET /me latency (p50/p95/max) and peak RSS growth while LOGINS clients send
  failed sign-ins for unknown emails without pause (the per-address limit is switched
  off, so the pool itself is measured).

RSS comes from /proc/<pid>/status (psutil is not needed). Figures vary with the
machine and its load; compare the two variants of one run.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

import httpx
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from desk.domain import Role  # noqa: E402
from desk.server.app import build_context  # noqa: E402
from desk.server.config import Settings, database_url_for  # noqa: E402
from desk.server.users import create_user  # noqa: E402
from tests.helpers.child_server import free_port, wait_until_answering  # noqa: E402

SIDE = 7000  # 49 megapixels, under the 50-MP limit
PASSWORD = "bench password"
MIB = 1024 * 1024
CACHE = Path(tempfile.gettempdir()) / "desk-bench-49mp"

# The child: the variant's own Settings, with the limits that would hide the load off.
RUNNER = """
import sys, uvicorn
from desk.server.app import create_app
from desk.server.config import Settings
settings = Settings.from_env(data_dir=sys.argv[1])
known = set(Settings.model_fields)
off = {"login_failure_limit": 10**9, "login_address_failure_limit": 10**9,
       "upload_quota_bytes": 10**12}
settings = settings.replace(**{k: v for k, v in off.items() if k in known})
uvicorn.run(create_app(settings), host="127.0.0.1", port=int(sys.argv[2]),
            log_level="warning")
"""


def big_pngs(count: int) -> list[bytes]:
    CACHE.mkdir(exist_ok=True)
    out = []
    for n in range(count):
        path = CACHE / f"{SIDE}-{n}.png"
        if not path.exists():
            colour = (n * 37 % 256, n * 91 % 256, 200)
            buffer = io.BytesIO()
            Image.new("RGB", (SIDE, SIDE), colour).save(buffer, "PNG", compress_level=9)
            path.write_bytes(buffer.getvalue())
        out.append(path.read_bytes())
    return out


def status_kib(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def reset_peak(pid: int) -> bool:
    """Reset VmHWM (Linux 4.0+: write 5 to clear_refs); False when not allowed."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True


class RssSampler:
    """Samples VmRSS every 10 ms, as a fallback for the peak if VmHWM cannot be reset."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, status_kib(self.pid, "VmRSS"))

    def __enter__(self) -> RssSampler:
        self.peak = status_kib(self.pid, "VmRSS")
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()


class Server:
    def __init__(self, tree: Path, root: Path) -> None:
        self.root = root
        settings = Settings(database_url=database_url_for(str(root / "desk.db")), data_dir=root)
        ctx = build_context(settings)  # this tree's schema: the branch changed no tables
        ctx.db.upgrade()
        with ctx.db.write(sequenced=False) as tx:
            create_user(
                tx.session, ctx.passwords, email="c@bench.test", name="Customer",
                role=Role.CUSTOMER, password=PASSWORD, company="Co", now=ctx.now(),
            )  # fmt: skip
        ctx.thumbnails.close()
        ctx.db.dispose()
        self.port = free_port()
        env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONWARNINGS": "ignore"}
        self.proc = subprocess.Popen(
            [sys.executable, "-c", RUNNER, str(root), str(self.port)], env=env, cwd=tree
        )
        self.api = f"http://127.0.0.1:{self.port}/api/v1"
        wait_until_answering(f"{self.api}/health", self.proc)
        r = httpx.post(
            f"{self.api}/auth/login", json={"email": "c@bench.test", "password": PASSWORD}
        )
        r.raise_for_status()
        self.headers = {"Authorization": f"Bearer {r.json()['token']}"}

    def rss_mib(self) -> float:
        return status_kib(self.proc.pid, "VmRSS") / 1024

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(30)


def bench_thumbnails(server: Server, images: list[bytes]) -> dict[str, float]:
    pid = server.proc.pid
    with httpx.Client(base_url=server.api, headers=server.headers, timeout=600) as c:
        c.get("/me")
        base = server.rss_mib()
        hwm = reset_peak(pid)
        began = time.perf_counter()
        with RssSampler(pid) as sampler:
            ids = []
            for n, data in enumerate(images):
                r = c.post("/attachments", files={"file": (f"big{n}.png", data, "image/png")})
                r.raise_for_status()
                ids.append(r.json()["id"])

            def thumb(att_id: int) -> int:
                with httpx.Client(base_url=server.api, headers=server.headers, timeout=600) as t:
                    r = t.get(f"/attachments/{att_id}/thumbnail", params={"size": 320})
                    return r.status_code

            with concurrent.futures.ThreadPoolExecutor(len(ids)) as pool:
                codes = list(pool.map(thumb, ids))
        elapsed = time.perf_counter() - began
        assert codes == [200] * len(ids), codes
        peak = status_kib(pid, "VmHWM") / 1024 if hwm else sampler.peak / 1024
        peak = max(peak, sampler.peak / 1024)
        c.get("/me")
    return {"base": base, "peak": peak - base, "after": server.rss_mib() - base, "s": elapsed}


def bench_logins(server: Server, clients: int, seconds: float) -> dict[str, float]:
    pid = server.proc.pid
    me_url = f"{server.api}/me"
    with httpx.Client(headers=server.headers) as c:
        quiet = []
        for _ in range(50):
            t0 = time.perf_counter()
            c.get(me_url).raise_for_status()
            quiet.append(time.perf_counter() - t0)
    base = server.rss_mib()
    hwm = reset_peak(pid)
    stop = threading.Event()
    logins = [0]
    lock = threading.Lock()

    def storm(n: int) -> None:
        with httpx.Client(timeout=120) as s:
            i = 0
            while not stop.is_set():
                i += 1
                s.post(
                    f"{server.api}/auth/login",
                    json={"email": f"nobody{n}-{i}@bench.test", "password": "guess"},
                )
                with lock:
                    logins[0] += 1

    threads = [threading.Thread(target=storm, args=(n,)) for n in range(clients)]
    with RssSampler(pid) as sampler:
        for t in threads:
            t.start()
        time.sleep(1.0)  # let the storm build up
        loud = []
        end = time.monotonic() + seconds
        with httpx.Client(headers=server.headers, timeout=60) as c:
            while time.monotonic() < end:
                t0 = time.perf_counter()
                c.get(me_url).raise_for_status()
                loud.append(time.perf_counter() - t0)
        stop.set()
        for t in threads:
            t.join()
    peak = status_kib(pid, "VmHWM") / 1024 if hwm else sampler.peak / 1024
    peak = max(peak, sampler.peak / 1024)
    ordered = sorted(loud)
    return {
        "quiet_p50": statistics.median(quiet) * 1000,
        "p50": statistics.median(ordered) * 1000,
        "p95": ordered[round(0.95 * (len(ordered) - 1))] * 1000,
        "max": ordered[-1] * 1000,
        "n": len(ordered),
        "logins_per_s": logins[0] / (seconds + 1.0),
        "peak": peak - base,
    }


def export(ref: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref, "desk"], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=16)
    parser.add_argument("--logins", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--before", default=None, help="git ref of 'before' (merge base)")
    parser.add_argument("--only", choices=("thumbnails", "logins"), default=None)
    args = parser.parse_args()
    ref = args.before or subprocess.run(
        ["git", "-C", str(ROOT), "merge-base", "HEAD", "main"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    images = big_pngs(args.images) if args.only != "logins" else []
    if images:
        print(f"{len(images)} PNGs of {SIDE}x{SIDE}, {len(images[0]) // 1024} KB each")
    print(f"load average before: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as tmp:
        trees = {"before": export(ref, Path(tmp) / "before"), "after": ROOT}
        for name, tree in trees.items():
            if args.only != "logins":
                server = Server(tree, Path(tmp) / f"{name}-thumbs")
                try:
                    t = bench_thumbnails(server, images)
                finally:
                    server.stop()
                print(
                    f"{name:6} thumbnails: base {t['base']:.0f} MiB, peak +{t['peak']:.0f} MiB, "
                    f"after +{t['after']:.0f} MiB, {t['s']:.1f} s for {len(images)} "
                    "uploads + parallel thumbnails"
                )
            if args.only != "thumbnails":
                server = Server(tree, Path(tmp) / f"{name}-logins")
                try:
                    m = bench_logins(server, args.logins, args.seconds)
                finally:
                    server.stop()
                print(
                    f"{name:6} logins x{args.logins}: GET /me quiet p50 {m['quiet_p50']:.0f} ms; "
                    f"during: p50 {m['p50']:.0f} ms, p95 {m['p95']:.0f} ms, max {m['max']:.0f} ms "
                    f"({m['n']:.0f} calls); {m['logins_per_s']:.0f} logins/s; "
                    f"peak +{m['peak']:.0f} MiB"
                )
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
