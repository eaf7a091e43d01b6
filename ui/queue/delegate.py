"""Paints queue rows: two lines per row, every size derived from the font.

The delegate asks the model directly (``ticket_at``, ``deadline_display``, ``now``)
instead of going through ``index.data()``: a Python -> C++ -> Python round trip per
role would cost more than the painting. Text goes through ``TextCache`` (elided and
laid out once per string). Colours come only from ``ui.theme.Theme``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desk.client.deadlines import DeadlineState
from desk.client.presence import PresenceMark
from desk.domain import Priority, Ticket, WaitingOn
from ui import wording
from ui.collab.presence_chips import paint_presence_badge
from ui.formatting import format_due_short, format_relative
from ui.theme import Theme

from . import labels
from .columns import Column
from .model import TicketTableModel
from .text_cache import TextCache

BASE, BOLD, SMALL, SMALL_BOLD, CHIP = range(5)  # font slots of the text cache
_SELECTED = QStyle.StateFlag.State_Selected


def _blend(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved ``t`` of the way to ``b``: a hover tint that reads in both themes."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


class Fonts:
    """Fonts, text cache and spacing for one base font; rebuilt when the font changes."""

    def __init__(self, base: QFont) -> None:
        self.key = base.key()
        bold = QFont(base)
        bold.setWeight(QFont.Weight.DemiBold)
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.92)
        small_bold = QFont(small)
        small_bold.setWeight(QFont.Weight.DemiBold)
        chip = QFont(base)
        chip.setPointSizeF(base.pointSizeF() * 0.78)
        chip.setWeight(QFont.Weight.Bold)
        chip.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 104)
        self.base = base
        self.text = TextCache([base, bold, small, small_bold, chip])
        self.heights = [fm.height() for fm in self.text.metrics]
        fm = self.text.metrics[BASE]
        self.line = fm.height()
        self.char = fm.averageCharWidth()
        self.pad = max(6, round(self.char * 1.0))
        self.pad_y = max(5, round(self.line * 0.55))
        self.gap = max(2, round(self.line * 0.2))
        self.row_height = 2 * self.line + 2 * self.pad_y + self.gap


class QueueDelegate(QStyledItemDelegate):
    def __init__(
        self,
        model: TicketTableModel,
        theme: Theme,
        parent: QWidget | None = None,
        hover_row: Callable[[], int] = lambda: -1,
    ) -> None:
        super().__init__(parent)
        self._model = model
        self._hover_row = hover_row
        self._presence: Callable[[int], Sequence[PresenceMark]] | None = None
        self.set_theme(theme)
        self._fonts = Fonts(parent.font() if parent is not None else QFont())
        self._painters = [
            self._paint_priority,
            self._paint_id,
            self._paint_ticket,
            self._paint_customer,
            self._paint_deadline,
            self._paint_activity,
            self._paint_created,
            self._paint_assignee,
        ]
        assert len(self._painters) == len(Column)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self._hover_fill = _blend(theme.base, theme.selection, 0.45)

    def set_presence_provider(self, provider: Callable[[int], Sequence[PresenceMark]]) -> None:
        """Colleagues on a ticket (by id): stacked initials end the Ticket cell's 2nd line."""
        self._presence = provider

    def fonts(self, font: QFont | None = None) -> Fonts:
        """Current metrics; pass the view's font after it changes to rebuild them."""
        if font is not None and font.key() != self._fonts.key:
            self._fonts = Fonts(QFont(font))
        return self._fonts

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        f = self._fonts
        return QSize(f.char * 10, f.row_height)

    # --- painting ------------------------------------------------------------------

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        row = index.row()
        ticket = self._model.ticket_at(row)
        if ticket is None:
            return
        theme = self._theme
        rect: QRect = option.rect
        selected = bool(option.state & _SELECTED)
        painter.save()
        if selected:
            painter.fillRect(rect, theme.selection)
        elif row == self._hover_row():
            painter.fillRect(rect, self._hover_fill)
        painter.fillRect(rect.left(), rect.bottom(), rect.width(), 1, theme.border)
        self._painters[index.column()](painter, rect, row, ticket, selected)
        painter.restore()

    def _colours(self, ticket: Ticket, selected: bool) -> tuple[QColor, QColor]:
        """(main text, secondary text) for a row."""
        theme = self._theme
        if ticket.is_done:
            return (theme.selection_text if selected else theme.done_text), theme.done_text
        return (theme.selection_text if selected else theme.text), theme.muted_text

    def _lines(self, rect: QRect) -> tuple[int, int, int, int]:
        """(left, width, top of line 1, top of line 2) inside a cell."""
        f = self._fonts
        top = rect.top() + f.pad_y
        return rect.left() + f.pad, rect.width() - 2 * f.pad, top, top + f.line + f.gap

    def _paint_priority(
        self, painter: QPainter, rect: QRect, row: int, ticket: Ticket, selected: bool
    ) -> None:
        f, theme = self._fonts, self._theme
        if selected:  # a strong accent edge marks the selected row in both themes
            painter.fillRect(rect.left(), rect.top(), 3, rect.height() - 1, theme.accent)
        colour = theme.done_text if ticket.is_done else self._theme.priority_colour(ticket.priority)
        width = max(4, round(f.char * 0.6))
        height = rect.height() - 2 * f.pad_y
        bar = QRectF(rect.center().x() - width / 2 + 1, rect.top() + f.pad_y, width, height)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(bar, width / 2, width / 2)

    def _paint_id(
        self, painter: QPainter, rect: QRect, row: int, ticket: Ticket, selected: bool
    ) -> None:
        x, width, top, bottom = self._lines(rect)
        _, muted = self._colours(ticket, selected)
        self._text(painter, x, top, width, f"#{ticket.id}", BASE, muted, right=True)
        if ticket.priority in (Priority.CRITICAL, Priority.HIGH) and not ticket.is_done:
            colour = self._theme.priority_colour(ticket.priority)
            label = wording.priority_text(ticket.priority)
            self._text(painter, x, bottom, width, label, SMALL, colour, right=True)

    def _paint_ticket(
        self, painter: QPainter, rect: QRect, row: int, ticket: Ticket, selected: bool
    ) -> None:
        f, theme = self._fonts, self._theme
        x, width, top, bottom = self._lines(rect)
        text, muted = self._colours(ticket, selected)
        done = ticket.is_done
        right = x + width
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        unread = ticket.unread_count > 0 and not done
        if unread:
            right -= self._badge(painter, right, top, ticket.unread_count) + f.pad
        left = x
        if ticket.urgent:
            colours = (
                (theme.border, theme.done_text)
                if done
                else (theme.urgent_chip, theme.urgent_chip_text)
            )
            left += self._chip(painter, left, top, wording.urgent_text(), *colours)
            left += round(f.char * 0.8)
        title = wording.display_title(ticket)
        self._text(painter, left, top, right - left, title, BOLD if unread else BASE, text)
        marks = self._presence(ticket.id) if self._presence is not None else ()
        if marks:  # the preview gives way; the ring matches the row's fill
            ring = theme.selection if selected else theme.base
            if not selected and row == self._hover_row():
                ring = self._hover_fill
            at = (x + width, bottom + f.line / 2, f.line + f.gap)  # right edge, centre, size
            width -= paint_presence_badge(painter, *at, marks, theme, f.text.fonts[SMALL], ring)
            width -= f.pad
        # Second line: who owes the reply (or Done), then the last message.
        if ticket.waiting_on is WaitingOn.TEAM:
            owes, font = wording.owes_text(ticket), SMALL_BOLD
            colour = theme.selection_text if selected else theme.accent
        else:
            owes, font, colour = (
                wording.owes_text(ticket) or wording.status_text(ticket.status),
                SMALL,
                muted,
            )
        used = self._text(painter, x, bottom, width, owes, font, colour)
        preview = ticket.last_message_preview
        if preview and width - used > f.char * 6:
            self._text(painter, x + used, bottom, width - used, f"  ·  {preview}", SMALL, muted)

    def _paint_customer(
        self, painter: QPainter, rect: QRect, row: int, ticket: Ticket, selected: bool
    ) -> None:
        x, width, top, bottom = self._lines(rect)
        text, muted = self._colours(ticket, selected)
        customer = ticket.customer
        self._text(painter, x, top, width, customer.name, BASE, text)
        if customer.company:
            self._text(painter, x, bottom, width, customer.company, SMALL, muted)

    def _paint_deadline(
        self, painter: QPainter, rect: QRect, row: int, ticket: Ticket, selected: bool
    ) -> None:
        shown = self._model.deadline_display(row)
        if shown is None or ticket.due_at is None:
            return
        f, theme = self._fonts, self._theme
        x, width, top, bottom = self._lines(rect)
        colour = theme.deadline_colour(shown.state)
        font = BASE if shown.state is DeadlineState.OK else BOLD
        dot = max(6, round(f.line * 0.42))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(QRectF(x, top + (f.line - dot) / 2 + 0.5, dot, dot))
        indent = dot + round(f.char * 0.8)
        self._text(painter, x + indent, top, width - indent, shown.text, font, colour)
        due = format_due_short(ticket.due_at, self._model.now())
        _, muted = self._colours(ticket, selected)
        self._text(painter, x + indent, bottom, width - indent, due, SMALL, muted)

    def _paint_activity(
        self, painter: QPainter, rect: QRect, row: int, ticket: Ticket, selected: bool
    ) -> None:
        x, width, top, bottom = self._lines(rect)
        text, muted = self._colours(ticket, selected)
        when = format_relative(labels.activity_time(ticket), self._model.now())
        self._text(painter, x, top, width, when, BASE, text)
        indent = self._bubble(painter, x, bottom, muted)  # "22 messages" is in the tooltip
        self._text(
            painter, x + indent, bottom, width - indent, str(ticket.message_count), SMALL, muted
        )

    def _paint_created(
        self, painter: QPainter, rect: QRect, row: int, ticket: Ticket, selected: bool
    ) -> None:
        x, width, top, _ = self._lines(rect)
        _, muted = self._colours(ticket, selected)
        when = format_relative(ticket.created_at, self._model.now())
        self._text(painter, x, top, width, when, BASE, muted)

    def _paint_assignee(
        self, painter: QPainter, rect: QRect, row: int, ticket: Ticket, selected: bool
    ) -> None:
        f, theme = self._fonts, self._theme
        x, width, _, _ = self._lines(rect)
        text, muted = self._colours(ticket, selected)
        size = f.line + 2 * f.gap
        centre_y = rect.top() + rect.height() / 2
        circle = QRectF(x, centre_y - size / 2, size, size)
        indent = size + round(f.char * 0.8)
        line_top = round(centre_y - f.line / 2)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        assignee = ticket.assignee
        if assignee is None:
            pen = painter.pen()
            pen.setColor(theme.border)
            pen.setWidthF(1.2)
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(circle.adjusted(0.6, 0.6, -0.6, -0.6))
            self._text(
                painter,
                x + indent,
                line_top,
                width - indent,
                wording.unassigned_text(),
                SMALL,
                muted,
            )
            return
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.done_text if ticket.is_done else theme.accent)
        painter.drawEllipse(circle)
        initials = "".join(part[0] for part in assignee.name.split()[:2]).upper()
        if initials:
            static, w = f.text.get(CHIP, initials, size)
            painter.setFont(f.text.fonts[CHIP])
            painter.setPen(theme.base)
            y = centre_y - f.heights[CHIP] / 2
            painter.drawStaticText(QPointF(circle.center().x() - w / 2, y), static)
        name = wording.short_name(assignee.name)
        self._text(painter, x + indent, line_top, width - indent, name, BASE, text)

    # --- primitives ----------------------------------------------------------------

    def _text(
        self,
        painter: QPainter,
        x: int,
        line_top: int,
        width: int,
        text: str,
        font: int,
        colour: QColor,
        *,
        right: bool = False,
    ) -> int:
        """One elided line, vertically centred on a text line; returns the width used."""
        if width <= 0 or not text:
            return 0
        f = self._fonts
        static, used = f.text.get(font, text, width)
        painter.setFont(f.text.fonts[font])
        painter.setPen(colour)
        y = line_top + (f.line - f.heights[font]) / 2
        painter.drawStaticText(QPointF(x + width - used if right else x, y), static)
        return used

    def _bubble(self, painter: QPainter, x: int, line_top: int, colour: QColor) -> int:
        """A small speech-bubble outline before the message count; returns its advance."""
        f = self._fonts
        size = f.heights[SMALL] * 0.62
        top = line_top + (f.line - size) / 2
        path = QPainterPath()
        path.addRoundedRect(QRectF(x + 0.5, top, size * 1.25, size * 0.9), 2.5, 2.5)
        path.moveTo(x + size * 0.35, top + size * 0.9)
        path.lineTo(x + size * 0.3, top + size * 1.2)
        path.lineTo(x + size * 0.7, top + size * 0.9)
        pen = QPen(colour, 1.1)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        return round(size * 1.25 + f.char * 0.7)

    def _chip(
        self, painter: QPainter, x: int, line_top: int, text: str, bg: QColor, fg: QColor
    ) -> int:
        f = self._fonts
        static, text_width = f.text.get(CHIP, text, 10_000)
        width = text_width + round(f.char * 1.2)
        height = f.heights[CHIP] + 2
        rect = QRectF(x, line_top + (f.line - height) / 2 + 0.5, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bg)
        painter.drawRoundedRect(rect, 4, 4)
        painter.setFont(f.text.fonts[CHIP])
        painter.setPen(fg)
        painter.drawStaticText(
            QPointF(rect.left() + (width - text_width) / 2, rect.top() + 1), static
        )
        return width

    def _badge(self, painter: QPainter, right: int, line_top: int, count: int) -> int:
        f, theme = self._fonts, self._theme
        text = labels.badge_text(count)
        static, text_width = f.text.get(CHIP, text, 10_000)
        height = f.heights[CHIP] + 4
        width = max(height, text_width + round(f.char * 1.1))
        rect = QRectF(right - width, line_top + (f.line - height) / 2 + 0.5, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.unread_badge)
        painter.drawRoundedRect(rect, height / 2, height / 2)
        painter.setFont(f.text.fonts[CHIP])
        painter.setPen(theme.unread_badge_text)
        painter.drawStaticText(
            QPointF(rect.left() + (width - text_width) / 2, rect.top() + 2), static
        )
        return width
