"""Every keyboard shortcut of the app in one table, and the code that installs them.

Support agents live on the keyboard, so plain-key shortcuts (J/K, R, N, A, Enter,
the arrows) are worth having, but they must never eat what someone is typing. Qt
only lets a focused widget claim a key by accepting the ``ShortcutOverride`` event
it receives before any shortcut is tried; :class:`_TypingGuard` does that on the
focused widget's behalf (it follows focus with an event filter), by rules:

- a printable key without Ctrl/Alt/Meta goes to any editable text input;
- Enter/Return goes to text inputs, buttons and combo boxes (not to item views:
  Enter on the queue table opens the ticket);
- arrows, Page Up/Down, Home/End go to anything that navigates with them (text,
  lists and tables, combos, sliders): Up/Down move through the queue table natively.

Shortcuts with modifiers (Ctrl+F, Ctrl+Shift+D, ...) are never held back.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QKeySequenceEdit,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

_CONTEXT = "Shortcuts"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for lupdate (which looks for this name); PySide's returns ``object``."""
    return text


class ShortcutGroup(enum.StrEnum):
    NAVIGATION = "navigation"
    TICKET = "ticket"
    COMPOSER = "composer"
    APPLICATION = "application"

    def title(self) -> str:
        return QCoreApplication.translate(_CONTEXT, _GROUP_TITLES[self])


_GROUP_TITLES = {
    ShortcutGroup.NAVIGATION: QT_TRANSLATE_NOOP("Shortcuts", "Navigation"),
    ShortcutGroup.TICKET: QT_TRANSLATE_NOOP("Shortcuts", "Ticket"),
    ShortcutGroup.COMPOSER: QT_TRANSLATE_NOOP("Shortcuts", "Composer"),
    ShortcutGroup.APPLICATION: QT_TRANSLATE_NOOP("Shortcuts", "Application"),
}


class Scope(enum.Enum):
    WINDOW = "window"  # anywhere in the main window
    COMPOSER = "composer"  # inside the composer, when install_shortcuts is given it


class ShortcutId(enum.StrEnum):
    SEARCH = "search"
    NEXT_TICKET = "next_ticket"
    PREVIOUS_TICKET = "previous_ticket"
    OPEN_TICKET = "open_ticket"
    BACK_TO_QUEUE = "back_to_queue"
    QUEUE_VIEW_1 = "queue_view_1"
    QUEUE_VIEW_2 = "queue_view_2"
    QUEUE_VIEW_3 = "queue_view_3"
    QUEUE_VIEW_4 = "queue_view_4"
    QUEUE_VIEW_5 = "queue_view_5"
    REPLY = "reply"
    INTERNAL_NOTE = "internal_note"
    ASSIGN_TO_ME = "assign_to_me"
    CLOSE_TICKET = "close_ticket"
    SEND = "send"
    CANNED_REPLIES = "canned_replies"
    SHORTCUTS_HELP = "shortcuts_help"
    SETTINGS = "settings"
    QUIT = "quit"


@dataclass(frozen=True)
class ShortcutSpec:
    id: ShortcutId
    keys: tuple[str, ...]  # QKeySequence portable text; the first one is the main one
    source_text: str  # untranslated description
    group: ShortcutGroup
    scope: Scope = Scope.WINDOW
    auto_repeat: bool = False

    def sequences(self) -> list[QKeySequence]:
        return [QKeySequence(k) for k in self.keys]

    def description(self) -> str:
        return QCoreApplication.translate(_CONTEXT, self.source_text)

    def native_text(self, separator: str = ", ") -> str:
        return separator.join(
            s.toString(QKeySequence.SequenceFormat.NativeText) for s in self.sequences()
        )


_N, _T, _C, _A = (
    ShortcutGroup.NAVIGATION,
    ShortcutGroup.TICKET,
    ShortcutGroup.COMPOSER,
    ShortcutGroup.APPLICATION,
)
_VIEW = QT_TRANSLATE_NOOP("Shortcuts", "Switch to queue view {0}")

