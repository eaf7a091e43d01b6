"""QueueView + delegate: keys, header sorting, scroll anchoring, painting, empty state."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QFont, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from desk.domain import Priority, Ticket, WaitingOn
from tests.helpers.clock import NOW
from tests.helpers.people import ME, make_agent
from tests.helpers.tickets import done_ticket, make_ticket, realistic_tickets
from ui.queue.columns import Column
from ui.queue.filter_bar import FilterBar
from ui.queue.filtering import QueueFilter, View
from ui.queue.model import TicketTableModel
from ui.queue.view import QueueView, bind_filter_bar
from ui.theme import DARK, LIGHT, Theme, palette_for

from .test_live import Spy
from .test_model import ALL, ids, reference_order

SHOTS = Path("/tmp/desk-shots")
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen show() noise


@pytest.fixture
def make_view(qtbot: Any, make_model: Callable[..., TicketTableModel]) -> Callable[..., QueueView]:
    def make(
        tickets: list[Ticket], theme: Theme = LIGHT, size: tuple[int, int] = (900, 600)
    ) -> QueueView:
        model = make_model()
        model.set_tickets(tickets)
        view = QueueView(model, theme)
        view.setPalette(palette_for(theme))
        qtbot.addWidget(view)
        view.resize(*size)
        view.show()
        qtbot.waitExposed(view)
        return view

    return make


def model_of(view: QueueView) -> TicketTableModel:
    model = view.model()
    assert isinstance(model, TicketTableModel)
    return model


def test_configuration(make_view: Callable[..., QueueView]) -> None:
    view = make_view(realistic_tickets(30))
    assert view.objectName() == "queueView"
    assert view.horizontalHeader().sortIndicatorSection() == Column.PRIORITY
    assert view.verticalHeader().defaultSectionSize() >= 2 * view.fontMetrics().height()
    bigger = QFont(view.font())
    bigger.setPointSizeF(view.font().pointSizeF() * 1.5)
    before = view.verticalHeader().defaultSectionSize()
    view.setFont(bigger)
    assert view.verticalHeader().defaultSectionSize() > before


def test_j_k_and_arrows_move_and_enter_opens(
    make_view: Callable[..., QueueView], qtbot: Any
) -> None:
    view = make_view(realistic_tickets(30))
    model = model_of(view)
    activated: list[int] = []
    view.ticketActivated.connect(activated.append)
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_J)
    QTest.keyClick(view, Qt.Key.Key_J)
    assert view.currentIndex().row() == 1
    QTest.keyClick(view, Qt.Key.Key_Down)
    assert view.currentIndex().row() == 2
    QTest.keyClick(view, Qt.Key.Key_K)
    assert view.currentIndex().row() == 1
    assert activated == [t.id for t in map(model.ticket_at, (0, 1, 2, 1)) if t]
    assert view.selectionModel().isRowSelected(1)
    with qtbot.waitSignal(view.ticketOpened) as opened:
        QTest.keyClick(view, Qt.Key.Key_Return)
    assert opened.args == [activated[-1]]
    for _ in range(3):
        QTest.keyClick(view, Qt.Key.Key_K)
    assert view.currentIndex().row() == 0  # stops at the top
    QTest.keyClick(view, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert view.currentIndex().row() == 0  # Ctrl+J is not ours


def test_header_clicks_sort(make_view: Callable[..., QueueView]) -> None:
    tickets = realistic_tickets(80)
    view = make_view(tickets)
    model = model_of(view)
    model.set_filter(ALL)
    header = view.horizontalHeader()
    for column in (
        Column.CUSTOMER,
        Column.DEADLINE,
        Column.ACTIVITY,
        Column.CREATED,
        Column.ID,
        Column.ASSIGNEE,
        Column.PRIORITY,
    ):
        pos = QPoint(header.sectionViewportPosition(column) + 4, header.height() // 2)
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        first = model.sort_key()
        assert first[0] == column
        assert ids(model) == reference_order(tickets, column, first[1])
        QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)
        assert model.sort_key() == (column, Qt.SortOrder(1 - first[1].value))
        assert ids(model) == reference_order(tickets, column, model.sort_key()[1])


def test_live_apply_keeps_selection_and_scroll(
    make_view: Callable[..., QueueView], qtbot: Any
) -> None:
    tickets = [make_ticket(i, due_at=NOW + timedelta(minutes=10 * i)) for i in range(1, 201)]
    view = make_view(tickets)
    model = model_of(view)
    assert view.select_ticket(120)
    view.verticalScrollBar().setValue(100 * view.rowHeight(0) + 7)
    top_id = model.ticket_at(view.rowAt(0)).id  # type: ignore[union-attr]
    offset = view.rowViewportPosition(view.rowAt(0))
    top_row = view.rowAt(0)
    # a new top ticket, one moving from above the viewport to the bottom, one removed above
    model.apply(
        [
            make_ticket(500, priority=Priority.CRITICAL),
            msgspec.structs.replace(tickets[4], due_at=None, waiting_on=WaitingOn.CUSTOMER),
        ],
        removed=[7],
    )
    QApplication.processEvents()  # let the view's delayed relayout run
    assert model.row_of(top_id) == top_row - 1  # the rows did shift under the viewport...
    assert model.ticket_at(view.rowAt(0)).id == top_id  # type: ignore[union-attr]
    assert view.rowViewportPosition(view.rowAt(0)) == offset
    assert view.current_ticket_id() == 120
    assert view.selectionModel().isRowSelected(model.row_of(120) or -1)


def test_live_apply_at_the_top_shows_new_tickets(make_view: Callable[..., QueueView]) -> None:
    view = make_view([make_ticket(i) for i in range(1, 60)])
    model = model_of(view)
    model.apply([make_ticket(500, priority=Priority.CRITICAL)])
    assert view.verticalScrollBar().value() == 0
    assert model.ticket_at(view.rowAt(0)).id == 500  # type: ignore[union-attr]


def test_painted_rows_tick_only_their_deadline_cells(
    make_view: Callable[..., QueueView], qtbot: Any
) -> None:
    view = make_view(
        [make_ticket(i, due_at=NOW + timedelta(minutes=50 + i, seconds=30)) for i in range(1, 80)]
    )
    model = model_of(view)
    view.viewport().grab()  # paint once, as the screen would
    spy = Spy(model)
    model.tick(NOW + timedelta(minutes=2))
    visible = view.rowAt(view.viewport().height() - 1)
    assert spy.data and spy.layouts == 0
    assert all(left == right == Column.DEADLINE for _, left, _, right in spy.data)
    rows = {r for top, _, bottom, _ in spy.data for r in range(top, bottom + 1)}
    assert rows == set(range(visible + 1))  # painted rows only, every one changed


def count_colour(image: QImage, x0: int, y0: int, x1: int, y1: int, colour: QColor) -> int:
    rgb = colour.rgb()
    return sum(1 for x in range(x0, x1) for y in range(y0, y1) if image.pixel(x, y) == rgb)


def cell_image(
    view: QueueView, row: int, column: Column
) -> tuple[QImage, tuple[int, int, int, int]]:
    image = view.viewport().grab().toImage()
    rect = view.visualRect(model_of(view).index(row, column))
    return image, (rect.left(), rect.top(), rect.right(), rect.bottom())


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_deadline_colours(make_view: Callable[..., QueueView], clock: Any, theme: Theme) -> None:
    tickets = [
        make_ticket(1, due_at=NOW - timedelta(minutes=35)),  # red: overdue 35 min
        make_ticket(2, due_at=NOW + timedelta(minutes=40)),  # amber: < 1 h
        make_ticket(
            3, due_at=NOW + timedelta(hours=20), last_message_at=NOW - timedelta(hours=2)
        ),  # ok
        make_ticket(
            4, due_at=NOW + timedelta(hours=2), last_message_at=NOW - timedelta(hours=20)
        ),  # amber: < 25%
    ]
    view = make_view(tickets, theme)
    model = model_of(view)
    expected = {1: theme.sla_breached, 2: theme.sla_warning, 3: theme.sla_ok, 4: theme.sla_warning}
    states = [theme.sla_breached, theme.sla_warning, theme.sla_ok]
    for ticket_id, colour in expected.items():
        row = model.row_of(ticket_id)
        assert row is not None
        image, box = cell_image(view, row, Column.DEADLINE)
        assert count_colour(image, *box, colour) > 10, ticket_id
        for other in (c for c in states if c.rgb() != colour.rgb()):
            assert count_colour(image, *box, other) == 0, ticket_id
    assert model.data(model.index(model.row_of(1) or 0, Column.DEADLINE)) == "overdue 35 min"


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_done_rows_are_muted_and_selection_is_visible(
    make_view: Callable[..., QueueView], theme: Theme
) -> None:
    view = make_view([make_ticket(1), done_ticket(2)], theme)
    model = model_of(view)
    model.set_filter(ALL)
    image, box = cell_image(view, model.row_of(2) or 0, Column.TICKET)
    assert count_colour(image, *box, theme.done_text) > 5
    assert count_colour(image, *box, theme.text) == 0
    view.select_ticket(1)
    image, box = cell_image(view, model.row_of(1) or 0, Column.TICKET)
    assert count_colour(image, *box, theme.selection) > (box[2] - box[0]) * (box[3] - box[1]) // 2
    image, box = cell_image(view, model.row_of(1) or 0, Column.PRIORITY)
    assert count_colour(image, *box, theme.accent) > 20  # the accent edge


def test_delegate_paints_awkward_tickets(make_view: Callable[..., QueueView]) -> None:
    nobody = make_agent("Ё", id=5, email="e@x")
    awkward = [
        make_ticket(
            1, title="URGENT: " + "очень длинный заголовок без конца " * 20, unread_count=1000
        ),
        make_ticket(2, title="Срочно", customer=nobody, last_message_preview=""),
        make_ticket(3, title="", due_at=None, waiting_on=None),
        make_ticket(
            4, title="Bot 🤖 down\tagain\nnow", assignee=ME, due_at=NOW - timedelta(days=40)
        ),
        done_ticket(5, title="Закрыто давно", created_at=NOW - timedelta(days=800)),
        make_ticket(6, title="x" * 200, assignee=make_agent("", id=7, email="")),
    ]
    view = make_view(awkward, size=(420, 400))  # narrow: everything must elide
    model = model_of(view)
    model.set_filter(ALL)
    view.select_ticket(4)
    view._set_hover(1)
    image = view.viewport().grab().toImage()
    assert not image.isNull()
    hover = view._delegate._hover_fill
    _, box = cell_image(view, 1, Column.ID)
    assert count_colour(image, *box, hover) > (box[2] - box[0]) * (box[3] - box[1]) // 2
    for row in range(model.rowCount()):
        _, box = cell_image(view, row, Column.TICKET)
        assert box[3] - box[1] + 1 == view.verticalHeader().defaultSectionSize()


def test_empty_state_is_painted_by_the_view(make_view: Callable[..., QueueView]) -> None:
    view = make_view([make_ticket(1, waiting_on=WaitingOn.CUSTOMER, due_at=None)])
    model = model_of(view)
    placeholder = view.palette().color(view.palette().ColorRole.PlaceholderText)
    model.set_filter(QueueFilter(text="foo"))
    assert model.rowCount() == 0 and model.empty_message() == "No tickets match “foo”"
    image = view.viewport().grab().toImage()
    w, h = image.width(), image.height()
    assert count_colour(image, 0, 0, w, h, placeholder) > 10  # the message is drawn
    assert not view.findChildren(QLabel)  # painted, not a stray label
    model.set_filter(QueueFilter(view=View.NEEDS_REPLY))
    assert model.empty_message() == "Nothing needs a reply — nice work"
    model.set_filter(QueueFilter())
    image = view.viewport().grab().toImage()
    assert count_colour(image, 0, h // 3, w, h, placeholder) == 0  # rows again, no message


@pytest.mark.parametrize(("name", "theme"), [("light", LIGHT), ("dark", DARK)])
def test_screenshot(
    qtbot: Any, make_model: Callable[..., TicketTableModel], name: str, theme: Theme
) -> None:
    """Renders the queue as agents see it; the PNGs are for people to look at."""
    model = make_model()
    model.set_tickets(realistic_tickets(60))
    window = QWidget()
    window.setPalette(palette_for(theme))
    window.setAutoFillBackground(True)
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    bar, view = FilterBar(), QueueView(model, theme)
    layout.addWidget(bar)
    layout.addWidget(view)
    bind_filter_bar(bar, model)
    window.resize(900, 800)
    window.show()
    qtbot.waitExposed(window)
    view.select_ticket(model.ticket_at(2).id)  # type: ignore[union-attr]
    view._set_hover(5)
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"queue-{name}.png"
    assert window.grab().save(str(path))
    assert path.stat().st_size > 10_000


def test_clock_ticks_reach_the_view(make_view: Callable[..., QueueView], qtbot: Any) -> None:
    view = make_view([make_ticket(1)])
    model = model_of(view)
    assert view._timer.isActive()
    with qtbot.waitSignal(model.clockAdvanced):
        model.tick(NOW + timedelta(minutes=3))
    assert model.data(model.index(0, Column.ACTIVITY)) == "1 h ago"
    quiet = QueueView(model, LIGHT, tick_ms=None)
    qtbot.addWidget(quiet)
    assert not quiet._timer.isActive()


def test_screen_readers_hear_each_row_as_one_sentence(
    make_view: Callable[..., QueueView],
) -> None:
    from PySide6.QtGui import QAccessible

    urgent = make_ticket(
        1, title="URGENT: бот не отвечает", unread_count=2, due_at=NOW + timedelta(hours=1)
    )
    late = make_ticket(2, title="Invoice", due_at=NOW - timedelta(minutes=35))
    view = make_view([urgent, late])
    table = QAccessible.queryAccessibleInterface(view)
    assert table is not None
    model = model_of(view)

    def cell(row: int, column: Column) -> Any:
        rect = view.visualRect(model.index(row, column))
        centre = view.viewport().mapToGlobal(rect.center())
        return table.childAt(centre.x(), centre.y())

    first = cell(0, Column.TICKET)
    assert first.text(QAccessible.Text.Name) == (
        "URGENT: бот не отвечает — Ivan Petrov — ООО Ромашка — Needs reply — 2 unread"
        " — reply due in 1 h"
    )
    assert first.text(QAccessible.Text.Description) == urgent.last_message_preview
    # Any other cell of the row describes the whole row; its name stays the cell text.
    deadline = cell(1, Column.DEADLINE)
    assert deadline.text(QAccessible.Text.Name) == "overdue 35 min"
    assert deadline.text(QAccessible.Text.Description) == (
        "Invoice — Ivan Petrov — ООО Ромашка — Needs reply — reply deadline: overdue 35 min"
    )


def test_column_headers_are_spoken_in_words(make_view: Callable[..., QueueView]) -> None:
    from PySide6.QtGui import QAccessible

    view = make_view([make_ticket(1)])
    header = view.horizontalHeader()
    iface = QAccessible.queryAccessibleInterface(view)
    assert iface is not None

    headers = [
        child.text(QAccessible.Text.Name)
        for i in range(iface.childCount())
        if (child := iface.child(i)) is not None and child.role() == QAccessible.Role.ColumnHeader
    ]

    def spoken(column: Column) -> str:
        return headers[column]

    assert header.model().headerData(Column.PRIORITY, Qt.Orientation.Horizontal) == "!"
    assert spoken(Column.PRIORITY) == "Priority"
    assert spoken(Column.ID) == "Ticket number"
    assert spoken(Column.DEADLINE) == "Deadline"
