"""Team tools added to the main window: the customer context panel beside the chat
and canned replies in the composer. Composition and wiring only; the logic lives in
``desk.client.customer_context``, ``desk.client.macros``, ``ui.context.panel`` and ``ui.macros``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction

from desk.client.customer_context import CustomerContextTracker
from desk.client.macros import MacroContext, MacroLibrary
from desk.domain import Role
from ui.context.panel import ContextPanel
from ui.macros import MacroPicker, attach_macro_picker
from ui.macros.manage_dialog import MacrosDialog
from ui.theme import Theme

if TYPE_CHECKING:
    from ui.mainwindow.window import MainWindow


def add_context_panel(window: MainWindow, theme: Theme) -> ContextPanel:
    """A third, collapsible splitter pane that follows the open ticket."""
    session = window.session
    tracker = CustomerContextTracker(session.store)
    panel = ContextPanel(tracker, window.thumbnails, theme, parent=window)
    window.splitter.addWidget(panel)
    window.splitter.setCollapsible(2, True)
    window.bridge.changed.connect(panel.refresh)
    window.queue.ticketSelected.connect(lambda tid: panel.set_ticket(session.store.ticket(tid)))
    panel.ticketRequested.connect(window.queue.select)
    panel.linkActivated.connect(window.ticket.open_link)
    panel.imageActivated.connect(window.ticket.view_image)
    panel.fileActivated.connect(window.ticket.save_file)
    panel.infoMessage.connect(window.status.show_info)
    return panel


def context_panel_action(window: MainWindow, panel: ContextPanel) -> QAction:
    action = QAction(QCoreApplication.translate("MainWindow", "Customer details panel"), window)
    action.setCheckable(True)
    action.setChecked(True)
    action.toggled.connect(panel.setVisible)
    return action


def add_macro_picker(window: MainWindow, theme: Theme) -> tuple[MacroLibrary, MacroPicker]:
    session = window.session

    def context() -> MacroContext | None:
        ticket = window.pane.header.ticket()
        if ticket is None or ticket.is_done:
            return None
        return MacroContext(customer=ticket.customer, agent=session.me, ticket_id=ticket.id)

    library = MacroLibrary(session.api.list_macros)
    picker = attach_macro_picker(
        window.pane.composer, library, context, theme=theme, runner=window.runner
    )
    picker.notice.connect(window.status.show_info)
    return library, picker


def open_macros_dialog(window: MainWindow, library: MacroLibrary) -> MacrosDialog:
    session = window.session
    dialog = MacrosDialog(session.api, library, session.me.role is Role.ADMIN, window)
    dialog.open()
    return dialog