SHORTCUTS: tuple[ShortcutSpec, ...] = (
    ShortcutSpec(
        ShortcutId.SEARCH, ("Ctrl+F",), QT_TRANSLATE_NOOP("Shortcuts", "Search tickets"), _N
    ),
    ShortcutSpec(
        ShortcutId.NEXT_TICKET,
        ("J", "Down"),
        QT_TRANSLATE_NOOP("Shortcuts", "Next ticket"),
        _N,
        auto_repeat=True,
    ),
    ShortcutSpec(
        ShortcutId.PREVIOUS_TICKET,
        ("K", "Up"),
        QT_TRANSLATE_NOOP("Shortcuts", "Previous ticket"),
        _N,
        auto_repeat=True,
    ),
    ShortcutSpec(
        ShortcutId.OPEN_TICKET,
        ("Return", "Enter"),
        QT_TRANSLATE_NOOP("Shortcuts", "Open the selected ticket"),
        _N,
    ),
    ShortcutSpec(
        ShortcutId.BACK_TO_QUEUE, ("Esc",), QT_TRANSLATE_NOOP("Shortcuts", "Back to the queue"), _N
    ),
    *(ShortcutSpec(ShortcutId(f"queue_view_{n}"), (f"Ctrl+{n}",), _VIEW, _N) for n in range(1, 6)),
    ShortcutSpec(
        ShortcutId.REPLY, ("R",), QT_TRANSLATE_NOOP("Shortcuts", "Reply to the customer"), _T
    ),
    ShortcutSpec(
        ShortcutId.INTERNAL_NOTE,
        ("N",),
        QT_TRANSLATE_NOOP("Shortcuts", "Write an internal note"),
        _T,
    ),
    ShortcutSpec(
        ShortcutId.ASSIGN_TO_ME,
        ("A",),
        QT_TRANSLATE_NOOP("Shortcuts", "Assign the ticket to me"),
        _T,
    ),
    ShortcutSpec(
        ShortcutId.CLOSE_TICKET,
        ("Ctrl+Shift+D",),
        QT_TRANSLATE_NOOP("Shortcuts", "Close the ticket (asks first)"),
        _T,
    ),
    ShortcutSpec(
        ShortcutId.SEND,
        ("Ctrl+Return", "Ctrl+Enter"),
        QT_TRANSLATE_NOOP("Shortcuts", "Send the reply or note"),
        _C,
        Scope.COMPOSER,
    ),
    ShortcutSpec(
        ShortcutId.CANNED_REPLIES,
        ("Ctrl+M",),
        QT_TRANSLATE_NOOP("Shortcuts", "Insert a canned reply"),
        _C,
        Scope.COMPOSER,
    ),
    ShortcutSpec(
        ShortcutId.SHORTCUTS_HELP,
        ("F1", "Ctrl+/"),
        QT_TRANSLATE_NOOP("Shortcuts", "Show keyboard shortcuts"),
        _A,
    ),
    ShortcutSpec(
        ShortcutId.SETTINGS, ("Ctrl+,",), QT_TRANSLATE_NOOP("Shortcuts", "Open settings"), _A
    ),
    ShortcutSpec(ShortcutId.QUIT, ("Ctrl+Q",), QT_TRANSLATE_NOOP("Shortcuts", "Quit Desk"), _A),
)

SPECS: Mapping[ShortcutId, ShortcutSpec] = {s.id: s for s in SHORTCUTS}


def description(spec: ShortcutSpec) -> str:
    """The translated description; queue views get their number filled in."""
    text = spec.description()
    if spec.id.value.startswith("queue_view_"):
        text = text.format(spec.id.value.rsplit("_", 1)[1])
    return text


# --- who gets a key first ------------------------------------------------------------

_ARROWS = frozenset(
    {
        Qt.Key.Key_Up,
        Qt.Key.Key_Down,
        Qt.Key.Key_Left,
        Qt.Key.Key_Right,
        Qt.Key.Key_PageUp,
        Qt.Key.Key_PageDown,
        Qt.Key.Key_Home,
        Qt.Key.Key_End,
    }
)
_ENTER = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter})
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


