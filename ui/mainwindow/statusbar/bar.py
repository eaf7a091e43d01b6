"""The main window's status bar: connection, Moscow business clock, SLA counts, messages.

Time comes from an injected clock (a callable returning an aware datetime) and
business hours from an injected :class:`~desk.sla.BusinessCalendar`, so tests can
stand on a Saturday or a Russian holiday without touching the system clock.
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QStatusBar, QWidget

from desk.client.api import ConnectionState
from desk.domain import utc_now
from desk.sla import BusinessCalendar
from ui.mainwindow.statusbar.clock import CLOCK_INTERVAL_MS, BusinessClock, Clock
from ui.mainwindow.statusbar.connection import ConnectionIndicator
from ui.mainwindow.statusbar.message import MESSAGE_MS, MessageLabel
from ui.settings.store import OnCallMode
from ui.theme import Theme, ThemeMode, resolve
from ui.widgets.clickable import ClickableLabel
from ui.widgets.text import plain_tooltip

__all__ = ["DeskStatusBar"]


class DeskStatusBar(QStatusBar):
    """Connection on the left, then transient messages; SLA counts and the clock on the right.

    Connect ``TaskRunner.errorRaised`` to :meth:`show_error`.
    """

    slaCountsClicked = Signal()  # e.g. to filter the queue to what is overdue
    signInRequested = Signal()  # the "Signed out" indicator was clicked

    def __init__(
        self,
        *,
        calendar: BusinessCalendar | None = None,
        clock: Clock = utc_now,
        theme: Theme | None = None,
        display_zone: tzinfo | None = None,
        message_ms: int = MESSAGE_MS,
        clock_interval_ms: int = CLOCK_INTERVAL_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("deskStatusBar")
        self._theme = theme if theme is not None else resolve(ThemeMode.SYSTEM)
        self._message_ms = message_ms
        self._message_kind = ""
        self._repeats = 0

        self.connection = ConnectionIndicator(self._theme, display_zone=display_zone, parent=self)
        self.connection.signInRequested.connect(self.signInRequested)
        self.message_label = MessageLabel(self)
        self.message_label.setObjectName("statusMessage")
        self.message_label.clicked.connect(self.clear_message)
        self.message_label.hide()
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.timeout.connect(self.clear_message)

        self.counts = ClickableLabel(self)
        self.counts.setObjectName("slaCounts")
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self.counts.setCursor(Qt.CursorShape.PointingHandCursor)
        self.counts.setToolTip(self.tr("Show these tickets"))
        self.counts.clicked.connect(self.slaCountsClicked)
        self.counts.hide()
        self._counts = (0, 0)

        self.clock = BusinessClock(
            calendar if calendar is not None else BusinessCalendar(),
            clock,
            self._theme,
            interval_ms=clock_interval_ms,
            parent=self,
        )
        self.addWidget(self.connection)
        self.addWidget(self.message_label)
        self.addWidget(QWidget(self), 1)  # keeps the message pill as wide as its text
        self.addPermanentWidget(self.counts)
        self.addPermanentWidget(self.clock)
        self.setSizeGripEnabled(False)

    # --- connection -------------------------------------------------------------

    def set_connection_state(
        self, state: ConnectionState, *, session_expired: bool = False
    ) -> None:
        self.connection.set_state(state, session_expired=session_expired)

    def set_last_sync(self, when: datetime | None) -> None:
        self.connection.set_last_sync(when)

    # --- SLA counts ---------------------------------------------------------------

    def set_sla_counts(self, breached: int, due_soon: int) -> None:
        self._counts = (max(breached, 0), max(due_soon, 0))
        self._render_counts()

    def _count_parts(self) -> list[tuple[str, QColor]]:
        breached, due_soon = self._counts
        parts = []
        if breached:
            parts.append((self.tr("%n overdue", "", breached), self._theme.sla_breached))
        if due_soon:
            parts.append((self.tr("%n due within 1 h", "", due_soon), self._theme.sla_warning))
        return parts

    def _render_counts(self) -> None:
        parts = self._count_parts()
        sep = f' <span style="color:{self._theme.muted_text.name()}">·</span> '
        # Our own numbers and words only, so rich text is safe here.
        html = [f'<span style="color:{c.name()}; font-weight:600">{t}</span>' for t, c in parts]
        self.counts.setText(sep.join(html))
        self.counts.setVisible(bool(parts))

    def sla_counts_text(self) -> str:
        """The counts as plain text (what a screen reader or a test reads)."""
        return " · ".join(text for text, _ in self._count_parts())

    # --- business hours -------------------------------------------------------------

    def set_on_call_mode(self, mode: OnCallMode) -> None:
        self.clock.set_on_call_mode(mode)

    def set_business_hours_visible(self, visible: bool) -> None:
        self.clock.setVisible(visible)

    def refresh_clock(self) -> None:
        self.clock.refresh()

    # --- messages -----------------------------------------------------------------

    def show_error(self, text: str) -> None:
        self._show_message(text, "error")

    def show_info(self, text: str) -> None:
        self._show_message(text, "info")

    def message(self) -> str:
        """The message on show, without the repeat count; empty when none."""
        return "" if self.message_label.isHidden() else self.message_label.full_text()

    def clear_message(self) -> None:
        self._message_timer.stop()
        self.message_label.hide()
        self._message_kind = ""
        self._repeats = 0

    def _show_message(self, text: str, kind: str) -> None:
        text = " ".join(text.split())  # one line, whatever arrived
        same = not self.message_label.isHidden() and (kind, text) == (
            self._message_kind,
            self.message_label.full_text(),
        )
        self._repeats = self._repeats + 1 if same else 1
        self._message_kind = kind
        # A failure that repeats (say, every retry) counts up instead of flickering.
        suffix = "" if self._repeats == 1 else f" (×{self._repeats})"
        self.message_label.set_full_text(text, suffix)
        tip = self.tr("Click to dismiss")
        self.message_label.setToolTip(plain_tooltip(f"{text}\n{tip}") or "")
        self.message_label.setCursor(Qt.CursorShape.PointingHandCursor)
        self._style_message()
        self.message_label.show()
        self._message_timer.start(self._message_ms)

    def _style_message(self) -> None:
        t = self._theme
        if self._message_kind == "error":
            style = (
                f"QLabel {{ color: {t.urgent_chip_text.name()};"
                f" background: {t.urgent_chip.name()}; border-radius: 4px; padding: 1px 8px; }}"
            )
        else:
            style = f"QLabel {{ color: {t.text.name()}; padding: 1px 8px; }}"
        self.message_label.setStyleSheet(style)

    # --- theme ----------------------------------------------------------------------

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.connection.set_theme(theme)
        self.clock.set_theme(theme)
        self._render_counts()
        self._style_message()
