"""The composer: sending, modes, attachments by paste/drop/dialog, drafts, read-only, typing."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication

from tests.helpers.images import png_file
from tests.helpers.tickets import done_ticket, make_ticket
from ui.chat.composer import ComposedMessage, Composer, PendingFile
from ui.theme import LIGHT

# Showing a top-level widget with size constraints makes the offscreen plugin say this.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

MIB = 1024 * 1024
CLOSED_TEXT = "This ticket is closed and cannot be reopened. The customer can open a new ticket."


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def composer(qtbot: Any, clock: FakeClock) -> Composer:
    widget = Composer(clock=clock, draft_delay_ms=30)
    qtbot.addWidget(widget)
    widget.set_ticket_context(make_ticket(1))
    widget.resize(900, 220)
    return widget


def write(path: Path, data: bytes = b"hello") -> Path:
    path.write_bytes(data)
    return path


def drop_mime(target: Any, mime: QMimeData) -> bool:
    """Delivers a drag-enter then a drop, as a real drag does; returns whether the drop was taken.

    QApplication only delivers a drop to a widget that accepted the drag-enter before it.
    """
    with warnings.catch_warnings():
        # PySide6 flags QDragEnterEvent's only constructor as deprecated; Qt does not.
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(
            QPoint(20, 20),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    event = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(target, event)
    return event.isAccepted()


def drop(target: Any, paths: list[Path]) -> bool:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return drop_mime(target, mime)


# --- sending -------------------------------------------------------------------------


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_ctrl_enter_sends_the_text(qtbot: Any, composer: Composer, key: Qt.Key) -> None:
    qtbot.keyClicks(composer.edit, "Hello")
    qtbot.keyClick(composer.edit, Qt.Key.Key_Return)
    qtbot.keyClicks(composer.edit, "  world  ")
    with qtbot.waitSignal(composer.sendRequested) as blocker:
        qtbot.keyClick(composer.edit, key, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [ComposedMessage(body="Hello\n  world", internal=False, files=())]


def test_enter_and_shift_enter_insert_newlines(qtbot: Any, composer: Composer) -> None:
    with qtbot.assertNotEmitted(composer.sendRequested):
        qtbot.keyClicks(composer.edit, "a")
        qtbot.keyClick(composer.edit, Qt.Key.Key_Return)
        qtbot.keyClicks(composer.edit, "b")
        qtbot.keyClick(composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
        qtbot.keyClicks(composer.edit, "c")
    assert composer.text() == "a\nb\nc"  # a real newline, not U+2028


def test_nothing_is_sent_when_empty(qtbot: Any, composer: Composer) -> None:
    qtbot.keyClicks(composer.edit, "   ")
    assert not composer.send_button.isEnabled()
    with qtbot.assertNotEmitted(composer.sendRequested):
        qtbot.keyClick(composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert composer.send() is False


def test_files_alone_can_be_sent(qtbot: Any, composer: Composer, tmp_path: Path) -> None:
    composer.add_paths([write(tmp_path / "log.txt")])
    assert composer.send_button.isEnabled()
    with qtbot.waitSignal(composer.sendRequested) as blocker:
        composer.send_button.click()
    message = blocker.args[0]
    assert message.body == "" and [f.filename for f in message.files] == ["log.txt"]


def test_composer_clears_only_when_told(qtbot: Any, composer: Composer, tmp_path: Path) -> None:
    composer.add_paths([write(tmp_path / "a.txt")])
    qtbot.keyClicks(composer.edit, "keep me")
    with qtbot.waitSignal(composer.sendRequested):
        composer.send()
    assert composer.text() == "keep me" and len(composer.files()) == 1
    assert not composer.send_button.isEnabled()  # no second send while the first is pending
    with qtbot.assertNotEmitted(composer.sendRequested):
        composer.send()
    with qtbot.waitSignal(composer.draftChanged) as draft:
        composer.clear_after_send()
    assert composer.text() == "" and composer.files() == ()
    assert draft.args == ["", False]  # the saved draft is emptied too


def test_failed_send_keeps_everything_and_explains(qtbot: Any, composer: Composer) -> None:
    qtbot.keyClicks(composer.edit, "important")
    composer.send()
    composer.send_failed("The message could not be queued: disk full")
    assert composer.text() == "important"
    assert composer.send_button.isEnabled()
    assert "disk full" in composer.tray.error_text()


# --- internal notes ------------------------------------------------------------------------


def test_internal_toggle_changes_flag_and_look(qtbot: Any, composer: Composer) -> None:
    composer.show()
    qtbot.waitExposed(composer)
    reply_look = composer.grab().toImage().pixelColor(450, 110)
    assert composer.edit.placeholderText() == "Reply to the customer…"
    composer.note_toggle.click()
    assert composer.property("internal") is True
    assert composer.edit.placeholderText() == "Internal note — only your team sees this"
    assert composer.send_button.text() == "Add note"
    note_look = composer.grab().toImage().pixelColor(450, 110)
    assert reply_look == LIGHT.base
    assert note_look == LIGHT.bubble_internal
    qtbot.keyClicks(composer.edit, "only for us")
    with qtbot.waitSignal(composer.sendRequested) as blocker:
        composer.send()
    assert blocker.args[0].internal is True


def test_internal_mode_shows_a_label(composer: Composer) -> None:
    composer.focus_note()
    assert composer._note_label.isVisibleTo(composer)
    assert composer.is_internal()
    composer.focus_reply()
    assert not composer._note_label.isVisibleTo(composer)
    assert not composer.is_internal()


# --- attachments ------------------------------------------------------------------------------


def test_pasting_an_image_adds_a_png_chip(qtbot: Any, composer: Composer) -> None:
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("#cc3300"))
    QGuiApplication.clipboard().setImage(image)
    composer.edit.paste()
    qtbot.waitUntil(lambda: len(composer.files()) == 1)
    (file,) = composer.files()
    assert file.filename.startswith("screenshot-") and file.filename.endswith(".png")
    assert len(file.filename) == len("screenshot-20261124-090000.png")
    assert file.content_type == "image/png" and file.path is None
    assert file.data is not None
    decoded = QImage.fromData(file.data)
    assert decoded.size() == image.size() and decoded.pixelColor(3, 3) == QColor("#cc3300")
    assert composer.text() == ""  # nothing pasted as text
    qtbot.waitUntil(composer.tray.chips()[0].has_preview)


def test_pasting_files_from_a_file_manager_attaches_them(
    qtbot: Any, composer: Composer, tmp_path: Path
) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(write(tmp_path / "notes.txt")))])
    mime.setText(str(tmp_path / "notes.txt"))
    QGuiApplication.clipboard().setMimeData(mime)
    composer.edit.paste()
    assert [f.filename for f in composer.files()] == ["notes.txt"]
    assert composer.text() == ""


def test_pasted_html_arrives_as_plain_text(composer: Composer) -> None:
    mime = QMimeData()
    mime.setHtml("<p><b>Bold</b> and <a href='https://x.test'>link</a></p>")
    QGuiApplication.clipboard().setMimeData(mime)
    composer.edit.paste()
    assert composer.text() == "Bold and link"
    fmt = composer.edit.document().begin().begin().fragment().charFormat()
    assert not fmt.isAnchor() and fmt.fontWeight() != 700


def test_dropping_files_attaches_them(composer: Composer, tmp_path: Path) -> None:
    first = png_file(tmp_path / "screen.png", "#336699", (16, 16))
    second = write(tmp_path / "log.txt")
    assert drop(composer, [first, second])
    assert [f.filename for f in composer.files()] == ["screen.png", "log.txt"]
    drop(composer.edit, [write(tmp_path / "more.txt")])  # onto the text field too
    assert [f.filename for f in composer.files()][-1] == "more.txt"
    assert composer.text() == ""


def test_refused_files_explain_and_lose_nothing(
    qtbot: Any, composer: Composer, tmp_path: Path
) -> None:
    qtbot.keyClicks(composer.edit, "draft text")
    composer.add_paths([write(tmp_path / "ok.txt")])
    exe = write(tmp_path / "report.exe", b"MZ")
    big = tmp_path / "video.png"
    with big.open("wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n")
        handle.truncate(31 * MIB)
    drop(composer, [exe, big, write(tmp_path / "fine.pdf", b"%PDF-1.4")])
    assert composer.tray.error_text().splitlines() == [
        "report.exe can't be sent: only images, PDF, text and ZIP files are allowed",
        "video.png is 31 MB; the limit is 25 MB",
    ]
    assert composer.tray._error.isVisibleTo(composer)
    assert [f.filename for f in composer.files()] == ["ok.txt", "fine.pdf"]
    assert composer.text() == "draft text"


def test_removing_a_chip(qtbot: Any, composer: Composer, tmp_path: Path) -> None:
    composer.add_paths([write(tmp_path / "a.txt"), write(tmp_path / "b.txt")])
    composer.tray.chips()[0].remove_button.click()
    assert [f.filename for f in composer.files()] == ["b.txt"]
    composer.tray.chips()[0].remove_button.click()
    assert composer.files() == ()
    assert not composer.send_button.isEnabled()


def test_attach_dialog_is_non_modal_and_adds_files(
    qtbot: Any, composer: Composer, tmp_path: Path
) -> None:
    composer.show()
    dialog = composer.open_attach_dialog()
    assert dialog.isVisible()
    # open() returned with the dialog up: no nested event loop; it blocks only its window.
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    with qtbot.waitSignal(composer.tray.filesChanged):
        dialog.filesSelected.emit([str(write(tmp_path / "chosen.pdf", b"%PDF-1.4"))])
    assert [f.filename for f in composer.files()] == ["chosen.pdf"]
    dialog.reject()


# --- drafts -------------------------------------------------------------------------------------


def test_draft_is_saved_after_a_pause(qtbot: Any, composer: Composer) -> None:
    seen: list[tuple[str, bool]] = []
    composer.draftChanged.connect(lambda text, internal: seen.append((text, internal)))
    qtbot.keyClicks(composer.edit, "Hel")
    qtbot.keyClicks(composer.edit, "lo")
    assert seen == []  # debounced, not per keystroke
    qtbot.waitUntil(lambda: seen != [])
    assert seen == [("Hello", False)]


def test_flush_emits_now_and_only_when_changed(qtbot: Any, composer: Composer) -> None:
    seen: list[tuple[str, bool]] = []
    composer.draftChanged.connect(lambda text, internal: seen.append((text, internal)))
    qtbot.keyClicks(composer.edit, "abc")
    composer.focus_note()
    composer.flush_draft()
    assert seen == [("abc", True)]
    assert not composer._draft_timer.isActive()
    composer.flush_draft()
    assert seen == [("abc", True)]


def test_load_draft_restores_without_echo(qtbot: Any, composer: Composer, tmp_path: Path) -> None:
    saved = PendingFile(write(tmp_path / "s.txt"), "s.txt", "text/plain", None)
    with (
        qtbot.assertNotEmitted(composer.draftChanged, wait=60),
        qtbot.assertNotEmitted(composer.typingActivity),
    ):
        composer.load_draft("restored text", True, [saved])
    assert composer.text() == "restored text"
    assert composer.is_internal()
    assert [f.filename for f in composer.files()] == ["s.txt"]


def test_switching_tickets_flushes_then_starts_empty(qtbot: Any, composer: Composer) -> None:
    owners: list[int | None] = []
    composer.draftChanged.connect(lambda *_: owners.append(composer.ticket_id()))
    qtbot.keyClicks(composer.edit, "for ticket one")
    composer.set_ticket_context(make_ticket(2))
    assert owners == [1]  # emitted while ticket_id() still named the old ticket
    assert composer.text() == "" and composer.ticket_id() == 2
    composer.set_ticket_context(make_ticket(2))  # a refresh of the same ticket keeps the text
    qtbot.keyClicks(composer.edit, "x")
    composer.set_ticket_context(make_ticket(2))
    assert composer.text() == "x"


# --- read-only --------------------------------------------------------------------------------


def test_done_ticket_shows_a_banner_and_disables_everything(
    qtbot: Any, composer: Composer, tmp_path: Path
) -> None:
    composer.set_ticket_context(done_ticket(1))
    composer.show()
    qtbot.waitExposed(composer)
    assert composer._banner.isVisible() and composer._banner.text() == CLOSED_TEXT
    assert not composer.edit.isVisible()
    for button in (composer.send_button, composer.attach_button, composer.note_toggle):
        assert not button.isEnabled()
    assert composer.send() is False
    assert not drop(composer, [write(tmp_path / "a.txt")])
    composer.focus_note()
    assert composer.files() == () and not composer.is_internal()
    composer.set_read_only(None)
    assert composer.edit.isVisible() and composer.attach_button.isEnabled()


# --- typing presence ------------------------------------------------------------------------


def test_typing_activity_is_throttled(qtbot: Any, composer: Composer, clock: FakeClock) -> None:
    count = 0

    def bump() -> None:
        nonlocal count
        count += 1

    composer.typingActivity.connect(bump)
    qtbot.keyClicks(composer.edit, "abc")
    assert count == 1
    clock.now += 4.9
    qtbot.keyClicks(composer.edit, "d")
    assert count == 1
    clock.now += 0.2
    qtbot.keyClicks(composer.edit, "e")
    assert count == 2


# --- size and accessibility ---------------------------------------------------------------


def test_editor_grows_to_ten_lines_then_scrolls(qtbot: Any, composer: Composer) -> None:
    composer.resize(900, 120)
    composer.show()
    qtbot.waitExposed(composer)
    line = composer.edit.fontMetrics().lineSpacing()
    three = composer.edit.sizeHint().height()
    composer.edit.setPlainText("\n".join(["line"] * 6))
    qtbot.waitUntil(lambda: composer.edit.sizeHint().height() == three + 3 * line)
    composer.edit.setPlainText("\n".join(["line"] * 30))
    qtbot.waitUntil(lambda: composer.edit.sizeHint().height() == three + 7 * line)
    composer.adjustSize()
    qtbot.waitUntil(lambda: composer.edit.verticalScrollBar().maximum() > 0)


def test_buttons_have_accessible_names(composer: Composer) -> None:
    for button in (composer.send_button, composer.attach_button, composer.note_toggle):
        assert button.accessibleName()
    assert composer.findChild(type(composer.edit), "composerEdit") is composer.edit
    assert composer.send_button.objectName() == "sendButton"


def test_internal_note_toggle_object_names(composer: Composer) -> None:
    assert composer.note_toggle.objectName() == "internalNoteToggle"
    assert composer.attach_button.objectName() == "attachButton"
    assert composer.note_toggle.isCheckable()


def test_drop_target_does_not_steal_plain_text(composer: Composer) -> None:
    mime = QMimeData()
    mime.setText("dragged words")
    assert not drop_mime(composer, mime)
    assert composer.files() == ()
