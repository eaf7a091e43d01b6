"""The main window: composition only. It builds the widgets, hands them to the
controllers and binds menus and shortcuts; the controllers hold the logic."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desk.client.api import ConnectionState
from desk.client.engine_events import SyncStatus
from desk.client.session import Session
from desk.client.store import Changes
from desk.domain import Ticket
from desk.sla import BusinessCalendar
from ui.chat.thumbnails import ThumbnailLoader
from ui.collab.collision_banner import CollisionBanner
from ui.collab.presence_chips import PresenceStrip
from ui.engine_bridge import EngineBridge
from ui.mainwindow.panels import (
    add_context_panel,
    add_macro_picker,
    context_panel_action,
    open_macros_dialog,
)
from ui.mainwindow.queue_controller import QueueController, deadline_text_for
from ui.mainwindow.statusbar.bar import DeskStatusBar
from ui.mainwindow.ticket_controller import TicketController
from ui.mainwindow.ticket_pane import TicketPane
from ui.queue.columns import Column
from ui.queue.deadlines import BusinessDeadlines
from ui.queue.delegate import QueueDelegate
from ui.queue.filter_bar import FilterBar
from ui.queue.filtering import View
from ui.queue.model import TicketTableModel
from ui.queue.view import QueueView
from ui.settings.store import SettingsStore
from ui.shortcuts.table import ShortcutId, install_shortcuts
from ui.store_bridge import StoreBridge
from ui.tasks import TaskRunner
from ui.theme import Theme

if TYPE_CHECKING:
    from ui.shortcuts.dialog import ShortcutsDialog

# Ctrl+1..5 switch views in this order (the filter bar shows the same order).
VIEW_KEYS = (View.NEEDS_REPLY, View.MINE, View.UNASSIGNED, View.ALL_OPEN, View.BREACHING)


def add_presence_widgets(pane: TicketPane, theme: Theme) -> tuple[PresenceStrip, CollisionBanner]:
    """Who else is here goes under the header; the collision banner above the composer."""
    layout = pane.content.layout()
    assert isinstance(layout, QVBoxLayout)
    strip = PresenceStrip(theme, pane.content)
    layout.insertWidget(layout.indexOf(pane.header) + 1, strip)
    banner = CollisionBanner(theme, pane.content)
    layout.insertWidget(layout.indexOf(pane.composer), banner)
    return strip, banner


class MainWindow(QMainWindow):
    signOutRequested = Signal()
    signInRequested = Signal()  # the session expired and the agent wants to sign in again
    quitRequested = Signal()
    settingsRequested = Signal()
    closeRequested = Signal()  # the window's close button: the app decides (tray or quit)
    logFolderRequested = Signal()  # Help › Open log folder (the app knows where it is)

    def __init__(
        self,
        session: Session,
        runner: TaskRunner,
        settings_store: SettingsStore,
        theme: Theme,
        calendar: BusinessCalendar,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.runner = runner
        self.settings_store = settings_store
        self.setObjectName("mainWindow")
        # Qt appends " — Desk" (the application display name) by itself.
        self.setWindowTitle(
            self.tr("{0} (demo)").format(session.me.name)
            if session.demo
            else self.tr("{0} — {1}").format(session.me.name, urlsplit(session.server).netloc)
        )

        deadlines = BusinessDeadlines(calendar)
        self.queue_model = TicketTableModel(
            self, deadlines=deadlines, current_user_id=session.me.id
        )
        self.filter_bar = FilterBar(self)
        self.queue_view = QueueView(self.queue_model, theme, self)
        queue_side = QWidget(self)
        queue_side.setObjectName("queueSide")
        side_layout = QVBoxLayout(queue_side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(0)
        side_layout.addWidget(self.filter_bar)
        side_layout.addWidget(self.queue_view, 1)

        self.thumbnails = ThumbnailLoader(session.engine.thumbnail, parent=self)
        self.pane = TicketPane(theme, self.thumbnails, self)
        self.presence_strip, self.collision_banner = add_presence_widgets(self.pane, theme)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(queue_side)
        self.splitter.addWidget(self.pane)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.status = DeskStatusBar(calendar=calendar, theme=theme)
        self.setStatusBar(self.status)

        self.bridge = StoreBridge(session.store, self)
        self.engine_bridge = EngineBridge(session.engine.events, self)
        self.queue = QueueController(
            session.store, self.bridge, self.queue_model, self.queue_view, self.filter_bar, self
        )
        self.ticket = TicketController(
            session,
            runner,
            self.bridge,
            self.pane,
            theme,
            deadline_text_for(deadlines, lambda: datetime.now(UTC)),
            self,
            engine_bridge=self.engine_bridge,
            presence_strip=self.presence_strip,
            collision_banner=self.collision_banner,
        )
        self._wire_queue_presence()
        self.queue.archiveNeeded.connect(lambda: runner.start(self.queue.load_archive()))
        self.queue.archivePart.connect(self._index_archive)
        self.queue.ticketSelected.connect(self.ticket.open)
        self.ticket.openTicketRequested.connect(self.queue.select)
        self.ticket.infoMessage.connect(self.status.show_info)
        self.queue_model.countsChanged.connect(self.ticket.refresh_deadline)
        self.filter_bar.searchAccepted.connect(self.queue_view.setFocus)
        self.status.slaCountsClicked.connect(lambda: self.filter_bar.set_view(View.BREACHING))
        self.status.signInRequested.connect(self.signInRequested)
        runner.errorRaised.connect(self.status.show_error)
        self.bridge.changed.connect(self._note_sync)

        self.context_panel = add_context_panel(self, theme)
        # The cache is indexed once, from the queue's own list, before the top ticket
        # opens (else the panel would read and decode the whole cache itself).
        self.queue.openLoaded.connect(self.context_panel.tracker.use_tickets)
        self.macros, self.macro_picker = add_macro_picker(self, theme)
        self._shortcuts_dialog: ShortcutsDialog | None = None
        self.actions_by_id = self._install_shortcuts()
        self._build_menus()
        self.engine_bridge.connectionChanged.connect(self._show_connection)
        self.resize(1440, 900)
        settings_store.restore_window(self)
        self._splitter_restored = settings_store.restore_splitter(self.splitter, "main")

    # --- start -------------------------------------------------------------------

    async def start(self) -> list[Ticket]:
        """Show the cached open queue at once (returned for others to share), then
        learn the team's names; a failure there is shown but does not stop the window.
        The done archive follows after the first paint (``queue.archivePart``)."""
        tickets = await self.queue.load()
        self.runner.start(self._load_agents())
        return tickets

    def _index_archive(self, done: list[Ticket]) -> None:
        """The customer's other tickets include the done ones: show them once known."""
        self.context_panel.tracker.use_tickets(done)
        self.context_panel.refresh(Changes.of(tickets=[t.id for t in done]))

    async def _load_agents(self) -> None:
        self.pane.header.set_agents(await self.session.api.agents())

    # --- presence and the collision banner ----------------------------------------------

    def _wire_queue_presence(self) -> None:
        delegate = self.queue_view.itemDelegate()
        assert isinstance(delegate, QueueDelegate)
        delegate.set_presence_provider(self.ticket.presence.viewers)
        self.ticket.presence.changed.connect(self._repaint_presence_rows)

    def _repaint_presence_rows(self, tickets: frozenset[int]) -> None:
        for ticket_id in tickets:
            row = self.queue_model.row_of(ticket_id)
            if row is not None:
                self.queue_view.update(self.queue_model.index(row, Column.TICKET))

    # --- status ------------------------------------------------------------------

    def _show_connection(self, status: SyncStatus) -> None:
        self.status.set_connection_state(status.state, session_expired=status.session_expired)
        self.sign_in_again_action.setEnabled(status.session_expired)
        if status.session_expired:
            self.status.show_error(self.tr("Your session has expired. Sign in again to carry on."))
        elif status.state is ConnectionState.CONNECTED:
            self.status.set_last_sync(datetime.now(UTC))
        elif status.message and status.state is ConnectionState.OFFLINE:
            self.status.show_error(status.message)

    def note_signed_out(self) -> None:
        """The agent closed the sign-in dialog after the session expired."""
        self.status.show_info(
            self.tr(
                "You are signed out. Replies wait in the outbox; click “Signed out” in "
                "the status bar (or File › Sign in again…) to sign in."
            )
        )

    def _note_sync(self, _changes: Changes) -> None:
        if self.session.engine.status.state is ConnectionState.CONNECTED:
            self.status.set_last_sync(datetime.now(UTC))

    # --- menus and shortcuts ---------------------------------------------------------

    def _install_shortcuts(self) -> dict[ShortcutId, QAction]:
        composer = self.pane.composer
        handlers: dict[ShortcutId, Callable[[], object]] = {
            ShortcutId.SEARCH: self.filter_bar.focus_search,
            ShortcutId.NEXT_TICKET: lambda: self.queue_view.move_selection(1),
            ShortcutId.PREVIOUS_TICKET: lambda: self.queue_view.move_selection(-1),
            ShortcutId.OPEN_TICKET: composer.focus_reply,
            ShortcutId.BACK_TO_QUEUE: self.queue_view.setFocus,
            ShortcutId.REPLY: composer.focus_reply,
            ShortcutId.INTERNAL_NOTE: composer.focus_note,
            ShortcutId.ASSIGN_TO_ME: self.ticket.assign_to_me,
            ShortcutId.CLOSE_TICKET: self.ticket.close_ticket,
            ShortcutId.SEND: composer.send,
            ShortcutId.SHORTCUTS_HELP: self.show_shortcuts,
            ShortcutId.SETTINGS: self.settingsRequested.emit,
            ShortcutId.CANNED_REPLIES: self.macro_picker.open,
            ShortcutId.QUIT: self.quitRequested.emit,
        }
        view_ids = (
            ShortcutId.QUEUE_VIEW_1,
            ShortcutId.QUEUE_VIEW_2,
            ShortcutId.QUEUE_VIEW_3,
            ShortcutId.QUEUE_VIEW_4,
            ShortcutId.QUEUE_VIEW_5,
        )
        for shortcut, view in zip(view_ids, VIEW_KEYS, strict=True):
            handlers[shortcut] = partial(self.filter_bar.set_view, view)
        return install_shortcuts(self, handlers, composer=composer)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        a = self.actions_by_id
        # The » button a narrow window shows for the menus that do not fit.
        for more in bar.findChildren(QToolButton, "qt_menubar_ext_button"):
            more.setAccessibleName(self.tr("More menus"))

        def menu(title: str, ids: list[ShortcutId | None]) -> QMenu:
            m = bar.addMenu(title)
            for sid in ids:
                if sid is None:
                    m.addSeparator()
                elif sid in a:
                    m.addAction(a[sid])
            return m

        file_menu = menu(self.tr("&File"), [ShortcutId.SETTINGS])
        self.sign_in_again_action = file_menu.addAction(self.tr("Sign &in again…"))
        self.sign_in_again_action.setObjectName("signInAgainAction")
        self.sign_in_again_action.setEnabled(False)  # only once the session has expired
        self.sign_in_again_action.triggered.connect(self.signInRequested)
        sign_out = file_menu.addAction(self.tr("Sign &out"))
        sign_out.triggered.connect(self.signOutRequested)
        file_menu.addSeparator()
        file_menu.addAction(a[ShortcutId.QUIT])
        ticket_menu = menu(
            self.tr("&Ticket"),
            [
                ShortcutId.REPLY,
                ShortcutId.INTERNAL_NOTE,
                ShortcutId.CANNED_REPLIES,
                ShortcutId.SEND,
                None,
                ShortcutId.ASSIGN_TO_ME,
                ShortcutId.CLOSE_TICKET,
            ],
        )
        ticket_menu.addSeparator()
        manage = ticket_menu.addAction(self.tr("Manage canned replies…"))
        manage.triggered.connect(lambda: open_macros_dialog(self, self.macros))
        view_menu = menu(
            self.tr("&View"),
            [
                ShortcutId.SEARCH,
                ShortcutId.NEXT_TICKET,
                ShortcutId.PREVIOUS_TICKET,
                None,
                ShortcutId.QUEUE_VIEW_1,
                ShortcutId.QUEUE_VIEW_2,
                ShortcutId.QUEUE_VIEW_3,
                ShortcutId.QUEUE_VIEW_4,
                ShortcutId.QUEUE_VIEW_5,
            ],
        )
        view_menu.addSeparator()
        view_menu.addAction(context_panel_action(self, self.context_panel))
        help_menu = menu(self.tr("&Help"), [ShortcutId.SHORTCUTS_HELP])
        log_folder = help_menu.addAction(self.tr("Open &log folder"))
        log_folder.setObjectName("openLogFolderAction")
        log_folder.triggered.connect(self.logFolderRequested)
        about = help_menu.addAction(self.tr("&About Desk"))
        about.triggered.connect(self.show_about)

    def show_shortcuts(self) -> None:
        if self._shortcuts_dialog is None:
            # Loaded when first asked for (F1): the first paint does not need it.
            from ui.shortcuts.dialog import ShortcutsDialog

            self._shortcuts_dialog = ShortcutsDialog(self)
        self._shortcuts_dialog.show()
        self._shortcuts_dialog.raise_()

    def show_about(self) -> None:
        from desk import __version__

        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("About Desk"),
            self.tr("Desk {0}\nThe helpdesk client for support staff.\nSigned in to {1}.").format(
                __version__, self.session.server
            ),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def set_theme(self, theme: Theme) -> None:
        self.context_panel.set_theme(theme)
        self.macro_picker.set_theme(theme)
        self.queue_view.set_theme(theme)
        self.filter_bar.refresh_style()
        self.pane.set_theme(theme)
        self.presence_strip.set_theme(theme)
        self.collision_banner.set_theme(theme)
        self.status.set_theme(theme)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._splitter_restored:
            # First run: proportions of the real width (sizes set before the window is
            # laid out would be rescaled). The queue needs ~560 px for its view tabs.
            self._splitter_restored = True
            width = self.splitter.width()
            queue = max(600, int(width * 0.42))
            context = int(width * 0.17)
            self.splitter.setSizes([queue, width - queue - context, context])

    # --- closing -------------------------------------------------------------------

    def save_state(self) -> None:
        self.pane.composer.flush_draft()
        self.settings_store.save_window(self)
        self.settings_store.save_splitter(self.splitter, "main")
        self.settings_store.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        event.ignore()
        self.closeRequested.emit()

    def shutdown(self) -> None:
        """Stop background work owned by the window before the session closes."""
        self.save_state()
        self.ticket.shutdown()
        self.thumbnails.close()
        self.bridge.detach()
        self.engine_bridge.detach()

    async def settle(self, limit: float = 0.5) -> None:
        """After :meth:`shutdown`: let its last requests (presence "left") reach the
        server before the session closes, waiting at most ``limit`` seconds."""
        await self.ticket.presence.last_words_said(limit)
