"""Who else is on a ticket: initials chips for the ticket pane and a badge for queue rows.

``PresenceStrip`` is a slim row under the ticket header — "(АК) Анна К. typing…
(B) Boris viewing" — that hides itself while nobody else is there. The queue delegate
calls ``paint_presence_badge`` to draw the same people as small stacked initials.
Both read :class:`desk.client.presence.PresenceMark` lists and nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from desk.client.presence import PresenceMark
from desk.domain import User
from ui.theme import LIGHT, Theme
from ui.widgets.text import plain_tooltip
from ui.wording import short_name

MAX_CHIPS = 4  # the strip shows this many people, then "+N"
MAX_BADGE = 3  # queue rows stack this many initials, then "+N"

# Avatar fills, picked by agent id so a colleague keeps one colour everywhere.
_LIGHT_FILLS = ("#2f6fec", "#7a5af8", "#0e9384", "#c11574", "#b54708", "#3e4784", "#067647")
_DARK_FILLS = ("#3d6fd1", "#6e54d6", "#138a7c", "#b3186d", "#a9580f", "#4b5899", "#12805a")


translate = QCoreApplication.translate  # lupdate reads literals in translate() calls


def initials(name: str) -> str:
    """ "Анна Котова" -> "АК", "Boris" -> "B"."""
    return "".join(part[0] for part in name.split()[:2]).upper() or "?"


def avatar_colour(agent: User, theme: Theme) -> QColor:
    fills = _DARK_FILLS if theme.dark else _LIGHT_FILLS
    return QColor(fills[agent.id % len(fills)])


def mark_text(mark: PresenceMark) -> str:
    """ "Boris viewing" / "Анна К. typing…"."""
    template = (
        translate("Presence", "{0} typing…")
        if mark.is_typing
        else translate("Presence", "{0} viewing")
    )
    return template.format(short_name(mark.agent.name))


def presence_summary(marks: Sequence[PresenceMark]) -> str:
    """One line for tooltips and screen readers: "Анна К. typing…, Boris viewing"."""
    return ", ".join(mark_text(m) for m in marks)


def _draw_avatar(
    painter: QPainter,
    circle: QRectF,
    mark: PresenceMark,
    theme: Theme,
    font: QFont,
    ring: QColor,
) -> None:
    painter.setPen(QPen(ring, max(1.5, circle.width() * 0.09)))
    painter.setBrush(avatar_colour(mark.agent, theme))
    painter.drawEllipse(circle)
    if mark.is_typing:  # a small accent dot: "typing" reads even at queue-row size
        dot = circle.width() * 0.36
        painter.setPen(QPen(ring, 1.2))
        painter.setBrush(theme.sla_ok)
        painter.drawEllipse(
            QRectF(circle.right() - dot * 0.8, circle.bottom() - dot * 0.8, dot, dot)
        )
    text = initials(mark.agent.name)
    letters = QFont(font)
    letters.setWeight(QFont.Weight.Bold)
    letters.setPixelSize(max(6, round(circle.height() * (0.4 if len(text) > 1 else 0.5))))
    painter.setFont(letters)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, text)


def paint_presence_badge(
    painter: QPainter,
    right: float,
    centre_y: float,
    size: float,
    marks: Sequence[PresenceMark],
    theme: Theme,
    font: QFont,
    background: QColor,
) -> int:
    """Stacked initials ending at ``right``; returns the width used (0 if no marks).

    ``font`` sets the family (initials are sized to the circles) and the "+N" text;
    ``background`` is the fill behind, used as a ring that separates the circles.
    """
    if not marks:
        return 0
    shown = list(marks[:MAX_BADGE])
    extra = len(marks) - len(shown)
    step = size * 0.8  # a slight overlap: stacked, yet every pair of initials readable
    width = size + step * (len(shown) - 1)
    more = f"+{extra}" if extra else ""
    more_width = QFontMetrics(font).horizontalAdvance(more) + 3 if more else 0
    left = right - width - more_width
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    # Drawn right to left so the first (typing first) sits on top.
    for i in reversed(range(len(shown))):
        circle = QRectF(left + i * step, centre_y - size / 2, size, size)
        _draw_avatar(painter, circle, shown[i], theme, font, background)
    if more:
        painter.setFont(font)
        painter.setPen(theme.muted_text)
        painter.drawText(QPointF(right - more_width + 3, centre_y + size * 0.3), more)
    painter.restore()
    return round(width + more_width)


class PresenceChip(QWidget):
    """One colleague: an initials avatar and "Boris viewing" (accent text when typing)."""

    def __init__(self, mark: PresenceMark, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presenceChip")
        self.mark = mark
        self._theme = theme
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setToolTip(plain_tooltip(f"{mark.agent.name} · {mark.agent.email}") or "")
        self.setAccessibleName(mark_text(mark))

    def text(self) -> str:
        return mark_text(self.mark)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def _small_font(self) -> QFont:
        small = QFont(self.font())
        small.setPointSizeF(self.font().pointSizeF() * 0.92)
        return small

    def sizeHint(self) -> QSize:
        fm = QFontMetrics(self._small_font())
        height = fm.height() + 12
        return QSize(height + 6 + fm.horizontalAdvance(self.text()) + 12, height)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, _event: QPaintEvent) -> None:
        t = self._theme
        small = self._small_font()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        typing = self.mark.is_typing
        painter.setPen(QPen(t.accent if typing else t.border, 1.0))
        painter.setBrush(t.selection if typing else t.alternate_base)
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        size = rect.height() - 4
        circle = QRectF(rect.left() + 2, rect.top() + 2, size, size)
        _draw_avatar(painter, circle, self.mark, t, small, t.selection if typing else t.base)
        painter.setFont(small)
        painter.setPen(t.selection_text if typing else t.muted_text)
        text_rect = QRectF(
            circle.right() + 6, rect.top(), rect.right() - circle.right() - 6, rect.height()
        )
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, self.text()
        )
        painter.end()


class PresenceStrip(QWidget):
    """The people on the open ticket; hidden while there is nobody."""

    def __init__(self, theme: Theme = LIGHT, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presenceStrip")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._theme = theme
        self._marks: list[PresenceMark] = []
        self._chips: list[PresenceChip] = []
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(16, 5, 16, 5)
        self._layout.setSpacing(6)
        self._more = QLabel(self)
        self._more.setObjectName("presenceMore")
        self._layout.addWidget(self._more)
        self._layout.addStretch(1)
        self.set_theme(theme)
        self.setVisible(False)

    def marks(self) -> list[PresenceMark]:
        return list(self._marks)

    def chips(self) -> list[PresenceChip]:
        return list(self._chips)

    def text(self) -> str:
        return presence_summary(self._marks)

    def set_marks(self, marks: Sequence[PresenceMark]) -> None:
        marks = list(marks)
        self.setVisible(bool(marks))
        if marks == self._marks:
            return
        self._marks = marks
        for chip in self._chips:
            chip.deleteLater()
        self._chips = [PresenceChip(m, self._theme, self) for m in marks[:MAX_CHIPS]]
        for i, chip in enumerate(self._chips):
            self._layout.insertWidget(i, chip)
            chip.show()  # a layout only queues showing children added to a visible parent
        extra = len(marks) - len(self._chips)
        self._more.setText(translate("Presence", "+{0} more").format(extra) if extra else "")
        self._more.setToolTip(plain_tooltip(presence_summary(marks[MAX_CHIPS:])) or "")
        self._more.setVisible(extra > 0)
        self.setToolTip(plain_tooltip(presence_summary(marks)) or "")
        self.setAccessibleName(presence_summary(marks))

    def set_theme(self, theme: Theme) -> None:
        self._theme = t = theme
        self.setStyleSheet(
            f"QWidget#presenceStrip {{ background: {t.base.name()}; }}"
            f" QLabel#presenceMore {{ color: {t.muted_text.name()}; }}"
        )
        for chip in self._chips:
            chip.set_theme(theme)
