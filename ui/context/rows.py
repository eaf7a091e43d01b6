"""The clickable rows of the customer context panel: other tickets and links, on a
themed button base that the image tiles share.

Rows are small painted buttons: the panel shows tens of items, so a widget each is
cheap, and QAbstractButton brings clicks, keyboard activation and focus for free.
Text from customers is only ever drawn as plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QEnterEvent,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from desk.client.customer_context import ThreadLink, ThreadLinkKind, label_variants
from desk.domain import Ticket, WaitingOn
from ui.context.glyphs import chat_glyph, link_glyph
from ui.context.style import PAD, mix, small_font
from ui.formatting import format_relative
from ui.theme import Theme
from ui.widgets.text import plain_tooltip
from ui.wording import display_title, owes_text, status_text, urgent_text

Now = Callable[[], datetime]


# Call sites spell out translate("ContextPanel", "literal"): lupdate reads only those.
translate = QCoreApplication.translate


class ThemedButton(QAbstractButton):
    """A flat, focusable, pointing-hand button that paints itself from a Theme and
    repaints when the pointer enters or leaves (``_hover``)."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._hover = False
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def enterEvent(self, event: QEnterEvent) -> None:
        self._hover = True
        self.update()
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._hover = False
        self.update()
        super().leaveEvent(event)


