"""One signed-in account: its API client, local store and sync engine, bundled.

The UI asks for a :class:`Session` (by signing in, by a remembered token, or as the
demo agent) and hands it to the main window; closing it stops everything in order.
Qt-free, so start-up paths are tested without a window. The demo is not known here: it
hands its embedded server and simulator to the session as a :class:`Companion`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import msgspec

from desk.client.api import ApiClient, Unauthorized
from desk.client.credentials import CredentialStore
from desk.client.paths import default_store_path, normalize_server_url
from desk.client.store import Store
from desk.client.sync import SyncEngine
from desk.domain import User, normalize_email

log = logging.getLogger(__name__)

# The signed-in user as the server last described them, kept in the account's cache
# so a remembered sign-in opens the window without waiting for the network.
PROFILE_KEY = "profile"
_decode_profile = msgspec.json.Decoder(User).decode


class Companion(Protocol):
    """What a session owns besides the account and ends with it (the demo's embedded
    server and customer simulator)."""

    def start(self, *, simulate_customers: bool) -> None: ...

    async def fresh_token(self) -> str | None:
        """A new token for the session's account when the companion can sign it in by
        itself (the demo agent), else None: a person has to."""
        ...

    async def close(self) -> None: ...


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
    companion: Companion | None = None
    demo: bool = False  # signed in as the demo agent of an embedded demo server

    def start(self, *, simulate_customers: bool = True) -> None:
        """Start syncing (and the companion: in the demo, the customer simulator)."""
        self.engine.start()
        if self.companion is not None:
            self.companion.start(simulate_customers=simulate_customers)

    def is_account(self, server: str, user: User) -> bool:
        """Whether ``user`` on ``server`` is this session's account (signing in again)."""
        return normalize_server_url(server) == normalize_server_url(self.server) and (
            user.id == self.me.id
        )

    async def renew(self, token: str) -> None:
        """Carry on with a new token for the same account after the old one expired:
        the engine stops, the client takes the token, the engine starts again. The
        store (its outbox and drafts) is untouched, so what waited is sent now."""
        await self.engine.stop()
        self.api.set_token(token)
        self.engine.start()

    async def close(self) -> None:
        await self.engine.stop()
        await self.api.aclose()
        self.store.close()
        if self.companion is not None:
            await self.companion.close()


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
    companion: Companion | None = None,
    demo: bool = False,
) -> Session:
    api = ApiClient(server, token)
    store = Store.for_account(store_key or server, me.email, root=store_root)
    profile = msgspec.json.encode(me).decode()
    if store.meta(PROFILE_KEY) != profile:
        store.set_meta(PROFILE_KEY, profile)
    engine = SyncEngine(api, store, me)
    return Session(server, me, api, store, engine, companion=companion, demo=demo)


def open_cached_session(
    server: str, token: str, email: str, *, store_root: Path | None = None
) -> Session | None:
    """A remembered account straight from its cache, asking the server nothing: the
    profile saved when it last signed in stands for ``me``. The token is checked by the
    sync engine's first request; a dead one ends in ``SessionExpired`` (sign in again
    over the open window). None when this account has no cache with a profile yet.
    """
    path = default_store_path(server, email, root=store_root)
    if not path.exists():
        return None
    store = Store(path)
    try:
        saved = store.meta(PROFILE_KEY)
        me = None if saved is None else _decode_profile(saved)
    except BaseException:
        store.close()
        raise
    if me is None or normalize_email(me.email) != normalize_email(email):
        store.close()
        return None
    api = ApiClient(server, token)
    return Session(server, me, api, store, SyncEngine(api, store, me))


async def sign_out(session: Session, credentials: CredentialStore) -> None:
    """Revoke the token on the server (best effort) and forget it locally."""
    with contextlib.suppress(Exception):
        await session.api.logout()
    await asyncio.to_thread(credentials.delete, session.server, session.me.email)
    await session.close()
