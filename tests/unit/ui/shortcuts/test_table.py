from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QStandardItemModel
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ui.shortcuts.dialog import ShortcutsDialog
from ui.shortcuts.table import (
    SHORTCUTS,
    SPECS,
    Scope,
    ShortcutGroup,
    ShortcutId,
    description,
    install_shortcuts,
    widget_claims_key,
)

# Showing a top-level window on the offscreen platform logs a harmless warning.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def portable(seq: QKeySequence) -> str:
    return seq.toString(QKeySequence.SequenceFormat.PortableText)


# --- the table ---------------------------------------------------------------------


def test_every_id_has_one_spec_with_keys_and_a_description() -> None:
    assert set(SPECS) == set(ShortcutId)
    assert len(SHORTCUTS) == len(ShortcutId)
    for spec in SHORTCUTS:
        assert spec.keys, spec.id
        for seq in spec.sequences():
            assert not seq.isEmpty(), (spec.id, seq)
            assert seq.count() == 1  # single chords only: no multi-key sequences
        assert description(spec).strip(), spec.id
        assert "{0}" not in description(spec)


def test_no_sequence_is_used_twice() -> None:
    # Composer shortcuts live inside the window too, so one namespace covers both scopes.
    used = Counter(portable(s) for spec in SHORTCUTS for s in spec.sequences())
    assert [k for k, n in used.items() if n > 1] == []


def test_no_shortcut_takes_a_standard_editing_key(qapp: object) -> None:  # needs the platform
    editing = [
        QKeySequence.StandardKey.Copy,
        QKeySequence.StandardKey.Cut,
        QKeySequence.StandardKey.Paste,
        QKeySequence.StandardKey.Undo,
        QKeySequence.StandardKey.Redo,
        QKeySequence.StandardKey.SelectAll,
        QKeySequence.StandardKey.Bold,
        QKeySequence.StandardKey.Italic,
    ]
    reserved = {portable(s) for key in editing for s in QKeySequence.keyBindings(key)}
    ours = {portable(s) for spec in SHORTCUTS for s in spec.sequences()}
    assert ours & reserved == set()


@pytest.mark.parametrize(
    ("shortcut", "keys"),
    [
        (ShortcutId.SEARCH, {"Ctrl+F"}),
        (ShortcutId.NEXT_TICKET, {"J", "Down"}),
        (ShortcutId.PREVIOUS_TICKET, {"K", "Up"}),
        (ShortcutId.OPEN_TICKET, {"Return", "Enter"}),
        (ShortcutId.REPLY, {"R"}),
        (ShortcutId.INTERNAL_NOTE, {"N"}),
        (ShortcutId.SEND, {"Ctrl+Return", "Ctrl+Enter"}),
        (ShortcutId.ASSIGN_TO_ME, {"A"}),
        (ShortcutId.CLOSE_TICKET, {"Ctrl+Shift+D"}),
        (ShortcutId.CANNED_REPLIES, {"Ctrl+M"}),
        (ShortcutId.QUEUE_VIEW_1, {"Ctrl+1"}),
        (ShortcutId.QUEUE_VIEW_5, {"Ctrl+5"}),
        (ShortcutId.BACK_TO_QUEUE, {"Esc"}),
        (ShortcutId.SHORTCUTS_HELP, {"F1", "Ctrl+/"}),
        (ShortcutId.QUIT, {"Ctrl+Q"}),
        (ShortcutId.SETTINGS, {"Ctrl+,"}),
    ],
)
def test_default_keys(shortcut: ShortcutId, keys: set[str]) -> None:
    assert {portable(s) for s in SPECS[shortcut].sequences()} == keys


def test_groups_and_scopes() -> None:
    groups = {spec.group for spec in SHORTCUTS}
    assert groups == set(ShortcutGroup)
    assert all(g.title() for g in ShortcutGroup)
    assert {s.id for s in SHORTCUTS if s.scope is Scope.COMPOSER} == {
        ShortcutId.SEND,
        ShortcutId.CANNED_REPLIES,
    }
    assert description(SPECS[ShortcutId.QUEUE_VIEW_3]).endswith("3")


