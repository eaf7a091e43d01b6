"""The banner above the composer when the collision guard stops a reply.

Non-modal: the thread stays readable and the composer keeps every word. It lists what
arrived while the agent was writing ("Olga (customer) wrote: …", "Boris already
replied: …"); clicking a line asks the owner to scroll the thread to that message.
"Send anyway" and "Edit first" only emit signals: the owner decides what they do, so
the banner itself can never send anything, let alone twice.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desk.client.collision import Collision
from desk.domain import Message, Role, preview_of
from ui.font_sizes import css_font_size
from ui.theme import LIGHT, Theme
from ui.wording import short_name

MAX_LINES = 4
PREVIEW_CHARS = 110


translate = QCoreApplication.translate  # lupdate reads literals in translate() calls


def _quote(message: Message) -> str:
    text = preview_of(message.body)
    if not text:
        count = len(message.attachments)
        return translate("Collision", "(%n attachment(s))", None, count)
    if len(text) > PREVIEW_CHARS:
        text = text[: PREVIEW_CHARS - 1].rstrip() + "…"
    return f"“{text}”"


def describe(message: Message) -> str:
    """One line: who did what, and the start of what they wrote."""
    author = message.author
    if author.role is Role.CUSTOMER:
        first = author.name.split()[0] if author.name.split() else author.name
        template = translate("Collision", "{0} (customer) wrote: {1}")
        return template.format(first, _quote(message))
    if message.internal:
        return translate("Collision", "{0} added an internal note: {1}").format(
            short_name(author.name), _quote(message)
        )
    return translate("Collision", "{0} already replied: {1}").format(
        short_name(author.name), _quote(message)
    )


def headline(collision: Collision) -> str:
    customers = [u for u in collision.who if u.role is Role.CUSTOMER]
    colleagues = [u for u in collision.who if u.role is not Role.CUSTOMER]
    if colleagues and not customers:
        names = ", ".join(short_name(u.name) for u in colleagues)
        return translate(
            "Collision", "While you were writing, {0} replied to the customer."
        ).format(names)
    if customers and not colleagues:
        return translate("Collision", "While you were writing, the customer wrote again.")
    return translate("Collision", "While you were writing, the conversation moved on.")


class _Line(QLabel):
    clicked = Signal(int)  # message id

    def __init__(self, message: Message, parent: QWidget) -> None:
        super().__init__(describe(message), parent)
        self.message_id = message.id
        self.setObjectName("collisionLine")
        self.setTextFormat(Qt.TextFormat.PlainText)  # bodies come from the network
        self.setWordWrap(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(translate("Collision", "Show this message in the conversation"))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.message_id)
        super().mouseReleaseEvent(event)


class CollisionBanner(QFrame):
    sendAnywayRequested = Signal()
    editRequested = Signal()
    messageActivated = Signal(int)  # a listed message was clicked: show it in the thread

    def __init__(self, theme: Theme = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("collisionBanner")
        self.setAccessibleName(translate("Collision", "Reply not sent"))
        self._collision: Collision | None = None
        self._lines: list[_Line] = []

        self.title = QLabel(self)
        self.title.setObjectName("collisionTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.more = QLabel(self)
        self.more.setObjectName("collisionMore")
        self.hint = QLabel(
            translate("Collision", "Your reply has not been sent. Nothing you wrote is lost."), self
        )
        self.hint.setObjectName("collisionHint")
        self.hint.setWordWrap(True)
        self.edit_button = QPushButton(translate("Collision", "Edit first"), self)
        self.edit_button.setObjectName("collisionEditButton")
        self.edit_button.setToolTip(
            translate("Collision", "Dismiss this and change your reply (Esc)")
        )
        self.send_button = QPushButton(translate("Collision", "Send anyway"), self)
        self.send_button.setObjectName("collisionSendButton")
        self.send_button.setToolTip(translate("Collision", "Send your reply as it is"))
        self.edit_button.clicked.connect(self._edit)
        self.send_button.clicked.connect(self._send_anyway)

        self._list = QVBoxLayout()
        self._list.setSpacing(3)
        self._list.setContentsMargins(10, 0, 0, 0)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.hint, 1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 9, 12, 9)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addLayout(self._list)
        layout.addWidget(self.more)
        layout.addLayout(buttons)
        self.set_theme(theme)
        self.setVisible(False)

    # --- public ----------------------------------------------------------------------

    def collision(self) -> Collision | None:
        """The collision on show (None while hidden)."""
        return self._collision

    def lines(self) -> list[str]:
        return [line.text() for line in self._lines]

    def show_collision(self, collision: Collision) -> None:
        self._collision = collision
        self.title.setText(headline(collision))
        for line in self._lines:
            line.deleteLater()
        listed = sorted((*collision.messages, *collision.notes), key=lambda m: m.id)
        self._lines = [_Line(m, self) for m in listed[:MAX_LINES]]
        for line in self._lines:
            line.clicked.connect(self.messageActivated)
            self._list.addWidget(line)
        extra = len(listed) - len(self._lines)
        more = translate("Collision", "…and %n more in the conversation above", None, extra)
        self.more.setText(more)
        self.more.setVisible(extra > 0)
        self.setVisible(True)
        self.send_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def dismiss(self) -> None:
        self._collision = None
        self.setVisible(False)

    def set_theme(self, theme: Theme) -> None:
        t = theme
        self.setStyleSheet(
            f"""
            QFrame#collisionBanner {{ background: {t.banner_background.name()};
                border: 1px solid {t.sla_warning.name()}; border-radius: 8px; }}
            QFrame#collisionBanner QLabel {{ color: {t.banner_text.name()};
                background: transparent; border: none; }}
            QLabel#collisionTitle {{ font-weight: 700; }}
            QLabel#collisionLine:hover {{ text-decoration: underline; }}
            QLabel#collisionHint, QLabel#collisionMore {{ {css_font_size(0.92)}; }}
            QPushButton#collisionSendButton {{ background: {t.accent.name()}; color: #ffffff;
                border: none; border-radius: 6px; padding: 5px 14px; font-weight: 600; }}
            QPushButton#collisionEditButton {{ background: {t.base.name()};
                color: {t.text.name()}; border: 1px solid {t.border.name()};
                border-radius: 6px; padding: 5px 12px; }}
            """
        )

    # --- reactions -----------------------------------------------------------------

    def _edit(self) -> None:
        if self._collision is not None:
            self.editRequested.emit()

    def _send_anyway(self) -> None:
        if self._collision is not None:
            self.sendAnywayRequested.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self._edit()
            return
        super().keyPressEvent(event)
