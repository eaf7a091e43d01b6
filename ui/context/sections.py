"""The frame of the customer context panel: the customer card, folding sections, style."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QIcon,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desk.client.customer_context import CustomerContext
from ui.context.rows import PAD, mix, small_font, translate
from ui.formatting import english_plural
from ui.theme import Theme
from ui.widgets.eliding_label import ElidingLabel


class SectionHeader(QAbstractButton):
    """``▾ OTHER TICKETS            5``: click folds the section away."""

    def __init__(self, title: str, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self.setText(title)
        self.setCheckable(True)
        self.setChecked(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.count_text = ""

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def set_count(self, text: str) -> None:
        self.count_text = text
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(200, self.fontMetrics().height() + 14)

    def paintEvent(self, event: QPaintEvent) -> None:
        t = self._theme
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect())
        c = QPointF(PAD + 4, rect.center().y())
        p.setPen(QPen(t.muted_text, 1.5))
        if self.isChecked():  # open: a chevron pointing down
            p.drawPolyline([c + QPointF(-3.5, -1.5), c + QPointF(0, 2), c + QPointF(3.5, -1.5)])
        else:
            p.drawPolyline([c + QPointF(-1.5, -3.5), c + QPointF(2, 0), c + QPointF(-1.5, 3.5)])
        font = small_font(self.font(), 0.82, bold=True)
        font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
        font.setCapitalization(QFont.Capitalization.AllUppercase)
        p.setFont(font)
        p.setPen(t.text if self.hasFocus() else t.muted_text)
        text_rect = rect.adjusted(PAD + 16, 0, -PAD, 0)
        align = Qt.AlignmentFlag.AlignVCenter
        p.drawText(text_rect, align | Qt.AlignmentFlag.AlignLeft, self.text())
        if self.count_text:
            p.setFont(small_font(self.font(), 0.85))
            p.drawText(text_rect, align | Qt.AlignmentFlag.AlignRight, self.count_text)
        p.end()


class Avatar(QWidget):
    """A round badge with the customer's initials, its colour steady per customer."""

    HUES = (214, 262, 330, 14, 32, 160, 190, 120)

    def __init__(self, parent: QWidget | None = None, diameter: int = 40) -> None:
        super().__init__(parent)
        self.setFixedSize(diameter, diameter)
        self.initials = ""
        self._hue = 214
        self._dark = False

    def set_person(self, name: str, key: int) -> None:
        words = [w for w in name.split() if w[:1].isalnum()]
        self.initials = "".join(w[0] for w in words[:2]).upper() or "?"
        self._hue = self.HUES[key % len(self.HUES)]
        self.update()

    def set_dark(self, dark: bool) -> None:
        self._dark = dark
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fill = QColor.fromHsl(self._hue, 150, 105 if self._dark else 120)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(fill)
        p.drawEllipse(QRectF(self.rect()))
        font = QFont(self.font())
        font.setBold(True)
        font.setPixelSize(round(self.height() * 0.38))
        p.setFont(font)
        p.setPen(QColor("#ffffff"))
        p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.initials)
        p.end()


class Section(QWidget):
    """A header that folds its body away, with a quiet line when there is nothing."""

    def __init__(self, key: str, title: str, empty: str, theme: Theme, parent: QWidget) -> None:
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"{key}Section")
        self.header = SectionHeader(title, theme, self)
        self.header.setObjectName(f"{key}Header")
        self.body = QWidget(self)
        self.rows = QVBoxLayout(self.body)
        self.rows.setContentsMargins(0, 0, 0, 10)
        self.rows.setSpacing(1)
        self.empty = QLabel(empty, self.body)
        self.empty.setObjectName("sectionEmpty")
        self.empty.setIndent(24)
        self.rows.addWidget(self.empty)
        # Long threads can hold a hundred links: the first few show until asked.
        self.show_all = False
        self.show_all_button = QToolButton(self.body)
        self.show_all_button.setObjectName("showAll")
        self.show_all_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.show_all_button.hide()
        self.rows.addWidget(self.show_all_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.body)
        self.header.toggled.connect(self.body.setVisible)

    def is_collapsed(self) -> bool:
        return not self.header.isChecked()

    def set_collapsed(self, collapsed: bool) -> None:
        self.header.setChecked(not collapsed)

    def offer_all(self, hidden: int, total: int) -> None:
        self.show_all_button.setText(
            translate("ContextPanel", "Show all %1").replace("%1", str(total))
        )
        self.show_all_button.setVisible(hidden > 0)


