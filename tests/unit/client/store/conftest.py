"""Factories for realistic tickets and messages, and a store in a temp folder."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest

from desk.client.store import Changes, Store
from desk.domain import Category, Message, Priority, Role, Status, Ticket, User, WaitingOn

CUSTOMER = User(id=100, name="Ольга Иванова", email="olga@example.ru", role=Role.CUSTOMER,
                company="ООО Ромашка")  # fmt: skip
AGENT = User(id=7, name="Agent Smith", email="smith@desk.test", role=Role.AGENT)
T0 = datetime(2026, 11, 24, 9, 15, tzinfo=UTC)


def make_ticket(tid: int, seq: int, **changes: Any) -> Ticket:
    ticket = Ticket(
        id=tid,
        title=f"Бот не отвечает в Telegram #{tid}",
        status=Status.ON_CUSTOMER,
        waiting_on=WaitingOn.TEAM,
        urgent=False,
        priority=Priority.NORMAL,
        category=Category.OTHER,
        customer=CUSTOMER,
        assignee=AGENT,
        created_at=T0,
        updated_at=T0 + timedelta(minutes=seq),
        closed_at=None,
        last_message_at=T0,
        last_message_preview="Здравствуйте, бот молчит с утра",
        message_count=3,
        unread_count=1,
        due_at=T0 + timedelta(hours=8),
        version=1,
        seq=seq,
    )
    return msgspec.structs.replace(ticket, **changes) if changes else ticket


def make_message(mid: int, ticket_id: int, seq: int | None = None, **changes: Any) -> Message:
    message = Message(
        id=mid,
        ticket_id=ticket_id,
        author=CUSTOMER,
        body=f"Сообщение {mid}",
        internal=False,
        attachments=[],
        created_at=T0 + timedelta(seconds=mid),
        client_id=None,
        seq=seq if seq is not None else 1000 + mid,
    )
    return msgspec.structs.replace(message, **changes) if changes else message


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
