from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QAbstractItemModelTester

from tests.helpers.clock import NOW
from tests.helpers.messages import image_attachment, make_message, thread
from tests.helpers.people import CUSTOMER, ME
from ui.chat import BubbleKind, MessageListModel, PendingEntry, Roles

TODAY = NOW.date()


@pytest.fixture
def model(qapp: Any) -> MessageListModel:
    m = MessageListModel(tz=UTC, today=lambda: TODAY)
    m.set_current_user(ME)
    QAbstractItemModelTester(m, QAbstractItemModelTester.FailureReportingMode.Fatal, m)
    return m


def pending(
    entry_id: int, state: str = "sending", client_id: str | None = None, **kw: Any
) -> PendingEntry:
    return PendingEntry(
        entry_id=entry_id,
        ticket_id=42,
        body=kw.get("body", f"draft {entry_id}"),
        internal=kw.get("internal", False),
        state=state,  # type: ignore[arg-type]
        error=kw.get("error"),
        created_at=kw.get("at", NOW + timedelta(hours=5, minutes=entry_id)),
        filenames=kw.get("filenames", ()),
        client_id=client_id,
    )


def keys(m: MessageListModel) -> list[tuple[str, int]]:
    return [m.row_at(i).key for i in range(m.rowCount())]  # type: ignore[union-attr]


class Recorder:
    def __init__(self, m: MessageListModel) -> None:
        self.events: list[tuple[str, int, int]] = []
        m.rowsInserted.connect(lambda _p, a, b: self.events.append(("insert", a, b)))
        m.rowsRemoved.connect(lambda _p, a, b: self.events.append(("remove", a, b)))
        m.dataChanged.connect(lambda a, b, _r=(): self.events.append(("changed", a.row(), b.row())))
        m.modelReset.connect(lambda: self.events.append(("reset", 0, 0)))


def test_kinds_and_sides(model: MessageListModel) -> None:
    model.set_messages(
        [
            make_message(1, "привет", author=CUSTOMER),
            make_message(2, "hello", author=ME),
            make_message(3, "note", author=ME, internal=True),
        ],
        has_older=False,
    )
    model.set_pending([pending(7), pending(8, "failed", error="offline")])
    kinds = [model.index(r).data(Roles.KIND) for r in range(5)]
    sides = [model.index(r).data(Roles.SIDE) for r in range(5)]
    assert kinds == ["customer", "staff", "internal", "pending", "failed"]
    assert sides == ["left", "right", "right", "right", "right"]
    assert model.index(0).data(Qt.ItemDataRole.DisplayRole) == "привет"
    assert model.index(3).data(Roles.AUTHOR) == ME.name
    assert model.message_at(1).id == 2  # type: ignore[union-attr]
    assert model.message_at(3) is None
    assert model.index(4).data(Roles.PENDING).error == "offline"


def test_day_headers_and_grouping(qapp: Any) -> None:
    m = MessageListModel(tz=UTC, today=lambda: date(2026, 11, 24))
    day = datetime(2026, 11, 24, 10, tzinfo=UTC)
    m.set_messages(
        [
            make_message(1, "a", created_at=day - timedelta(days=3)),
            make_message(2, "b", created_at=day - timedelta(days=1)),
            make_message(3, "c", created_at=day - timedelta(days=1, minutes=-2)),
            make_message(4, "d", created_at=day - timedelta(days=1, minutes=-30)),
            make_message(5, "e", author=ME, created_at=day),
            make_message(6, "f", author=ME, created_at=day + timedelta(minutes=1)),
            make_message(7, "g", author=ME, internal=True, created_at=day + timedelta(minutes=2)),
        ],
        has_older=False,
    )
    headers = [m.index(r).data(Roles.DAY_HEADER) for r in range(7)]
    grouped = [m.index(r).data(Roles.GROUPED) for r in range(7)]
    assert headers == ["21 November 2026", "Yesterday", None, None, "Today", None, None]
    # same author within 5 minutes groups; a gap, a new day, or note vs reply does not
    assert grouped == [False, False, True, False, False, True, False]


def test_time_is_local(qapp: Any) -> None:
    from zoneinfo import ZoneInfo

    m = MessageListModel(tz=ZoneInfo("Europe/Moscow"), today=lambda: TODAY)
    evening = datetime(2026, 11, 24, 21, 30, tzinfo=UTC)
    m.set_messages([make_message(1, created_at=evening)], has_older=False)
    assert m.index(0).data(Roles.TIME) == "00:30"  # next day in Moscow
    assert m.index(0).data(Roles.DAY_HEADER) == "25 November 2026"


def test_upsert_appends_updates_and_dedupes(model: MessageListModel) -> None:
    model.set_messages(thread(5), has_older=False)
    rec = Recorder(model)
    model.upsert([make_message(6, "new"), make_message(6, "new"), make_message(3, "edited")])
    assert [k[1] for k in keys(model)] == [1, 2, 3, 4, 5, 6]
    assert model.message_at(2).body == "edited"  # type: ignore[union-attr]
    assert ("insert", 5, 5) in rec.events
    assert ("changed", 2, 2) in rec.events
    model.upsert([make_message(6, "new")])  # same again: updates in place, no new row
    assert model.rowCount() == 6


