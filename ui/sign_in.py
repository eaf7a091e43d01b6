"""The sign-in dialog: server, email, password, "remember me".

It never blocks: the app opens it with ``open()``, listens to ``submitted``, runs the
login as a task, and calls ``set_busy``/``show_error`` or ``accept()`` as it goes.
The dialog only checks what it can check locally; the server has the last word.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.settings.store import is_http_url
from ui.theme import Theme, ThemeMode, resolve


@dataclass(frozen=True)
class SignInRequest:
    server: str  # an http(s) URL without a trailing slash
    email: str
    password: str = field(repr=False)  # never in logs or tracebacks
    remember: bool = False


def normalise_server(text: str) -> str:
    return text.strip().rstrip("/")


class SignInDialog(QDialog):
    submitted = Signal(object)  # SignInRequest

    def __init__(
        self,
        *,
        server_url: str = "",
        email: str = "",
        remember: bool = False,
        theme: Theme | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setWindowTitle(self.tr("Sign in", "window title"))  # Qt appends " — Desk"
        self._theme = theme if theme is not None else resolve(ThemeMode.SYSTEM)
        self._busy = False
        self._remember_choice = remember

        heading = QLabel(self.tr("Sign in to Desk"), self)
        heading.setObjectName("signInHeading")
        big = QFont(heading.font())
        big.setPointSizeF(big.pointSizeF() * 1.45)
        big.setBold(True)
        heading.setFont(big)
        self.subtitle = QLabel(self.tr("Use your support team account."), self)
        self.subtitle.setObjectName("signInSubtitle")
        self.notice = QLabel(self)
        self.notice.setObjectName("signInNotice")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.hide()

        self.server_edit = QLineEdit(server_url, self)
        self.server_edit.setObjectName("serverEdit")
        self.server_edit.setPlaceholderText("https://desk.example.com")
        self.email_edit = QLineEdit(email, self)
        self.email_edit.setObjectName("emailEdit")
        self.email_edit.setPlaceholderText(self.tr("name@company.com"))
        self.password_edit = QLineEdit(self)
        self.password_edit.setObjectName("passwordEdit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember_box = QCheckBox(self.tr("Remember me on this computer"), self)
        self.remember_box.setObjectName("rememberBox")
        self.remember_box.setChecked(remember)
        self.remember_box.toggled.connect(self._on_remember_toggled)
        self.keychain_note = QLabel(self)
        self.keychain_note.setObjectName("keychainNote")
        self.keychain_note.setWordWrap(True)
        self.keychain_note.setTextFormat(Qt.TextFormat.PlainText)
        self.keychain_note.setIndent(22)  # lines up with the check box's text
        self.keychain_note.hide()

        self.error_label = QLabel(self)
        self.error_label.setObjectName("signInError")
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)  # server text is never HTML
        self.error_label.hide()
        self.progress = QProgressBar(self)
        self.progress.setObjectName("signInProgress")
        self.progress.setRange(0, 0)  # indeterminate
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(4)
        self.progress.hide()

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.setVerticalSpacing(10)
        for caption, edit in (
            (self.tr("&Server"), self.server_edit),
            (self.tr("&Email"), self.email_edit),
            (self.tr("&Password"), self.password_edit),
        ):
            label = QLabel(caption, self)
            label.setBuddy(edit)
            # Centred on the field: the form would put it at the top of the row.
            label.setMinimumHeight(edit.sizeHint().height())
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            form.addRow(label, edit)
        remember_rows = QVBoxLayout()
        remember_rows.setSpacing(2)
        remember_rows.addWidget(self.remember_box)
        remember_rows.addWidget(self.keychain_note)
        form.addRow("", remember_rows)

        self.buttons = QDialogButtonBox(self)
        self.sign_in_button: QPushButton = self.buttons.addButton(
            self.tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.sign_in_button.setObjectName("signInButton")
        self.sign_in_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        # accepted would close the dialog; it stays open until the login succeeds.
        self.sign_in_button.clicked.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 18)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.notice)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.progress)
        layout.addSpacing(4)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

        for edit in (self.server_edit, self.email_edit, self.password_edit):
            edit.textEdited.connect(self._clear_invalid)
        self._apply_theme()
        self._focus_first_empty()

    # --- public API ---------------------------------------------------------------

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._apply_theme()

    def set_notice(self, text: str | None) -> None:
        """Why the dialog is asking (e.g. the session expired), above the fields."""
        self.notice.setText(text or "")
        self.notice.setVisible(bool(text))

    def say_session_expired(self) -> None:
        self.set_notice(
            self.tr(
                "Your session has expired. Sign in again to carry on: replies waiting "
                "to be sent and your drafts are kept."
            )
        )

    def notice_text(self) -> str:
        return self.notice.text() if self.notice.isVisibleTo(self) else ""

    def set_keychain_note(self, note: str | None) -> None:
        """A note under "Remember me"; with a note, remembering is not possible."""
        self.keychain_note.setText(note or "")
        self.keychain_note.setVisible(bool(note))
        with_note = bool(note)
        self.remember_box.setEnabled(not with_note and not self._busy)
        # Keep what the person chose, so it comes back when the keychain does.
        remember = self._remember_choice
        self.remember_box.blockSignals(True)
        self.remember_box.setChecked(remember and not with_note)
        self.remember_box.blockSignals(False)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        for w in (self.server_edit, self.email_edit, self.password_edit, self.sign_in_button):
            w.setEnabled(not busy)
        self.remember_box.setEnabled(not busy and not self.keychain_note.text())
        self.sign_in_button.setText(self.tr("Signing in…") if busy else self.tr("Sign in"))
        self.progress.setVisible(busy)
        if busy:
            self.error_label.hide()

    def is_busy(self) -> bool:
        return self._busy

    def show_error(self, message: str) -> None:
        """Shows why signing in failed, keeps the input, and selects the password."""
        self.set_busy(False)
        self._show_message(message)
        self.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.password_edit.selectAll()

    def error_text(self) -> str:
        return self.error_label.text() if self.error_label.isVisibleTo(self) else ""

    def request(self) -> SignInRequest:
        return SignInRequest(
            server=normalise_server(self.server_edit.text()),
            email=self.email_edit.text().strip(),
            password=self.password_edit.text(),
            remember=self.remember_box.isChecked(),
        )

    def submit(self) -> None:
        """Checks the fields and emits ``submitted``; shows what is wrong instead."""
        if self._busy:
            return
        problem = self._validate()
        if problem is not None:
            edit, message = problem
            self._mark_invalid(edit)
            self._show_message(message)
            edit.setFocus(Qt.FocusReason.OtherFocusReason)
            edit.selectAll()
            return
        self.error_label.hide()
        self.submitted.emit(self.request())

    # --- internals ----------------------------------------------------------------

    def _validate(self) -> tuple[QLineEdit, str] | None:
        server = normalise_server(self.server_edit.text())
        email = self.email_edit.text().strip()
        if not server:
            return self.server_edit, self.tr("Enter the address of your Desk server.")
        if not is_http_url(server):
            return self.server_edit, self.tr(
                "The server address must start with https:// (or http://), "
                "like https://desk.example.com."
            )
        if not email:
            return self.email_edit, self.tr("Enter your email address.")
        local, at, domain = email.partition("@")
        if not (local and at and domain) or any(c.isspace() for c in email):
            return self.email_edit, self.tr("Enter an email address like name@company.com.")
        if not self.password_edit.text():
            return self.password_edit, self.tr("Enter your password.")
        return None

    def _show_message(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _mark_invalid(self, edit: QLineEdit) -> None:
        edit.setProperty("invalid", True)
        self._restyle(edit)

    def _clear_invalid(self) -> None:
        for edit in (self.server_edit, self.email_edit, self.password_edit):
            if edit.property("invalid"):
                edit.setProperty("invalid", False)
                self._restyle(edit)

    def _restyle(self, widget: QWidget) -> None:
        style = widget.style()
        style.unpolish(widget)
        style.polish(widget)

    def _on_remember_toggled(self, checked: bool) -> None:
        self._remember_choice = checked

    def _focus_first_empty(self) -> None:
        for edit in (self.server_edit, self.email_edit, self.password_edit):
            if not edit.text():
                edit.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        self.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _apply_theme(self) -> None:
        t = self._theme
        self.setStyleSheet(
            f"""
            QLabel#signInSubtitle, QLabel#keychainNote {{ color: {t.muted_text.name()}; }}
            QLabel#signInNotice {{
                color: {t.banner_text.name()}; background: {t.banner_background.name()};
                border-radius: 6px; padding: 8px 10px;
            }}
            QLabel#signInError {{
                color: {t.urgent_chip_text.name()}; background: {t.urgent_chip.name()};
                border-radius: 6px; padding: 8px 10px;
            }}
            QLineEdit {{
                padding: 5px 6px; border: 1px solid {t.border.name()}; border-radius: 5px;
                background: {t.base.name()}; color: {t.text.name()};
            }}
            QLineEdit:focus {{ border-color: {t.accent.name()}; }}
            QLineEdit[invalid="true"] {{ border-color: {t.sla_breached.name()}; }}
            QLineEdit:disabled {{ color: {t.muted_text.name()}; }}
            QPushButton#signInButton {{
                background: {t.accent.name()}; color: #ffffff; border: none;
                border-radius: 5px; padding: 6px 18px; font-weight: 600;
            }}
            QPushButton#signInButton:disabled {{
                background: {t.border.name()}; color: {t.muted_text.name()};
            }}
            QProgressBar {{ border: none; background: {t.border.name()}; border-radius: 2px; }}
            QProgressBar::chunk {{ background: {t.accent.name()}; border-radius: 2px; }}
            """
        )
