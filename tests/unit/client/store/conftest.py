"""A store in a temp folder, and a recorder of what it announces."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desk.client.store import Changes, Store


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "account" / "cache.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store(db_path) as s:
        yield s


class Recorder:
    """Collects every Changes a store announces."""

    def __init__(self, store: Store) -> None:
        self.seen: list[Changes] = []
        self.unsubscribe = store.subscribe(self.seen.append)


@pytest.fixture
def recorder(store: Store) -> Recorder:
    return Recorder(store)
