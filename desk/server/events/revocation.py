"""Ending the streams of tokens that stopped working.

A logout on this server ends its streams at once (`EventHub.end_token`). Everything
else that takes a token's rights away — it expired, its user was deleted or given
another role, another instance signed it out — is found by `watch_tokens`, which checks
every open stream's token in one query per interval (not one per stream).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from anyio import to_thread
from sqlalchemy import select

from desk.server.context import ServerContext
from desk.server.db.engine import Database
from desk.server.db.models import Token, User

log = logging.getLogger(__name__)
_CHUNK = 500


def live_roles(db: Database, token_hashes: set[str], now: datetime) -> dict[str, str]:
    """token hash -> its user's role, for the hashes that still sign someone in."""
    wanted = sorted(token_hashes)
    found: dict[str, str] = {}
    with db.read() as session:
        for start in range(0, len(wanted), _CHUNK):
            rows = session.execute(
                select(Token.token_hash, User.role)
                .join(User, User.id == Token.user_id)
                .where(Token.token_hash.in_(wanted[start : start + _CHUNK]), Token.expires_at > now)
            )
            found.update({token_hash: role for token_hash, role in rows})
    return found


async def check_once(ctx: ServerContext) -> int:
    """Ends the open streams whose token no longer works as it did; returns how many."""
    subs = ctx.hub.subscriptions()
    if not subs:
        return 0
    hashes = {sub.viewer.token_hash for sub in subs}
    roles = await to_thread.run_sync(
        live_roles, ctx.db, hashes, ctx.now(), limiter=ctx.stream_limiter
    )
    dead = [sub for sub in subs if roles.get(sub.viewer.token_hash) != sub.viewer.role.value]
    if dead:
        ctx.hub.end(dead)
    return len(dead)


async def watch_tokens(ctx: ServerContext) -> None:
    """Runs `check_once` every `stream_auth_check_interval` seconds until cancelled."""
    while True:
        await asyncio.sleep(ctx.settings.stream_auth_check_interval)
        try:
            await check_once(ctx)
        except Exception:  # a database hiccup must not stop the watch
            log.exception("checking the tokens of open event streams failed")
