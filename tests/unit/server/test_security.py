"""LoginLimiter: attempts count from their start, a success is forgiven, the window
passes; the counts live in the database, so two limiters on one database agree."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from desk.server.config import database_url_for
from desk.server.db.engine import Database
from desk.server.security import LoginLimiter
from tests.helpers.clock import Clock


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(database_url_for(str(tmp_path / "limits.db")))
    database.upgrade()
    yield database
    database.dispose()


def test_a_burst_cannot_pass_the_limit_before_the_first_failure(db: Database) -> None:
    limiter = LoginLimiter(db, "address", 3, timedelta(minutes=1))
    # Three attempts in flight at once (none has failed yet): the fourth is refused.
    assert [limiter.attempt("10.0.0.1") for _ in range(3)] == [None, None, None]
    wait = limiter.attempt("10.0.0.1")
    assert wait is not None and 1 <= wait <= 60
    assert limiter.attempt("10.0.0.2") is None  # other keys are unaffected


def test_forgiven_and_cleared_attempts_do_not_count(db: Database) -> None:
    limiter = LoginLimiter(db, "email", 2, timedelta(minutes=1))
    for _ in range(5):
        assert limiter.attempt("a") is None
        limiter.forgive("a")  # each one succeeded
    assert limiter.attempt("b") is None and limiter.attempt("b") is None
    assert limiter.retry_after("b") is not None
    limiter.succeeded("b")
    assert limiter.retry_after("b") is None


def test_attempts_lapse_after_the_window_and_the_wait_says_when(db: Database) -> None:
    clock = Clock()
    limiter = LoginLimiter(db, "email", 2, timedelta(minutes=1), clock=clock)
    assert limiter.attempt("a") is None
    clock.advance(seconds=20)
    assert limiter.attempt("a") is None
    assert limiter.attempt("a") == 40  # until the first attempt leaves the window
    clock.advance(seconds=41)
    assert limiter.attempt("a") is None  # the first has lapsed; this one counts
    assert limiter.retry_after("a") == 19


def test_limiters_on_one_database_share_counts_per_scope(db: Database) -> None:
    # Two server processes make one limiter each on the same database.
    first = LoginLimiter(db, "email", 2, timedelta(minutes=1))
    second = LoginLimiter(db, "email", 2, timedelta(minutes=1))
    addresses = LoginLimiter(db, "address", 2, timedelta(minutes=1))
    assert first.attempt("a") is None and second.attempt("a") is None
    assert first.attempt("a") is not None and second.attempt("a") is not None
    assert addresses.attempt("a") is None  # another scope counts apart
