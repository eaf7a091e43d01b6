"""The side panel beside a conversation: who the customer is and what else is going on.

It shows what ``desk.client.customer_context.CustomerContextTracker`` computes and turns clicks
into signals; the window decides what they open. ``refresh(changes)`` takes every store
change: sections whose content did not change keep their widgets untouched, and rows
are reused, so a message arriving in another thread costs next to nothing.

    panel = ContextPanel(CustomerContextTracker(store), thumbnails, theme)
    panel.tracker.use_tickets(tickets)       # the queue's list, so nothing loads twice
    bridge.changed.connect(panel.refresh)
    panel.set_ticket(ticket)                 # None: the empty state
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from functools import partial
from typing import TypeVar

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QHideEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from desk.client.customer_context import CustomerContext, CustomerContextTracker
from desk.client.store import Changes
from desk.domain import Ticket
from ui.chat.thumbnails import ThumbnailLoader
from ui.context.customer_card import CustomerCard
from ui.context.gallery import FileRow, ImageTile, TileGrid
from ui.context.rows import LinkRow, Now, TicketRow, translate
from ui.context.sections import Section
from ui.context.style import panel_style
from ui.theme import Theme, ThemeMode, resolve

W = TypeVar("W", bound=QWidget)

TICKETS, LINKS, ATTACHMENTS = "tickets", "links", "attachments"
# Shown before "Show all": a screenful, so a thread with a hundred links stays light.
LINKS_SHOWN, IMAGES_SHOWN, FILES_SHOWN = 10, 9, 5


class ContextPanel(QWidget):
    ticketRequested = Signal(int)
    linkActivated = Signal(QUrl)
    imageActivated = Signal(object)  # desk.domain.Attachment
    fileActivated = Signal(object)  # desk.domain.Attachment
    collapsedChanged = Signal(object)  # frozenset of folded section keys, to persist
    infoMessage = Signal(str)  # a quiet confirmation ("Email copied") for the status bar

    def __init__(
        self,
        tracker: CustomerContextTracker,
        loader: ThumbnailLoader | None = None,
        theme: Theme | None = None,
        *,
        now: Now | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("contextPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.tracker = tracker
        self._loader = loader
        self._theme = theme if theme is not None else resolve(ThemeMode.SYSTEM)
        self._now: Now = now or (lambda: datetime.now(UTC))
        self._context: CustomerContext | None = None
        self.ticket_rows: list[TicketRow] = []
        self.link_rows: list[LinkRow] = []
        self.file_rows: list[FileRow] = []
        self._tiles_by_id: dict[int, ImageTile] = {}

        self._stack = QStackedLayout(self)
        self._stack.addWidget(self._build_empty())
        self._stack.addWidget(self._build_content())
        if loader is not None:
            loader.thumbnailReady.connect(self._on_thumbnail)
        # Relative times ("5 min ago") age while the panel is on show.
        self._clock = QTimer(self)
        self._clock.setInterval(60_000)
        self._clock.timeout.connect(self.tick)
        self.set_theme(self._theme)

    def copy_email(self) -> None:
        self.card.copy_email()

    # --- building -------------------------------------------------------------------

    def _build_empty(self) -> QWidget:
        page = QWidget(self)
        title = QLabel(translate("ContextPanel", "No ticket selected"), page)
        title.setObjectName("emptyTitle")
        hint = QLabel(
            translate(
                "ContextPanel",
                "Open a ticket to see who the customer is and what else is going on.",
            ),
            page,
        )
        hint.setObjectName("emptyHint")
        hint.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 0, 24, 0)
        layout.addStretch(1)
        for label in (title, hint):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addStretch(2)
        return page

    def _build_content(self) -> QWidget:
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget(self.scroll_area)
        content.setObjectName("contextContent")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 12, 8, 12)
        layout.setSpacing(4)
        self.card = CustomerCard(self._theme, content)
        self.card.emailCopied.connect(
            lambda _email: self.infoMessage.emit(translate("ContextPanel", "Email copied"))
        )
        layout.addWidget(self.card)
        t = self._theme
        self.tickets_section = Section(
            TICKETS,
            translate("ContextPanel", "Other tickets"),
            translate("ContextPanel", "No other tickets"),
            t,
            content,
        )
        self.more_label = QLabel(self.tickets_section.body)
        self.more_label.setObjectName("moreTickets")
        self.more_label.setIndent(24)
        self.tickets_section.rows.insertWidget(0, self.more_label)
        self.links_section = Section(
            LINKS,
            translate("ContextPanel", "Links"),
            translate("ContextPanel", "No links in this conversation"),
            t,
            content,
        )
        self.attachments_section = Section(
            ATTACHMENTS,
            translate("ContextPanel", "Attachments"),
            translate("ContextPanel", "No files in this conversation"),
            t,
            content,
        )
        self.tile_grid = TileGrid(self.attachments_section.body)
        self.tile_grid.setObjectName("imageGrid")
        self.attachments_section.rows.insertWidget(0, self.tile_grid)
        self.attachments_section.rows.insertSpacing(1, 4)
        for section in self.sections():
            rule = QFrame(content)
            rule.setObjectName("sectionRule")
            layout.addWidget(rule)
            layout.addWidget(section)
            section.header.toggled.connect(self._on_toggled)
            section.show_all_button.clicked.connect(partial(self._show_all, section))
        layout.addStretch(1)
        self.scroll_area.setWidget(content)
        return self.scroll_area

    # --- public API -----------------------------------------------------------------

    def sections(self) -> tuple[Section, Section, Section]:
        return (self.tickets_section, self.links_section, self.attachments_section)

    def context(self) -> CustomerContext | None:
        return self._context

    def set_ticket(self, ticket: Ticket | None) -> None:
        """Shows the context of ``ticket`` (None: the empty state).

        The ticket already on show is not read again: ``refresh`` keeps it current.
        """
        shown = self._context
        if ticket is not None and shown is not None and shown.ticket_id == ticket.id:
            return
        self._show(self.tracker.open(ticket))

    def refresh(self, changes: Changes) -> None:
        """Takes any store change; redraws only the sections whose content moved."""
        context = self.tracker.refresh(changes)
        if context is not None:
            self._show(context)

    def collapsed_sections(self) -> frozenset[str]:
        return frozenset(s.key for s in self.sections() if s.is_collapsed())

    def set_collapsed_sections(self, keys: Iterable[str]) -> None:
        folded = set(keys)
        for section in self.sections():
            section.set_collapsed(section.key in folded)

    def tick(self) -> None:
        """Repaints the relative times."""
        for row in (*self.ticket_rows, *self.link_rows, *self.file_rows):
            row.update()

    def set_theme(self, theme: Theme) -> None:
        self._theme = t = theme
        self.setStyleSheet(panel_style(t))
        for section in self.sections():
            section.header.set_theme(t)
        for row in (*self.ticket_rows, *self.link_rows, *self.file_rows):
            row.set_theme(t)
        for tile in self.tile_grid.tiles:
            tile.set_theme(t)
        self.card.set_theme(t)

    # --- showing --------------------------------------------------------------------

    def _show(self, ctx: CustomerContext | None) -> None:
        old, self._context = self._context, ctx
        if ctx is None:
            self._stack.setCurrentIndex(0)
            return
        self._stack.setCurrentIndex(1)
        if old is None or old.ticket_id != ctx.ticket_id:
            self.scroll_area.verticalScrollBar().setValue(0)
            self.links_section.show_all = self.attachments_section.show_all = False
        if old is None or (old.ticket, old.tickets) != (ctx.ticket, ctx.tickets):
            self.card.show_context(ctx)
        if old is None or old.tickets != ctx.tickets:
            self._fill_tickets(ctx)
        if old is None or old.links != ctx.links:
            self._fill_links(ctx)
        if old is None or old.attachments != ctx.attachments:
            self._fill_attachments(ctx)
        for section in self.sections():
            section.order_focus()

    def _fill_tickets(self, ctx: CustomerContext) -> None:
        section, tickets = self.tickets_section, ctx.tickets
        self._resize(self.ticket_rows, len(tickets.shown), self._new_ticket_row, section)
        for row, ticket in zip(self.ticket_rows, tickets.shown, strict=True):
            row.set_ticket(ticket)
        self.more_label.setText(
            translate("ContextPanel", "+%1 more").replace("%1", str(tickets.more))
        )
        self.more_label.setVisible(tickets.more > 0)
        section.empty.setVisible(not tickets.shown)
        section.header.set_count(str(tickets.total) if tickets.total else "")

    def _fill_links(self, ctx: CustomerContext) -> None:
        section = self.links_section
        links = ctx.links if section.show_all else ctx.links[:LINKS_SHOWN]
        section.offer_all(len(ctx.links) - len(links), len(ctx.links))
        self._resize(self.link_rows, len(links), self._new_link_row, section)
        for row, link in zip(self.link_rows, links, strict=True):
            row.set_link(link)
        section.empty.setVisible(not ctx.links)
        section.header.set_count(str(len(ctx.links)) if ctx.links else "")

    def _fill_attachments(self, ctx: CustomerContext) -> None:
        section, grid = self.attachments_section, self.tile_grid
        images, files = ctx.images, ctx.files
        if not section.show_all:
            images, files = images[:IMAGES_SHOWN], files[:FILES_SHOWN]
        count = len(ctx.attachments)
        section.offer_all(count - len(images) - len(files), count)
        while len(grid.tiles) > len(images):
            grid.tiles.pop().deleteLater()
        while len(grid.tiles) < len(images):
            tile = ImageTile(self._theme, self._loader, grid)
            tile.clicked.connect(partial(self._tile_clicked, tile))
            tile.show()
            grid.tiles.append(tile)
        for tile, image in zip(grid.tiles, images, strict=True):
            tile.set_file(image)
        self._tiles_by_id = {
            f.attachment.id: tile for tile, f in zip(grid.tiles, images, strict=True)
        }
        grid.setVisible(bool(images))
        grid.relayout()
        self._resize(self.file_rows, len(files), self._new_file_row, section, after=2)
        for row, file in zip(self.file_rows, files, strict=True):
            row.set_file(file)
        section.empty.setVisible(not ctx.attachments)
        section.header.set_count(str(count) if count else "")

    def _resize(
        self, rows: list[W], n: int, make: Callable[[], W], section: Section, after: int = 0
    ) -> None:
        """Grows or shrinks ``rows`` to ``n`` (reusing the rest), before the footer labels."""
        while len(rows) > n:
            widget = rows.pop()
            section.rows.removeWidget(widget)
            widget.deleteLater()
        while len(rows) < n:
            widget = make()
            section.rows.insertWidget(after + len(rows), widget)
            rows.append(widget)

    def _new_ticket_row(self) -> TicketRow:
        row = TicketRow(self._theme, self._now, self.tickets_section.body)
        row.clicked.connect(partial(self._ticket_clicked, row))
        return row

    def _new_link_row(self) -> LinkRow:
        row = LinkRow(self._theme, self._now, self.links_section.body)
        row.clicked.connect(partial(self._link_clicked, row))
        return row

    def _new_file_row(self) -> FileRow:
        row = FileRow(self._theme, self._now, self.attachments_section.body)
        row.clicked.connect(partial(self._file_clicked, row))
        return row

    # --- reactions ------------------------------------------------------------------

    def _ticket_clicked(self, row: TicketRow) -> None:
        if row.ticket is not None:
            self.ticketRequested.emit(row.ticket.id)

    def _link_clicked(self, row: LinkRow) -> None:
        if row.link is not None:
            self.linkActivated.emit(QUrl(row.link.url))

    def _tile_clicked(self, tile: ImageTile) -> None:
        if tile.file is not None:
            self.imageActivated.emit(tile.file.attachment)

    def _file_clicked(self, row: FileRow) -> None:
        if row.file is not None:
            self.fileActivated.emit(row.file.attachment)

    def _show_all(self, section: Section) -> None:
        section.show_all = True
        if self._context is not None:
            if section is self.links_section:
                self._fill_links(self._context)
            else:
                self._fill_attachments(self._context)
            section.order_focus()

    def _on_thumbnail(self, attachment_id: int) -> None:
        tile = self._tiles_by_id.get(attachment_id)
        if tile is not None:
            tile.update()

    def _on_toggled(self, _open: bool) -> None:
        self.collapsedChanged.emit(self.collapsed_sections())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._clock.start()
        self.tick()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._clock.stop()