class PanelRow(ThemedButton):
    """A flat clickable row that paints its own hover and focus."""

    def __init__(self, theme: Theme, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(theme, parent)
        self._now = now
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.sizeHint().height())

    def _begin(self) -> QPainter:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        t = self._theme
        if self.isDown() or self._hover or self.hasFocus():
            fill = mix(t.base, t.selection, 0.75 if self.isDown() else 0.45)
            p.setPen(QPen(t.accent, 1) if self.hasFocus() else Qt.PenStyle.NoPen)
            p.setBrush(fill)
            p.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        return p

    def _text(
        self, p: QPainter, x: float, rect: QRectF, text: str, font: QFont, colour: QColor,
        *, mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight,
    ) -> float:  # fmt: skip
        """Draws ``text`` elided to ``rect`` from ``x``; returns the width used."""
        fm = QFontMetrics(font)
        width = int(rect.right() - x)
        shown = fm.elidedText(text, mode, max(0, width))
        p.setFont(font)
        p.setPen(colour)
        p.drawText(
            QRectF(x, rect.top(), width, rect.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            shown,
        )
        return fm.horizontalAdvance(shown)


class TicketRow(PanelRow):
    """``● #4211 Title…`` over ``Needs reply · 2 h ago``."""

    def __init__(self, theme: Theme, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(theme, now, parent)
        self.ticket: Ticket | None = None

    def set_ticket(self, ticket: Ticket) -> None:
        if ticket == self.ticket:
            return
        self.ticket = ticket
        state = owes_text(ticket) or status_text(ticket.status)
        self.setToolTip(plain_tooltip(f"#{ticket.id} {ticket.title}\n{state}") or "")
        self.setAccessibleName(f"#{ticket.id} {ticket.title}, {state}")
        self.update()

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(240, fm.height() * 2 + 12)

    def when_text(self) -> str:
        t = self.ticket
        if t is None:
            return ""
        when = (t.closed_at if t.is_done else None) or t.last_message_at or t.updated_at
        return format_relative(when, self._now())

    def paintEvent(self, event: QPaintEvent) -> None:
        t, ticket = self._theme, self.ticket
        if ticket is None:
            return
        p = self._begin()
        fm = self.fontMetrics()
        line = fm.height()
        top = QRectF(PAD, 5, self.width() - 2 * PAD, line)
        bottom = QRectF(PAD, 5 + line + 1, self.width() - 2 * PAD, line)
        done, team = ticket.is_done, ticket.waiting_on is WaitingOn.TEAM
        # The status dot: filled when the team owes, a ring while the customer does.
        c = QPointF(PAD + 4, top.center().y())
        if done:
            p.setPen(QPen(t.done_text, 1.6))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPolyline([c + QPointF(-3.5, 0), c + QPointF(-1, 2.5), c + QPointF(3.5, -2.5)])
        else:
            p.setPen(QPen(t.accent, 1.5) if not team else Qt.PenStyle.NoPen)
            p.setBrush(t.accent if team else Qt.BrushStyle.NoBrush)
            p.drawEllipse(c, 3.5, 3.5)
        x: float = PAD + 16
        number = small_font(self.font(), 0.92)
        x += self._text(p, x, top, f"#{ticket.id}", number, t.muted_text) + 6
        if ticket.urgent:
            x += self._chip(p, x, top, done) + 5
        title_font = QFont(self.font())
        title_font.setBold(team and not done)
        self._text(p, x, top, display_title(ticket), title_font, t.done_text if done else t.text)
        x = PAD + 16
        owes = owes_text(ticket) or status_text(ticket.status)
        colour = t.accent if team else t.muted_text
        x += self._text(p, x, bottom, owes, small_font(self.font(), bold=team), colour)
        self._text(p, x, bottom, f"  ·  {self.when_text()}", small_font(self.font()), t.muted_text)
        p.end()

    def _chip(self, p: QPainter, x: float, rect: QRectF, done: bool) -> float:
        t = self._theme
        font = small_font(self.font(), 0.72, bold=True)
        fm = QFontMetrics(font)
        text = urgent_text()
        w, h = fm.horizontalAdvance(text) + 8, fm.height() + 1
        box = QRectF(x, rect.center().y() - h / 2, w, h)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(t.border if done else t.urgent_chip)
        p.drawRoundedRect(box, 3, 3)
        p.setFont(font)
        p.setPen(t.done_text if done else t.urgent_chip_text)
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        return w


class LinkRow(PanelRow):
    """A glyph, the short label in link colour, and when it was last mentioned."""

    def __init__(self, theme: Theme, now: Now, parent: QWidget | None = None) -> None:
        super().__init__(theme, now, parent)
        self.link: ThreadLink | None = None

    def set_link(self, link: ThreadLink) -> None:
        if link == self.link:
            return
        self.link = link
        self.setToolTip(plain_tooltip(link.url) or "")
        self.setAccessibleName(self.label())
        self.update()

    def label(self) -> str:
        link = self.link
        if link is None:
            return ""
        if link.kind is ThreadLinkKind.CONVERSATION:
            return translate("ContextPanel", "Conversation %1").replace(
                "%1", link.conversation_id or ""
            )
        return link.label

    def fitting_label(self, width: int) -> str:
        """The longest way of writing the link that fits ``width`` (else the shortest)."""
        link = self.link
        if link is None or link.kind is ThreadLinkKind.CONVERSATION:
            return self.label()
        fm = self.fontMetrics()
        variants = label_variants(link.url)
        return next((v for v in variants if fm.horizontalAdvance(v) <= width), variants[-1])

    def sizeHint(self) -> QSize:
        return QSize(240, self.fontMetrics().height() + 12)

    def paintEvent(self, event: QPaintEvent) -> None:
        t, link = self._theme, self.link
        if link is None:
            return
        p = self._begin()
        rect = QRectF(PAD, 0, self.width() - 2 * PAD, self.height())
        icon = QRectF(PAD - 4, rect.center().y() - 8, 16, 16)
        if link.kind is ThreadLinkKind.CONVERSATION:
            chat_glyph(p, icon, t.accent)
        else:
            link_glyph(p, icon, t.muted_text)
        meta = small_font(self.font())
        when = format_relative(link.at, self._now())
        when_w = QFontMetrics(meta).horizontalAdvance(when)
        label_rect = rect.adjusted(0, 0, -(when_w + 10), 0)
        x = PAD + 17
        text = self.fitting_label(int(label_rect.right() - x))
        # Middle elision keeps the host and the last path segment, the telling parts.
        mode = Qt.TextElideMode.ElideMiddle
        self._text(p, x, label_rect, text, self.font(), t.link, mode=mode)
        p.setFont(meta)
        p.setPen(t.muted_text)
        p.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, when)
        p.end()
