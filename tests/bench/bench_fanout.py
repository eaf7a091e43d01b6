"""Event fan-out: today's path against the per-stream path it replaced, in one run.

Run: ``python tests/bench/bench_fanout.py [STREAMS ...]`` (default 100 1000). Seeds a
database with one distinct agent per stream (some with read markers, so unread counts
differ per recipient), then for each path — ``legacy`` (every stream fetches, counts
its unread messages and encodes its frames itself: tests/bench/_legacy_stream.py) and
``shared`` (one wave rendered once per audience, unread counts for all recipients in
one query) — starts ``desk-server serve`` in a child process (each on its own copy of the seeded
data, both running at once) and measures, p50 / p99: sending a message with no
stream open, and with N streams open how long sending takes and how long until the
message has reached all N; plus the server's CPU time per message. Samples alternate
between the two servers, so a busy spell on a shared machine falls on both alike.
The streams are raw sockets that only look for the message's marker, so the client
adds little. Figures vary by machine; read the ratios.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

import httpx
from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desk.domain import Role
from desk.server import messages, tickets
from desk.server.app import build_context
from desk.server.config import Settings, database_url_for
from desk.server.db.models import ReadMarker
from desk.server.schemas import TicketCreateIn
from desk.server.security import issue_token
from desk.server.users import create_user
from desk.server.viewer import Viewer
from tests.bench.bench_server import free_port, percentiles

PASSWORD = "bench password"
TICKETS = 500
SAMPLES = {100: 60, 1000: 20}


def seed(settings: Settings, agents: int) -> tuple[list[str], str, list[int]]:
    """(agent tokens, the sender's token, ticket ids)."""
    ctx = build_context(settings)
    ctx.db.upgrade()
    rng = random.Random(2)
    start = ctx.now() - timedelta(days=10)
    ttl = timedelta(days=1)
    with ctx.db.write(sequenced=False) as tx:
        staff = []
        for i in range(agents):
            user = create_user(
                tx.session, ctx.passwords, email=f"a{i}@bench.test", name=f"Agent {i}",
                role=Role.AGENT, password=PASSWORD, now=start,
            )  # fmt: skip
            staff.append(user)
        customer = create_user(
            tx.session, ctx.passwords, email="c@bench.test", name="Customer",
            role=Role.CUSTOMER, password=PASSWORD, company="Co", now=start,
        )  # fmt: skip
        tokens = [issue_token(tx.session, u.id, ctx.now(), ttl) for u in staff]
        sender = issue_token(tx.session, customer.id, ctx.now(), ttl)
    who = Viewer(customer.id, customer.name, customer.email, Role.CUSTOMER, customer.company)
    ids: list[int] = []
    markers: list[dict[str, int]] = []
    with ctx.db.write() as tx:
        for i in range(TICKETS):
            data = TicketCreateIn(title=f"Bench ticket {i}", body="Something is wrong")
            ticket, _ = tickets.create_ticket(ctx, tx, who, data, None, start)
            message = messages.add_message(
                ctx, tx, ticket, who, body="More detail", internal=False,
                attachments=[], client_id=None, now=start + timedelta(minutes=1),
            )  # fmt: skip
            ids.append(ticket.id)
            # A third of the agents have read it: per-recipient counts differ.
            readers = rng.sample(staff, k=max(1, agents // 3))
            markers.extend(
                {"user_id": u.id, "ticket_id": ticket.id, "message_id": message.id} for u in readers
            )
        tx.session.execute(insert(ReadMarker), markers)
    ctx.db.dispose()
    return tokens, sender, ids


class Streams:
    """Raw SSE connections on their own event loop; records when a marker arrives."""

    def __init__(self, port: int, tokens: list[str]) -> None:
        self.port, self.tokens = port, tokens
        self.connected = threading.Event()
        self.arrivals: dict[str, list[float]] = {}
        self.watching: set[str] = set()
        self.lock = threading.Lock()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_until_complete, args=(self.main(),))
        self.stop_event: asyncio.Event | None = None

    def watch(self, marker: str) -> None:
        with self.lock:
            self.watching.add(marker)
            self.arrivals[marker] = []

    async def one(self, token: str, ready: list[int]) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        writer.write(
            f"GET /api/v1/events HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer {token}\r\n"
            "Accept: text/event-stream\r\n\r\n".encode()
        )
        await writer.drain()
        tail, counted = b"", False
        try:
            while True:
                data = await reader.read(65536)
                if not data:
                    return
                now = time.perf_counter()
                text = tail + data
                if not counted and b": connected" in text:
                    counted = True
                    ready[0] += 1
                    if ready[0] == len(self.tokens):
                        self.connected.set()
                with self.lock:
                    for marker in self.watching:
                        if marker.encode() in text:
                            self.arrivals[marker].append(now)
                tail = text[-80:]
        finally:
            writer.close()

    async def main(self) -> None:
        self.stop_event = asyncio.Event()
        ready = [0]
        tasks = [asyncio.create_task(self.one(t, ready)) for t in self.tokens]
        await self.stop_event.wait()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    def start(self) -> None:
        self.thread.start()
        if not self.connected.wait(120):
            raise RuntimeError("streams did not connect")

    def stop(self) -> None:
        assert self.stop_event is not None
        self.loop.call_soon_threadsafe(self.stop_event.set)
        self.thread.join(30)
        self.loop.close()


def sends(
    client: httpx.Client, ids: list[int], repeat: int, streams: Streams | None, count: int
) -> tuple[list[float], list[float]]:
    sent, reached = [], []
    rng = random.Random(3)
    for _ in range(repeat):
        marker = uuid.uuid4().hex
        if streams is not None:
            streams.watch(marker)
        began = time.perf_counter()
        r = client.post(
            f"/tickets/{rng.choice(ids)}/messages",
            json={"body": "bench reply", "client_id": marker},
            headers={"Idempotency-Key": marker},
        )
        sent.append(time.perf_counter() - began)
        assert r.status_code == 201, r.text
        if streams is None:
            continue
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with streams.lock:
                got = streams.arrivals[marker]
                if len(got) >= count:
                    reached.append(max(got) - began)
                    streams.watching.discard(marker)
                    break
            time.sleep(0.0005)
        else:
            raise RuntimeError("a message did not reach every stream")
    return sent, reached


def serve_child(path: str, port: int, root: Path) -> None:
    """Runs in the child process: `desk-server serve`, on the legacy path if asked."""
    from desk.server import cli

    if path == "legacy":
        from tests.bench._legacy_stream import install

        install()
    storage = ["--database", str(root / "bench.db"), "--data-dir", str(root / "data")]
    cli.main(["serve", "--port", str(port), "--log-level", "warning", *storage])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc; NaN elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Server:
    """`desk-server serve` on one path, in a child process with its own copy of the data."""

    def __init__(self, path: str, seeded: Path, root: Path, sender: str) -> None:
        self.path = path
        self.root = root / path
        shutil.copytree(seeded, self.root)
        self.port = free_port()
        cmd = [sys.executable, __file__, "--serve", path, str(self.port), str(self.root)]
        self.proc = subprocess.Popen(cmd, env={**os.environ, "PYTHONWARNINGS": "ignore"})
        api = f"http://127.0.0.1:{self.port}/api/v1"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{api}/health").status_code == 200:
                    break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
            time.sleep(0.05)
        self.client = httpx.Client(base_url=api, headers={"Authorization": f"Bearer {sender}"})

    def stop(self) -> None:
        self.client.close()
        self.proc.terminate()
        self.proc.wait(15)


def interleaved(
    servers: list[Server],
    ids: list[int],
    repeat: int,
    streams: dict[str, Streams] | None,
    count: int,
    out: dict[str, dict[str, list[float]]],
    label: str,
) -> None:
    """`repeat` sends to each server, alternating which goes first, so a busy spell on a
    shared machine falls on both paths alike; records the server's CPU per message too."""
    for i in range(repeat):
        for server in servers if i % 2 else servers[::-1]:
            mine = None if streams is None else streams[server.path]
            began = cpu_seconds(server.proc.pid)
            sent, reached = sends(server.client, ids, 1, mine, count)
            spent = cpu_seconds(server.proc.pid) - began
            record = out[server.path]
            record.setdefault(f"send, {label}", []).extend(sent)
            if mine is not None:
                record.setdefault(f"message reaches all {label}", []).extend(reached)
            record.setdefault(f"server CPU per message, {label}", []).append(spent)


def main() -> None:
    if sys.argv[1:2] == ["--serve"]:
        serve_child(sys.argv[2], int(sys.argv[3]), Path(sys.argv[4]))
        return
    sizes = [int(a) for a in sys.argv[1:]] or [100, 1000]
    root = Path(tempfile.mkdtemp(prefix="desk-bench-fanout-"))
    seeded = root / "seed"
    settings = Settings(
        database_url=database_url_for(str(seeded / "bench.db")), data_dir=seeded / "data",
        argon2_time_cost=1, argon2_memory_kib=8, argon2_parallelism=1,
    )  # fmt: skip
    began = time.perf_counter()
    tokens, sender, ids = seed(settings, max(sizes))
    print(f"seeded {max(sizes)} agents, {TICKETS} tickets in {time.perf_counter() - began:.1f} s")
    paths = ["legacy", "shared"]
    results: dict[str, dict[str, list[float]]] = {path: {} for path in paths}
    servers = [Server(path, seeded, root, sender) for path in paths]
    try:
        for server in servers:
            sends(server.client, ids, 10, None, 0)  # warm up
        interleaved(servers, ids, 60, None, 0, results, "no streams")
        for size in sizes:
            streams = {s.path: Streams(s.port, tokens[:size]) for s in servers}
            for one in streams.values():
                one.start()
            try:
                for server in servers:
                    sends(server.client, ids, 3, streams[server.path], size)  # warm up
                label = f"{size} streams open"
                interleaved(servers, ids, SAMPLES.get(size, 30), streams, size, results, label)
            finally:
                for one in streams.values():
                    one.stop()
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(root, ignore_errors=True)
    print(f"\nmilliseconds, p50 / p99; CPU: mean (load average {os.getloadavg()[0]:.2f})")
    print(f"{'operation':44} {'legacy (per stream)':>20} {'shared (one wave)':>20} {'ratio':>7}")
    for name, samples in results["shared"].items():
        legacy = results["legacy"][name]
        if name.startswith("server CPU"):
            lc, sc = statistics.mean(legacy) * 1000, statistics.mean(samples) * 1000
            print(f"{name:44} {lc:20.1f} {sc:20.1f} {lc / sc:6.1f}x")
            continue
        l50, l99 = percentiles(legacy)
        s50, s99 = percentiles(samples)
        print(f"{name:44} {l50:9.1f} / {l99:8.1f} {s50:9.1f} / {s99:8.1f} {l50 / s50:6.1f}x")
    for path, res in results.items():
        quiet = statistics.median(res["send, no streams"])
        for size in sizes:
            busy = statistics.median(res[f"send, {size} streams open"])
            print(f"{path}: send with {size} streams open / with none = {busy / quiet:.2f}x")


if __name__ == "__main__":
    main()
