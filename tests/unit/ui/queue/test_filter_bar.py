"""FilterBar: debounced search, status and view tabs with live counts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from tests.helpers.tickets import make_ticket
from ui.queue.filter_bar import VIEW_ORDER, FilterBar
from ui.queue.filtering import QueueFilter, StatusFilter, View
from ui.queue.model import TicketTableModel
from ui.queue.view import bind_filter_bar

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def type_text(widget: QWidget, text: str) -> None:
    """Key presses carrying text; QTest.keyClicks only knows ASCII."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


@pytest.fixture
def bar(qtbot: Any) -> FilterBar:
    widget = FilterBar()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_object_names(bar: FilterBar) -> None:
    assert bar.findChild(type(bar.search_edit), "searchEdit") is bar.search_edit
    assert bar.findChild(type(bar.status_combo), "statusFilter") is bar.status_combo
    assert [bar.status_combo.itemText(i) for i in range(3)] == [
        "All statuses",
        "On Customer",
        "Done",
    ]
    assert bar.queue_filter() == QueueFilter()


def test_typing_is_debounced_into_one_filter(bar: FilterBar, qtbot: Any) -> None:
    seen: list[QueueFilter] = []
    bar.filterChanged.connect(seen.append)
    with qtbot.waitSignal(bar.filterChanged, timeout=2000):
        type_text(bar.search_edit, "срочно")
        assert seen == []  # nothing while typing
    assert seen == [QueueFilter(text="срочно")]
    assert not bar._debounce.isActive()


def test_status_and_view_apply_at_once(bar: FilterBar) -> None:
    seen: list[QueueFilter] = []
    bar.filterChanged.connect(seen.append)
    bar.set_status(StatusFilter.DONE)
    bar.set_view(View.MINE)
    assert seen == [
        QueueFilter(status=StatusFilter.DONE),
        QueueFilter(view=View.MINE, status=StatusFilter.DONE),
    ]
    QTest.mouseClick(
        bar.view_tabs, Qt.MouseButton.LeftButton, pos=bar.view_tabs.tabRect(0).center()
    )
    assert seen[-1].view is View.NEEDS_REPLY


def test_counts_in_tab_labels(bar: FilterBar) -> None:
    bar.set_counts({View.NEEDS_REPLY: 12, View.MINE: 3, View.ALL: 12345})
    texts = [bar.view_tabs.tabText(i) for i in range(len(VIEW_ORDER))]
    assert texts[0].split() == ["Needs", "reply", "12"]
    assert texts[1].split() == ["Mine", "3"]
    assert texts[2] == "Unassigned"
    assert "12" in texts[-1] and "345" in texts[-1]


def test_focus_search_and_escape(bar: FilterBar, qtbot: Any) -> None:
    bar.search_edit.setText("old query")
    bar.flush()
    bar.focus_search()
    qtbot.waitUntil(bar.search_edit.hasFocus)
    assert bar.search_edit.selectedText() == "old query"
    seen: list[QueueFilter] = []
    bar.filterChanged.connect(seen.append)
    QTest.keyClick(bar.search_edit, Qt.Key.Key_Escape)
    assert bar.search_edit.text() == "" and seen == [QueueFilter()]


def test_enter_applies_without_waiting(bar: FilterBar, qtbot: Any) -> None:
    seen: list[QueueFilter] = []
    bar.filterChanged.connect(seen.append)
    bar.search_edit.setFocus()
    QTest.keyClicks(bar.search_edit, "#42")
    with qtbot.waitSignal(bar.searchAccepted, timeout=500):
        QTest.keyClick(bar.search_edit, Qt.Key.Key_Return)
    assert seen == [QueueFilter(text="#42")]


def test_bound_to_a_model(
    bar: FilterBar, make_model: Callable[..., TicketTableModel], qtbot: Any
) -> None:
    model = make_model()
    model.set_tickets([make_ticket(1, title="Бот СРОЧНО"), make_ticket(2, title="Other")])
    bind_filter_bar(bar, model)
    assert bar.view_tabs.tabText(VIEW_ORDER.index(View.ALL_OPEN)).split()[-1] == "2"
    type_text(bar.search_edit, "срочно")
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.ticket_at(0).id == 1  # type: ignore[union-attr]
    model.apply([make_ticket(3)])
    assert bar.view_tabs.tabText(VIEW_ORDER.index(View.ALL_OPEN)).split()[-1] == "3"
