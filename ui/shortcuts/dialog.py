"""A non-modal window listing every keyboard shortcut, grouped, with a filter."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QKeySequence, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.shortcuts.table import ShortcutId, by_group, description
from ui.widgets.clear_button import enable_clear_button

_KEYS_ROLE = Qt.ItemDataRole.UserRole + 1  # list[str] of native key texts
_GROUP_ROLE = Qt.ItemDataRole.UserRole + 2  # True on group title rows
_CAP_PAD = 6
_CAP_GAP = 6


class _KeyCapDelegate(QStyledItemDelegate):
    """Paints each key sequence as a small rounded key cap."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        keys = index.data(_KEYS_ROLE)
        if not keys:
            super().paint(painter, option, index)
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = option.palette
        rect = option.rect
        metrics = option.fontMetrics
        height = metrics.height() + 6
        x = float(rect.left() + 4)
        y = rect.top() + (rect.height() - height) / 2
        for key in keys:
            width = metrics.horizontalAdvance(key) + 2 * _CAP_PAD
            cap = QRectF(x, y, width, height)
            painter.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
            painter.setBrush(pal.color(QPalette.ColorRole.AlternateBase))
            painter.drawRoundedRect(cap.adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
            painter.setPen(pal.color(QPalette.ColorRole.Text))
            painter.drawText(cap, Qt.AlignmentFlag.AlignCenter, key)
            x += width + _CAP_GAP
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        base = super().sizeHint(option, index)
        keys = index.data(_KEYS_ROLE) or []
        metrics = option.fontMetrics
        width = sum(metrics.horizontalAdvance(k) + 2 * _CAP_PAD + _CAP_GAP for k in keys) + 8
        return QSize(max(base.width(), width), max(base.height(), metrics.height() + 12))


class ShortcutsDialog(QDialog):
    """Open it with ``show()`` or ``open()``; it never blocks the app.

    ``descriptions`` replaces the text of some shortcuts (the window can name its queue
    views there: ``{ShortcutId.QUEUE_VIEW_1: "My tickets"}``).
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        descriptions: Mapping[ShortcutId, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setModal(False)
        self._overrides = dict(descriptions or {})

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("shortcutsFilter")
        self.filter_edit.setPlaceholderText(self.tr("Filter shortcuts"))
        enable_clear_button(self.filter_edit)
        self.filter_edit.textChanged.connect(self.set_filter)

        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.table.verticalHeader().hide()
        self.table.setCornerButtonEnabled(False)  # no row header: the corner does nothing
        self.table.horizontalHeader().hide()  # the group titles carry the structure
        self.table.setFrameShape(QTableWidget.Shape.NoFrame)
        self.table.setShowGrid(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setItemDelegateForColumn(1, _KeyCapDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._fill()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        # Tall enough to list everything without scrolling, on screens that allow it.
        chrome = self.filter_edit.sizeHint().height() + buttons.sizeHint().height() + 48
        self.resize(520, min(self.table.verticalHeader().length() + chrome, 820))

    def _fill(self) -> None:
        bold = QFont(self.font())
        bold.setBold(True)
        for group, specs in by_group().items():
            row = self.table.rowCount()
            self.table.insertRow(row)
            title = QTableWidgetItem(group.title())
            title.setFont(bold)
            title.setData(_GROUP_ROLE, True)
            title.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
            self.table.setItem(row, 0, title)
            self.table.setSpan(row, 0, 1, 2)
            for spec in specs:
                row = self.table.rowCount()
                self.table.insertRow(row)
                text = self._overrides.get(spec.id, description(spec))
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, spec.id.value)
                self.table.setItem(row, 0, item)
                keys = [
                    s.toString(QKeySequence.SequenceFormat.NativeText) for s in spec.sequences()
                ]
                keys_item = QTableWidgetItem(", ".join(keys))  # text for accessibility and copy
                keys_item.setData(_KEYS_ROLE, keys)
                keys_item.setToolTip(" / ".join(keys))
                self.table.setItem(row, 1, keys_item)
        self.table.resizeRowsToContents()

    def set_filter(self, text: str) -> None:
        """Shows the shortcuts whose action or keys contain ``text`` (and their groups)."""
        needle = text.strip().casefold()
        group_row = -1
        group_visible = False
        for row in range(self.table.rowCount()):
            first = self.table.item(row, 0)
            if first is None:
                continue
            if first.data(_GROUP_ROLE):
                if group_row >= 0:
                    self.table.setRowHidden(group_row, not group_visible)
                group_row, group_visible = row, False
                continue
            keys = self.table.item(row, 1)
            haystack = f"{first.text()} {keys.text() if keys else ''}".casefold()
            match = not needle or needle in haystack
            self.table.setRowHidden(row, not match)
            group_visible = group_visible or match
        if group_row >= 0:
            self.table.setRowHidden(group_row, not group_visible)

    def visible_ids(self) -> list[ShortcutId]:
        ids: list[ShortcutId] = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
            if value and not self.table.isRowHidden(row):
                ids.append(ShortcutId(value))
        return ids
