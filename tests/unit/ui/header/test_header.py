from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QGuiApplication, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from desk.client.deadlines import DeadlineState
from desk.domain import Category, Priority, Status, Ticket, WaitingOn
from tests.helpers.people import make_admin, make_agent, make_customer
from tests.helpers.tickets import make_ticket
from ui.header.header import TicketHeader
from ui.theme import DARK, LIGHT
from ui.widgets.text import plain_tooltip

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen show() noise

ME = make_agent("Olga Smirnova", id=7, email="olga@desk.ru")
IVAN = make_admin("Ivan Petrov", id=8, email="ivan@desk.ru")
ANNA = make_agent("Anna Kuznetsova", id=9, email="anna@desk.ru")
CUSTOMER = make_customer("Пётр Иванов", id=100, email="petr@romashka.ru", company="Ромашка")
LONG_TITLE = (
    "СРОЧНО: бот перестал отвечать в Telegram после обновления, клиенты жалуются уже "
    "третий час, нужна помощь с настройкой вебхука и перезапуском агента на сервере"
)


def header_ticket(ticket_id: int = 42, **changes: Any) -> Ticket:
    """Пётр's ticket, #42 unless told otherwise."""
    return make_ticket(ticket_id, **({"customer": CUSTOMER} | changes))


@pytest.fixture
def header(qtbot: QtBot) -> TicketHeader:
    widget = TicketHeader(theme=LIGHT)
    qtbot.addWidget(widget)
    widget.set_current_user(ME)
    widget.set_agents([IVAN, ME, ANNA])
    widget.set_ticket(header_ticket())
    widget.resize(900, 130)
    with qtbot.waitActive(widget):
        widget.show()
        widget.activateWindow()
    return widget


def combo_texts(combo: Any) -> list[str]:
    return [combo.itemText(i) for i in range(combo.count())]


# --- what it shows -------------------------------------------------------------------------


def test_shows_the_ticket(header: TicketHeader) -> None:
    header.set_ticket(
        header_ticket(
            title=LONG_TITLE, urgent=True, priority=Priority.HIGH, category=Category.OTHER
        )
    )
    assert header.title_label.full_text() == LONG_TITLE
    assert header.title_label.toolTip() == plain_tooltip(LONG_TITLE)
    assert header.id_label.text() == "#42"
    assert header.urgent_chip.isVisible()
    assert header.customer_label.full_text() == "Пётр Иванов"
    assert header.company_label.full_text() == "· Ромашка"
    assert header.email_label.full_text() == "· petr@romashka.ru"
    assert header.status_chip.text() == "On Customer"
    assert header.owes_label.full_text() == "The team owes a reply"
    assert header.priority_combo.currentData() == Priority.HIGH
    assert header.category_combo.currentData() == Category.OTHER
    assert header.assignee_combo.currentText() == "Unassigned"
    flags = header.title_label.textInteractionFlags()
    assert flags & Qt.TextInteractionFlag.TextSelectableByMouse


def test_not_urgent_no_company_waiting_on_customer(header: TicketHeader) -> None:
    customer = msgspec.structs.replace(CUSTOMER, company=None)
    header.set_ticket(header_ticket(customer=customer, waiting_on=WaitingOn.CUSTOMER))
    assert header.urgent_chip.isHidden()
    assert header.company_label.isHidden()
    assert header.owes_label.full_text() == "Waiting for the customer"


def test_long_title_wraps_to_two_lines_then_elides(header: TicketHeader, qtbot: QtBot) -> None:
    header.set_ticket(header_ticket(title=LONG_TITLE, urgent=True))
    qtbot.waitUntil(header.title_label.is_elided)
    shown = header.title_label.text()
    assert shown.count("\n") == 1
    assert shown.endswith("…")
    first, second = shown.split("\n")
    assert LONG_TITLE.startswith(first)
    assert second[:-1] in LONG_TITLE
    # A wide header needs no elision.
    header.resize(4000, 130)
    qtbot.waitUntil(lambda: not header.title_label.is_elided())
    assert header.title_label.text().replace("\n", " ") == LONG_TITLE


def test_titles_are_plain_text(header: TicketHeader) -> None:
    header.set_ticket(header_ticket(title="<b>bold</b> <img src=x>"))
    assert header.title_label.textFormat() == Qt.TextFormat.PlainText
    assert header.title_label.text() == "<b>bold</b> <img src=x>"


def test_assignees_with_you_and_an_unknown_assignee(header: TicketHeader) -> None:
    assert combo_texts(header.assignee_combo) == [
        "Unassigned",
        "Anna Kuznetsova",
        "Ivan Petrov",
        "Olga Smirnova (you)",
    ]
    gone = make_agent("Former Agent", id=55, email="f@desk.ru")
    header.set_ticket(header_ticket(assignee=gone))
    assert header.assignee_combo.currentText() == "Former Agent"
    assert header.assignee_combo.currentData() == 55


