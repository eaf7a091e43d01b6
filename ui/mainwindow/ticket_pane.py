"""The right-hand side of the window: one ticket's header, thread and composer.

Composition only; :class:`ui.mainwindow.ticket_controller.TicketController` feeds it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QStackedWidget, QVBoxLayout, QWidget

from ui.chat.composer import Composer
from ui.chat.model import MessageListModel
from ui.chat.thumbnails import ThumbnailLoader
from ui.chat.view import ChatView
from ui.header.header import TicketHeader
from ui.theme import Theme


class TicketPane(QStackedWidget):
    def __init__(
        self, theme: Theme, loader: ThumbnailLoader, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ticketPane")
        self.placeholder = QLabel(
            self.tr("Select a ticket on the left to read the conversation."), self
        )
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setObjectName("ticketPlaceholder")
        self.placeholder.setWordWrap(True)

        self.content = QWidget(self)
        self.header = TicketHeader(theme, self.content)
        self.chat_model = MessageListModel(self.content)
        self.chat_view = ChatView(self.content, theme=theme, loader=loader)
        self.chat_view.setModel(self.chat_model)
        self.composer = Composer(self.content, theme=theme)
        rule = QFrame(self.content)
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Plain)
        rule.setObjectName("headerRule")

        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(rule)
        layout.addWidget(self.chat_view, 1)
        layout.addWidget(self.composer)

        self.addWidget(self.placeholder)
        self.addWidget(self.content)
        self.show_placeholder()

    def show_placeholder(self) -> None:
        self.setCurrentWidget(self.placeholder)

    def show_ticket(self) -> None:
        self.setCurrentWidget(self.content)

    def set_theme(self, theme: Theme) -> None:
        self.header.set_theme(theme)
        self.chat_view.set_theme(theme)
        self.composer.set_theme(theme)
