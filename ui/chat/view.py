"""The conversation pane: a QListView over MessageListModel with BubbleDelegate.

The view owns scrolling policy: it keeps the row under the viewport top in place
when rows are added above or the width changes, follows the bottom only if the
reader was already there, asks for older pages near the top, and turns clicks on
links, thumbnails, file chips and outbox buttons into signals for the window.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QElapsedTimer,
    QEvent,
    QPoint,
    QRect,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QGuiApplication,
    QHelpEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QMenu, QToolTip, QWidget

from ui.chat.decor import NewMessagesPill
from ui.chat.delegate import BubbleDelegate
from ui.chat.layout import HitArea, HitKind, human_size
from ui.chat.model import MessageListModel
from ui.chat.rows import ChatRow, Roles
from ui.chat.thumbnails import ThumbnailLoader
from ui.theme import LIGHT, Theme

_BOTTOM_SLACK = 4  # px from the end that still count as "at the bottom"
_OLDER_RETRY_MS = 1500


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
    ) -> None:
        super().__init__(parent)
        # State first: configuring the view below already calls doItemsLayout().
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

    # --- scrolling signals ---------------------------------------------------------

    def _on_scrolled(self, _value: int) -> None:
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
        super().keyPressEvent(event)

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