def test_empty_state(header: TicketHeader) -> None:
    header.set_ticket(None)
    assert header.ticket() is None
    assert header.empty_label.isVisible()
    assert not header.title_label.isVisible()
    header.set_ticket(header_ticket())
    assert header.title_label.isVisible()


def test_deadline_text_and_colour(header: TicketHeader) -> None:
    header.set_deadline_text("2 h 15 min left", DeadlineState.OK)
    assert header.deadline_label.isVisible()
    assert LIGHT.sla_ok.name() in header.deadline_label.styleSheet()
    header.set_deadline_text("Overdue 35 min", DeadlineState.BREACHED)
    assert header.deadline_label.text() == "Overdue 35 min"
    assert LIGHT.sla_breached.name() in header.deadline_label.styleSheet()
    header.set_theme(DARK)
    assert DARK.sla_breached.name() in header.deadline_label.styleSheet()
    header.set_deadline_text("", DeadlineState.NONE)
    assert header.deadline_label.isHidden()
    header.set_deadline_text("1 h left", DeadlineState.WARNING)
    header.set_ticket(header_ticket(43))  # another ticket: the old deadline must not linger
    assert header.deadline_label.isHidden()


# --- edits ----------------------------------------------------------------------------------


def test_set_ticket_never_emits(header: TicketHeader, qtbot: QtBot) -> None:
    signals = [header.fieldsEdited, header.assigneeChosen, header.closeConfirmed]
    with qtbot.assertNotEmitted(signals[0]), qtbot.assertNotEmitted(signals[1]):
        header.set_ticket(
            header_ticket(priority=Priority.LOW, category=Category.CONFIGURATION, assignee=IVAN)
        )
        header.set_agents([IVAN, ANNA])
        header.set_theme(DARK)
        header.set_ticket(header_ticket(77, priority=Priority.CRITICAL))
    assert header.priority_combo.currentData() == Priority.CRITICAL


def pick(qtbot: QtBot, combo: QWidget, key: Qt.Key = Qt.Key.Key_Down) -> None:
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    QTest.keyClick(combo, key)


def test_changing_priority_emits_only_the_priority(header: TicketHeader, qtbot: QtBot) -> None:
    with qtbot.waitSignal(header.fieldsEdited, timeout=1000) as blocker:
        pick(qtbot, header.priority_combo)  # Normal -> Low
    assert blocker.args == [{"priority": Priority.LOW}]
    assert type(blocker.args[0]["priority"]) is Priority


def test_changing_category_emits_only_the_category(header: TicketHeader, qtbot: QtBot) -> None:
    with qtbot.waitSignal(header.fieldsEdited, timeout=1000) as blocker:
        pick(qtbot, header.category_combo, Qt.Key.Key_Up)  # Other -> Feature request
    assert blocker.args == [{"category": Category.FEATURE_REQUEST}]
    assert type(blocker.args[0]["category"]) is Category


def test_choosing_the_current_value_emits_nothing(header: TicketHeader, qtbot: QtBot) -> None:
    with qtbot.assertNotEmitted(header.fieldsEdited), qtbot.assertNotEmitted(header.assigneeChosen):
        header.priority_combo.activated.emit(header.priority_combo.currentIndex())
        header.assignee_combo.activated.emit(header.assignee_combo.currentIndex())


def test_choosing_an_assignee(header: TicketHeader, qtbot: QtBot) -> None:
    with qtbot.waitSignal(header.assigneeChosen, timeout=1000) as blocker:
        pick(qtbot, header.assignee_combo)  # Unassigned -> Anna
    assert blocker.args == [ANNA.id]
    header.set_ticket(header_ticket(assignee=ANNA))
    with qtbot.waitSignal(header.assigneeChosen, timeout=1000) as blocker:
        pick(qtbot, header.assignee_combo, Qt.Key.Key_Up)  # Anna -> Unassigned
    assert blocker.args == [None]


def test_revert_edits_puts_the_ticket_values_back(header: TicketHeader, qtbot: QtBot) -> None:
    pick(qtbot, header.priority_combo)
    assert header.priority_combo.currentData() == Priority.LOW
    with qtbot.assertNotEmitted(header.fieldsEdited):
        header.revert_edits()
    assert header.priority_combo.currentData() == Priority.NORMAL


