"""TicketTableModel: order, sorting, filters, counts, search and the Qt model contract."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import msgspec
import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt

from desk.domain import Priority, Status, Ticket, WaitingOn, queue_sort_key
from tests.helpers.clock import NOW
from tests.helpers.people import AGENTS, ME
from tests.helpers.tickets import done_ticket, make_ticket, realistic_tickets
from ui import wording
from ui.queue.columns import Column
from ui.queue.filtering import QueueFilter, StatusFilter, View
from ui.queue.model import DeadlineRole, TicketRole, TicketTableModel

ASC, DESC = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder
ALL = QueueFilter(view=View.ALL)


def ids(model: TicketTableModel) -> list[int]:
    return [t.id for r in range(model.rowCount()) if (t := model.ticket_at(r)) is not None]


def _queue(t: Ticket) -> tuple[Any, ...]:
    return queue_sort_key(t)


def _activity(t: Ticket) -> float:
    return (t.last_message_at or t.updated_at).timestamp()


# Reference orders written independently of the model: (missing?, key).
REFERENCE: dict[Column, Callable[[Ticket], tuple[bool, tuple[Any, ...]]]] = {
    Column.PRIORITY: lambda t: (False, _queue(t)),
    Column.ID: lambda t: (False, (t.id,)),
    Column.TICKET: lambda t: (False, (t.title.casefold(), t.id)),
    Column.CUSTOMER: lambda t: (
        False,
        (t.customer.name.casefold(), (t.customer.company or "").casefold(), *_queue(t)),
    ),
    Column.DEADLINE: lambda t: (
        t.is_done or t.due_at is None,
        (t.due_at.timestamp() if t.due_at else 0, *_queue(t)[:2], *_queue(t)[3:]),
    ),
    Column.ACTIVITY: lambda t: (False, (_activity(t), t.id)),
    Column.CREATED: lambda t: (False, (t.created_at.timestamp(), t.id)),
    Column.ASSIGNEE: lambda t: (
        t.assignee is None,
        ((t.assignee.name.casefold() if t.assignee else ""), *_queue(t)),
    ),
}


def reference_order(tickets: list[Ticket], column: Column, order: Qt.SortOrder) -> list[int]:
    key = REFERENCE[column]
    present = [t for t in tickets if not key(t)[0]]
    missing = [t for t in tickets if key(t)[0]]
    desc = order == DESC
    ordered = sorted(present, key=lambda t: key(t)[1], reverse=desc)
    ordered += sorted(missing, key=lambda t: key(t)[1], reverse=desc)
    return [t.id for t in ordered]


@pytest.fixture
def tickets() -> list[Ticket]:
    return realistic_tickets(400, seed=3)


def test_default_order_agrees_with_queue_sort_key(
    model: TicketTableModel, tickets: list[Ticket]
) -> None:
    model.set_tickets(tickets)
    model.set_filter(ALL)
    assert ids(model) == [t.id for t in sorted(tickets, key=queue_sort_key)]


def test_default_order_with_ties_and_missing_deadlines(model: TicketTableModel) -> None:
    # Same priority/urgency/deadline: the older ticket first, then the lower id.
    same = [make_ticket(i, created_at=NOW - timedelta(hours=1)) for i in (7, 3, 5)]
    tickets = [
        *same,
        make_ticket(1, due_at=None, waiting_on=WaitingOn.CUSTOMER),
        make_ticket(2, priority=Priority.CRITICAL, due_at=None),
        make_ticket(4, title="URGENT: down"),
        make_ticket(6, priority=Priority.LOW, due_at=NOW - timedelta(days=1)),
    ]
    model.set_tickets(tickets)
    assert ids(model) == [t.id for t in sorted(tickets, key=queue_sort_key)]
    assert ids(model)[:2] == [2, 4]


@pytest.mark.parametrize("column", list(Column))
@pytest.mark.parametrize("order", [ASC, DESC])
def test_every_column_sorts_like_the_reference(
    model: TicketTableModel, tickets: list[Ticket], column: Column, order: Qt.SortOrder
) -> None:
    model.set_tickets(tickets)
    model.set_filter(ALL)
    model.sort(column, order)
    assert ids(model) == reference_order(tickets, column, order)
    assert model.sort_key() == (column, order)


def test_sort_keeps_the_current_and_selected_ticket(
    model: TicketTableModel, tickets: list[Ticket]
) -> None:
    model.set_tickets(tickets)
    selection = QItemSelectionModel(model)
    index = model.index(10, Column.TICKET)
    selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    chosen = model.ticket_at(10)
    assert chosen is not None
    model.sort(Column.CREATED, DESC)
    assert model.ticket_at(selection.currentIndex().row()) == chosen
    assert selection.isSelected(model.index(model.row_of(chosen.id) or 0, Column.TICKET))


def test_unknown_roles_and_invalid_indexes_return_none(
    model: TicketTableModel, tickets: list[Ticket]
) -> None:
    model.set_tickets(tickets)
    index = model.index(0, Column.TICKET)
    for role in (
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.SizeHintRole,
        9999,
    ):
        assert model.data(index, role) is None
    assert model.data(QModelIndex(), TicketRole) is None
    ticket = model.data(index, TicketRole)
    assert isinstance(ticket, Ticket) and ticket == model.ticket_at(0)
    assert ticket.title in model.data(index)
    assert model.data(model.index(0, Column.ID)) == f"#{ticket.id}"


def test_deadline_tooltip_shows_moscow_time(model: TicketTableModel) -> None:
    model.set_tickets([make_ticket(1, due_at=NOW + timedelta(hours=3))])  # 12:00Z + 3 h
    tip = model.data(model.index(0, Column.DEADLINE), Qt.ItemDataRole.ToolTipRole)
    assert "18:00" in tip and "Moscow" in tip  # Moscow is UTC+3
    assert model.data(model.index(0, Column.ASSIGNEE), Qt.ItemDataRole.ToolTipRole) is None


def test_header_data(model: TicketTableModel) -> None:
    assert model.headerData(Column.DEADLINE, Qt.Orientation.Horizontal) == "Deadline"
    assert model.headerData(Column.PRIORITY, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(0, Qt.Orientation.Vertical) is None
    assert model.headerData(99, Qt.Orientation.Horizontal) is None


# --- filters and counts ------------------------------------------------------------


@pytest.fixture
def mixed() -> list[Ticket]:
    other = AGENTS[1]
    return [
        make_ticket(1),  # needs reply, unassigned
        make_ticket(2, assignee=ME),
        make_ticket(3, assignee=ME, waiting_on=WaitingOn.CUSTOMER, due_at=None),
        make_ticket(4, assignee=other, due_at=NOW - timedelta(minutes=35)),  # overdue
        make_ticket(5, due_at=NOW + timedelta(minutes=40)),  # amber: under 1 h
        make_ticket(6, waiting_on=WaitingOn.CUSTOMER, due_at=None),
        done_ticket(7, assignee=ME),
        done_ticket(8),
    ]


@pytest.mark.parametrize(
    ("flt", "expected"),
    [
        (QueueFilter(), {1, 2, 3, 4, 5, 6}),
        (QueueFilter(view=View.NEEDS_REPLY), {1, 2, 4, 5}),
        (QueueFilter(view=View.MINE), {2, 3}),
        (QueueFilter(view=View.UNASSIGNED), {1, 5, 6}),
        (QueueFilter(view=View.BREACHING), {4, 5}),
        (QueueFilter(view=View.ALL), set(range(1, 9))),
        (QueueFilter(view=View.ALL, status=StatusFilter.DONE), {7, 8}),
        (QueueFilter(view=View.ALL, status=StatusFilter.ON_CUSTOMER), {1, 2, 3, 4, 5, 6}),
        (QueueFilter(view=View.MINE, status=StatusFilter.DONE), {7}),
        (QueueFilter(view=View.UNASSIGNED, status=StatusFilter.DONE), {8}),
        (QueueFilter(view=View.NEEDS_REPLY, status=StatusFilter.DONE), set()),
    ],
)
def test_views_and_status(
    model: TicketTableModel, mixed: list[Ticket], flt: QueueFilter, expected: set[int]
) -> None:
    model.set_tickets(mixed)
    model.set_filter(flt)
    assert set(ids(model)) == expected


def test_counts_follow_views_not_search(model: TicketTableModel, mixed: list[Ticket]) -> None:
    model.set_tickets(mixed)
    expected = {
        View.NEEDS_REPLY: 4,
        View.MINE: 2,
        View.UNASSIGNED: 3,
        View.ALL_OPEN: 6,
        View.BREACHING: 2,
        View.ALL: 8,
    }
    assert model.counts() == expected
    model.set_filter(QueueFilter(view=View.ALL, status=StatusFilter.DONE, text="zzz"))
    assert model.counts() == expected


def test_mine_follows_the_current_user(
    model: TicketTableModel, mixed: list[Ticket], qtbot: Any
) -> None:
    model.set_tickets(mixed)
    model.set_filter(QueueFilter(view=View.MINE))
    with qtbot.waitSignal(model.countsChanged):
        model.set_current_user_id(AGENTS[1].id)
    assert ids(model) == [4]
    assert model.counts()[View.MINE] == 1
    model.set_current_user_id(None)
    assert ids(model) == [] and model.counts()[View.MINE] == 0


def test_filter_keeps_selection_of_a_ticket_that_stays(
    model: TicketTableModel, mixed: list[Ticket]
) -> None:
    model.set_tickets(mixed)
    selection = QItemSelectionModel(model)
    row = model.row_of(5)
    assert row is not None
    selection.setCurrentIndex(model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    model.set_filter(QueueFilter(view=View.BREACHING))
    assert model.ticket_at(selection.currentIndex().row()).id == 5  # type: ignore[union-attr]
    model.set_filter(QueueFilter(view=View.MINE))
    assert not selection.currentIndex().isValid()  # filtered out: no stale row


# --- search --------------------------------------------------------------------------


@pytest.fixture
def searchable() -> list[Ticket]:
    acme = msgspec.structs.replace(make_ticket(1).customer, name="Мария Лопес", company="Acme Corp")
    return [
        make_ticket(1, title="СРОЧНО: бот не отвечает", customer=acme),
        make_ticket(2, title="Бот срочно нужен"),
        make_ticket(3, title="Payment webhook fails"),
        make_ticket(123, title="Straße closed"),
        make_ticket(4, title="Order 123 failed"),
        make_ticket(5, title="Ёлка не горит"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("срочно", {1, 2}),
        ("СРОЧНО", {1, 2}),
        ("  бот   ", {1, 2}),
        ("webhook", {3}),
        ("WEBHOOK FAILS", {3}),
        ("#123", {123}),
        ("# 123", {123}),
        ("123", {123, 4}),
        ("#4", {4}),
        ("strasse", {123}),  # casefold: ß == ss
        ("ёлка", {5}),
        ("acme", {1}),  # company
        ("мария", {1}),  # customer name
        ("petrov", {2, 3, 123, 4, 5}),
        ("nothing like this", set()),
    ],
)
def test_search(
    model: TicketTableModel, searchable: list[Ticket], text: str, expected: set[int]
) -> None:
    model.set_tickets(searchable)
    model.set_filter(QueueFilter(text=text))
    assert set(ids(model)) == expected


def test_search_narrowing_gives_the_same_rows_as_a_fresh_search(
    make_model: Callable[..., TicketTableModel], tickets: list[Ticket]
) -> None:
    typing, fresh = make_model(), make_model()
    typing.set_tickets(tickets)
    fresh.set_tickets(tickets)
    word = "интеграция"
    for i in range(1, len(word) + 1):
        typing.set_filter(QueueFilter(view=View.ALL, text=word[:i]))
        fresh.set_filter(QueueFilter(view=View.ALL, text=word[:i]))
        fresh.set_filter(ALL)  # forget the previous query: no narrowing
        fresh.set_filter(QueueFilter(view=View.ALL, text=word[:i]))
        assert ids(typing) == ids(fresh)
    assert ids(typing) and all(
        "интеграция" in t.title.casefold()
        for t in map(typing.ticket_at, range(typing.rowCount()))
        if t
    )
    # backspace widens again
    typing.set_filter(QueueFilter(view=View.ALL, text="инт"))
    assert len(ids(typing)) >= len([t for t in tickets if "интеграция" in t.title.casefold()])


def test_search_sees_live_updates(model: TicketTableModel, searchable: list[Ticket]) -> None:
    model.set_tickets(searchable)
    model.set_filter(QueueFilter(text="бот"))
    model.apply([make_ticket(3, title="Бот упал"), make_ticket(50, title="Новый бот")])
    model.apply([make_ticket(1, title="fixed")])
    assert set(ids(model)) == {2, 3, 50}
    model.set_filter(QueueFilter(text="бот у"))  # narrowing after updates
    assert ids(model) == [3]


def test_empty_messages(model: TicketTableModel, mixed: list[Ticket]) -> None:
    model.set_tickets([t for t in mixed if t.id in (3, 6)])
    model.set_filter(QueueFilter(view=View.NEEDS_REPLY))
    assert model.rowCount() == 0
    assert model.empty_message() == "Nothing needs a reply — nice work"
    model.set_filter(QueueFilter(text="foo"))
    assert model.empty_message() == "No tickets match “foo”"


def test_duplicate_ids_in_a_load_keep_the_last(model: TicketTableModel) -> None:
    model.set_tickets([make_ticket(1, title="old"), make_ticket(2), make_ticket(1, title="new")])
    assert sorted(ids(model)) == [1, 2]
    row = model.row_of(1)
    assert row is not None and model.ticket_at(row).title == "new"  # type: ignore[union-attr]


def test_status_filter_done_shows_done_muted_rows(model: TicketTableModel) -> None:
    model.set_tickets([done_ticket(1), make_ticket(2, status=Status.ON_CUSTOMER)])
    model.set_filter(QueueFilter(view=View.ALL, status=StatusFilter.DONE))
    assert ids(model) == [1]
    assert model.data(model.index(0, Column.DEADLINE), DeadlineRole) is None


def test_every_cell_has_text_and_sane_tooltips(model: TicketTableModel) -> None:
    tickets = [
        *realistic_tickets(30, seed=11),
        done_ticket(1),
        make_ticket(2, assignee=AGENTS[2], unread_count=4),
        make_ticket(3, last_message_at=None, due_at=None, waiting_on=None),
    ]
    model.set_tickets(tickets)
    model.set_filter(ALL)
    for row in range(model.rowCount()):
        ticket = model.ticket_at(row)
        assert ticket is not None
        for column in Column:
            index = model.index(row, column)
            text = model.data(index)
            tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
            assert isinstance(text, str)
            assert tip is None or (isinstance(tip, str) and tip)
            spoken = model.data(index, Qt.ItemDataRole.AccessibleTextRole)
            if column is Column.TICKET:  # the whole row in one sentence
                assert wording.display_title(ticket) in spoken and " — " in spoken
            else:
                assert spoken == text
        assert model.data(model.index(row, Column.TICKET)).startswith(ticket.title)
        assert ticket.title in model.data(
            model.index(row, Column.TICKET), Qt.ItemDataRole.ToolTipRole
        )
    row = model.row_of(2) or 0
    assert "4 unread messages" in model.data(
        model.index(row, Column.TICKET), Qt.ItemDataRole.ToolTipRole
    )
    assert model.data(model.index(row, Column.ASSIGNEE)) == AGENTS[2].name
    assert model.data(model.index(model.row_of(1) or 0, Column.TICKET)).endswith("(Done)")
    assert model.data(model.index(model.row_of(3) or 0, Column.ASSIGNEE)) == "Unassigned"


def test_search_text_is_built_in_idle_slices(model: TicketTableModel, qtbot: Any) -> None:
    import ui.queue.model as module

    tickets = realistic_tickets(module.SEARCH_SLICE * 2 + 10, seed=5)
    model.set_tickets(tickets)
    index = model._search
    assert not index.complete  # nothing blocks the load...
    qtbot.waitUntil(lambda: index.complete, timeout=10_000)  # ...the event loop finishes it
    model.set_filter(QueueFilter(view=View.ALL, text="amocrm"))
    expected = {t.id for t in tickets if "amocrm" in t.title.casefold()}
    assert set(ids(model)) == expected and expected


def test_empty_hint_only_for_searches(model: TicketTableModel) -> None:
    model.set_filter(QueueFilter(text="#999"))
    assert "#123" in model.empty_hint()
    model.set_filter(QueueFilter(view=View.MINE))
    assert model.empty_hint() == "" and model.empty_message() == "No open tickets assigned to you"
