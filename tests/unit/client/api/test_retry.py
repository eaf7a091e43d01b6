"""Backoff bounds and which faults are retried for which kind of call."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from desk.client.api.errors import (
    ApiError,
    NetworkError,
    NotFound,
    ProtocolError,
    RateLimited,
    ServerError,
    VersionConflict,
)
from desk.client.api.retry import Fault, Replay, RetryPolicy, classify, run_with_retry
from tests.unit.client.api.mock_api import FakeSleep


def _const(value: float) -> Callable[[], float]:
    return lambda: value


def test_full_jitter_stays_within_the_capped_exponential() -> None:
    for r in (0.0, 0.3, 0.999999):
        policy = RetryPolicy(base_delay=0.5, max_delay=4.0, random=_const(r))
        for failures, cap in [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (5, 4.0), (60, 4.0)]:
            delay = policy.backoff(failures)
            assert 0.0 <= delay <= cap
            assert delay == pytest.approx(r * cap)


def test_classification() -> None:
    assert classify(NetworkError(request_sent=False)) is Fault.NOT_SENT
    assert classify(NetworkError()) is Fault.TRANSIENT
    for status in (502, 503, 504):
        assert classify(ServerError(status=status)) is Fault.TRANSIENT
    assert classify(ServerError(status=500)) is Fault.FINAL
    assert classify(RateLimited(status=429)) is Fault.RATE_LIMITED
    assert classify(NotFound(status=404)) is Fault.FINAL
    assert classify(ProtocolError()) is Fault.FINAL


@pytest.mark.parametrize(
    ("error", "safe", "unsent_only"),
    [
        (NetworkError(request_sent=False), True, True),
        (NetworkError(), True, False),
        (ServerError(status=503), True, False),
        (RateLimited(status=429), True, True),
        (ServerError(status=500), False, False),
        (VersionConflict(status=412), False, False),
        (NotFound(status=404), False, False),
    ],
)
def test_what_is_retried(error: ApiError, safe: bool, unsent_only: bool) -> None:
    policy = RetryPolicy(random=lambda: 1.0)
    assert (policy.next_delay(error, Replay.SAFE, 1) is not None) is safe
    assert (policy.next_delay(error, Replay.UNSENT_ONLY, 1) is not None) is unsent_only


def test_retry_after_replaces_backoff_and_long_waits_give_up() -> None:
    policy = RetryPolicy(max_retry_after=30, random=lambda: 0.0)
    assert policy.next_delay(RateLimited(status=429, retry_after=9), Replay.SAFE, 1) == 9
    assert policy.next_delay(ServerError(status=503, retry_after=2), Replay.SAFE, 1) == 2
    assert policy.next_delay(RateLimited(status=429, retry_after=31), Replay.SAFE, 1) is None


def test_max_attempts_counts_the_first_try() -> None:
    policy = RetryPolicy(max_attempts=3)
    error = NetworkError()
    assert policy.next_delay(error, Replay.SAFE, 2) is not None
    assert policy.next_delay(error, Replay.SAFE, 3) is None
    with pytest.raises(ValueError, match="at least 1"):
        RetryPolicy(max_attempts=0)


def test_run_with_retry_stops_at_max_attempts_and_reraises() -> None:
    sleep = FakeSleep()
    policy = RetryPolicy(
        max_attempts=4, base_delay=1, max_delay=100, sleep=sleep, random=lambda: 1.0
    )
    calls = 0

    async def attempt() -> int:
        nonlocal calls
        calls += 1
        raise NetworkError()

    with pytest.raises(NetworkError):
        asyncio.run(run_with_retry(policy, Replay.SAFE, attempt))
    assert calls == 4
    assert sleep.delays == [1, 2, 4]


def test_run_with_retry_returns_the_first_success() -> None:
    sleep = FakeSleep()
    policy = RetryPolicy(sleep=sleep, random=lambda: 0.25)
    outcomes: list[Exception | int] = [ServerError(status=502), NetworkError(request_sent=False), 7]

    async def attempt() -> int:
        outcome = outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    assert asyncio.run(run_with_retry(policy, Replay.SAFE, attempt)) == 7
    assert sleep.delays == [0.125, 0.25]