def test_the_wheel_does_not_change_an_unfocused_combo(header: TicketHeader) -> None:
    combo = header.priority_combo
    header.setFocus()
    assert not combo.hasFocus()
    wheel = QWheelEvent(
        QPointF(5, 5),
        QPointF(combo.mapToGlobal(QPoint(5, 5))),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(combo, wheel)
    assert combo.currentData() == Priority.NORMAL


def test_assign_to_me(header: TicketHeader, qtbot: QtBot) -> None:
    assert header.assign_button.isVisible()
    with qtbot.waitSignal(header.assignToMeRequested, timeout=1000):
        QTest.mouseClick(header.assign_button, Qt.MouseButton.LeftButton)
    header.set_ticket(header_ticket(assignee=ME))
    assert header.assign_button.isHidden()  # already mine
    assert header.assignee_combo.currentText() == "Olga Smirnova (you)"


def test_busy_holds_every_control(header: TicketHeader, qtbot: QtBot) -> None:
    header.set_busy(True)
    assert header.is_busy() and header.busy_label.isVisible()
    for w in (header.priority_combo, header.category_combo, header.assignee_combo):
        assert not w.isEnabled()
    assert not header.close_button.isEnabled() and not header.assign_button.isEnabled()
    header.request_close()
    assert header.close_confirmation() is None
    header.set_busy(False)
    assert header.priority_combo.isEnabled() and header.close_button.isEnabled()
    assert header.busy_label.isHidden()


def test_customers_and_unknown_users_get_a_read_only_header(qtbot: QtBot) -> None:
    header = TicketHeader(theme=LIGHT)
    qtbot.addWidget(header)
    header.set_ticket(header_ticket())
    assert not header.is_editable()
    assert not header.priority_combo.isEnabled()
    header.set_current_user(CUSTOMER)
    assert not header.is_editable() and header.assign_button.isHidden()
    header.set_current_user(ME)
    assert header.is_editable() and header.priority_combo.isEnabled()


# --- closing --------------------------------------------------------------------------------


def confirmation(header: TicketHeader) -> QMessageBox:
    box = header.close_confirmation()
    assert box is not None
    assert box.isVisible()
    return box


def test_close_asks_first_without_blocking_and_confirm_emits(
    header: TicketHeader, qtbot: QtBot
) -> None:
    QTest.mouseClick(header.close_button, Qt.MouseButton.LeftButton)
    # We got here, so the click returned at once: the question is not an exec() loop.
    box = confirmation(header)
    text = f"{box.text()} {box.informativeText()}"
    assert "#42" in text and "final" in text and "new ticket" in text
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    assert header.findChild(QMessageBox, "closeTicketConfirmation") is box
    confirm = box.findChild(QPushButton, "confirmCloseButton")
    assert confirm is not None
    with qtbot.waitSignal(header.closeConfirmed, timeout=1000) as blocker:
        QTest.mouseClick(confirm, Qt.MouseButton.LeftButton)
    assert blocker.args == [42]
    assert header.close_confirmation() is None


def test_cancel_and_escape_emit_nothing(header: TicketHeader, qtbot: QtBot) -> None:
    with qtbot.assertNotEmitted(header.closeConfirmed):
        header.request_close()
        box = confirmation(header)
        QTest.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: header.close_confirmation() is None)
        header.request_close()
        box = confirmation(header)
        QTest.keyClick(box, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: header.close_confirmation() is None)


@pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
def test_asking_twice_reuses_the_question(header: TicketHeader) -> None:
    header.request_close()
    first = confirmation(header)
    header.request_close()
    assert header.close_confirmation() is first
    assert len(header.findChildren(QMessageBox)) == 1


def test_the_question_goes_when_the_ticket_changes(header: TicketHeader, qtbot: QtBot) -> None:
    header.request_close()
    confirmation(header)
    with qtbot.assertNotEmitted(header.closeConfirmed):
        header.set_ticket(header_ticket(43))
        assert header.close_confirmation() is None


def test_the_question_goes_when_someone_else_closes_it(header: TicketHeader) -> None:
    header.request_close()
    confirmation(header)
    header.set_ticket(header_ticket(status=Status.DONE, waiting_on=None))
    assert header.close_confirmation() is None


def test_done_ticket_is_read_only_with_a_banner(header: TicketHeader, qtbot: QtBot) -> None:
    header.set_ticket(
        header_ticket(status=Status.DONE, waiting_on=None, closed_at=datetime.now(UTC), assignee=ME)
    )
    assert header.done_banner.isVisible()
    assert header.done_banner.text() == "This ticket is closed and cannot be reopened."
    assert header.status_chip.text() == "Done"
    assert header.owes_label.isHidden()
    assert not header.close_button.isVisible()
    assert header.assign_button.isHidden()
    for w in (header.priority_combo, header.category_combo, header.assignee_combo):
        assert not w.isEnabled()
    with qtbot.assertNotEmitted(header.closeConfirmed):
        header.request_close()
    assert header.close_confirmation() is None


# A popup menu on the offscreen platform cannot raise itself or grab the keyboard.
@pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise", "grabbing the keyboard")
def test_copy_title_copies_the_whole_title_even_when_elided(
    header: TicketHeader, qtbot: QtBot
) -> None:
    header.set_ticket(header_ticket(title=LONG_TITLE, urgent=True))
    qtbot.waitUntil(header.title_label.is_elided)
    label = header.title_label
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, QPoint(5, 5), label.mapToGlobal(QPoint(5, 5))
    )
    QApplication.sendEvent(label, event)
    menu = label.findChild(QMenu)
    assert menu is not None
    copy = next(a for a in menu.actions() if a.text() == "Copy title")
    copy.trigger()
    assert QGuiApplication.clipboard().text() == LONG_TITLE
    menu.close()
