"""Passwords (argon2id), bearer tokens (stored as sha256) and the login rate limits."""

from __future__ import annotations

import hashlib
import math
import secrets
import threading
import time
from collections import deque
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desk.server.db.models import Token, User


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
    then `forgive`s it (or, for an email, `succeeded` clears the key).
    """

    def __init__(self, limit: int, window: timedelta) -> None:
        self._limit = limit
        self._window = window.total_seconds()
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _prune(self, key: str, now: float) -> deque[float]:
        failures = self._failures.get(key)
        if failures is None:
            return deque()
        while failures and failures[0] <= now - self._window:
            failures.popleft()
        if not failures:
            del self._failures[key]
        return failures

    def _wait(self, failures: deque[float], now: float) -> int | None:
        if len(failures) < self._limit:
            return None
        return max(1, math.ceil(failures[0] + self._window - now))

    def retry_after(self, key: str) -> int | None:
        """Seconds to wait when blocked, else None (without counting an attempt)."""
        now = time.monotonic()
        with self._lock:
            return self._wait(self._prune(key, now), now)

    def attempt(self, key: str) -> int | None:
        """Seconds to wait when blocked; else None, and the attempt counts as a failure
        until `forgive` or `succeeded`."""
        now = time.monotonic()
        with self._lock:
            wait = self._wait(self._prune(key, now), now)
            if wait is None:
                self._record(key, now)
            return wait

    def _record(self, key: str, now: float) -> None:
        if len(self._failures) > 100_000:  # bound memory under a spray of keys
            for old in list(self._failures):
                self._prune(old, now)
        self._failures.setdefault(key, deque()).append(now)

    def forgive(self, key: str) -> None:
        """Take back the latest counted attempt (it succeeded)."""
        with self._lock:
            failures = self._failures.get(key)
            if failures:
                failures.pop()
                if not failures:
                    del self._failures[key]

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)