class CustomerCard(QWidget):
    """Initials, name, company, email with a copy button, and how many tickets they have."""

    emailCopied = Signal(str)

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("customerCard")
        self._theme = theme
        self._email = ""
        self.avatar = Avatar(self)
        self.name_label = ElidingLabel(2, translate("ContextPanel", "Copy name"), self)
        self.name_label.setObjectName("customerName")
        self.company_label = ElidingLabel(parent=self)
        self.company_label.setObjectName("customerCompany")
        self.email_label = ElidingLabel(parent=self)
        self.email_label.setObjectName("customerEmail")
        self.copy_button = QToolButton(self)
        self.copy_button.setObjectName("copyEmail")
        self.copy_button.setToolTip(translate("ContextPanel", "Copy email"))
        self.copy_button.setAccessibleName(translate("ContextPanel", "Copy email"))
        self.copy_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.copy_button.setIconSize(QSize(14, 14))
        self.copy_button.clicked.connect(self.copy_email)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("customerSummary")
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.12)
        self.name_label.setFont(font)
        # Put the icon back a moment after a copy; a child timer dies with the card.
        self._restore = QTimer(self)
        self._restore.setSingleShot(True)
        self._restore.setInterval(1500)
        self._restore.timeout.connect(lambda: self.copy_button.setIcon(self._copy_icon))

        grid = QGridLayout(self)
        grid.setContentsMargins(8, 0, 8, 10)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(1)
        grid.addWidget(self.avatar, 0, 0, 3, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.name_label, 0, 1)
        grid.addWidget(self.company_label, 1, 1)
        email = QHBoxLayout()
        email.setSpacing(2)
        email.addWidget(self.email_label, 0)
        email.addWidget(self.copy_button, 0)
        email.addStretch(1)
        grid.addLayout(email, 2, 1)
        grid.addWidget(self.summary_label, 3, 1)
        grid.setColumnStretch(1, 1)
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        self._theme = t = theme
        self._copy_icon = glyph_icon(lambda p, r: copy_glyph(p, r, t.muted_text, t.base))
        self._check_icon = glyph_icon(lambda p, r: check_glyph(p, r, t.sla_ok))
        self.copy_button.setIcon(self._copy_icon)
        self.avatar.set_dark(t.dark)

    def show_context(self, ctx: CustomerContext) -> None:
        c = ctx.customer
        self._email = c.email
        self.avatar.set_person(c.name, c.id)
        self.name_label.set_full_text(c.name)
        self.company_label.set_full_text(c.company or "")
        self.company_label.setVisible(bool(c.company))
        self.email_label.set_full_text(c.email)
        total = ctx.tickets.total + 1  # with the open one
        open_count = ctx.tickets.open_count + (0 if ctx.ticket.is_done else 1)
        text = english_plural(translate("ContextPanel", "%n ticket(s)", None, total), total)
        if open_count:
            opened = translate("ContextPanel", "%n open", None, open_count)
            text += " · " + english_plural(opened, open_count)
        self.summary_label.setText(text)

    def copy_email(self) -> None:
        if not self._email:
            return
        QGuiApplication.clipboard().setText(self._email)
        self.copy_button.setIcon(self._check_icon)
        self._restore.start()
        self.emailCopied.emit(self._email)


def check_glyph(p: QPainter, box: QRectF, ink: QColor) -> None:
    p.setPen(QPen(ink, 1.8))
    c = box.center()
    p.drawPolyline([c + QPointF(-4.5, 0), c + QPointF(-1.5, 3.5), c + QPointF(5, -4)])


def glyph_icon(draw: Callable[[QPainter, QRectF], None], edge: int = 16) -> QIcon:
    ratio = 2.0  # drawn at 2x so it stays crisp on high-DPI screens
    pixmap = QPixmap(round(edge * ratio), round(edge * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    draw(p, QRectF(1, 1, edge - 2, edge - 2))
    p.end()
    return QIcon(pixmap)


def copy_glyph(p: QPainter, box: QRectF, ink: QColor, paper: QColor) -> None:
    """Two overlapping pages: "copy"."""
    p.setPen(QPen(ink, 1.3))
    p.setBrush(Qt.BrushStyle.NoBrush)
    w, h = box.width() * 0.62, box.height() * 0.7
    p.drawRoundedRect(QRectF(box.left() + 0.5, box.top() + 0.5, w, h), 1.8, 1.8)
    p.setBrush(paper)
    p.drawRoundedRect(QRectF(box.right() - w - 0.5, box.bottom() - h - 0.5, w, h), 1.8, 1.8)


def panel_style(t: Theme) -> str:
    return f"""
    QWidget#contextPanel {{ background: {t.base.name()};
        border-left: 1px solid {t.border.name()}; }}
    QWidget#contextPanel QScrollArea, QWidget#contextContent {{ background: transparent;
        border: none; }}
    QWidget#contextPanel QLabel {{ color: {t.text.name()}; background: transparent; }}
    QLabel#customerName {{ font-weight: 700; }}
    QLabel#customerCompany, QLabel#customerSummary, QLabel#sectionEmpty,
    QLabel#moreTickets, QLabel#emptyHint {{ color: {t.muted_text.name()}; }}
    QLabel#customerEmail {{ color: {t.text.name()}; }}
    QLabel#emptyTitle {{ color: {t.muted_text.name()}; font-weight: 600; }}
    QFrame#sectionRule {{ background: {t.border.name()}; border: none; max-height: 1px;
        min-height: 1px; }}
    QWidget#contextPanel QScrollBar:vertical {{ width: 8px; background: transparent;
        margin: 2px 0; }}
    QWidget#contextPanel QScrollBar::handle:vertical {{ background: {t.border.name()};
        border-radius: 4px; min-height: 24px; }}
    QWidget#contextPanel QScrollBar::add-line, QWidget#contextPanel QScrollBar::sub-line,
    QWidget#contextPanel QScrollBar::add-page, QWidget#contextPanel QScrollBar::sub-page
        {{ height: 0; background: none; }}
    QToolButton#showAll {{ border: none; color: {t.link.name()}; padding: 4px 0 0 19px;
        background: transparent; }}
    QToolButton#showAll:hover {{ text-decoration: underline; }}
    QToolButton#copyEmail {{ border: none; border-radius: 4px; padding: 2px; }}
    QToolButton#copyEmail:hover {{ background: {mix(t.base, t.selection, 0.6).name()}; }}
    """
