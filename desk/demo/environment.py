"""The demo environment behind ``desk --demo``: no Qt, so tests can drive it directly.

It runs the reference server embedded on 127.0.0.1 (a free port), seeds a demo
database under the user data dir on first run, and makes the customer simulator
that keeps the queue alive.
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from desk.client.session import Session, open_session, sign_in
from desk.demo.content import DEMO_AGENT_EMAIL, DEMO_PASSWORD, PEOPLE
from desk.demo.seeding import seed_demo
from desk.demo.simulator import CustomerSimulator
from desk.domain import Role
from desk.server.app import build_context
from desk.server.config import Settings
from desk.server.embedded import RunningServer, start_server

log = logging.getLogger(__name__)

# The demo server listens on a new port every run; its cache is keyed by this prefix
# and the demo's data folder instead.
DEMO_SERVER_KEY = "demo://embedded"


def default_demo_dir() -> Path:
    return Path(platformdirs.user_data_dir("Desk", appauthor=False)) / "demo"


@dataclass
class DemoEnvironment:
    """The embedded server and its customer simulator; a session's companion."""

    server: RunningServer
    agent_email: str = DEMO_AGENT_EMAIL
    password: str = DEMO_PASSWORD
    _simulation: asyncio.Task[None] | None = field(default=None, init=False, repr=False)

    @property
    def url(self) -> str:
        return self.server.url

    def simulator(
        self,
        *,
        rng: random.Random | None = None,
        min_delay: float = 4.0,
        max_delay: float = 60.0,
    ) -> CustomerSimulator:
        customers = [p for p in PEOPLE if p.role is Role.CUSTOMER]
        return CustomerSimulator(
            self.url, customers, self.password, rng=rng, min_delay=min_delay, max_delay=max_delay
        )

    def start(self, *, simulate_customers: bool) -> None:
        if simulate_customers and self._simulation is None:
            self._simulation = asyncio.get_running_loop().create_task(
                self.simulator().run(), name="desk-simulator"
            )

    async def fresh_token(self) -> str:
        """The demo agent signs in again by itself: its password is the demo's."""
        token, _me = await sign_in(self.url, self.agent_email, self.password)
        return token

    async def close(self) -> None:
        """End the simulator, then the server (in a thread: it joins uvicorn's)."""
        if self._simulation is not None:
            self._simulation.cancel()
            await asyncio.gather(self._simulation, return_exceptions=True)
            self._simulation = None
        await asyncio.to_thread(self.stop)

    def stop(self) -> None:
        self.server.stop()


def prepare_demo_database(settings: Settings) -> bool:
    """Upgrade the schema and load the demo data on first run; True if it seeded now."""
    ctx = build_context(settings)
    try:
        ctx.db.upgrade()
        result = seed_demo(ctx)
    finally:
        ctx.db.dispose()
    if result is not None:
        log.info("demo: %s", result)
    return result is not None


def start_demo(data_dir: Path | None = None) -> DemoEnvironment:
    """Blocking (seconds on first run): call it from a worker thread in the app."""
    root = data_dir or default_demo_dir()
    root.mkdir(parents=True, exist_ok=True)
    settings = Settings.from_env(database=str(root / "demo.db"), data_dir=root)
    prepare_demo_database(settings)
    return DemoEnvironment(server=start_server(settings))


async def open_demo_session(
    data_dir: Path | None = None, *, store_root: Path | None = None
) -> Session:
    """Start the embedded demo server (seeding it on first run) and sign in as the
    demo agent. The first run takes several seconds; later runs well under one."""
    env = await asyncio.to_thread(start_demo, data_dir)
    try:
        token, me = await sign_in(env.url, env.agent_email, env.password)
        # The demo's port changes every run, so its cache is keyed by its data folder:
        # two demo folders are two different servers and must never share a cache.
        key = f"{DEMO_SERVER_KEY}/{env.server.settings.data_dir.resolve()}"
        return open_session(
            env.url, token, me, store_key=key, store_root=store_root, companion=env, demo=True
        )
    except BaseException:  # e.g. the cache is open in another Desk: the server goes too
        await env.close()
        raise