def test_upsert_out_of_order_and_gap(model: MessageListModel) -> None:
    model.set_messages([make_message(10), make_message(20)], has_older=True)
    model.upsert([make_message(15), make_message(5)])
    # 5 is older than the loaded page while older pages exist: prepend_older brings it
    assert [k[1] for k in keys(model)] == [10, 15, 20]
    model.prepend_older([make_message(5), make_message(7)], has_older=False)
    assert [k[1] for k in keys(model)] == [5, 7, 10, 15, 20]
    model.upsert([make_message(1)])  # no older pages left: it belongs at the top
    assert [k[1] for k in keys(model)] == [1, 5, 7, 10, 15, 20]


def test_prepend_older(model: MessageListModel) -> None:
    model.set_messages(thread(10, start_id=101), has_older=True)
    has_older: list[bool] = []
    model.hasOlderChanged.connect(has_older.append)
    rec = Recorder(model)
    model.prepend_older([*thread(10, start_id=91), make_message(101, "dup")], has_older=False)
    assert [k[1] for k in keys(model)] == list(range(91, 111))
    assert rec.events[0] == ("insert", 0, 9)
    assert has_older == [False]
    assert not model.has_older


def test_pending_rows_follow_messages_and_diff(model: MessageListModel) -> None:
    model.set_messages(thread(3), has_older=False)
    model.set_pending([pending(2), pending(1)])
    assert keys(model)[3:] == [("p", 1), ("p", 2)]
    rec = Recorder(model)
    model.set_pending([pending(1, "failed", error="boom"), pending(2), pending(3)])
    assert keys(model)[3:] == [("p", 1), ("p", 2), ("p", 3)]
    assert ("changed", 3, 3) in rec.events  # state change is an update, not remove/insert
    assert not any(e[0] == "remove" for e in rec.events)
    assert model.index(3).data(Roles.KIND) == BubbleKind.FAILED
    model.set_pending([pending(3)])
    assert keys(model)[3:] == [("p", 3)]
    model.upsert([make_message(4)])  # new messages go above the outbox
    assert keys(model)[3:] == [("m", 4), ("p", 3)]


def test_pending_replaced_by_real_message_in_one_update(model: MessageListModel) -> None:
    model.set_messages(thread(3), has_older=False)
    model.set_pending([pending(1, client_id="c-1"), pending(2, client_id="c-2")])
    rec = Recorder(model)
    model.upsert([make_message(50, "draft 1", author=ME, client_id="c-1")])
    assert keys(model)[3:] == [("m", 50), ("p", 2)]
    assert [e[0] for e in rec.events if e[0] != "changed"] == ["remove", "insert"]
    # the store may still list the entry for a moment: it must not come back
    model.set_pending([pending(1, client_id="c-1"), pending(2, client_id="c-2")])
    assert keys(model)[3:] == [("m", 50), ("p", 2)]


def test_set_messages_keeps_outbox_and_clear_forgets(model: MessageListModel) -> None:
    model.set_pending([pending(1)])
    model.set_messages(thread(2), has_older=False)
    assert keys(model)[-1] == ("p", 1)
    assert model.is_loaded
    model.clear()
    assert model.rowCount() == 0
    assert not model.is_loaded
    model.set_messages([], has_older=False)
    assert model.is_loaded and model.rowCount() == 0


def test_tester_survives_a_busy_session(model: MessageListModel) -> None:
    model.set_messages(thread(50, start_id=200), has_older=True)
    for page in range(3):
        model.prepend_older(thread(20, start_id=180 - 20 * page), has_older=page < 2)
        model.upsert([make_message(300 + page), make_message(200 + page, "edit")])
        model.set_pending([pending(page + 1), pending(page + 2, "failed")])
    model.upsert([make_message(999, client_id="x")])
    model.set_pending([pending(9, client_id="x")])
    model.refresh_day_labels()
    model.clear()
    model.set_messages(thread(5000), has_older=False)
    assert model.rowCount() == 5000
    assert model.row_of_message(2500) == 2499
    assert model.rows_with_attachment(1) == []


def test_attachment_changed_emits_for_owner(model: MessageListModel) -> None:
    model.set_messages(
        [make_message(1), make_message(2, attachments=[image_attachment(77)])], has_older=False
    )
    rec = Recorder(model)
    model.attachment_changed(77)
    model.attachment_changed(78)
    assert rec.events == [("changed", 1, 1)]


def test_invalid_index(model: MessageListModel) -> None:
    assert model.data(QModelIndex()) is None
    assert model.row_at(5) is None


def test_accessible_text_says_who_when_what_kind_and_which_files(
    model: MessageListModel,
) -> None:
    model.set_messages(
        [
            make_message(1, "Бот молчит", author=CUSTOMER, attachments=[image_attachment(7)]),
            make_message(2, "check the logs", author=ME, internal=True),
        ],
        has_older=False,
    )
    model.set_pending(
        [
            pending(5, "failed", error="The ticket is closed", filenames=("a.log",)),
            pending(6, body="on my way"),
        ]
    )

    def spoken(row: int, role: Qt.ItemDataRole = Qt.ItemDataRole.AccessibleTextRole) -> Any:
        return model.index(row).data(role)

    first = model.row_at(0)
    assert first is not None
    assert spoken(0) == f"Ivan Petrov, {first.time_text}, attachments: screenshot-7.png: Бот молчит"
    assert spoken(1).startswith(f"{ME.name}, ")
    assert spoken(1).endswith(", internal note: check the logs")
    assert spoken(2).startswith(f"{ME.name}, ")
    assert spoken(2).endswith(", not sent (The ticket is closed), attachments: a.log: draft 5")
    assert spoken(3).endswith(", sending: on my way")
    assert spoken(0, Qt.ItemDataRole.AccessibleDescriptionRole) == spoken(
        0, Qt.ItemDataRole.ToolTipRole
    )
