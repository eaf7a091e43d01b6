"""The bar above the queue: search box, status filter and view tabs with live counts.

Typing is debounced (``DEBOUNCE_MS``) so a fast typist triggers one filter pass per
pause, not per key; view and status changes apply at once (and flush pending text).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QTabBar, QVBoxLayout, QWidget

from desk.domain import Status
from ui.widgets.clear_button import enable_clear_button
from ui.wording import status_text

from .filtering import QueueFilter, StatusFilter, View

DEBOUNCE_MS = 120

VIEW_ORDER = (
    View.NEEDS_REPLY,
    View.MINE,
    View.UNASSIGNED,
    View.ALL_OPEN,
    View.BREACHING,
    View.ALL,
)


def view_label(view: View) -> str:
    translate = QCoreApplication.translate
    return {
        View.NEEDS_REPLY: translate("Queue", "Needs reply"),
        View.MINE: translate("Queue", "Mine"),
        View.UNASSIGNED: translate("Queue", "Unassigned", "view tab: tickets with no assignee"),
        View.ALL_OPEN: translate("Queue", "All open"),
        View.BREACHING: translate("Queue", "Breaching"),
        View.ALL: translate("Queue", "All"),
    }[view]


def status_label(status: StatusFilter) -> str:
    translate = QCoreApplication.translate
    return {
        StatusFilter.ALL: translate("Queue", "All statuses"),
        StatusFilter.ON_CUSTOMER: status_text(Status.ON_CUSTOMER),
        StatusFilter.DONE: status_text(Status.DONE),
    }[status]


# palette() in a style sheet is resolved when it is set: see refresh_style().
_TAB_STYLE = (
    "QTabBar#viewTabs::tab { border: none; border-bottom: 2px solid transparent;"
    " padding: 5px 6px 4px 6px; margin-right: 1px; min-width: 0; color: palette(text); }"
    "QTabBar#viewTabs::tab:selected { border-bottom: 2px solid palette(link);"
    " color: palette(link); font-weight: 600; }"
    "QTabBar#viewTabs::tab:hover:!selected { border-bottom: 2px solid palette(mid); }"
)


class FilterBar(QWidget):
    filterChanged = Signal(object)  # QueueFilter
    searchAccepted = Signal()  # Enter in the search box: the caller may focus the queue

    def __init__(self, parent: QWidget | None = None, *, debounce_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self.setObjectName("queueFilterBar")
        translate = QCoreApplication.translate
        self._counts: dict[View, int] = {}

        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setPlaceholderText(
            translate("Queue", "Search titles, customers, #number…")
        )
        enable_clear_button(self.search_edit)
        self.search_edit.setAccessibleName(translate("Queue", "Search tickets"))
        self.search_edit.installEventFilter(self)

        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("statusFilter")
        self.status_combo.setAccessibleName(translate("Queue", "Status"))
        for status in StatusFilter:
            self.status_combo.addItem(status_label(status), status)

        self.view_tabs = QTabBar(self)
        self.view_tabs.setObjectName("viewTabs")
        self.view_tabs.setDrawBase(False)
        self.view_tabs.setExpanding(False)
        self.view_tabs.setUsesScrollButtons(True)
        self.view_tabs.setElideMode(Qt.TextElideMode.ElideNone)
        # Compact tabs: all six views with counts fit a ~560 px queue without arrows.
        self.view_tabs.setStyleSheet(_TAB_STYLE)
        self.view_tabs.setAccessibleName(translate("Queue", "Views"))
        for view in VIEW_ORDER:
            self.view_tabs.setTabData(self.view_tabs.addTab(view_label(view)), view)
        self.view_tabs.setCurrentIndex(VIEW_ORDER.index(View.ALL_OPEN))

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.status_combo)
        layout = QVBoxLayout(self)
        margin = self.fontMetrics().averageCharWidth()
        layout.setContentsMargins(margin, margin, margin, 0)
        layout.setSpacing(margin)
        layout.addLayout(top)
        layout.addWidget(self.view_tabs)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self._emit)
        self.search_edit.textChanged.connect(lambda _text: self._debounce.start())
        self.search_edit.returnPressed.connect(self._accept_search)
        self.status_combo.currentIndexChanged.connect(self._emit)
        self.view_tabs.currentChanged.connect(self._emit)
        self._last = self.queue_filter()

    # --- public ----------------------------------------------------------------------

    def queue_filter(self) -> QueueFilter:
        view = self.view_tabs.tabData(self.view_tabs.currentIndex())
        status = self.status_combo.currentData()
        return QueueFilter(view=view, status=status, text=self.search_edit.text())

    def focus_search(self) -> None:
        """Focus the search box with its text selected (the main window binds Ctrl+F)."""
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def set_view(self, view: View) -> None:
        self.view_tabs.setCurrentIndex(VIEW_ORDER.index(view))

    def set_status(self, status: StatusFilter) -> None:
        self.status_combo.setCurrentIndex(self.status_combo.findData(status))

    def set_counts(self, counts: Mapping[View, int]) -> None:
        """Show live counts in the tab labels: "Needs reply 12"."""
        self._counts = dict(counts)
        locale = QLocale()
        for i, view in enumerate(VIEW_ORDER):
            count = counts.get(view)
            label = view_label(view)
            text = label if count is None else f"{label}  {locale.toString(count)}"
            if self.view_tabs.tabText(i) != text:
                self.view_tabs.setTabText(i, text)

    def flush(self) -> None:
        """Apply typed text now instead of after the debounce delay."""
        if self._debounce.isActive():
            self._debounce.stop()
        self._emit()

    # --- internals -------------------------------------------------------------------

    def refresh_style(self) -> None:
        """Re-resolve the tab colours after a theme switch (palette() in a style sheet
        is resolved when the sheet is set)."""
        self.view_tabs.setStyleSheet("")
        self.view_tabs.setStyleSheet(_TAB_STYLE)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and self.search_edit.text()
        ):
            self.search_edit.clear()
            self.flush()
            return True
        return super().eventFilter(watched, event)

    def _accept_search(self) -> None:
        self.flush()
        self.searchAccepted.emit()

    def _emit(self) -> None:
        self._debounce.stop()
        current = self.queue_filter()
        if current != self._last:
            self._last = current
            self.filterChanged.emit(current)
