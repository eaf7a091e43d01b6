"""Team tools added to the main window: the customer context panel beside the chat
and canned replies in the composer. Composition and wiring only; the logic lives in
``desk.client.customer_context``, ``desk.client.macros``, ``ui.context.panel`` and ``ui.macros``."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QSplitter, QWidget

from desk.client.customer_context import CustomerContextTracker
from desk.client.macros import MacroContext, MacroLibrary
from desk.client.session import Session
from desk.domain import Role
from ui.chat.thumbnails import ThumbnailLoader
from ui.context.panel import ContextPanel
from ui.macros import MacroPicker, attach_macro_picker
from ui.macros.manage_dialog import MacrosDialog
from ui.mainwindow.queue_controller import QueueController
from ui.mainwindow.statusbar.bar import DeskStatusBar
from ui.mainwindow.ticket_controller import TicketController
from ui.mainwindow.ticket_pane import TicketPane
from ui.store_bridge import StoreBridge
from ui.tasks import TaskRunner
from ui.theme import Theme


class Host(Protocol):
    """The parts of the main window the team tools attach to (the window itself, typed
    structurally so this module does not import it)."""

    session: Session
    runner: TaskRunner
    thumbnails: ThumbnailLoader
    splitter: QSplitter
    bridge: StoreBridge
    queue: QueueController
    ticket: TicketController
    status: DeskStatusBar
    pane: TicketPane

    def window(self) -> QWidget: ...


def add_context_panel(window: Host, theme: Theme) -> ContextPanel:
    """A third, collapsible splitter pane that follows the open ticket."""
    session = window.session
    tracker = CustomerContextTracker(session.store)
    panel = ContextPanel(tracker, window.thumbnails, theme, parent=window.window())
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


def context_panel_action(window: Host, panel: ContextPanel) -> QAction:
    action = QAction(
        QCoreApplication.translate("MainWindow", "Customer details panel"), window.window()
    )
    action.setCheckable(True)
    action.setChecked(True)
    action.toggled.connect(panel.setVisible)
    return action


def add_macro_picker(window: Host, theme: Theme) -> tuple[MacroLibrary, MacroPicker]:
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


def open_macros_dialog(window: Host, library: MacroLibrary) -> MacrosDialog:
    session = window.session
    dialog = MacrosDialog(session.api, library, session.me.role is Role.ADMIN, window.window())
    dialog.open()
    return dialog
