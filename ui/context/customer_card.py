"""The card at the top of the context panel: the customer's avatar, name, company and
e-mail (with a copy button)."""

from __future__ import annotations

from PySide6 import QtCore
from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QWidget,
)

from desk.client.customer_context import CustomerContext
from ui.context.glyphs import check_glyph, copy_glyph, glyph_icon
from ui.theme import Theme
from ui.widgets.eliding_label import ElidingLabel

translate = QtCore.QCoreApplication.translate  # lupdate reads the literals at the call sites


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
        text = translate("ContextPanel", "%n ticket(s)", None, total)
        if open_count:
            text += " · " + translate("ContextPanel", "%n open", None, open_count)
        self.summary_label.setText(text)

    def copy_email(self) -> None:
        if not self._email:
            return
        QGuiApplication.clipboard().setText(self._email)
        self.copy_button.setIcon(self._check_icon)
        self._restore.start()
        self.emailCopied.emit(self._email)
