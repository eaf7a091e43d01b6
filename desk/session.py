"""One signed-in account: its API client, local store and sync engine, bundled.

The UI asks for a :class:`Session` (by signing in, by a remembered token, or as the
demo agent) and hands it to the main window; closing it stops everything in order.
Qt-free, so start-up paths are tested without a window.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from desk.api import ApiClient, Unauthorized
from desk.credentials import CredentialStore
from desk.demo import DemoEnvironment, start_demo
from desk.domain import User
from desk.store import Store
from desk.sync import SyncEngine

log = logging.getLogger(__name__)

# The demo server listens on a new port every run; its cache is keyed by this prefix
# and the demo's data folder instead.
DEMO_SERVER_KEY = "demo://embedded"


class NotStaffError(Exception):
    def __init__(self, user: User) -> None:
        self.email = user.email
        self.message = (
            f"{user.email} is a customer account. Desk is for support staff: "
            "sign in with an agent or admin account."
        )
        super().__init__(self.message)


@dataclass
class Session:
    server: str
    me: User
    api: ApiClient
    store: Store
    engine: SyncEngine
    demo: DemoEnvironment | None = None
    _background: list[asyncio.Task[None]] = field(default_factory=list)

    def start(self, *, simulate_customers: bool = True) -> None:
        """Start syncing (and, in the demo, the customer simulator)."""
        self.engine.start()
        if self.demo is not None and simulate_customers:
            simulator = self.demo.simulator()
            self._background.append(
                asyncio.get_running_loop().create_task(simulator.run(), name="desk-simulator")
            )

    async def close(self) -> None:
        for task in self._background:
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        self._background.clear()
        await self.engine.stop()
        await self.api.aclose()
        self.store.close()
        if self.demo is not None:
            await asyncio.to_thread(self.demo.stop)


async def sign_in(server: str, email: str, password: str) -> tuple[str, User]:
    """Exchange a password for a token; staff only."""
    async with ApiClient(server) as api:
        session = await api.login(email, password)
        if not session.user.role.is_staff:
            with contextlib.suppress(Exception):
                await api.logout()
            raise NotStaffError(session.user)
        return session.token, session.user


async def resume(server: str, token: str) -> User | None:
    """The user a remembered token belongs to, or None when it no longer works."""
    async with ApiClient(server, token) as api:
        try:
            return await api.me()
        except Unauthorized:
            return None


def open_session(
    server: str,
    token: str,
    me: User,
    *,
    store_key: str | None = None,
    store_root: Path | None = None,
    demo: DemoEnvironment | None = None,
) -> Session:
    api = ApiClient(server, token)
    store = Store.for_account(store_key or server, me.email, root=store_root)
    return Session(server, me, api, store, SyncEngine(api, store, me), demo=demo)


async def open_demo_session(
    data_dir: Path | None = None, *, store_root: Path | None = None
) -> Session:
    """Start the embedded demo server (seeding it on first run) and sign in as the
    demo agent. The first run takes several seconds; later runs well under one."""
    env = await asyncio.to_thread(start_demo, data_dir)
    try:
        token, me = await sign_in(env.url, env.agent_email, env.password)
    except BaseException:
        await asyncio.to_thread(env.stop)
        raise
    # The demo's port changes every run, so its cache is keyed by its data folder: two
    # demo folders are two different servers and must never share a cache.
    key = f"{DEMO_SERVER_KEY}/{env.server.settings.data_dir.resolve()}"
    return open_session(env.url, token, me, store_key=key, store_root=store_root, demo=env)


async def sign_out(session: Session, credentials: CredentialStore) -> None:
    """Revoke the token on the server (best effort) and forget it locally."""
    with contextlib.suppress(Exception):
        await session.api.logout()
    await asyncio.to_thread(credentials.delete, session.server, session.me.email)
    await session.close()
