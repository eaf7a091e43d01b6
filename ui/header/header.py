"""The header above a conversation: what the ticket is, who it is from, and its controls.

It shows a :class:`~desk.domain.Ticket` and turns what staff do into signals; it never
changes the ticket itself. The window runs the change and calls ``set_ticket`` with
what the store then holds (``revert_edits`` puts the controls back if it failed).
Closing is final, so it is confirmed first in a dialog opened with ``open()``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from desk.client.deadlines import DeadlineState
from desk.domain import Category, Priority, Ticket, User
from ui.header.close_confirmation import close_confirmation_box
from ui.theme import Theme, ThemeMode, resolve
from ui.widgets.chip import Chip
from ui.widgets.eliding_label import ElidingLabel
from ui.widgets.flow_layout import FlowLayout
from ui.widgets.painting import dot_icon
from ui.widgets.quiet_combo import QuietCombo
from ui.wording import category_text, owes_sentence, priority_text, status_text, unassigned_text

__all__ = ["TicketHeader"]


def caption(text: str, buddy: QWidget, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("fieldCaption")
    label.setBuddy(buddy)
    return label


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


class TicketHeader(QWidget):
    # A dict of only the changed field: {"priority": Priority.HIGH}. Declared as object:
    # Signal(dict) would turn it into a QVariantMap and the enums into plain strings.
    fieldsEdited = Signal(object)
    assigneeChosen = Signal(object)  # an agent id, or None for "Unassigned"
    assignToMeRequested = Signal()
    closeConfirmed = Signal(int)  # the ticket id

    def __init__(self, theme: Theme | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketHeader")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._theme = theme if theme is not None else resolve(ThemeMode.SYSTEM)
        self._ticket: Ticket | None = None
        self._agents: list[User] = []
        self._me: User | None = None
        self._busy = False
        self._deadline_state = DeadlineState.NONE
        self._confirm: QMessageBox | None = None
        self._confirm_button: QAbstractButton | None = None
        self._confirm_ticket = 0

        self._stack = QStackedLayout(self)
        self._stack.addWidget(self._build_empty())
        self._stack.addWidget(self._build_content())
        self.set_theme(self._theme)
        self.set_ticket(None)

    # --- building -----------------------------------------------------------------

    def _build_empty(self) -> QWidget:
        page = QWidget(self)
        self.empty_label = QLabel(self.tr("No ticket selected"), page)
        self.empty_label.setObjectName("emptyTitle")
        hint = QLabel(self.tr("Choose a ticket in the queue to see it here."), page)
        hint.setObjectName("emptyHint")
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        for label in (self.empty_label, hint):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addStretch(1)
        return page

    def _build_content(self) -> QWidget:
        page = QWidget(self)
        self.title_label = ElidingLabel(2, self.tr("Copy title"), page)
        self.title_label.setObjectName("ticketTitle")
        font = QFont(self.title_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title_label.setFont(font)

        self.busy_label = QLabel(self.tr("Saving…"), page)
        self.busy_label.setObjectName("busyLabel")
        self.busy_label.hide()
        self.assign_button = QPushButton(self.tr("Assign to me"), page)
        self.assign_button.setObjectName("assignToMeButton")
        self.assign_button.clicked.connect(self.assignToMeRequested)
        self.close_button = QPushButton(self.tr("Close ticket…"), page)
        self.close_button.setObjectName("closeTicketButton")
        self.close_button.setToolTip(self.tr("Close the ticket for good (Ctrl+Shift+D)"))
        self.close_button.clicked.connect(self.request_close)
        self.done_banner = QLabel(self.tr("This ticket is closed and cannot be reopened."), page)
        self.done_banner.setObjectName("doneBanner")
        self.done_banner.hide()

        self.id_label = QLabel(page)
        self.id_label.setObjectName("ticketId")
        self.urgent_chip = Chip(self.tr("URGENT"), page)
        self.urgent_chip.setObjectName("urgentChip")
        self.id_label.setTextFormat(Qt.TextFormat.PlainText)
        self.id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Customer details give way (elided, full text in the tooltip) on a narrow pane.
        self.customer_label = ElidingLabel(parent=page, min_width=110)
        self.customer_label.setObjectName("customerName")
        self.company_label = ElidingLabel(parent=page)
        self.company_label.setObjectName("customerCompany")
        self.email_label = ElidingLabel(parent=page)
        self.email_label.setObjectName("customerEmail")
        self.deadline_label = QLabel(page)
        self.deadline_label.setObjectName("deadline")
        self.deadline_label.setTextFormat(Qt.TextFormat.PlainText)

        self.status_chip = Chip(parent=page)
        self.status_chip.setObjectName("statusChip")
        self.owes_label = ElidingLabel(parent=page)
        self.owes_label.setObjectName("owesReply")
        self.priority_combo = QuietCombo(page)
        self.priority_combo.setObjectName("priorityCombo")
        self.priority_combo.setAccessibleName(self.tr("Priority"))
        self.category_combo = QuietCombo(page)
        self.category_combo.setObjectName("categoryCombo")
        self.category_combo.setAccessibleName(self.tr("Category"))
        self.assignee_combo = QuietCombo(page)
        self.assignee_combo.setObjectName("assigneeCombo")
        self.assignee_combo.setAccessibleName(self.tr("Assignee"))
        # Priority and category are as wide as their longest word in this language
        # (the fields wrap in a narrow pane); the assignee by a few characters.
        longest_priority = max(len(priority_text(p)) for p in Priority)
        longest_category = max(len(category_text(c)) for c in Category)
        for combo, chars in (
            (self.priority_combo, max(8, longest_priority)),
            (self.category_combo, max(10, longest_category)),
            (self.assignee_combo, 11),
        ):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(chars)
        for category in Category:
            self.category_combo.addItem(category_text(category), category)
        self.priority_combo.activated.connect(self._on_priority)
        self.category_combo.activated.connect(self._on_category)
        self.assignee_combo.activated.connect(self._on_assignee)

        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.title_label, 1, Qt.AlignmentFlag.AlignTop)
        for w in (self.busy_label, self.assign_button, self.close_button, self.done_banner):
            top.addWidget(w, 0, Qt.AlignmentFlag.AlignTop)

        # Who and where it stands on one line; what staff can change on the next.
        meta = QHBoxLayout()
        meta.setSpacing(8)
        for w in (self.id_label, self.urgent_chip, self.customer_label, self.company_label):
            meta.addWidget(w)
        meta.addWidget(self.email_label)
        meta.addStretch(1)
        meta.addSpacing(12)
        for w in (self.status_chip, self.owes_label, self.deadline_label):
            meta.addWidget(w)

        # The fields wrap onto a second line in a narrow pane (Russian captions run
        # longer), so the header never forces the queue narrower than its view tabs.
        fields = FlowLayout(spacing=6)
        for text, combo in (
            (self.tr("&Priority"), self.priority_combo),
            (self.tr("Ca&tegory"), self.category_combo),
            (self.tr("A&ssignee"), self.assignee_combo),
        ):
            field = QWidget(page)
            pair = QHBoxLayout(field)
            pair.setContentsMargins(0, 0, 12, 0)  # the gap to the next field
            pair.setSpacing(6)
            pair.addWidget(caption(text, combo, page))
            pair.addWidget(combo)
            fields.addWidget(field)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(16, 12, 16, 10)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(meta)
        layout.addLayout(fields)
        layout.addStretch(1)  # spare height goes below, not between the rows
        page.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        return page

    # --- public API ---------------------------------------------------------------

    def ticket(self) -> Ticket | None:
        return self._ticket

    def set_ticket(self, ticket: Ticket | None) -> None:
        """Shows ``ticket`` (None: the empty state). Never emits an edit signal."""
        previous = self._ticket
        self._ticket = ticket
        if self._confirm is not None and (
            ticket is None or ticket.id != self._confirm_ticket or ticket.is_done
        ):
            self._confirm.reject()  # the question no longer applies
        if ticket is None:
            self._stack.setCurrentIndex(0)
            return
        self._stack.setCurrentIndex(1)
        if previous is None or previous.id != ticket.id:
            self.set_deadline_text("", DeadlineState.NONE)
        self.title_label.set_full_text(ticket.title)
        self.id_label.setText(f"#{ticket.id}")
        self.urgent_chip.setVisible(ticket.urgent)
        customer = ticket.customer
        self.customer_label.set_full_text(customer.name)
        self.company_label.set_full_text(f"· {customer.company}" if customer.company else "")
        self.company_label.setVisible(bool(customer.company))
        self.email_label.set_full_text(f"· {customer.email}")
        self.status_chip.setText(status_text(ticket.status))
        self.owes_label.set_full_text(owes_sentence(ticket))
        self.owes_label.setVisible(bool(owes_sentence(ticket)))
        self.done_banner.setToolTip(closed_text(ticket))
        self._fill_assignees()
        self.revert_edits()
        self._apply_state()

    def set_agents(self, agents: Sequence[User]) -> None:
        self._agents = sorted(agents, key=lambda u: u.name.casefold())
        self._fill_assignees()

    def set_current_user(self, user: User) -> None:
        """Who is signed in: staff may edit; "Assign to me" and "(you)" use it."""
        self._me = user
        self._fill_assignees()
        self._apply_state()

    def set_busy(self, busy: bool) -> None:
        """While a change is in flight the controls wait, so it cannot be sent twice."""
        self._busy = busy
        self._apply_state()

    def is_busy(self) -> bool:
        return self._busy

    def is_editable(self) -> bool:
        ticket, me = self._ticket, self._me
        return ticket is not None and not ticket.is_done and me is not None and me.role.is_staff

    def set_deadline_text(self, text: str, state: DeadlineState) -> None:
        """The response deadline as the window words it; state ok|warning|breached|none."""
        self._deadline_state = state
        self.deadline_label.setText(text)
        self.deadline_label.setVisible(
            bool(text) and self._deadline_state is not DeadlineState.NONE
        )
        self._style_deadline()

    def revert_edits(self) -> None:
        """Puts the combos back to the ticket's values (say, after a failed change)."""
        ticket = self._ticket
        if ticket is None:
            return
        with QSignalBlocker(self.priority_combo), QSignalBlocker(self.category_combo):
            self.priority_combo.select_data(ticket.priority)
            self.category_combo.select_data(ticket.category)
        with QSignalBlocker(self.assignee_combo):
            self.assignee_combo.select_data(ticket.assignee.id if ticket.assignee else None)

    def request_close(self) -> None:
        """Asks whether to close the ticket; emits ``closeConfirmed`` on yes."""
        ticket = self._ticket
        if ticket is None or not self.is_editable() or self._busy:
            return
        if self._confirm is not None:
            self._confirm.raise_()
            self._confirm.activateWindow()
            return
        box, confirm = close_confirmation_box(self, ticket.id)
        box.finished.connect(self._on_confirm_finished)
        self._confirm, self._confirm_button, self._confirm_ticket = box, confirm, ticket.id
        box.open()

    def close_confirmation(self) -> QMessageBox | None:
        """The open "close this ticket?" question, if any."""
        return self._confirm

    # --- reactions ----------------------------------------------------------------

    def _on_confirm_finished(self, _result: int) -> None:
        box, confirmed_id = self._confirm, self._confirm_ticket
        confirmed = box is not None and box.clickedButton() is self._confirm_button
        self._confirm, self._confirm_button, self._confirm_ticket = None, None, 0
        ticket = self._ticket
        # Only if the same, still open ticket is on show: set_ticket may have moved on.
        if confirmed and ticket is not None and ticket.id == confirmed_id and not ticket.is_done:
            self.closeConfirmed.emit(confirmed_id)

    def _on_priority(self, index: int) -> None:
        value = self.priority_combo.itemData(index)
        if self._ticket is not None and value != self._ticket.priority:
            self.fieldsEdited.emit({"priority": Priority(value)})

    def _on_category(self, index: int) -> None:
        value = self.category_combo.itemData(index)
        if self._ticket is not None and value != self._ticket.category:
            self.fieldsEdited.emit({"category": Category(value)})

    def _on_assignee(self, index: int) -> None:
        ticket = self._ticket
        if ticket is None:
            return
        chosen = self.assignee_combo.itemData(index)
        current = ticket.assignee.id if ticket.assignee else None
        if chosen != current:
            self.assigneeChosen.emit(chosen)

    # --- state and looks --------------------------------------------------------------

    def _fill_assignees(self) -> None:
        ticket = self._ticket
        people = list(self._agents)
        # Someone who is no longer in the agent list must still show as the assignee.
        if (
            ticket is not None
            and ticket.assignee
            and all(a.id != ticket.assignee.id for a in people)
        ):
            people.append(ticket.assignee)
        me = self._me.id if self._me is not None else None
        with QSignalBlocker(self.assignee_combo):
            self.assignee_combo.clear()
            self.assignee_combo.addItem(unassigned_text(), None)
            for person in people:
                name = self.tr("{0} (you)").format(person.name) if person.id == me else person.name
                self.assignee_combo.addItem(name, person.id)
                self.assignee_combo.setItemData(
                    self.assignee_combo.count() - 1, person.email, Qt.ItemDataRole.ToolTipRole
                )
        self.revert_edits()

    def _apply_state(self) -> None:
        ticket = self._ticket
        if ticket is None:
            return
        editable = self.is_editable()
        done = ticket.is_done
        active = editable and not self._busy
        for combo in (self.priority_combo, self.category_combo, self.assignee_combo):
            combo.setEnabled(active)
        self.close_button.setVisible(not done)
        self.close_button.setEnabled(active)
        mine = (
            self._me is not None
            and ticket.assignee is not None
            and ticket.assignee.id == self._me.id
        )
        self.assign_button.setVisible(editable and not mine)
        self.assign_button.setEnabled(active)
        self.busy_label.setVisible(self._busy and not done)
        self.done_banner.setVisible(done)
        self._style_status()

    def set_theme(self, theme: Theme) -> None:
        self._theme = t = theme
        self.setStyleSheet(header_style(t))
        self.urgent_chip.set_colours(t.urgent_chip, t.urgent_chip_text)
        with QSignalBlocker(self.priority_combo):
            self.priority_combo.clear()
            for priority in Priority:
                icon = dot_icon(t.priority_colour(priority))
                self.priority_combo.addItem(icon, priority_text(priority), priority)
        self.revert_edits()
        self._style_status()
        self._style_deadline()

    def _style_status(self) -> None:
        t = self._theme
        ticket = self._ticket
        if ticket is not None and ticket.is_done:
            self.status_chip.set_colours(t.alternate_base, t.muted_text, border=t.border)
        else:
            self.status_chip.set_colours(t.selection, t.selection_text)

    def _style_deadline(self) -> None:
        t = self._theme
        colour = t.deadline_colour(self._deadline_state)
        weight = 700 if self._deadline_state is DeadlineState.BREACHED else 500
        self.deadline_label.setStyleSheet(f"color: {colour.name()}; font-weight: {weight};")