# --- installed on a window -------------------------------------------------------------


@dataclass
class Harness:
    window: QWidget
    line: QLineEdit
    plain: QPlainTextEdit
    table: QTableView
    combo: QComboBox
    button: QPushButton
    custom: QWidget
    composer: QPlainTextEdit
    fired: list[ShortcutId] = field(default_factory=list)


@pytest.fixture
def harness(qtbot: QtBot) -> Iterator[Harness]:
    window = QWidget()
    qtbot.addWidget(window)
    line, plain, composer = QLineEdit(), QPlainTextEdit(), QPlainTextEdit()
    table = QTableView()
    model = QStandardItemModel(3, 2, table)
    table.setModel(model)
    table.setCurrentIndex(model.index(0, 0))
    combo = QComboBox()
    combo.addItems(["Low", "Normal", "High"])
    button = QPushButton("Button")
    custom = QWidget()  # a home-made editor that takes text input
    custom.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    custom.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)
    layout = QVBoxLayout(window)
    for w in (line, plain, table, combo, button, custom, composer):
        layout.addWidget(w)
    h = Harness(window, line, plain, table, combo, button, custom, composer)
    handlers = {sid: (lambda sid=sid: h.fired.append(sid)) for sid in ShortcutId}
    actions = install_shortcuts(window, handlers, composer=composer)
    assert set(actions) == set(ShortcutId)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    yield h


