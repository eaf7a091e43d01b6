from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint

from tests.helpers.clock import NOW
from tests.helpers.messages import make_message, thread
from ui.chat import ChatView, MessageListModel, PendingEntry

from .conftest import settle

Chat = tuple[ChatView, MessageListModel]


def top_row(view: ChatView) -> tuple[tuple[str, int], int]:
    index = view.indexAt(QPoint(view.viewport().width() // 2, 0))
    return view.chat_model.row_at(index.row()).key, view.visualRect(index).top()  # type: ignore[union-attr]


def position_of(view: ChatView, key: tuple[str, int]) -> int:
    row = view.chat_model.row_of_key(key)  # type: ignore[union-attr]
    return view.visualRect(view.model().index(row, 0)).top()


def test_opens_at_the_bottom(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    model.set_messages(thread(200), has_older=False)
    settle(qtbot, view)
    bar = view.verticalScrollBar()
    assert bar.maximum() > 0
    assert bar.value() == bar.maximum()


def test_prepend_keeps_the_message_under_the_top_in_place(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    model.set_messages(thread(150, start_id=1001), has_older=True)
    settle(qtbot, view)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2 + 7)
    key, top = top_row(view)
    model.prepend_older(thread(100, start_id=901), has_older=True)
    settle(qtbot, view)
    assert position_of(view, key) == top
    assert bar.value() > bar.maximum() // 3  # it really moved the scroll bar


def test_new_message_follows_the_bottom_only_when_at_the_bottom(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    model.set_messages(thread(100), has_older=False)
    settle(qtbot, view)
    bar = view.verticalScrollBar()
    model.upsert([make_message(500, "new one")])
    settle(qtbot, view)
    assert bar.value() == bar.maximum()
    assert not view.new_messages_pill_visible()

    bar.setValue(bar.maximum() - 600)
    key, top = top_row(view)
    model.upsert([make_message(501, "another")])
    settle(qtbot, view)
    assert bar.value() < bar.maximum()
    assert position_of(view, key) == top
    assert view.new_messages_pill_visible()
    view._pill.click()
    assert bar.value() == bar.maximum()
    assert not view.new_messages_pill_visible()


def test_outbox_row_at_the_bottom_stays_visible(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    model.set_messages(thread(60), has_older=False)
    settle(qtbot, view)
    model.set_pending([PendingEntry(1, 42, "draft", False, "sending", None, NOW)])
    settle(qtbot, view)
    bar = view.verticalScrollBar()
    assert bar.value() == bar.maximum()


def test_older_requested_near_the_top_and_throttled(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    requests: list[int] = []
    view.olderRequested.connect(lambda: requests.append(1))
    model.set_messages(thread(120, start_id=1001), has_older=True)
    settle(qtbot, view)
    assert requests == []  # opened at the bottom, far from the top
    bar = view.verticalScrollBar()
    bar.setValue(0)
    assert len(requests) == 1
    bar.setValue(400)
    bar.setValue(10)
    assert len(requests) == 1  # the page was asked for already
    model.prepend_older(thread(50, start_id=951), has_older=True)
    settle(qtbot, view)
    bar.setValue(0)
    assert len(requests) == 2
    model.prepend_older(thread(50, start_id=901), has_older=False)
    settle(qtbot, view)
    bar.setValue(0)
    assert len(requests) == 2  # nothing older left


def test_short_thread_with_older_pages_asks_at_once(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    with qtbot.waitSignal(view.olderRequested):
        model.set_messages(thread(2, start_id=50), has_older=True)


def test_width_change_relayouts_and_keeps_position(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    model.set_messages(thread(120), has_older=False)
    settle(qtbot, view)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    key, top = top_row(view)
    row = model.row_of_key(key)
    height_before = view.visualRect(model.index(row)).height()
    view.resize(420, 500)
    qtbot.waitUntil(lambda: view.delegate.layout_width == view.viewport().width())
    settle(qtbot, view)
    assert position_of(view, key) == top
    assert view.visualRect(model.index(row)).height() >= height_before


def test_edited_message_gets_its_new_height(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    model.set_messages(thread(5), has_older=False)
    settle(qtbot, view)
    before = view.visualRect(model.index(2)).height()
    model.upsert([make_message(3, "много текста " * 60)])
    qtbot.waitUntil(lambda: view.visualRect(model.index(2)).height() > before + 40)


def test_removing_the_top_row_keeps_the_next_in_place(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    model.set_messages(thread(3), has_older=False)
    entries = [PendingEntry(i, 42, "draft " * 40, False, "failed", "x", NOW) for i in range(1, 30)]
    model.set_pending(entries)
    settle(qtbot, view)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    key, _ = top_row(view)
    row = model.row_of_key(key)
    nxt = model.row_at(row + 1).key  # type: ignore[union-attr]
    next_top = position_of(view, nxt)
    model.set_pending([e for e in entries if e.entry_id != key[1]])
    settle(qtbot, view)
    assert position_of(view, nxt) == next_top