def is_text_input(widget: QWidget) -> bool:
    """Whether typing a letter into ``widget`` would insert it."""
    if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
        return not widget.isReadOnly()
    if isinstance(widget, QAbstractSpinBox):
        return not widget.isReadOnly()
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    if isinstance(widget, QKeySequenceEdit):
        return True
    if isinstance(widget, QAbstractItemView):
        # Views enable input methods for type-to-search; an open cell editor is its own widget.
        return False
    # Custom editors announce themselves by taking input-method (IME) text.
    return widget.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)


def _navigates_with_arrows(widget: QWidget) -> bool:
    return is_text_input(widget) or isinstance(
        widget, QAbstractScrollArea | QComboBox | QAbstractSlider | QAbstractSpinBox | QTabBar
    )


def _wants_enter(widget: QWidget) -> bool:
    if isinstance(widget, QTextEdit | QPlainTextEdit) and widget.isReadOnly():
        return False
    return is_text_input(widget) or isinstance(widget, QAbstractButton | QComboBox)


def widget_claims_key(widget: QWidget, event: QKeyEvent) -> bool:
    """Whether ``widget`` should get this key instead of a window shortcut."""
    if event.modifiers() & _COMMAND_MODIFIERS:
        return False
    key = event.key()
    if key in _ENTER:
        return _wants_enter(widget)
    if key in _ARROWS:
        return _navigates_with_arrows(widget)
    text = event.text()
    return bool(text) and text.isprintable() and is_text_input(widget)


class _TypingGuard(QObject):
    """Claims keys for the focused widget of one window (see the module docstring)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("deskShortcutGuard")
        self._window = window
        self._watched: QWidget | None = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)
            self._on_focus_changed(None, app.focusWidget())

    def _on_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self._watched is not None and shiboken6.isValid(self._watched):
            self._watched.removeEventFilter(self)
            self._watched = None
        if new is not None and new.window() is self._window:
            new.installEventFilter(self)
            self._watched = new

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and isinstance(watched, QWidget)
            and widget_claims_key(watched, event)
        ):
            event.accept()  # the widget takes the key; no shortcut is tried
            return True
        return False


def install_shortcuts(
    window: QWidget,
    handlers: Mapping[ShortcutId, Callable[[], object]],
    *,
    composer: QWidget | None = None,
) -> dict[ShortcutId, QAction]:
    """Creates one QAction per handled shortcut and adds it to ``window``.

    Composer shortcuts (Ctrl+Enter, Ctrl+M) are bound to ``composer`` and its children
    when it is given, else to the whole window. Returns the actions, e.g. to put them
    in menus. Ids without a handler get no action.
    """
    if window.findChild(_TypingGuard, "deskShortcutGuard") is None:
        _TypingGuard(window)
    actions: dict[ShortcutId, QAction] = {}
    for spec in SHORTCUTS:
        handler = handlers.get(spec.id)
        if handler is None:
            continue
        owner = composer if spec.scope is Scope.COMPOSER and composer is not None else window
        action = QAction(description(spec), owner)
        action.setObjectName(f"shortcut_{spec.id.value}")
        action.setShortcuts(spec.sequences())
        action.setShortcutContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut
            if owner is composer
            else Qt.ShortcutContext.WindowShortcut
        )
        action.setAutoRepeat(spec.auto_repeat)
        action.triggered.connect(lambda _checked=False, h=handler: h())
        owner.addAction(action)
        actions[spec.id] = action
    return actions


def by_group(specs: Iterable[ShortcutSpec] = SHORTCUTS) -> dict[ShortcutGroup, list[ShortcutSpec]]:
    grouped: dict[ShortcutGroup, list[ShortcutSpec]] = {g: [] for g in ShortcutGroup}
    for spec in specs:
        grouped[spec.group].append(spec)
    return {g: items for g, items in grouped.items() if items}