def press(
    qtbot: QtBot,
    widget: QWidget,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    QTest.keyClick(widget, key, modifier)


@pytest.mark.parametrize(
    ("key", "shortcut"),
    [
        (Qt.Key.Key_J, ShortcutId.NEXT_TICKET),
        (Qt.Key.Key_K, ShortcutId.PREVIOUS_TICKET),
        (Qt.Key.Key_R, ShortcutId.REPLY),
        (Qt.Key.Key_N, ShortcutId.INTERNAL_NOTE),
        (Qt.Key.Key_A, ShortcutId.ASSIGN_TO_ME),
    ],
)
def test_letters_fire_on_the_table_but_never_while_typing(
    qtbot: QtBot, harness: Harness, key: Qt.Key, shortcut: ShortcutId
) -> None:
    press(qtbot, harness.table, key)
    assert harness.fired == [shortcut]

    for editor in (harness.line, harness.plain, harness.custom, harness.composer):
        press(qtbot, editor, key)
    assert harness.fired == [shortcut]  # nothing more
    letter = QKeySequence(key).toString().lower()
    assert harness.line.text() == letter
    assert harness.plain.toPlainText() == letter


def test_letters_fire_again_when_an_editor_is_read_only(qtbot: QtBot, harness: Harness) -> None:
    harness.plain.setReadOnly(True)
    press(qtbot, harness.plain, Qt.Key.Key_R)
    assert harness.fired == [ShortcutId.REPLY]


def test_enter_opens_from_the_table_but_not_from_a_field_or_button(
    qtbot: QtBot, harness: Harness
) -> None:
    press(qtbot, harness.line, Qt.Key.Key_Return)
    press(qtbot, harness.button, Qt.Key.Key_Return)
    assert harness.fired == []
    press(qtbot, harness.table, Qt.Key.Key_Return)
    assert harness.fired == [ShortcutId.OPEN_TICKET]


def test_arrows_stay_with_widgets_that_navigate(qtbot: QtBot, harness: Harness) -> None:
    press(qtbot, harness.combo, Qt.Key.Key_Down)
    assert harness.combo.currentText() == "Normal"  # the combo got its key
    press(qtbot, harness.table, Qt.Key.Key_Down)
    assert harness.table.currentIndex().row() == 1  # the table moved natively
    press(qtbot, harness.plain, Qt.Key.Key_Up)
    assert harness.fired == []
    press(qtbot, harness.button, Qt.Key.Key_Down)
    assert harness.fired == [ShortcutId.NEXT_TICKET]


def test_modifier_shortcuts_fire_even_in_a_text_field(qtbot: QtBot, harness: Harness) -> None:
    ctrl = Qt.KeyboardModifier.ControlModifier
    press(qtbot, harness.line, Qt.Key.Key_F, ctrl)
    press(qtbot, harness.plain, Qt.Key.Key_D, ctrl | Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, harness.table, Qt.Key.Key_2, ctrl)
    assert harness.fired == [
        ShortcutId.SEARCH,
        ShortcutId.CLOSE_TICKET,
        ShortcutId.QUEUE_VIEW_2,
    ]


def test_send_belongs_to_the_composer(qtbot: QtBot, harness: Harness) -> None:
    ctrl = Qt.KeyboardModifier.ControlModifier
    press(qtbot, harness.plain, Qt.Key.Key_Return, ctrl)
    assert harness.fired == []
    press(qtbot, harness.composer, Qt.Key.Key_Return, ctrl)
    assert harness.fired == [ShortcutId.SEND]


def test_installing_twice_keeps_one_guard(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    install_shortcuts(window, {ShortcutId.QUIT: lambda: None})
    install_shortcuts(window, {ShortcutId.SEARCH: lambda: None})
    guards = [c for c in window.children() if c.objectName() == "deskShortcutGuard"]
    assert len(guards) == 1


def test_missing_handlers_get_no_action(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    actions = install_shortcuts(window, {ShortcutId.QUIT: lambda: None})
    assert list(actions) == [ShortcutId.QUIT]
    assert actions[ShortcutId.QUIT].shortcutContext() == Qt.ShortcutContext.WindowShortcut
    assert window.actions() == [actions[ShortcutId.QUIT]]


# --- the help dialog -------------------------------------------------------------------


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def test_dialog_lists_every_shortcut_grouped_with_native_text(qtbot: QtBot) -> None:
    dialog = ShortcutsDialog(descriptions={ShortcutId.QUEUE_VIEW_1: "My tickets"})
    qtbot.addWidget(dialog)
    assert not dialog.isModal()
    assert dialog.visible_ids() == [
        s.id for s in sorted(SHORTCUTS, key=lambda s: list(ShortcutGroup).index(s.group))
    ]
    table = dialog.table
    texts = [cell(table, r, 0) for r in range(table.rowCount())]
    for group in ShortcutGroup:
        assert group.title() in texts
    assert "My tickets" in texts
    row = texts.index(description(SPECS[ShortcutId.CLOSE_TICKET]))
    native = QKeySequence("Ctrl+Shift+D").toString(QKeySequence.SequenceFormat.NativeText)
    assert cell(table, row, 1) == native


def test_dialog_filter_hides_rows_and_empty_groups(qtbot: QtBot) -> None:
    dialog = ShortcutsDialog()
    qtbot.addWidget(dialog)
    dialog.filter_edit.setText("canned")
    assert dialog.visible_ids() == [ShortcutId.CANNED_REPLIES]
    visible_titles = [
        cell(dialog.table, r, 0)
        for r in range(dialog.table.rowCount())
        if not dialog.table.isRowHidden(r)
    ]
    assert visible_titles == [
        ShortcutGroup.COMPOSER.title(),
        description(SPECS[ShortcutId.CANNED_REPLIES]),
    ]
    dialog.filter_edit.clear()
    assert len(dialog.visible_ids()) == len(SHORTCUTS)


def test_a_russian_layout_letter_is_still_typing(qtbot: QtBot) -> None:
    # With a Russian layout the J key types "о": the guard looks at the text, not the key.
    line, table = QLineEdit(), QTableView()
    qtbot.addWidget(line)
    qtbot.addWidget(table)
    event = QKeyEvent(
        QEvent.Type.ShortcutOverride, Qt.Key.Key_J, Qt.KeyboardModifier.NoModifier, "о"
    )
    assert widget_claims_key(line, event)
    assert not widget_claims_key(table, event)
    ctrl = QKeyEvent(
        QEvent.Type.ShortcutOverride, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier, "\x06"
    )
    assert not widget_claims_key(line, ctrl)
