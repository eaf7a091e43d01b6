"""When and how long to wait before sending a failed request again.

Which calls may be replayed (see ``Replay``):

* ``SAFE`` — replaying cannot change the outcome: every GET; POSTs that carry an
  ``Idempotency-Key`` (``send_message``, ``create_ticket`` with a key); and POSTs
  that are idempotent by the contract: ``close`` (closing a closed ticket is a no-op),
  ``read`` (sets a read position) and ``presence`` (renews a 30 s lease).
  These are retried on connect failures, timeouts, broken connections, 502/503/504
  and 429.
* ``UNSENT_ONLY`` — a replay could act twice or fail spuriously: login, logout,
  ``upload_attachment``, ``create_ticket`` without a key, macro create/update/delete
  and ``PATCH /tickets`` (a replay after a success would hit its own new version and
  report a false conflict). These are retried only when the request surely never
  reached the server (the connection could not be opened) or was refused with 429.

Backoff is exponential with full jitter, capped; a ``Retry-After`` from the server
replaces the computed delay, and one longer than ``max_retry_after`` is not waited
for at all (the caller gets ``RateLimited`` and can tell the user).
"""

from __future__ import annotations

import asyncio
import enum
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from desk.client.api.errors import ApiError, NetworkError, RateLimited, ServerError

T = TypeVar("T")

_TRANSIENT_STATUSES = frozenset({502, 503, 504})


class Replay(enum.Enum):
    SAFE = "safe"
    UNSENT_ONLY = "unsent-only"


class Fault(enum.Enum):
    NOT_SENT = "not-sent"  # the request never left: any call may be sent again
    TRANSIENT = "transient"  # may have reached the server: only SAFE calls
    RATE_LIMITED = "rate-limited"  # the server refused without acting: any call
    FINAL = "final"  # retrying cannot help


def classify(error: ApiError) -> Fault:
    if isinstance(error, RateLimited):
        return Fault.RATE_LIMITED
    if isinstance(error, NetworkError):
        return Fault.TRANSIENT if error.request_sent else Fault.NOT_SENT
    if isinstance(error, ServerError) and error.status in _TRANSIENT_STATUSES:
        return Fault.TRANSIENT
    return Fault.FINAL


@dataclass(frozen=True)
class RetryPolicy:
    """Retry limits. ``sleep`` and ``random`` are injectable so tests run instantly."""

    max_attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 10.0
    max_retry_after: float = 30.0
    sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, compare=False)
    random: Callable[[], float] = field(default=random.random, compare=False)

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")

    def backoff(self, failures: int) -> float:
        """Full jitter: uniform in [0, min(max_delay, base_delay * 2**(failures-1))]."""
        exponent = min(max(failures - 1, 0), 32)  # bound the power: no float overflow
        return self.random() * min(self.max_delay, self.base_delay * 2.0**exponent)

    def next_delay(self, error: ApiError, replay: Replay, failures: int) -> float | None:
        """Seconds to wait before attempt ``failures + 1``, or None to give up."""
        if failures >= self.max_attempts:
            return None
        fault = classify(error)
        if fault is Fault.FINAL:
            return None
        if fault is Fault.TRANSIENT and replay is not Replay.SAFE:
            return None
        if error.retry_after is not None:
            if error.retry_after > self.max_retry_after:
                return None
            return error.retry_after
        return self.backoff(failures)


NO_RETRY = RetryPolicy(max_attempts=1)


async def run_with_retry(
    policy: RetryPolicy, replay: Replay, attempt: Callable[[], Awaitable[T]]
) -> T:
    """Await ``attempt()`` until it succeeds or the policy gives up (re-raising)."""
    failures = 0
    while True:
        try:
            return await attempt()
        except ApiError as error:
            failures += 1
            delay = policy.next_delay(error, replay, failures)
            if delay is None:
                raise
        await policy.sleep(delay)
