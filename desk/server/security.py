"""Passwords (argon2id), bearer tokens (stored as sha256) and the login rate limits."""

from __future__ import annotations

import hashlib
import math
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import ColumnElement, and_, delete, func, select
from sqlalchemy.orm import Session

from desk.server.db.engine import Database, utcnow
from desk.server.db.models import LoginAttempt, Token, User


class Passwords:
    def __init__(self, time_cost: int, memory_kib: int, parallelism: int) -> None:
        self._hasher = PasswordHasher(
            time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism
        )
        # Verified against when the email is unknown, so timing does not tell.
        self._dummy = self._hasher.hash(secrets.token_urlsafe(16))

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, stored: str | None, password: str) -> bool:
        try:
            return self._hasher.verify(stored or self._dummy, password) and stored is not None
        except (VerificationError, InvalidHashError):
            return False


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


def issue_token(session: Session, user_id: int, now: datetime, ttl: timedelta) -> str:
    token = secrets.token_urlsafe(32)
    session.execute(delete(Token).where(Token.user_id == user_id, Token.expires_at <= now))
    session.add(
        Token(user_id=user_id, token_hash=hash_token(token), created_at=now, expires_at=now + ttl)
    )
    return token


def user_for_token(session: Session, token: str, now: datetime) -> User | None:
    return session.execute(
        select(User)
        .join(Token, Token.user_id == User.id)
        .where(Token.token_hash == hash_token(token), Token.expires_at > now)
    ).scalar_one_or_none()


class LoginLimiter:
    """More than `limit` failures within `window` for one key (an email, or a client
    address) block further tries.

    An attempt counts as a failure from the moment it starts (`attempt`), so a burst of
    parallel tries cannot all pass the check before the first one fails; a success
    then `forgive`s it (or, for an email, `succeeded` clears the key). The attempts live
    in the database (`login_attempts`, one `scope` per limiter), so every server process
    counts the same ones; rows older than the window are deleted as new ones come.
    """

    def __init__(
        self,
        db: Database,
        scope: str,
        limit: int,
        window: timedelta,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._db = db
        self._scope = scope
        self._limit = limit
        self._window = window
        self._clock = clock

    def _of(self, key: str) -> ColumnElement[bool]:
        return and_(LoginAttempt.scope == self._scope, LoginAttempt.key == key)

    def _wait(self, session: Session, key: str, now: datetime) -> int | None:
        oldest, count = session.execute(
            select(func.min(LoginAttempt.at), func.count()).where(
                self._of(key), LoginAttempt.at > now - self._window
            )
        ).one()
        if count < self._limit:
            return None
        return max(1, math.ceil((oldest + self._window - now).total_seconds()))

    def retry_after(self, key: str) -> int | None:
        """Seconds to wait when blocked, else None (without counting an attempt)."""
        with self._db.read() as session:
            return self._wait(session, key, self._clock())

    def attempt(self, key: str) -> int | None:
        """Seconds to wait when blocked; else None, and the attempt counts as a failure
        until `forgive` or `succeeded`."""
        key = key[:320]
        now = self._clock()
        with self._db.write(sequenced=False) as tx:
            session = tx.session
            if session.get_bind().dialect.name == "postgresql":
                # Parallel attempts on one key take turns (SQLite writers always do), so
                # they cannot all count the same rows and all pass.
                session.execute(
                    select(func.pg_advisory_xact_lock(func.hashtext(f"{self._scope}:{key}")))
                )
            # Bounds the table under a spray of keys: one indexed range delete.
            session.execute(delete(LoginAttempt).where(LoginAttempt.at <= now - self._window))
            wait = self._wait(session, key, now)
            if wait is None:
                session.add(LoginAttempt(scope=self._scope, key=key, at=now))
            return wait

    def forgive(self, key: str) -> None:
        """Take back the latest counted attempt (it succeeded)."""
        key = key[:320]
        with self._db.write(sequenced=False) as tx:
            latest = select(func.max(LoginAttempt.id)).where(self._of(key)).scalar_subquery()
            tx.session.execute(delete(LoginAttempt).where(LoginAttempt.id == latest))

    def succeeded(self, key: str) -> None:
        with self._db.write(sequenced=False) as tx:
            tx.session.execute(delete(LoginAttempt).where(self._of(key[:320])))
