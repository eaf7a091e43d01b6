"""Pieces of the ticket header: the two-line title, chips, quiet combos and wording."""

from __future__ import annotations

import enum

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QEvent,
    QLocale,
    QObject,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QGuiApplication,
    QIcon,
    QPainter,
    QPixmap,
    QResizeEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from desk.domain import Category, Priority, Status, Ticket, WaitingOn
from ui.theme import Theme
from ui.widgets.text import plain_tooltip

_CONTEXT = "TicketHeader"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for lupdate (which looks for this name); PySide's returns ``object``."""
    return text


def _tr(text: str) -> str:
    """For texts marked with QT_TRANSLATE_NOOP; literals go straight to translate(), where
    lupdate can read them."""
    return QCoreApplication.translate(_CONTEXT, text)


_PRIORITY_TEXT = {
    Priority.CRITICAL: QT_TRANSLATE_NOOP("TicketHeader", "Critical"),
    Priority.HIGH: QT_TRANSLATE_NOOP("TicketHeader", "High"),
    Priority.NORMAL: QT_TRANSLATE_NOOP("TicketHeader", "Normal"),
    Priority.LOW: QT_TRANSLATE_NOOP("TicketHeader", "Low"),
}
_CATEGORY_TEXT = {
    Category.CRITICAL: QT_TRANSLATE_NOOP("TicketHeader", "Critical issue"),
    Category.CONFIGURATION: QT_TRANSLATE_NOOP("TicketHeader", "Configuration"),
    Category.FEATURE_REQUEST: QT_TRANSLATE_NOOP("TicketHeader", "Feature request"),
    Category.OTHER: QT_TRANSLATE_NOOP("TicketHeader", "Other"),
}


def priority_text(priority: Priority) -> str:
    return _tr(_PRIORITY_TEXT[priority])


def category_text(category: Category) -> str:
    return _tr(_CATEGORY_TEXT[category])


def priority_colour(theme: Theme, priority: Priority) -> QColor:
    return {
        Priority.CRITICAL: theme.priority_critical,
        Priority.HIGH: theme.priority_high,
        Priority.NORMAL: theme.priority_normal,
        Priority.LOW: theme.priority_low,
    }[priority]


def status_text(ticket: Ticket) -> str:
    return (
        QCoreApplication.translate("TicketHeader", "Done")
        if ticket.status is Status.DONE
        else QCoreApplication.translate("TicketHeader", "On Customer")
    )


def owes_text(ticket: Ticket) -> str:
    """Who owes the next reply, in words; empty once the ticket is done."""
    if ticket.waiting_on is WaitingOn.TEAM:
        return QCoreApplication.translate("TicketHeader", "The team owes a reply")
    if ticket.waiting_on is WaitingOn.CUSTOMER:
        return QCoreApplication.translate("TicketHeader", "Waiting for the customer")
    return ""


class DeadlineState(enum.StrEnum):
    OK = "ok"
    WARNING = "warning"
    BREACHED = "breached"
    NONE = "none"


