"""The conversation pane: a QListView over MessageListModel with BubbleDelegate.

The view owns scrolling policy: it keeps the row under the viewport top in place
when rows are added above or the width changes, follows the bottom only if the
reader was already there, asks for older pages near the top, and turns clicks on
links, thumbnails, file chips and outbox buttons into signals for the window.

Geometry ("lazy" strategy, the default): QListView would ask every row's size on
every insert, resize or prepend, which costs O(rows) Python calls and a text
layout per row after a width change. Instead the view keeps ``RowHeights``:
exact heights for the rows in and near the viewport (one screen above and
below), estimates from ``HeightEstimate`` for the rest. Rows are measured as they
near the viewport; when an estimate above the top row turns exact, the scroll
value moves by the difference so nothing on screen jumps (at the bottom, the
view stays pinned). Width changes only re-estimate (one cheap pass) and measure
the new window. The view then answers visualRect/indexAt/scrollTo/moveCursor/
setSelection and paints from these heights itself. ``layout_strategy="qt"``
keeps QListView's own per-row layout, for the benchmark.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Literal

from PySide6.QtCore import (
    QElapsedTimer,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QContextMenuEvent,
    QGuiApplication,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QRegion,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QMenu,
    QStyle,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from ui.chat.decor import NewMessagesPill
from ui.chat.delegate import BubbleDelegate
from ui.chat.heights import RowHeights
from ui.chat.layout import HeightEstimate, HitArea, HitKind, human_size
from ui.chat.model import MessageListModel
from ui.chat.rows import ChatRow, Roles
from ui.chat.thumbnails import ThumbnailLoader
from ui.theme import LIGHT, Theme

_BOTTOM_SLACK = 4  # px from the end that still count as "at the bottom"
_OLDER_RETRY_MS = 1500
_Index = QModelIndex | QPersistentModelIndex
# "lazy": measure only rows near the viewport, estimate the rest (the default).
# "qt": QListView lays every row out on every change (kept for the benchmark).
LayoutStrategy = Literal["lazy", "qt"]


class ChatView(QListView):
    linkActivated = Signal(QUrl)
    ticketLinkActivated = Signal(int)
    imageActivated = Signal(object)  # Attachment
    fileActivated = Signal(object)  # Attachment
    retryRequested = Signal(int)  # outbox entry id
    discardRequested = Signal(int)  # outbox entry id
    olderRequested = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        theme: Theme = LIGHT,
        loader: ThumbnailLoader | None = None,
        layout_strategy: LayoutStrategy = "lazy",
    ) -> None:
        super().__init__(parent)
        # State first: configuring the view below already calls doItemsLayout().
        self._lazy = layout_strategy == "lazy"
        self._heights = RowHeights()
        self._estimate: HeightEstimate | None = None
        self._settling = False
        self._painting = False
        self._anchor: tuple[Any, ...] | None = None
        self._layout_pending = False
        self._press: tuple[int, HitArea] | None = None
        self._older_rows = -1
        self._older_clock = QElapsedTimer()
        self.setObjectName("chatView")
        self._delegate = BubbleDelegate(self, theme=theme, loader=loader)
        self.setItemDelegate(self._delegate)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(24)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setUniformItemSizes(False)
        self.setLayoutMode(QListView.LayoutMode.SinglePass)
        self.setResizeMode(QListView.ResizeMode.Fixed)  # width changes are handled below
        self.setFrameShape(QListView.Shape.NoFrame)
        # Breathing room under the last bubble; the strip is painted like the viewport.
        self.setViewportMargins(0, 0, 0, 12)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.setMouseTracking(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        self._resize_timer = QTimer(self, singleShot=True, interval=80)
        self._resize_timer.timeout.connect(self._apply_width)
        self._pill = NewMessagesPill(self)
        self._pill.clicked.connect(self.scroll_to_bottom)
        self.verticalScrollBar().valueChanged.connect(self._on_scrolled)
        if loader is not None:
            loader.thumbnailReady.connect(self._on_thumbnail)
        self.set_theme(theme)

    # --- public ---------------------------------------------------------------

    @property
    def delegate(self) -> BubbleDelegate:
        return self._delegate

    @property
    def layout_strategy(self) -> LayoutStrategy:
        return "lazy" if self._lazy else "qt"

    def row_is_measured(self, row: int) -> bool:
        """Whether the row's height is exact (laid out) rather than estimated."""
        if not self._lazy:
            return True
        return 0 <= row < len(self._heights) and bool(self._heights.exact[row])

    @property
    def chat_model(self) -> MessageListModel | None:
        model = self.model()
        return model if isinstance(model, MessageListModel) else None

    def set_theme(self, theme: Theme) -> None:
        self._delegate.theme = theme
        self._pill.set_theme(theme)
        self.viewport().update()

    def setModel(self, model: Any) -> None:
        old = self.chat_model
        if old is not None:
            for signal, slot in self._model_connections(old):
                signal.disconnect(slot)
        if isinstance(model, MessageListModel):
            # Connected before QListView's own slots, so the anchor is taken while the
            # old geometry is still there (QListView drops it in rowsAboutToBeRemoved).
            for signal, slot in self._model_connections(model):
                signal.connect(slot)
        super().setModel(model)
        self._delegate.bind(model.row_at if isinstance(model, MessageListModel) else None)
        self._rebuild_heights()
        self._anchor = ("bottom",)
        self._layout_pending = True

    def is_at_bottom(self) -> bool:
        bar = self.verticalScrollBar()
        return bar.value() >= bar.maximum() - _BOTTOM_SLACK

    def scroll_to_bottom(self) -> None:
        self.scrollToBottom()
        self._pill.hide()

    def new_messages_pill_visible(self) -> bool:
        return not self._pill.isHidden()

    def hit_at(self, pos: QPoint) -> tuple[int, HitArea] | None:
        """The clickable thing at a viewport position, with its row."""
        index = self.indexAt(pos)
        if not index.isValid():
            return None
        area = self._delegate.hit_test(index, self.visualRect(index), pos)
        return (index.row(), area) if area is not None else None

    def copy_row_text(self, row: int) -> None:
        model = self.chat_model
        chat_row = model.row_at(row) if model is not None else None
        if chat_row is not None:
            QGuiApplication.clipboard().setText(chat_row.text)

    # --- scroll anchoring -----------------------------------------------------

    def _model_connections(self, model: MessageListModel) -> list[tuple[Any, Any]]:
        return [
            (model.rowsAboutToBeInserted, self._capture_anchor),
            (model.rowsAboutToBeRemoved, self._before_remove),
            (model.modelAboutToBeReset, self._anchor_bottom),
            (model.messagesAppended, self._on_appended),
        ]

    def _anchor_bottom(self) -> None:
        self._anchor = ("bottom",)
        self._layout_pending = True
        self._pill.hide()

    def _before_remove(self, _parent: object, first: int, last: int) -> None:
        self._capture_anchor(removing=(first, last))

    def _capture_anchor(self, *_args: object, removing: tuple[int, int] | None = None) -> None:
        """Remember what to keep in place across the coming relayout."""
        self._layout_pending = True
        if self._anchor is not None:
            return  # the first capture since the last layout is the one with valid geometry
        model = self.chat_model
        if model is None or model.rowCount() == 0 or self.is_at_bottom():
            self._anchor = ("bottom",)
            return
        index = self.indexAt(QPoint(self.viewport().width() // 2, 0))
        if index.isValid() and removing is not None and removing[0] <= index.row() <= removing[1]:
            index = model.index(removing[1] + 1)  # the top row is going: hold the next one
        row = model.row_at(index.row()) if index.isValid() else None
        if row is None:
            self._anchor = ("bottom",)
            return
        self._anchor = ("row", row.key, self.visualRect(index).top())

    def doItemsLayout(self) -> None:
        self._sync_width()
        if self._lazy:
            self._lazy_items_layout()
            return
        super().doItemsLayout()
        self._layout_pending = False
        anchor, self._anchor = self._anchor, None
        model = self.chat_model
        if anchor is not None and model is not None:
            if anchor[0] == "bottom":
                self.scrollToBottom()
            elif (row := model.row_of_key(anchor[1])) >= 0:
                top = self.rectForIndex(model.index(row)).top()
                self.verticalScrollBar().setValue(top - anchor[2])
        self._maybe_request_older()

    def dataChanged(self, top_left: Any, bottom_right: Any, roles: Any = ()) -> None:
        super().dataChanged(top_left, bottom_right, list(roles))
        if self._lazy:
            self._lazy_data_changed(top_left.row(), bottom_right.row())
            return
        if self._layout_pending or self.chat_model is None:
            return
        rows = range(top_left.row(), bottom_right.row() + 1)
        resized = len(rows) > 64 or any(self._height_changed(r) for r in rows)
        if resized:
            self._capture_anchor()
            self.scheduleDelayedItemsLayout()

    def _height_changed(self, row: int) -> bool:
        model = self.chat_model
        chat_row = model.row_at(row) if model is not None else None
        if model is None or chat_row is None:
            return False
        return self.rectForIndex(model.index(row)).height() != self._delegate.height_for(chat_row)

    def _sync_width(self) -> None:
        self._delegate.set_layout_width(self.viewport().width())

    def _apply_width(self) -> None:
        if self._delegate.layout_width != max(200, self.viewport().width()):
            self._capture_anchor()
            self.scheduleDelayedItemsLayout()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_pill()
        if event.oldSize().width() < 0:
            self._apply_width()  # first size: no reason to wait
        elif event.oldSize().width() != event.size().width():
            self._resize_timer.start()

    # --- lazy layout: exact heights near the viewport, estimates elsewhere ---------

    def _estimator(self) -> HeightEstimate:
        if self._estimate is None or self._estimate.m is not self._delegate.metrics:
            self._estimate = HeightEstimate.from_metrics(self._delegate.metrics)
        return self._estimate

    def _heights_key(self) -> tuple[object, ...]:
        d = self._delegate
        return (d.layout_width, d.generation, d.metrics)

    def _parts(self, first: int, last: int) -> list[tuple[int, float, int]]:
        model = self.chat_model
        if model is None:
            return []
        est = self._estimator()
        return [est.parts(row) for row in model.rows_between(first, last)]

    def _rebuild_heights(self) -> None:
        """Estimates for every row (a model reset, a new model)."""
        if not self._lazy:
            return
        model = self.chat_model
        n = model.rowCount() if model is not None else 0
        parts = self._parts(0, n - 1)
        width = self._delegate.layout_width
        self._heights.reset(parts, self._estimator().heights(width, parts))
        self._heights.key = self._heights_key()

    def _reestimate(self) -> None:
        """The wrap width or fonts changed: every height becomes an estimate again."""
        h = self._heights
        h.reset(h.parts, self._estimator().heights(self._delegate.layout_width, h.parts))
        h.key = self._heights_key()

    def reset(self) -> None:
        super().reset()
        self._rebuild_heights()

    def rowsInserted(self, parent: _Index, first: int, last: int) -> None:
        if self._lazy and not parent.isValid():
            parts = self._parts(first, last)
            estimates = self._estimator().heights(self._delegate.layout_width, parts)
            self._heights.insert(first, parts, estimates)
        super().rowsInserted(parent, first, last)

    def rowsAboutToBeRemoved(self, parent: _Index, first: int, last: int) -> None:
        super().rowsAboutToBeRemoved(parent, first, last)
        if self._lazy and not parent.isValid():
            self._heights.remove(first, last)

    def _lazy_data_changed(self, first: int, last: int) -> None:
        model, h = self.chat_model, self._heights
        if model is None or len(h) != model.rowCount():
            return  # a full rebuild is coming anyway
        est, width = self._estimator(), self._delegate.layout_width
        current = h.key == self._heights_key()  # else every height is re-estimated soon
        updates: list[tuple[int, tuple[int, float, int], int, bool]] = []
        for r, row in enumerate(model.rows_between(first, last), start=first):
            parts = est.parts(row)
            if current and h.exact[r]:
                updates.append((r, parts, self._delegate.height_for(row), True))
            else:
                updates.append((r, parts, est.heights(width, [parts])[0], False))
        resized = current and any(height != h.heights[r] for r, _p, height, _e in updates)
        if resized and not self._layout_pending:
            self._capture_anchor()  # while the positions are still the old ones
        for r, parts, height, exact in updates:
            h.estimate(r, parts, height)
            if exact:
                h.measured(r, height)
        if resized:
            self.scheduleDelayedItemsLayout()

    def _lazy_items_layout(self) -> None:
        QAbstractItemView.doItemsLayout(self)  # stops the delayed layout, updates geometries
        model = self.chat_model
        h = self._heights
        if model is None:
            self._layout_pending = False
            self._anchor = None
            return
        if len(h) != model.rowCount():
            self._rebuild_heights()
        elif h.key != self._heights_key():
            self._reestimate()
        self._layout_pending = False
        anchor, self._anchor = self._anchor, None
        target: tuple[Any, ...] | None = None
        if anchor is not None and anchor[0] == "bottom":
            target = anchor
        elif anchor is not None and (row := model.row_of_key(anchor[1])) >= 0:
            target = ("row", row, anchor[2])
        self._settle(target or self._current_anchor(), force=True)
        self._maybe_request_older()

    def _current_anchor(self) -> tuple[Any, ...]:
        """What to hold still while estimates turn exact: the bottom, or the top row."""
        h = self._heights
        if len(h) == 0 or self.is_at_bottom():
            return ("bottom",)
        value = self.verticalScrollBar().value()
        row = h.row_at(value)
        return ("row", row, h.top(row) - value)

    def _anchored_value(self, anchor: tuple[Any, ...]) -> int:
        h = self._heights
        top_max = max(0, h.total() - self.viewport().height())
        if anchor[0] == "bottom":
            return top_max
        row, y = int(anchor[1]), int(anchor[2])
        return min(max(0, h.top(row) - y), top_max)

    def _measure(self, first: int, last: int) -> bool:
        model, h = self.chat_model, self._heights
        if model is None or first < 0:
            return False
        changed = False
        for r, row in enumerate(model.rows_between(first, last), start=first):
            if not h.exact[r]:
                h.measured(r, self._delegate.height_for(row))
                changed = True
        return changed

    def _settle(self, anchor: tuple[Any, ...], *, force: bool = False) -> bool:
        """Measure the rows in and near the viewport, keeping ``anchor`` where it is.

        Estimates above the anchor that turn exact move the scroll value by the
        difference, so nothing on screen jumps; only the scroll bar's length changes.
        """
        h = self._heights
        if self._settling or len(h) == 0:
            if force:
                self.updateGeometries()
            return False
        self._settling = True
        try:
            vh = self.viewport().height()
            changed = False
            for _ in range(16):  # each pass shrinks what is left; 2 or 3 are typical
                value = self._anchored_value(anchor)
                first, last = h.row_at(value - vh), h.row_at(value + 2 * vh)
                if not self._measure(first, last):
                    break
                changed = True
            value = self._anchored_value(anchor)
            bar = self.verticalScrollBar()
            if changed or force:
                self.updateGeometries()
            if value != bar.value():
                blocked = bar.blockSignals(True)
                bar.setValue(value)
                bar.blockSignals(blocked)
                changed = True
            if changed:
                self.viewport().update()
            return changed
        finally:
            self._settling = False

    def updateGeometries(self) -> None:
        if not self._lazy:
            super().updateGeometries()
            return
        bar = self.verticalScrollBar()
        vh = self.viewport().height()
        bar.setPageStep(vh)
        bar.setSingleStep(24)
        top_max = max(0, self._heights.total() - vh)
        bar.setRange(0, top_max)
        if (top_max > 0) != bar.isVisibleTo(self) and self.isVisible() and not self._painting:
            # The scroll area shows or hides the bar only on a queued rangeChanged; lay
            # the children out now (QListView does the same), so the first frame has
            # the final viewport width.
            self.setViewportMargins(self.viewportMargins())
        self.horizontalScrollBar().setRange(0, 0)
        QAbstractItemView.updateGeometries(self)

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        if self._lazy:
            self.viewport().scroll(dx, dy)
        else:
            super().scrollContentsBy(dx, dy)

    def visualRect(self, index: _Index) -> QRect:
        if not self._lazy:
            return super().visualRect(index)
        h = self._heights
        row = index.row() if index.isValid() and index.model() is self.model() else -1
        if not 0 <= row < len(h):
            return QRect()
        value = self.verticalScrollBar().value()
        return QRect(0, h.top(row) - value, self.viewport().width(), h.heights[row])

    def indexAt(self, pos: QPoint) -> QModelIndex:
        if not self._lazy:
            return super().indexAt(pos)
        model, h = self.model(), self._heights
        y = pos.y() + self.verticalScrollBar().value()
        if model is None or not 0 <= pos.x() < self.viewport().width():
            return QModelIndex()
        if len(h) == 0 or not 0 <= y < h.total():
            return QModelIndex()
        return model.index(h.row_at(y), 0, self.rootIndex())

    def scrollTo(
        self,
        index: _Index,
        hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible,
    ) -> None:
        if not self._lazy:
            super().scrollTo(index, hint)
            return
        h = self._heights
        row = index.row() if index.isValid() else -1
        if not 0 <= row < len(h):
            return
        self._measure(row, row)
        vh, value = self.viewport().height(), self.verticalScrollBar().value()
        top, height = h.top(row), h.heights[row]
        hints = QAbstractItemView.ScrollHint
        if hint == hints.PositionAtTop:
            y = 0
        elif hint == hints.PositionAtBottom:
            y = vh - height
        elif hint == hints.PositionAtCenter:
            y = (vh - height) // 2
        elif top < value:
            y = 0
        elif top + height > value + vh:
            y = max(0, vh - height)
        else:
            return
        self._settle(("row", row, y), force=True)
        self._on_scrolled(self.verticalScrollBar().value())

    def moveCursor(
        self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        if not self._lazy:
            return super().moveCursor(action, modifiers)
        model, h = self.model(), self._heights
        if model is None or len(h) == 0:
            return QModelIndex()
        current = self.currentIndex()
        row = current.row() if current.isValid() else -1
        act = QAbstractItemView.CursorAction
        vh = self.viewport().height()
        if action in (act.MoveUp, act.MovePrevious):
            row = row - 1 if row >= 0 else len(h) - 1
        elif action in (act.MoveDown, act.MoveNext):
            row += 1
        elif action == act.MoveHome:
            row = 0
        elif action == act.MoveEnd:
            row = len(h) - 1
        elif action == act.MovePageUp:
            row = h.row_at(h.top(max(row, 0)) - vh)
        elif action == act.MovePageDown:
            row = h.row_at(h.top(max(row, 0)) + vh)
        else:
            return current
        return model.index(min(max(row, 0), len(h) - 1), 0, self.rootIndex())

    def setSelection(self, rect: QRect, command: QItemSelectionModel.SelectionFlag) -> None:
        if not self._lazy:
            super().setSelection(rect, command)
            return
        model, h, sel = self.model(), self._heights, self.selectionModel()
        if model is None or sel is None:
            return
        r = rect.normalized()
        value = self.verticalScrollBar().value()
        y0, y1 = max(0, r.top() + value), r.bottom() + value
        selection = QItemSelection()
        if len(h) and y0 < h.total() and y1 >= 0:
            first, last = h.row_at(y0), h.row_at(y1)
            selection.select(model.index(first, 0), model.index(last, 0))
        sel.select(selection, command)

    def visualRegionForSelection(self, selection: QItemSelection) -> QRegion:
        if not self._lazy:
            return super().visualRegionForSelection(selection)
        h = self._heights
        region = QRegion()
        if len(h) == 0:
            return region
        value, vh = self.verticalScrollBar().value(), self.viewport().height()
        shown_first, shown_last = h.row_at(value), h.row_at(value + vh)
        for i in range(selection.count()):
            rng = selection.at(i)
            for row in range(max(rng.top(), shown_first), min(rng.bottom(), shown_last) + 1):
                region += self.visualRect(self.model().index(row, 0, self.rootIndex()))
        return region

    def _lazy_paint(self, event: QPaintEvent) -> None:
        model, h = self.chat_model, self._heights
        if model is None or len(h) == 0 or len(h) != model.rowCount():
            return
        self._painting = True  # no child re-layout from here (the queued one follows)
        try:
            if self._layout_pending:
                self.doItemsLayout()
            elif not self._settling:
                self._settle(self._current_anchor())  # normally a no-op: scrolling measured
        finally:
            self._painting = False
        value = self.verticalScrollBar().value()
        area = event.rect()
        first, last = h.row_at(value + area.top()), h.row_at(value + area.bottom())
        base = QStyleOptionViewItem()
        self.initViewItemOption(base)
        selection = self.selectionModel()
        current = self.currentIndex()
        painter = QPainter(self.viewport())
        for r in range(first, last + 1):
            index = model.index(r, 0)
            option = QStyleOptionViewItem(base)
            option.rect = self.visualRect(index)
            if selection is not None and selection.isSelected(index):
                option.state |= QStyle.StateFlag.State_Selected
            if index == current and self.hasFocus():
                option.state |= QStyle.StateFlag.State_HasFocus
            self._delegate.paint(painter, option, index)
        painter.end()

    # --- scrolling signals ---------------------------------------------------------

    def _on_scrolled(self, _value: int) -> None:
        if self._lazy and not self._settling and not self._layout_pending:
            self._settle(self._current_anchor())  # rows coming into view get measured
        if self.is_at_bottom():
            self._pill.hide()
        self._maybe_request_older()

    def _on_appended(self, _count: int) -> None:
        if self._anchor is not None and self._anchor[0] != "bottom":
            self._pill.show()
            self._place_pill()

    def _maybe_request_older(self) -> None:
        model = self.chat_model
        if model is None or not model.has_older or not model.is_loaded or self._layout_pending:
            return
        if self.verticalScrollBar().value() > max(200, self.viewport().height() // 2):
            return
        asked = self._older_rows == model.rowCount() and self._older_clock.isValid()
        if asked and self._older_clock.elapsed() < _OLDER_RETRY_MS:
            return  # asked already; wait for the page (or retry after a while)
        self._older_rows = model.rowCount()
        self._older_clock.start()
        self.olderRequested.emit()

    def _place_pill(self) -> None:
        self._pill.place(self.viewport().geometry())

    def _on_thumbnail(self, attachment_id: int) -> None:
        model = self.chat_model
        if model is not None:
            model.attachment_changed(attachment_id)

    # --- mouse, keys, menus ------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        self._press = self.hit_at(pos) if event.button() == Qt.MouseButton.LeftButton else None
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        now = self.hit_at(event.position().toPoint())
        if now is not None and now[0] == press[0] and now[1].kind is press[1].kind:
            self._activate(now[0], now[1])

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if self.hit_at(event.position().toPoint()) is not None:
            self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        else:
            self.viewport().unsetCursor()

    def _activate(self, row: int, area: HitArea) -> None:
        if area.kind is HitKind.LINK:
            url = QUrl(str(area.payload))
            if url.isValid() and url.scheme() in ("http", "https"):
                self.linkActivated.emit(url)
        elif area.kind is HitKind.TICKET:
            self.ticketLinkActivated.emit(int(area.payload))  # type: ignore[call-overload]
        elif area.kind is HitKind.IMAGE:
            loader = self._delegate.loader
            if loader is not None and loader.error(area.payload.id) is not None:  # type: ignore[attr-defined]
                loader.retry(area.payload.id)  # type: ignore[attr-defined]
            self.imageActivated.emit(area.payload)
        elif area.kind is HitKind.FILE:
            self.fileActivated.emit(area.payload)
        elif area.kind is HitKind.RETRY:
            self.retryRequested.emit(area.payload)
        elif area.kind is HitKind.DISCARD:
            self.discardRequested.emit(area.payload)
        elif area.kind is HitKind.COPY:
            self.copy_row_text(row)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy) and self.currentIndex().isValid():
            self.copy_row_text(self.currentIndex().row())
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._popup_row_menu():
            event.accept()  # what a click would reach, offered from the keyboard
            return
        super().keyPressEvent(event)

    def build_row_menu(self, row: int) -> QMenu | None:
        """Everything clickable in one message, as menu entries: links, #tickets,
        images, files, Retry/Discard, copying. The keyboard's way to what a pointer
        reaches by clicking (Enter or the Menu key on the current message)."""
        model = self.chat_model
        chat_row = model.row_at(row) if model is not None else None
        if chat_row is None:
            return None
        menu = QMenu(self)
        for area in self._delegate.layout_for(chat_row).hits:
            label = self._action_label(area)
            if label:
                menu.addAction(label, partial(self._activate, row, area))
        if chat_row.text:
            menu.addAction(self.tr("Copy text"), lambda: self.copy_row_text(row))
        return menu if menu.actions() else None

    def _action_label(self, area: HitArea) -> str:
        payload = area.payload
        if area.kind is HitKind.LINK:
            return self.tr("Open link {0}").format(payload)
        if area.kind is HitKind.TICKET:
            return self.tr("Open ticket #{0}").format(payload)
        if area.kind in (HitKind.IMAGE, HitKind.FILE):
            return self.tr("Open {0}").format(getattr(payload, "filename", ""))
        if area.kind is HitKind.RETRY:
            return self.tr("Retry")
        if area.kind is HitKind.DISCARD:
            return self.tr("Discard")
        return ""  # COPY: "Copy text" is always there

    def _popup_row_menu(self) -> bool:
        index = self.currentIndex()
        menu = self.build_row_menu(index.row()) if index.isValid() else None
        if menu is None:
            return False
        rect = self.visualRect(index)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self.viewport().mapToGlobal(rect.center()))  # popup: no nested loop
        return True

    def build_context_menu(self, pos: QPoint) -> QMenu | None:
        """The context menu for a viewport position (separate so tests can use it)."""
        index = self.indexAt(pos)
        row: ChatRow | None = index.data(Roles.ROW) if index.isValid() else None
        if row is None:
            return None
        menu = QMenu(self)
        hit = self.hit_at(pos)
        if hit is not None and hit[1].kind is HitKind.LINK:
            target = str(hit[1].payload)
            menu.addAction(self.tr("Open link"), lambda: self._activate(index.row(), hit[1]))
            menu.addAction(
                self.tr("Copy link"), lambda: QGuiApplication.clipboard().setText(target)
            )
        if row.text:
            menu.addAction(self.tr("Copy text"), lambda: self.copy_row_text(index.row()))
        if row.pending is not None and row.pending.state == "failed":
            entry = row.pending.entry_id
            menu.addSeparator()
            menu.addAction(self.tr("Retry"), lambda: self.retryRequested.emit(entry))
            menu.addAction(self.tr("Discard"), lambda: self.discardRequested.emit(entry))
        return menu if menu.actions() else None

    def contextMenuEvent(self, event: Any) -> None:
        if event.reason() == QContextMenuEvent.Reason.Keyboard and self._popup_row_menu():
            return
        pos = self.viewport().mapFrom(self, event.pos())
        menu = self.build_context_menu(pos)
        if menu is not None:
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            menu.popup(event.globalPos())  # popup, not exec(): no nested event loop

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self._tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def _tooltip_at(self, pos: QPoint) -> str:
        hit = self.hit_at(pos)
        if hit is None:
            index = self.indexAt(pos)
            if index.isValid() and self._delegate.bubble_rect(
                index, self.visualRect(index)
            ).contains(pos):
                return str(index.data(Qt.ItemDataRole.ToolTipRole) or "")
            return ""
        area = hit[1]
        if area.kind is HitKind.LINK:
            return str(area.payload)
        if area.kind is HitKind.IMAGE:
            att: Any = area.payload
            loader = self._delegate.loader
            error = loader.error(att.id) if loader is not None else None
            if error is not None:
                return self.tr("Could not load the image: {0}").format(error)
            return str(att.filename)
        if area.kind is HitKind.FILE:
            f: Any = area.payload
            return f"{f.filename} ({human_size(f.size)})"
        return ""

    # --- empty state -------------------------------------------------------------------

    def empty_text(self) -> str:
        model = self.chat_model
        if model is not None and model.rowCount() > 0:
            return ""
        if model is not None and model.is_loaded:
            return self.tr("No messages yet")
        return self.tr("Select a ticket to see the conversation")

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._lazy:
            self._lazy_paint(event)
        else:
            super().paintEvent(event)
        model = self.chat_model
        if model is not None and model.rowCount() > 0:
            return
        text = self.empty_text()
        painter = QPainter(self.viewport())
        painter.setPen(self._delegate.theme.muted_text)
        rect: QRect = self.viewport().rect()
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)
        painter.end()
