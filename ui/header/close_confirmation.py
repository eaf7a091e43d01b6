"""The "close this ticket for good?" question: closing is final, so Cancel is the default."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget


def close_confirmation_box(parent: QWidget, ticket_id: int) -> tuple[QMessageBox, QPushButton]:
    """The "close for good?" question, not yet shown; Cancel is the default answer."""
    box = QMessageBox(parent)
    box.setObjectName("closeTicketConfirmation")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(
        QCoreApplication.translate("TicketHeader", "Close ticket #{0}").format(ticket_id)
    )
    box.setText(QCoreApplication.translate("TicketHeader", "Close ticket #{0}?").format(ticket_id))
    box.setInformativeText(
        QCoreApplication.translate(
            "TicketHeader",
            "Closing is final: the ticket cannot be reopened, and no one can reply to it. "
            "If the customer needs more help, they will have to open a new ticket.",
        )
    )
    confirm = box.addButton(
        QCoreApplication.translate("TicketHeader", "Close ticket"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    confirm.setObjectName("confirmCloseButton")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)  # a stray Enter must not close a ticket for good
    box.setEscapeButton(cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box, confirm
