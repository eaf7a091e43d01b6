"""The canned-reply picker: a small list over the composer that filters as the agent types.

It opens when "/" is typed at the start of a line (the text after the "/" filters),
or through ``open()`` (Ctrl+M; the text typed after the caret filters). Keys stay in
the editor the whole time: the picker watches the editor with an event filter and
takes only Up/Down/Page keys, Enter/Tab (insert) and Esc (close, text untouched).
Enter replaces the "/query" with the macro's body, filled for the open ticket, as one
undo step. Moving the caret out of the query, a new line, or leaving the editor closes it.

The picker is a child widget of the composer's window rather than a top-level popup:
it never takes focus, and it is placed the same way on X11, Wayland, Windows and macOS.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QGraphicsDropShadowEffect,
    QLabel,
    QListView,
    QVBoxLayout,
)

from desk.client.macros import Macro, MacroContext, MacroLibrary, fill_for
from ui.chat.composer import Composer
from ui.macros.model import MacroDelegate, MacroListModel
from ui.macros.style import picker_stylesheet
from ui.macros.typed_range import TypedRange, slash_before_caret
from ui.tasks import TaskRunner
from ui.theme import LIGHT, Theme

log = logging.getLogger(__name__)

ContextProvider = Callable[[], MacroContext | None]

_NAV_KEYS = frozenset({Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown})
_ACCEPT_KEYS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab})
_OWN_KEYS = _NAV_KEYS | _ACCEPT_KEYS | {Qt.Key.Key_Escape}
_MARGIN = 8


class MacroPicker(QFrame):
    inserted = Signal(int)  # macro id, after its body went into the composer
    notice = Signal(str)  # a readable remark for the status bar (unknown placeholders)
    visibilityChanged = Signal(bool)

    def __init__(
        self,
        composer: Composer,
        library: MacroLibrary,
        context_provider: ContextProvider,
        *,
        theme: Theme = LIGHT,
        runner: TaskRunner | None = None,
        max_rows: int = 6,
    ) -> None:
        super().__init__(composer.window())
        self.setObjectName("macroPicker")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(self.tr("Canned replies"))
        self.composer, self.edit = composer, composer.edit
        self.library = library
        self._context_provider = context_provider
        self._runner = runner
        self._max_rows = max_rows
        self._theme = theme
        self._open = False
        self._range: TypedRange | None = None  # what the picker replaces; set while open
        self._context: MacroContext | None = None
        self._slash_typed = False  # a "/" key just went into the editor
        self._filtered_for: str | None = None  # the query the list was last filtered for

        self._header = QLabel(self.tr("Canned replies"), self)
        self._header.setObjectName("macroPickerHeader")
        self.model = MacroListModel(self)
        self.view = QListView(self)
        self.view.setObjectName("macroPickerList")
        self.view.setAccessibleName(self.tr("Canned replies"))
        self.view.setModel(self.model)
        self.delegate = MacroDelegate(theme, self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setUniformItemSizes(True)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setMouseTracking(True)
        self.view.clicked.connect(self._clicked)
        self._empty = QLabel(self)
        self._empty.setObjectName("macroPickerEmpty")
        self._empty.setWordWrap(True)
        self._empty.setTextFormat(Qt.TextFormat.PlainText)
        self._footer = QLabel(self)
        self._footer.setObjectName("macroPickerFooter")

        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 6)
        layout.setSpacing(2)
        layout.addWidget(self._header)
        layout.addWidget(self.view)
        layout.addWidget(self._empty)
        layout.addWidget(self._footer)

        self._shadow = QGraphicsDropShadowEffect(self)
        self._shadow.setBlurRadius(28)
        self._shadow.setOffset(0, 6)
        self.setGraphicsEffect(self._shadow)
        self.setStyleSheet(picker_stylesheet(theme))
        self._apply_shadow(theme)
        self.hide()
        self.edit.installEventFilter(self)
        host = self.parentWidget()
        if host is not None:
            host.installEventFilter(self)  # follow the window's resizes
        self.edit.textChanged.connect(self._text_changed)
        self.edit.cursorPositionChanged.connect(self._sync)
        unlisten = library.add_listener(self._library_changed)
        self.destroyed.connect(lambda *_: unlisten())

    # --- what the owner calls ----------------------------------------------------------

    def is_open(self) -> bool:
        return self._open

    def query(self) -> str:
        """The filter: the text typed after the "/" (or after the caret at open())."""
        return self._range.query() if self._open and self._range is not None else ""

    def open(self) -> bool:
        """Open at the caret (Ctrl+M). False when there is no ticket to reply to."""
        if self._open:
            return True
        cursor = self.edit.textCursor()
        return self._start(cursor.selectionStart(), slash=False)

    def close_picker(self) -> None:
        """Close without touching the text."""
        if not self._open:
            return
        self._open = False
        self._context = None
        self._range = None
        self._filtered_for = None
        self.hide()
        self.visibilityChanged.emit(False)

    def current_macro(self) -> Macro | None:
        return self.model.macro_at(self.view.currentIndex().row())

    def visible_macros(self) -> list[Macro]:
        return self.model.macros()

    def empty_text(self) -> str:
        return self._empty.text() if not self._empty.isHidden() else ""

    def insert_current(self) -> bool:
        macro = self.current_macro()
        return self.insert(macro) if macro is not None else False

    def insert(self, macro: Macro) -> bool:
        """Replace the "/query" (or what was typed since open()) with the filled body."""
        typed, context = self._range, self._context
        if not self._open or typed is None or context is None:
            return False
        filled = fill_for(macro.body, context)
        self.close_picker()
        typed.replace(filled.text)  # one undo step: Ctrl+Z brings the "/query" back
        if filled.unknown:
            names = ", ".join("{{" + n + "}}" for n in filled.unknown)
            log.info("Macro %s has unknown placeholders: %s", macro.id, names)
            self.notice.emit(self.tr("Check the reply: Desk could not fill {0}.").format(names))
        self.inserted.emit(macro.id)
        return True

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.delegate.theme = theme
        self.setStyleSheet(picker_stylesheet(theme))
        self._apply_shadow(theme)
        self.view.viewport().update()

    def _apply_shadow(self, theme: Theme) -> None:
        self._shadow.setColor(QColor(0, 0, 0, 150 if theme.dark else 45))

    # --- opening and following the caret ------------------------------------------------

    def _start(self, anchor: int, *, slash: bool) -> bool:
        if self.composer.is_read_only() or not self.edit.isVisible():
            return False
        context = self._context_provider()
        if context is None:
            return False
        host, old = self.edit.window(), self.parentWidget()
        if old is not host:  # the composer moved into another window since
            if old is not None:
                old.removeEventFilter(self)
            self.setParent(host)
            host.installEventFilter(self)
        self._context = context
        self._range = TypedRange(self.edit, anchor, slash=slash)
        self._open = True
        self.model.set_preview(lambda m: fill_for(m.body, context).text)
        if self._runner is not None and (self.library.is_stale() and not self.library.loading):
            self._runner.start(self.library.ensure_fresh())
        if not self.edit.hasFocus():
            self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._refilter()
        self.show()
        self.raise_()
        self._place()
        self.visibilityChanged.emit(True)
        return True

    def _text_changed(self) -> None:
        if self._slash_typed:
            self._slash_typed = False
            slash = slash_before_caret(self.edit)
            if not self._open and slash is not None:
                self._start(slash, slash=True)
                return
        self._sync()

    def _sync(self) -> None:
        """Follow the caret: close when it left the query, else filter and move along."""
        if not self._open:
            return
        if not self._still_valid():
            self.close_picker()
            return
        query = self.query()
        matches = self._refilter()
        if not matches and query[-1:].isspace():
            self.close_picker()  # "/etc/hosts is…": writing prose, not picking
            return
        self._place()

    def _still_valid(self) -> bool:
        if self.composer.is_read_only() or not self.edit.isVisible():
            return False
        return self._range is not None and self._range.is_valid()

    def _refilter(self) -> list[Macro]:
        query = self.query()
        current = self.current_macro()
        same_query = query == self._filtered_for
        matches = self.library.filter(query)
        self.model.set_query(query)
        self.model.set_macros(matches)
        self._filtered_for = query
        has = bool(matches)
        self.view.setVisible(has)
        self._empty.setVisible(not has)
        self._footer.setText(
            self.tr("↑↓ choose · Enter insert · Esc close") if has else self.tr("Esc close")
        )
        if has:
            # A new query selects the best match; a reload keeps the agent's choice.
            row = self.model.row_of(current.id) if current is not None and same_query else None
            self.view.setCurrentIndex(self.model.index(row or 0, 0))
        else:
            self._empty.setText(self._empty_message(query))
        self._resize()
        return matches

    def _empty_message(self, query: str) -> str:
        if len(self.library) == 0:
            if self.library.loading:
                return self.tr("Loading canned replies…")
            if self.library.last_error is not None:
                return self.tr("Canned replies could not be loaded.")
            if not self.library.loaded:
                return self.tr("Loading canned replies…")
            return self.tr("No canned replies yet. An admin can add them in Canned replies…")
        return self.tr("No canned replies match")

    def _library_changed(self) -> None:
        if self._open and shiboken6.isValid(self):
            self._refilter()
            self._place()

    # --- geometry -------------------------------------------------------------------------

    def _resize(self) -> None:
        host = self.parentWidget()
        host_width = host.width() if host is not None else 600
        width = min(max(int(self.composer.width() * 0.62), 360), 540, host_width - 2 * _MARGIN)
        rows = min(self.model.rowCount(), self._max_rows)
        margins = self._layout.contentsMargins()
        spacing = self._layout.spacing()
        height = margins.top() + margins.bottom() + self._header.sizeHint().height() + spacing
        height += spacing + self._footer.sizeHint().height()
        if rows:
            row_height = self.view.sizeHintForRow(0)
            height += rows * row_height + 2 * self.view.frameWidth()
            self.view.setFixedHeight(rows * row_height + 2 * self.view.frameWidth())
        else:
            height += self._empty.heightForWidth(width - 8)
        self.setFixedSize(width, height)

    def _place(self) -> None:
        host = self.parentWidget()
        if host is None or self._range is None:
            return
        rect = self._range.anchor_rect()
        top_left = self.edit.viewport().mapTo(host, rect.topLeft())
        bottom = self.edit.viewport().mapTo(host, rect.bottomLeft()).y()
        composer_left = self.composer.mapTo(host, QPoint(0, 0)).x()
        x = max(composer_left, top_left.x() - 14)
        x = max(_MARGIN, min(x, host.width() - self.width() - _MARGIN))
        # Above the whole composer, so nothing the agent wrote is hidden; below the
        # caret only when the composer sits at the top of a short window.
        above = self.composer.mapTo(host, QPoint(0, 0)).y() - self.height() - 6
        y = above if above >= _MARGIN else min(bottom + 6, host.height() - self.height())
        self.move(QPoint(x, max(0, y)))

    # --- keys and focus -------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit:
            return self._edit_event(event)
        if self._open and event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest):
            self._resize()
            self._place()
        return False

    def _edit_event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if not self._open:
                self._slash_typed = event.text() == "/"
                return False
            return self._key(event)
        if kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            # Esc and the arrows would otherwise reach window shortcuts (back to queue).
            if self._open and self._plain(event) and event.key() in _OWN_KEYS:
                event.accept()
                return True
            return False
        if kind in (QEvent.Type.FocusOut, QEvent.Type.Hide) and self._open:
            self.close_picker()
        return False

    @staticmethod
    def _plain(event: QKeyEvent) -> bool:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        return mods == Qt.KeyboardModifier.NoModifier

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if not self._plain(event) or key not in _OWN_KEYS:
            return False
        if key == Qt.Key.Key_Escape:
            self.close_picker()
            return True
        count = self.model.rowCount()
        if key in _ACCEPT_KEYS:
            if count and self.insert_current():
                return True
            self.close_picker()  # nothing to insert: the key does what it always does
            return False
        if not count:
            return True
        row = self.view.currentIndex().row()
        step = {
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_PageUp: -self._max_rows,
            Qt.Key.Key_PageDown: self._max_rows,
        }[Qt.Key(key)]
        # The arrows wrap around; the page keys stop at the ends.
        row = (row + step) % count if abs(step) == 1 else max(0, min(count - 1, row + step))
        self.view.setCurrentIndex(self.model.index(row, 0))
        return True

    def _clicked(self, index: QModelIndex) -> None:
        macro = self.model.macro_at(index.row())
        if macro is not None:
            self.insert(macro)
