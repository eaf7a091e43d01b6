from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from ui.sign_in import SignInDialog, SignInRequest
from ui.theme import LIGHT

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen show() noise


def open_dialog(qtbot: QtBot, **kwargs: object) -> SignInDialog:
    dialog = SignInDialog(theme=LIGHT, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.open()
    return dialog


def fill(dialog: SignInDialog, server: str, email: str, password: str) -> None:
    dialog.server_edit.setText(server)
    dialog.email_edit.setText(email)
    dialog.password_edit.setText(password)


def test_prefilled_and_password_hidden(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, server_url="https://desk.example.ru", email="anna@example.ru")
    assert dialog.server_edit.text() == "https://desk.example.ru"
    assert dialog.email_edit.text() == "anna@example.ru"
    assert dialog.password_edit.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.remember_box.text() == "Remember me on this computer"
    assert not dialog.isHidden()
    qtbot.waitUntil(dialog.password_edit.hasFocus)  # the first empty field


def test_submit_emits_a_clean_request(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot)
    fill(dialog, "  https://desk.example.ru/ ", " anna@example.ru ", " secret ")
    dialog.remember_box.setChecked(True)
    with qtbot.waitSignal(dialog.submitted, timeout=1000) as blocker:
        QTest.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    request = blocker.args[0]
    assert request == SignInRequest(
        server="https://desk.example.ru",
        email="anna@example.ru",
        password=" secret ",  # passwords are never trimmed
        remember=True,
    )
    assert "secret" not in repr(request)
    assert dialog.isVisible()  # stays open until the app says it worked


def test_enter_submits(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot)
    fill(dialog, "http://127.0.0.1:8000", "a@b.ru", "pw")
    dialog.password_edit.setFocus()
    with qtbot.waitSignal(dialog.submitted, timeout=1000):
        QTest.keyClick(dialog.password_edit, Qt.Key.Key_Return)


@pytest.mark.parametrize(
    ("server", "email", "password", "field", "words"),
    [
        ("", "a@b.ru", "pw", "serverEdit", "address of your Desk server"),
        ("desk.example.ru", "a@b.ru", "pw", "serverEdit", "https://"),
        ("ftp://desk.example.ru", "a@b.ru", "pw", "serverEdit", "https://"),
        ("https://desk.example.ru", "", "pw", "emailEdit", "email"),
        ("https://desk.example.ru", "anna", "pw", "emailEdit", "name@company.com"),
        ("https://desk.example.ru", "a@b.ru", "", "passwordEdit", "password"),
    ],
)
def test_validation_shows_inline_and_emits_nothing(
    qtbot: QtBot, server: str, email: str, password: str, field: str, words: str
) -> None:
    dialog = open_dialog(qtbot)
    fill(dialog, server, email, password)
    with qtbot.assertNotEmitted(dialog.submitted):
        dialog.submit()
    assert words in dialog.error_text()
    bad = dialog.findChild(QLineEdit, field)
    assert bad is not None and bad.property("invalid") is True
    qtbot.waitUntil(bad.hasFocus)
    # Typing into the field clears the red border.
    QTest.keyClick(bad, Qt.Key.Key_X)
    assert bad.property("invalid") is False


def test_busy_disables_everything_and_blocks_a_second_submit(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot)
    fill(dialog, "https://desk.example.ru", "a@b.ru", "pw")
    dialog.set_busy(True)
    assert dialog.is_busy()
    for w in (dialog.server_edit, dialog.email_edit, dialog.password_edit, dialog.remember_box):
        assert not w.isEnabled()
    assert not dialog.sign_in_button.isEnabled()
    assert dialog.sign_in_button.text() == "Signing in…"
    assert dialog.progress.isVisible()
    assert dialog.cancel_button.isEnabled()  # one can always give up
    with qtbot.assertNotEmitted(dialog.submitted):
        dialog.submit()
        QTest.keyClick(dialog, Qt.Key.Key_Return)
    dialog.set_busy(False)
    assert dialog.password_edit.isEnabled() and dialog.sign_in_button.isEnabled()
    assert dialog.progress.isHidden()


def test_error_keeps_the_input_and_selects_the_password(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot)
    fill(dialog, "https://desk.example.ru", "anna@example.ru", "wrong")
    dialog.set_busy(True)
    dialog.show_error("Wrong email or password. <b>Try again</b>.")
    assert not dialog.is_busy()
    assert dialog.error_text() == "Wrong email or password. <b>Try again</b>."
    assert dialog.error_label.textFormat() == Qt.TextFormat.PlainText
    assert dialog.server_edit.text() == "https://desk.example.ru"
    assert dialog.email_edit.text() == "anna@example.ru"
    assert dialog.password_edit.text() == "wrong"
    qtbot.waitUntil(dialog.password_edit.hasFocus)
    assert dialog.password_edit.selectedText() == "wrong"
    # Typing replaces the selected password at once.
    QTest.keyClicks(dialog.password_edit, "right")
    assert dialog.password_edit.text() == "right"


def test_keychain_note_disables_remember_and_restores_the_choice(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, remember=True)
    assert dialog.remember_box.isChecked()
    dialog.set_keychain_note("The system keychain is not available, so Desk cannot remember you.")
    assert dialog.keychain_note.isVisible()
    assert not dialog.remember_box.isEnabled()
    assert not dialog.remember_box.isChecked()
    assert dialog.request().remember is False
    dialog.set_keychain_note(None)
    assert dialog.keychain_note.isHidden()
    assert dialog.remember_box.isEnabled() and dialog.remember_box.isChecked()


def test_cancel_rejects(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot)
    with qtbot.waitSignal(dialog.rejected, timeout=1000):
        QTest.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.isHidden()


def test_session_expired_notice_says_why_and_keeps_the_fields(qtbot: QtBot) -> None:
    dialog = open_dialog(qtbot, server_url="https://desk.example.ru", email="anna@example.ru")
    assert dialog.notice_text() == ""  # a plain sign-in explains nothing
    dialog.say_session_expired()
    assert dialog.notice_text().startswith("Your session has expired.")
    assert "drafts are kept" in dialog.notice_text()
    assert dialog.notice.textFormat() == Qt.TextFormat.PlainText
    assert dialog.server_edit.text() == "https://desk.example.ru"
    assert dialog.email_edit.text() == "anna@example.ru"
    assert dialog.password_edit.text() == ""
    dialog.set_notice(None)
    assert dialog.notice_text() == "" and dialog.notice.isHidden()
