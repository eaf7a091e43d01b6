"""QueueView: the table agents look at all day.

Keys: Up/Down and J/K move the selection (J/K handled in ``keyPressEvent`` so they
only act while the queue has focus and never fight the search box), Enter/Return
and double-click emit ``ticketOpened``. Letters do not start Qt's type-ahead search
(``keyboardSearch`` would scan every row through ``data()``); Ctrl+F belongs to the
main window, which calls ``FilterBar.focus_search``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desk.domain import Priority
from ui import wording
from ui.formatting import format_relative, format_time_left
from ui.theme import Theme, ThemeMode, resolve

from .columns import HIDE_ORDER, WIDTH_CHARS, Column
from .delegate import BASE, BOLD, SMALL, Fonts, QueueDelegate
from .filter_bar import FilterBar
from .model import TicketTableModel

TICK_MS = 15_000  # countdowns have minute resolution


def column_widths(fonts: Fonts) -> dict[Column, int]:
    """Each column's width: its design width in average characters, widened where the
    longest text it shows in the current language needs more (Russian runs longer than
    the English the widths were tuned for, and a cut-off "6 дней наз…" helps nobody)."""
    now = datetime(2026, 1, 1, tzinfo=UTC)
    ages = (timedelta(minutes=59), timedelta(hours=23), timedelta(days=6))
    relative = [(BASE, format_relative(now - age, now)) for age in ages]
    samples = {
        Column.ID: [(SMALL, wording.priority_text(p)) for p in (Priority.CRITICAL, Priority.HIGH)],
        Column.DEADLINE: [(BOLD, format_time_left(-age)) for age in ages],
        Column.ACTIVITY: relative,
        Column.CREATED: relative,
        Column.ASSIGNEE: [(BASE, wording.unassigned_text())],
    }
    # What the delegate paints before the text: the deadline dot, the avatar circle.
    indent = {
        Column.DEADLINE: max(6, round(fonts.line * 0.42)) + round(fonts.char * 0.8),
        Column.ASSIGNEE: fonts.line + 2 * fonts.gap + round(fonts.char * 0.8),
    }
    metrics = fonts.text.metrics
    widths = {}
    for column, chars in WIDTH_CHARS.items():
        texts = samples.get(column, [])
        need = max((metrics[slot].horizontalAdvance(text) for slot, text in texts), default=0)
        widths[column] = max(
            round(chars * fonts.char), need + indent.get(column, 0) + 2 * fonts.pad
        )
    return widths


class QueueView(QTableView):
    ticketActivated = Signal(int)  # the current ticket changed (ticket id)
    ticketOpened = Signal(int)  # Enter / double-click on a ticket

    def __init__(
        self,
        model: TicketTableModel,
        theme: Theme | None = None,
        parent: QWidget | None = None,
        *,
        tick_ms: int | None = TICK_MS,
    ) -> None:
        """``tick_ms``: how often the view calls ``model.tick()``; None if the owner ticks."""
        super().__init__(parent)
        self.setObjectName("queueView")
        self._model = model
        self._hover = -1
        self._last_id: int | None = None
        self._anchor: tuple[int, int] | None = None
        self._painted_minute = model.now().replace(second=0, microsecond=0)
        self._delegate = QueueDelegate(
            model, theme or resolve(ThemeMode.SYSTEM), self, hover_row=lambda: self._hover
        )
        self._widths = column_widths(self._delegate.fonts())
        self.setItemDelegate(self._delegate)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.setMouseTracking(True)
        self.setFrameShape(QTableView.Shape.NoFrame)
        self.verticalHeader().hide()
        self.setCornerButtonEnabled(False)  # no row header, single selection: nothing to do
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionsMovable(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.TICKET, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.PRIORITY, QHeaderView.ResizeMode.Fixed)
        header.setSortIndicator(*model.sort_key())  # the model's order (default: queue order)
        self.setSortingEnabled(True)
        self._apply_font_metrics()
        sel = self.selectionModel()
        sel.currentRowChanged.connect(self._on_current_row)
        model.layoutAboutToBeChanged.connect(self._remember_anchor)
        model.layoutChanged.connect(self._restore_anchor)
        model.modelReset.connect(self._on_reset)
        model.clockAdvanced.connect(self._on_clock)
        self.doubleClicked.connect(self._open)
        self._timer = QTimer(self)
        self._timer.timeout.connect(model.tick)
        if tick_ms is not None:
            self._timer.start(tick_ms)

    # --- public --------------------------------------------------------------------

    def set_theme(self, theme: Theme) -> None:
        self._delegate.set_theme(theme)
        self.viewport().update()

    def current_ticket_id(self) -> int | None:
        ticket = self._model.ticket_at(self.currentIndex().row())
        return ticket.id if ticket is not None else None

    def select_ticket(self, ticket_id: int) -> bool:
        """Make ``ticket_id`` current and visible; False if it is not in the view."""
        row = self._model.row_of(ticket_id)
        if row is None:
            return False
        self._select_row(row)
        return True

    def move_selection(self, step: int) -> None:
        rows = self._model.rowCount()
        if rows == 0:
            return
        current = self.currentIndex().row()
        row = 0 if current < 0 else max(0, min(rows - 1, current + step))
        self._select_row(row)

    # --- events -------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        if plain and key == Qt.Key.Key_J:
            self.move_selection(1)
        elif plain and key == Qt.Key.Key_K:
            self.move_selection(-1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._open(self.currentIndex())
        else:
            super().keyPressEvent(event)

    def keyboardSearch(self, search: str) -> None:
        """Disabled: Qt's type-ahead would walk every row through ``data()``."""

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._set_hover(self.rowAt(round(event.position().y())))
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._set_hover(-1)
        super().leaveEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._apply_font_metrics()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._model.rowCount() == 0:
            self._paint_empty_state()

    # --- internals -----------------------------------------------------------------

    def _apply_font_metrics(self) -> None:
        fonts = self._delegate.fonts(self.font())
        self.verticalHeader().setDefaultSectionSize(fonts.row_height)
        self.verticalHeader().setMinimumSectionSize(fonts.row_height)
        header = self.horizontalHeader()
        self._widths = column_widths(fonts)
        for column, width in self._widths.items():
            if column is not Column.TICKET:
                header.resizeSection(column, width)
        header.setMinimumSectionSize(round(WIDTH_CHARS[Column.PRIORITY] * fonts.char))
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Hide the least useful columns while the Ticket column would be too narrow."""
        header = self.horizontalHeader()
        width: dict[Column, int] = {
            c: self._widths[c] if header.isSectionHidden(c) else header.sectionSize(c)
            for c in Column
            if c is not Column.TICKET
        }
        room = self.viewport().width() - sum(width.values())
        hide: set[Column] = set()
        for column in HIDE_ORDER:
            if room >= self._widths[Column.TICKET]:
                break
            hide.add(column)
            room += width[column]
        for column in HIDE_ORDER:
            if header.isSectionHidden(column) != (column in hide):
                header.setSectionHidden(column, column in hide)

    def _paint_empty_state(self) -> None:
        viewport = self.viewport()
        painter = QPainter(viewport)
        fonts = self._delegate.fonts(self.font())
        font = QFont(fonts.base)
        font.setPointSizeF(fonts.base.pointSizeF() * 1.15)
        painter.setFont(font)
        painter.setPen(self.palette().color(self.palette().ColorRole.PlaceholderText))
        area = viewport.rect().adjusted(fonts.pad * 2, 0, -fonts.pad * 2, 0)
        area.setHeight(min(area.height(), fonts.row_height * 5))
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(area, flags, self._model.empty_message())
        hint = self._model.empty_hint()
        if hint:
            painter.setFont(fonts.base)
            below = area.translated(0, fonts.line * 2)
            painter.drawText(below, flags, hint)
        painter.end()

    def _select_row(self, row: int) -> None:
        index = self._model.index(row, Column.TICKET)
        self.selectionModel().setCurrentIndex(
            index,
            self.selectionModel().SelectionFlag.ClearAndSelect
            | self.selectionModel().SelectionFlag.Rows,
        )
        self.scrollTo(index)

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        ticket = self._model.ticket_at(current.row()) if current.isValid() else None
        if ticket is not None and ticket.id != self._last_id:
            self._last_id = ticket.id
            self.ticketActivated.emit(ticket.id)

    def _open(self, index: QModelIndex | QPersistentModelIndex) -> None:
        ticket = self._model.ticket_at(index.row()) if index.isValid() else None
        if ticket is not None:
            self.ticketOpened.emit(ticket.id)

    def _set_hover(self, row: int) -> None:
        if row == self._hover:
            return
        old, self._hover = self._hover, row
        width = self.viewport().width()
        for r in (old, row):
            if r >= 0:
                self.viewport().update(
                    QRect(0, self.rowViewportPosition(r), width, self.rowHeight(r))
                )

    def _remember_anchor(self) -> None:
        """Before a live change: which ticket is at the top, and how far it is scrolled."""
        self._anchor = None
        bar = self.verticalScrollBar()
        if bar.value() == 0 or self._model.layout_reason != "live":
            return
        row = self.rowAt(0)
        ticket = self._model.ticket_at(row)
        if ticket is not None:
            self._anchor = (ticket.id, -self.rowViewportPosition(row))

    def _restore_anchor(self) -> None:
        self._hover = -1
        if self._model.layout_reason != "live":
            current = self.currentIndex()
            if current.isValid():
                self.scrollTo(current)
            else:
                self.scrollToTop()
            return
        anchor, self._anchor = self._anchor, None
        if anchor is None:
            return
        row = self._model.row_of(anchor[0])
        if row is None:
            return
        self.updateGeometries()
        self.verticalScrollBar().setValue(
            row * self.verticalHeader().defaultSectionSize() + anchor[1]
        )

    def _on_reset(self) -> None:
        self._last_id = None
        self._hover = -1

    def _on_clock(self) -> None:
        """Relative times ("5 min ago") change once a minute: one repaint, no model signals."""
        minute = self._model.now().replace(second=0, microsecond=0)
        if minute != self._painted_minute:
            self._painted_minute = minute
            self.viewport().update()


def bind_filter_bar(bar: FilterBar, model: TicketTableModel) -> None:
    """Wire a filter bar to a model: filter changes in, live counts out."""
    bar.filterChanged.connect(model.set_filter)
    model.countsChanged.connect(lambda: bar.set_counts(model.counts()))
    bar.set_counts(model.counts())
    model.set_filter(bar.queue_filter())
