"""The lazy layout: exact heights near the viewport, estimates elsewhere, no jumps."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView

from tests.helpers.messages import make_message, thread
from tests.helpers.people import CUSTOMER
from ui.chat import ChatView, HitKind, MessageListModel
from ui.chat.rows import accessible_text
from ui.theme import LIGHT, palette_for

from .conftest import hit_point, settle

Chat = tuple[ChatView, MessageListModel]


def top_row(view: ChatView) -> tuple[tuple[str, int], int]:
    index = view.indexAt(QPoint(view.viewport().width() // 2, 0))
    return view.chat_model.row_at(index.row()).key, view.visualRect(index).top()  # type: ignore[union-attr]


def position_of(view: ChatView, key: tuple[str, int]) -> int:
    row = view.chat_model.row_of_key(key)  # type: ignore[union-attr]
    return view.visualRect(view.model().index(row, 0)).top()


def measured_rows(view: ChatView) -> list[int]:
    return [r for r in range(view.model().rowCount()) if view.row_is_measured(r)]


def visible_rows(view: ChatView) -> range:
    vp = view.viewport()
    first = view.indexAt(QPoint(vp.width() // 2, 0)).row()
    last = view.indexAt(QPoint(vp.width() // 2, vp.height() - 1)).row()
    return range(first, (last if last >= 0 else view.model().rowCount() - 1) + 1)


def assert_visible_rows_exact(view: ChatView) -> None:
    model = view.chat_model
    assert model is not None
    for r in visible_rows(view):
        assert view.row_is_measured(r)
        exact = view.delegate.height_for(model.row_at(r))  # type: ignore[arg-type]
        assert view.visualRect(model.index(r)).height() == exact


def long_thread(n: int, start_id: int = 1) -> list[Any]:
    """Messages of very different lengths, so estimates and exact heights differ."""
    out = []
    for i, m in enumerate(thread(n, start_id=start_id)):
        words = (i * 7919) % 90
        out.append(make_message(m.id, m.body + " слово" * words, author=m.author))
    return out


def test_a_long_thread_measures_only_what_is_near_the_viewport(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    model.set_messages(long_thread(3000), has_older=False)
    settle(qtbot, view)
    bar = view.verticalScrollBar()
    assert bar.value() == bar.maximum()
    measured = measured_rows(view)
    assert 0 < len(measured) < 150
    assert measured[-1] == model.rowCount() - 1  # the newest rows, where the view opens
    assert view.delegate.layouts_computed < 200
    assert_visible_rows_exact(view)


def test_estimates_turn_exact_as_they_scroll_in_and_the_top_row_stays(
    qtbot: Any, chat: Chat
) -> None:
    view, model = chat
    model.set_messages(long_thread(2000), has_older=False)
    settle(qtbot, view)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)  # a jump into rows that were only estimated
    assert_visible_rows_exact(view)
    maxima = {bar.maximum()}
    for _ in range(40):  # scroll up: rows above the top come in and get measured
        key, top = top_row(view)
        before = bar.value()
        bar.setValue(before - 150)
        moved = before - bar.value() if bar.value() > 0 else None
        maxima.add(bar.maximum())
        assert_visible_rows_exact(view)
        if moved is not None:
            # The row that was at the top moved down by exactly what was scrolled,
            # even though the rows above it changed height.
            assert position_of(view, key) == top + 150
    assert len(maxima) > 1  # the total height was corrected along the way


def test_prepend_into_an_estimated_thread_keeps_the_top_row(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    model.set_messages(long_thread(1500, start_id=1001), has_older=True)
    settle(qtbot, view)
    bar = view.verticalScrollBar()
    bar.setValue(600)
    key, top = top_row(view)
    model.prepend_older(long_thread(400, start_id=601), has_older=True)
    settle(qtbot, view)
    assert position_of(view, key) == top
    assert model.rowCount() == 1900
    assert_visible_rows_exact(view)


def test_width_change_keeps_the_top_row_and_relayouts_only_near_it(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    model.set_messages(long_thread(2000), has_older=False)
    settle(qtbot, view)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 3)
    key, top = top_row(view)
    computed = view.delegate.layouts_computed
    view.resize(430, 500)
    qtbot.waitUntil(lambda: view.delegate.layout_width == view.viewport().width())
    settle(qtbot, view)
    assert position_of(view, key) == top
    assert_visible_rows_exact(view)
    assert view.delegate.layouts_computed - computed < 150
    assert len(measured_rows(view)) < 150


def test_pinned_bottom_stays_pinned_after_appends(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    model.set_messages(long_thread(1000), has_older=False)
    settle(qtbot, view)
    bar = view.verticalScrollBar()
    for i in range(3):
        model.upsert([make_message(5000 + i, "длинное новое сообщение " * (10 + 20 * i))])
        settle(qtbot, view)
        assert bar.value() == bar.maximum()
        last = view.visualRect(model.index(model.rowCount() - 1))
        assert last.bottom() == view.viewport().height() - 1  # fully shown, at the bottom
        assert view.row_is_measured(model.rowCount() - 1)
    assert not view.new_messages_pill_visible()


def test_click_on_a_link_in_a_row_that_was_only_estimated(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    messages = long_thread(1200)
    messages[100] = make_message(101, "see https://example.com/far here", author=CUSTOMER)
    model.set_messages(messages, has_older=False)
    settle(qtbot, view)
    assert not view.row_is_measured(100)
    view.scrollTo(model.index(100), QAbstractItemView.ScrollHint.PositionAtCenter)
    assert view.row_is_measured(100)
    assert_visible_rows_exact(view)
    pos = hit_point(view, 100, HitKind.LINK)
    assert view.indexAt(pos).row() == 100
    with qtbot.waitSignal(view.linkActivated) as blocker:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args[0].toString() == "https://example.com/far"


def test_keyboard_and_selection(qtbot: Any, chat: Chat) -> None:
    view, model = chat
    model.set_messages(long_thread(800), has_older=False)
    settle(qtbot, view)
    vp = view.viewport()
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=QPoint(vp.width() // 2, vp.height() - 20))
    last = model.rowCount() - 1
    assert view.currentIndex().row() == last
    assert view.selectionModel().isSelected(model.index(last))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.currentIndex().row() == last - 1
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.currentIndex().row() == 0
    assert view.verticalScrollBar().value() == 0
    assert_visible_rows_exact(view)
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert view.currentIndex().row() > 0
    rect = view.visualRect(view.currentIndex())
    assert rect.top() >= 0 and rect.bottom() < vp.height()
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.currentIndex().row() == last
    assert view.is_at_bottom()


def test_fully_scrolled_lazy_view_matches_the_qt_layout(qtbot: Any) -> None:
    messages = long_thread(150)
    views = []
    for strategy in ("qt", "lazy"):
        view = ChatView(theme=LIGHT, layout_strategy=strategy)  # type: ignore[arg-type]
        qtbot.addWidget(view)
        view.setPalette(palette_for(LIGHT))
        model = MessageListModel(view)
        view.setModel(model)
        view.resize(700, 500)
        view.show()
        qtbot.waitExposed(view)
        model.set_messages(messages, has_older=False)
        settle(qtbot, view)
        # The scroll bar appears and narrows the viewport; the wrap width follows.
        qtbot.waitUntil(lambda v=view: v.delegate.layout_width == v.viewport().width())
        settle(qtbot, view)
        views.append(view)
    qt_view, lazy = views
    bar = lazy.verticalScrollBar()
    bar.setValue(0)
    while bar.value() < bar.maximum():
        bar.setValue(bar.value() + 200)
    assert len(measured_rows(lazy)) == 150
    assert bar.maximum() == qt_view.verticalScrollBar().maximum()
    for r in range(150):
        a = qt_view.visualRect(qt_view.model().index(r, 0))
        b = lazy.visualRect(lazy.model().index(r, 0))
        assert a.height() == b.height()
        assert a.width() == b.width()


def test_accessible_rows_have_their_text_and_the_lazy_geometry(qtbot: Any, chat: Chat) -> None:
    from PySide6.QtGui import QAccessible

    view, model = chat
    model.set_messages(long_thread(600), has_older=False)
    settle(qtbot, view)
    iface = QAccessible.queryAccessibleInterface(view)
    assert iface is not None and iface.childCount() == 600
    last = iface.child(599)
    assert last.text(QAccessible.Text.Name) == accessible_text(model.row_at(599))  # type: ignore[arg-type,union-attr]
    rect = view.visualRect(model.index(599))
    centre = view.viewport().mapToGlobal(rect.center())
    assert last.rect().contains(centre)
    assert iface.childAt(centre.x(), centre.y()).text(QAccessible.Text.Name) == last.text(
        QAccessible.Text.Name
    )
