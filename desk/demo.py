"""The demo environment behind ``desk --demo``: no Qt, so tests can drive it directly.

It runs the reference server embedded on 127.0.0.1 (a free port), seeds a demo
database under the user data dir on first run, and makes the customer simulator
that keeps the queue alive.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from desk.domain import Role
from desk.server.app import build_context
from desk.server.config import Settings
from desk.server.demo_content import DEMO_AGENT_EMAIL, DEMO_PASSWORD, PEOPLE
from desk.server.embedded import RunningServer, start_server
from desk.server.seeding import seed_demo
from desk.simulator import CustomerSimulator

log = logging.getLogger(__name__)


def default_demo_dir() -> Path:
    return Path(platformdirs.user_data_dir("Desk", appauthor=False)) / "demo"


@dataclass
class DemoEnvironment:
    server: RunningServer
    agent_email: str = DEMO_AGENT_EMAIL
    password: str = DEMO_PASSWORD

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
