"""Reference server benchmark over real HTTP, with and without 100 open event streams.

Run: ``python tests/bench/bench_server.py [TICKETS]`` (default 10 000). Seeds the
tickets through the server's own write path, starts ``desk-server serve`` in a child
process, then prints p50/p99 for: listing (limit 100 and 1000), delta sync
(``since=``), sending a message; then the same with 100 SSE streams connected, plus
how long a new message takes to reach all 100 streams. Figures vary by machine; read
the ratios.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desk.domain import Role
from desk.server import messages, tickets
from desk.server.app import build_context
from desk.server.config import Settings, database_url_for
from desk.server.schemas import TicketCreateIn
from desk.server.users import create_user
from desk.server.viewer import Viewer
from tests.helpers.child_server import free_port, wait_until_answering

PASSWORD = "bench password"
STREAMS = 100
WORDS = [
    "бот",
    "молчит",
    "telegram",
    "webhook",
    "оплата",
    "счёт",
    "error",
    "timeout",
    "канал",
    "настройка",
]


def seed(settings: Settings, count: int) -> None:
    ctx = build_context(settings)
    ctx.db.upgrade()
    rng = random.Random(1)
    start = ctx.now() - timedelta(days=60)
    with ctx.db.write(sequenced=False) as tx:
        agent = create_user(
            tx.session, ctx.passwords, email="agent@bench.test", name="Agent",
            role=Role.AGENT, password=PASSWORD, now=start,
        )  # fmt: skip
        staff = Viewer(agent.id, agent.name, agent.email, Role.AGENT, None)
        customers = []
        for i in range(50):
            user = create_user(
                tx.session, ctx.passwords, email=f"c{i}@bench.test", name=f"Customer {i}",
                role=Role.CUSTOMER, password=PASSWORD, company=f"Co {i}", now=start,
            )  # fmt: skip
            customers.append(Viewer(user.id, user.name, user.email, Role.CUSTOMER, user.company))
    began = time.perf_counter()
    for batch in range(0, count, 1000):
        with ctx.db.write() as tx:
            for i in range(batch, min(count, batch + 1000)):
                when = start + timedelta(minutes=5 * i)
                title = " ".join(rng.choices(WORDS, k=4)) + f" #{i}"
                data = TicketCreateIn(title=title, body="Something is wrong " * 5)
                customer = rng.choice(customers)
                ticket, _ = tickets.create_ticket(ctx, tx, customer, data, None, when)
                if i % 2:
                    messages.add_message(
                        ctx, tx, ticket, staff, body="Looking into it", internal=False,
                        attachments=[], client_id=None, now=when + timedelta(minutes=1),
                    )  # fmt: skip
    ctx.db.dispose()
    print(f"seeded {count} tickets in {time.perf_counter() - began:.1f} s")


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p99 * 1000


def timed(call: Callable[[], httpx.Response], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        began = time.perf_counter()
        r = call()
        out.append(time.perf_counter() - began)
        assert r.status_code < 300, r.text
    return out


class Streams:
    """STREAMS event streams on their own event loop; records when message events arrive."""

    def __init__(self, url: str, token: str) -> None:
        self.url, self.token = url, token
        self.connected = threading.Event()
        self.arrivals: dict[str, list[float]] = {}
        self.lock = threading.Lock()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_until_complete, args=(self.main(),))
        self.stop_event: asyncio.Event | None = None

    async def main(self) -> None:
        self.stop_event = asyncio.Event()
        limits = httpx.Limits(max_connections=STREAMS + 5)
        async with httpx.AsyncClient(timeout=None, limits=limits) as client:
            ready = 0

            async def one() -> None:
                nonlocal ready
                headers = {"Authorization": f"Bearer {self.token}"}
                async with client.stream("GET", f"{self.url}/events", headers=headers) as r:
                    event = ""
                    async for line in r.aiter_lines():
                        if line == ": connected":
                            ready += 1
                            if ready == STREAMS:
                                self.connected.set()
                        elif line.startswith("event: "):
                            event = line[7:]
                        elif line.startswith("data: ") and event == "message":
                            marker = line.split('"client_id":"', 1)[-1].split('"', 1)[0]
                            with self.lock:
                                self.arrivals.setdefault(marker, []).append(time.perf_counter())

            tasks = [asyncio.create_task(one()) for _ in range(STREAMS)]
            await self.stop_event.wait()
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    def start(self) -> None:
        self.thread.start()
        if not self.connected.wait(60):
            raise RuntimeError("streams did not connect")

    def stop(self) -> None:
        assert self.stop_event is not None
        self.loop.call_soon_threadsafe(self.stop_event.set)
        self.thread.join(30)
        self.loop.close()


def measure(
    api: str, client: httpx.Client, ids: list[int], streams: Streams | None
) -> dict[str, list[float]]:
    head = client.get("/tickets", params={"limit": 1}).json()["seq"]
    results = {
        "list limit=100": timed(lambda: client.get("/tickets", params={"limit": 100}), 60),
        "list limit=1000": timed(lambda: client.get("/tickets", params={"limit": 1000}), 20),
        "delta since=head-300": timed(
            lambda: client.get("/tickets", params={"since": head - 300, "limit": 1000}), 40
        ),
    }
    sends, fanout = [], []
    for _ in range(60):
        marker = uuid.uuid4().hex
        began = time.perf_counter()
        r = client.post(
            f"/tickets/{random.choice(ids)}/messages",
            json={"body": "bench reply", "client_id": marker},
            headers={"Idempotency-Key": marker},
        )
        done = time.perf_counter()
        assert r.status_code == 201, r.text
        sends.append(done - began)
        if streams is not None:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                with streams.lock:
                    got = streams.arrivals.get(marker, [])
                    if len(got) == STREAMS:
                        fanout.append(max(got) - began)
                        break
                time.sleep(0.001)
            else:
                raise RuntimeError("a message did not reach every stream")
    results["send message"] = sends
    if fanout:
        results[f"message reaches all {STREAMS} streams"] = fanout
    return results


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    root = Path(tempfile.mkdtemp(prefix="desk-bench-"))
    settings = Settings(
        database_url=database_url_for(str(root / "bench.db")), data_dir=root / "data"
    ).replace(argon2_time_cost=1, argon2_memory_kib=8, argon2_parallelism=1)
    seed(settings, count)
    port = free_port()
    storage = ["--database", str(root / "bench.db"), "--data-dir", str(root / "data")]
    cmd = [sys.executable, "-m", "desk.server.cli", "serve", "--port", str(port), *storage]
    cmd += ["--log-level", "warning"]
    proc = subprocess.Popen(cmd, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    api = f"http://127.0.0.1:{port}/api/v1"
    try:
        wait_until_answering(f"{api}/health", proc)
        login = httpx.post(
            f"{api}/auth/login", json={"email": "agent@bench.test", "password": PASSWORD}
        )
        token = login.json()["token"]
        with httpx.Client(base_url=api, headers={"Authorization": f"Bearer {token}"}) as client:
            ids = [t["id"] for t in client.get("/tickets", params={"limit": 1000}).json()["items"]]
            quiet = measure(api, client, ids, None)
            streams = Streams(api, token)
            streams.start()
            try:
                busy = measure(api, client, ids, streams)
            finally:
                streams.stop()
        print(f"\n{count} tickets; milliseconds (p50 / p99)")
        print(
            f"{'operation':38} {'no streams':>18} {f'{STREAMS} SSE streams':>20} {'p50 ratio':>10}"
        )
        for name, samples in busy.items():
            b50, b99 = percentiles(samples)
            if name in quiet:
                q50, q99 = percentiles(quiet[name])
                print(
                    f"{name:38} {q50:8.1f} / {q99:7.1f} {b50:9.1f} / {b99:8.1f} {b50 / q50:9.2f}x"
                )
            else:
                print(f"{name:38} {'':>18} {b50:9.1f} / {b99:8.1f}")
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    main()
