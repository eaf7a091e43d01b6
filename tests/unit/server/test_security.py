"""LoginLimiter: attempts count from their start, a success is forgiven."""

from __future__ import annotations

from datetime import timedelta

from desk.server.security import LoginLimiter


def test_a_burst_cannot_pass_the_limit_before_the_first_failure() -> None:
    limiter = LoginLimiter(3, timedelta(minutes=1))
    # Three attempts in flight at once (none has failed yet): the fourth is refused.
    assert [limiter.attempt("10.0.0.1") for _ in range(3)] == [None, None, None]
    wait = limiter.attempt("10.0.0.1")
    assert wait is not None and 1 <= wait <= 60
    assert limiter.attempt("10.0.0.2") is None  # other keys are unaffected


def test_forgiven_and_cleared_attempts_do_not_count() -> None:
    limiter = LoginLimiter(2, timedelta(minutes=1))
    for _ in range(5):
        assert limiter.attempt("a") is None
        limiter.forgive("a")  # each one succeeded
    assert limiter.attempt("b") is None and limiter.attempt("b") is None
    assert limiter.retry_after("b") is not None
    limiter.succeeded("b")
    assert limiter.retry_after("b") is None
