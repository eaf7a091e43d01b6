"""Fixtures for the queue tests: a model on a fake clock, watched by Qt's model tester."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
from PySide6.QtTest import QAbstractItemModelTester

from tests.helpers.clock import NOW
from tests.helpers.people import ME
from ui.queue.model import TicketTableModel


class FakeClock:
    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_model(qapp: Any, clock: FakeClock) -> Iterator[Callable[..., TicketTableModel]]:
    """Models checked by QAbstractItemModelTester (Fatal) for every signal they emit."""
    keep: list[Any] = []

    def make(**kwargs: Any) -> TicketTableModel:
        kwargs.setdefault("clock", clock)
        kwargs.setdefault("current_user_id", ME.id)
        model = TicketTableModel(**kwargs)
        tester = QAbstractItemModelTester(
            model, QAbstractItemModelTester.FailureReportingMode.Fatal
        )
        keep.append((model, tester))
        return model

    yield make
    keep.clear()


@pytest.fixture
def model(make_model: Callable[..., TicketTableModel]) -> TicketTableModel:
    return make_model()