def caption(text: str, buddy: QWidget, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("fieldCaption")
    label.setBuddy(buddy)
    return label


def close_confirmation_box(parent: QWidget, ticket_id: int) -> tuple[QMessageBox, QPushButton]:
    """The "close for good?" question, not yet shown; Cancel is the default answer."""
    box = QMessageBox(parent)
    box.setObjectName("closeTicketConfirmation")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(
        QCoreApplication.translate("TicketHeader", "Close ticket #{0}").format(ticket_id)
    )
    box.setText(QCoreApplication.translate("TicketHeader", "Close ticket #{0}?").format(ticket_id))
    box.setInformativeText(
        QCoreApplication.translate(
            "TicketHeader",
            "Closing is final: the ticket cannot be reopened, and no one can reply to it. "
            "If the customer needs more help, they will have to open a new ticket.",
        )
    )
    confirm = box.addButton(
        QCoreApplication.translate("TicketHeader", "Close ticket"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    confirm.setObjectName("confirmCloseButton")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)  # a stray Enter must not close a ticket for good
    box.setEscapeButton(cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box, confirm


def header_style(t: Theme) -> str:
    return f"""
    QWidget#ticketHeader {{ background: {t.base.name()};
        border-bottom: 1px solid {t.border.name()}; }}
    QLabel {{ color: {t.text.name()}; }}
    QLabel#ticketId, QLabel#customerCompany, QLabel#customerEmail, QLabel#fieldCaption,
    QLabel#busyLabel, QLabel#emptyHint, QLabel#owesReply {{ color: {t.muted_text.name()}; }}
    QLabel#customerName {{ font-weight: 600; }}
    QLabel#emptyTitle {{ color: {t.muted_text.name()}; font-weight: 600; }}
    QLabel#doneBanner {{ background: {t.banner_background.name()};
        color: {t.banner_text.name()}; border-radius: 5px; padding: 4px 10px;
        font-weight: 600; }}
    QPushButton#closeTicketButton {{ color: {t.sla_breached.name()}; }}
    QPushButton#closeTicketButton:disabled {{ color: {t.muted_text.name()}; }}
    """


def closed_text(ticket: Ticket) -> str:
    """When the ticket was closed, in local time; empty if it is open."""
    if ticket.closed_at is None:
        return ""
    local = ticket.closed_at.astimezone()
    day = QLocale().toString(QDate(local.year, local.month, local.day), "d MMMM yyyy")
    return QCoreApplication.translate("TicketHeader", "Closed {0}, {1}").format(
        day, f"{local:%H:%M}"
    )


def dot_icon(colour: QColor, diameter: int = 10) -> QIcon:
    ratio = 2.0  # crisp on high-DPI screens too
    app = QGuiApplication.instance()
    if isinstance(app, QGuiApplication):
        ratio = max(app.devicePixelRatio(), 1.0)
    size = round(diameter * ratio)
    pixmap = QPixmap(size, size)
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(1, 1, diameter - 2, diameter - 2)
    painter.end()
    return QIcon(pixmap)


class ElidingLabel(QLabel):
    """Selectable plain text wrapped to at most ``max_lines`` lines, the last one elided.

    Qt's labels either wrap or elide, not both, so the lines are laid out here with
    QTextLayout at the current width and the remainder of the last line is elided.
    A one-line label asks for its full width and gives way when space is short; a
    multi-line one (the title) takes whatever width the layout has.
    """

    def __init__(
        self,
        max_lines: int = 1,
        copy_label: str = "",
        parent: QWidget | None = None,
        *,
        min_width: int = 40,  # how far a one-line label may shrink
    ) -> None:
        super().__init__(parent)
        self._full = ""
        self._min_width = min_width
        self._max_lines = max_lines
        self._copy_label = copy_label
        self._elided = False
        self.setTextFormat(Qt.TextFormat.PlainText)  # this text comes from customers
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if max_lines > 1:
            self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        else:
            self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def full_text(self) -> str:
        return self._full

    def is_elided(self) -> bool:
        return self._elided

    def set_full_text(self, text: str) -> None:
        self._full = " ".join(text.split())  # no newlines or tab runs in a heading
        self.setToolTip(plain_tooltip(self._full) or "")
        self.updateGeometry()
        self._relayout()

    def minimumSizeHint(self) -> QSize:
        width = 80 if self._max_lines > 1 else min(self._text_width(), self._min_width)
        return QSize(width, self.fontMetrics().height())

    def sizeHint(self) -> QSize:
        if self._max_lines > 1:
            return QSize(320, super().sizeHint().height())
        return QSize(self._text_width(), super().sizeHint().height())

    def _text_width(self) -> int:
        margins = self.contentsMargins()
        return (
            self.fontMetrics().horizontalAdvance(self._full) + margins.left() + margins.right() + 2
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._relayout()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._relayout()

    def _relayout(self) -> None:
        width = self.contentsRect().width()
        text = self._full
        if width <= 0 or not text:
            self.setText(text)
            self._elided = False
            return
        layout = QTextLayout(text, self.font())
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        starts: list[tuple[int, int]] = []
        layout.beginLayout()
        while len(starts) < self._max_lines:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            starts.append((line.textStart(), line.textLength()))
        layout.endLayout()
        lines = [text[s : s + n].rstrip() for s, n in starts[:-1]]
        rest = text[starts[-1][0] :] if starts else text
        metrics = self.fontMetrics()
        last = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)
        self._elided = last != rest
        self.setText("\n".join([*lines, last]))

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        # The shown text may be cut short, so copying offers the whole title.
        menu = QMenu(self)
        copy = menu.addAction(
            self._copy_label or QCoreApplication.translate("TicketHeader", "Copy")
        )
        copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(self._full))
        if self.hasSelectedText():
            selected = self.selectedText()
            part = menu.addAction(QCoreApplication.translate("TicketHeader", "Copy selection"))
            part.triggered.connect(lambda: QGuiApplication.clipboard().setText(selected))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())  # popup, not exec: no nested event loop


class Chip(QLabel):
    """A small rounded label (URGENT, status)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_colours(
        self, background: QColor, foreground: QColor, *, border: QColor | None = None
    ) -> None:
        edge = f"1px solid {border.name()}" if border is not None else "none"
        self.setStyleSheet(
            f"QLabel {{ background: {background.name()}; color: {foreground.name()};"
            f" border: {edge}; border-radius: 4px; padding: 1px 7px; font-weight: 700; }}"
        )


class QuietCombo(QComboBox):
    """A combo box the mouse wheel cannot change unless it has focus.

    Scrolling the conversation past the header must not change a ticket's priority.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.Wheel and not self.hasFocus():
            event.ignore()
            return True
        return super().eventFilter(watched, event)

    def select_data(self, value: object) -> bool:
        """Makes the item holding ``value`` current; False when there is none."""
        for i in range(self.count()):
            if self.itemData(i) == value:
                self.setCurrentIndex(i)
                return True
        return False
