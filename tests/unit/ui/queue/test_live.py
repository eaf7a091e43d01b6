"""Live updates (apply), countdown ticks and deadline states on a fake clock."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import msgspec
import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt

import ui.queue.model as model_module
from desk.client.deadlines import DeadlineState
from desk.domain import Category, Priority, Ticket, WaitingOn
from tests.helpers.clock import NOW
from tests.helpers.people import AGENTS, ME
from tests.helpers.tickets import done_ticket, make_ticket, realistic_tickets
from ui.queue.columns import Column
from ui.queue.deadlines import BusinessDeadlines, DeadlineDisplay
from ui.queue.filtering import QueueFilter, View
from ui.queue.model import INCREMENTAL_LIMIT, DeadlineRole, TicketTableModel

from .conftest import FakeClock
from .test_model import ALL, ids


class Spy:
    """Records the model's structural and data signals."""

    def __init__(self, model: TicketTableModel) -> None:
        self.data: list[tuple[int, int, int, int]] = []
        self.layouts = 0
        self.resets = 0
        model.dataChanged.connect(self._on_data)
        model.layoutChanged.connect(self._on_layout)
        model.modelReset.connect(self._on_reset)

    def _on_data(self, top: QModelIndex, bottom: QModelIndex, _roles: Any = None) -> None:
        self.data.append((top.row(), top.column(), bottom.row(), bottom.column()))

    def _on_layout(self, *_args: Any) -> None:
        self.layouts += 1

    def _on_reset(self) -> None:
        self.resets += 1


def select(model: TicketTableModel, ticket_id: int) -> QItemSelectionModel:
    selection = QItemSelectionModel(model)
    row = model.row_of(ticket_id)
    assert row is not None
    selection.setCurrentIndex(
        model.index(row, Column.TICKET),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    return selection


def current_id(model: TicketTableModel, selection: QItemSelectionModel) -> int | None:
    ticket = model.ticket_at(selection.currentIndex().row())
    return ticket.id if ticket else None


@pytest.fixture
def queue() -> list[Ticket]:
    return [make_ticket(i, due_at=NOW + timedelta(hours=i)) for i in range(1, 11)]


def test_update_in_place_emits_data_changed_only(
    model: TicketTableModel, queue: list[Ticket]
) -> None:
    model.set_tickets(queue)
    spy = Spy(model)
    row = model.row_of(4)
    model.apply([msgspec.structs.replace(queue[3], unread_count=3, last_message_preview="new")])
    assert spy.layouts == 0 and spy.resets == 0
    assert spy.data == [(row, 0, row, len(Column) - 1)]
    assert model.ticket_at(row or 0).unread_count == 3  # type: ignore[union-attr]


def test_update_that_moves_keeps_selection(model: TicketTableModel, queue: list[Ticket]) -> None:
    model.set_tickets(queue)
    selection = select(model, 7)
    spy = Spy(model)
    model.apply([msgspec.structs.replace(queue[6], priority=Priority.CRITICAL)])
    assert spy.layouts == 1 and spy.resets == 0
    assert ids(model)[0] == 7
    assert current_id(model, selection) == 7
    assert selection.isRowSelected(0)


def test_new_ticket_goes_to_its_sorted_place(model: TicketTableModel, queue: list[Ticket]) -> None:
    model.set_tickets(queue)
    selection = select(model, 5)
    new = make_ticket(99, due_at=NOW + timedelta(hours=4, minutes=30))
    model.apply([new])
    assert ids(model) == [1, 2, 3, 4, 99, 5, 6, 7, 8, 9, 10]
    assert current_id(model, selection) == 5
    # one that fails the filter is kept but not shown
    model.apply([make_ticket(100, waiting_on=WaitingOn.CUSTOMER, due_at=None)])
    model.set_filter(QueueFilter(view=View.NEEDS_REPLY))
    assert 100 not in ids(model) and model.row_of(100) is None
    model.set_filter(ALL)
    assert model.row_of(100) is not None


def test_removed_and_filtered_out_tickets_leave(
    model: TicketTableModel, queue: list[Ticket]
) -> None:
    model.set_tickets(queue)
    model.set_filter(QueueFilter(view=View.NEEDS_REPLY))
    selection = select(model, 3)
    model.apply([done_ticket(2)], removed=[9, 12345])
    assert ids(model) == [1, 3, 4, 5, 6, 7, 8, 10]
    assert current_id(model, selection) == 3
    model.apply([done_ticket(3)])  # the selected ticket leaves the view
    assert not selection.currentIndex().isValid()
    assert model.counts()[View.NEEDS_REPLY] == 7


def test_apply_nothing_emits_nothing(model: TicketTableModel, queue: list[Ticket]) -> None:
    model.set_tickets(queue)
    spy = Spy(model)
    model.apply([], removed=[777])
    assert spy.data == [] and spy.layouts == 0


FILTERS = [
    QueueFilter(view=View.ALL, text="о"),
    QueueFilter(view=View.ALL, text="о н"),  # narrows the previous one
    QueueFilter(view=View.NEEDS_REPLY),
    QueueFilter(view=View.UNASSIGNED, text="bot"),
    QueueFilter(view=View.ALL),
]


@pytest.mark.parametrize("batch", [1, 5, INCREMENTAL_LIMIT + 20])
@pytest.mark.parametrize("column", [Column.PRIORITY, Column.CUSTOMER, Column.DEADLINE])
@pytest.mark.parametrize("subset_sorts", [False, True], ids=["full-order", "subset-sorts"])
def test_live_updates_match_a_fresh_load(
    make_model: Callable[..., TicketTableModel],
    monkeypatch: pytest.MonkeyPatch,
    batch: int,
    column: Column,
    subset_sorts: bool,
) -> None:
    """Random updates, inserts, removals and filter changes end in exactly the rows of
    a fresh load, whether the model keeps a full order or sorts only what it shows."""
    monkeypatch.setattr(model_module, "SUBSET_SORT_FRACTION", 1.01 if subset_sorts else 0.0)
    rng = random.Random(batch * 31 + column)
    tickets = {t.id: t for t in realistic_tickets(150, seed=batch)}
    live = make_model()
    live.set_tickets(list(tickets.values()))
    live.sort(column, Qt.SortOrder.DescendingOrder if batch % 2 else Qt.SortOrder.AscendingOrder)
    live.set_filter(FILTERS[0])
    pool = realistic_tickets(300, seed=batch + 100)
    for step in range(6):
        updated = []
        for ticket in rng.sample(pool, batch):
            if rng.random() < 0.5 and tickets:
                target = rng.choice(list(tickets))
                ticket = msgspec.structs.replace(ticket, id=target)
            updated.append(ticket)
            tickets[ticket.id] = ticket
        removed = rng.sample(list(tickets), 2)
        for gone in removed:
            tickets.pop(gone)
        live.apply(updated, removed)
        if step % 2:
            live.set_filter(FILTERS[(step // 2) % len(FILTERS)])
        fresh = TicketTableModel(clock=lambda: NOW, current_user_id=ME.id)  # no tester: speed
        fresh.set_tickets(list(tickets.values()))
        fresh.sort(*live.sort_key())
        fresh.set_filter(live.queue_filter())
        assert ids(live) == ids(fresh)
        assert live.counts() == fresh.counts()


# --- deadlines on a fake clock ---------------------------------------------------------


def show_all(model: TicketTableModel) -> list[DeadlineDisplay | None]:
    """What a view painting every row would ask for."""
    return [
        model.data(model.index(r, Column.DEADLINE), DeadlineRole) for r in range(model.rowCount())
    ]


def test_deadline_states(model: TicketTableModel, clock: FakeClock) -> None:
    # Team owes since 1 h ago; the target is 4 h (25% = 1 h) or 48 h (25% = 12 h).
    short = make_ticket(1, due_at=NOW + timedelta(hours=3))
    long = make_ticket(2, due_at=NOW - timedelta(hours=1) + timedelta(hours=48))
    model.set_tickets([short, long, done_ticket(3)])
    model.set_filter(ALL)

    def by_id() -> dict[int, DeadlineDisplay | None]:
        rows = map(model.ticket_at, range(3))
        return {t.id: d for t, d in zip(rows, show_all(model), strict=True) if t}

    states = by_id()
    assert states[1] == DeadlineDisplay("3 h", DeadlineState.OK)
    assert states[2] == DeadlineDisplay("1 d 23 h", DeadlineState.OK)
    assert states[3] is None  # done tickets show nothing
    model.tick(NOW + timedelta(hours=2, minutes=10))
    states = by_id()
    assert states[1] == DeadlineDisplay("50 min", DeadlineState.WARNING)  # under 1 h
    assert states[2].state is DeadlineState.OK  # type: ignore[union-attr]
    model.tick(NOW + timedelta(hours=36, minutes=30))
    assert by_id()[2] == DeadlineDisplay("10 h", DeadlineState.WARNING)  # under 25% of 48 h
    model.tick(NOW + timedelta(hours=3, minutes=35))
    assert by_id()[1] == DeadlineDisplay("overdue 35 min", DeadlineState.BREACHED)


def test_tick_emits_only_changed_deadline_cells(model: TicketTableModel) -> None:
    # Due times on half-minutes, so a 1 s tick changes no text but a 1 min tick changes all.
    tickets = [
        make_ticket(1, due_at=NOW + timedelta(hours=5, seconds=30)),
        make_ticket(2, due_at=NOW + timedelta(minutes=70, seconds=30)),  # amber after 11 min
        make_ticket(3, due_at=NOW + timedelta(days=3, hours=5, minutes=30)),  # "3 d 5 h" stays
        make_ticket(4, waiting_on=WaitingOn.CUSTOMER, due_at=None),
        done_ticket(5),
    ]
    model.set_tickets(tickets)
    model.set_filter(ALL)
    before = show_all(model)
    spy = Spy(model)
    model.tick(NOW + timedelta(seconds=1))
    assert spy.data == [] and spy.layouts == 0
    model.tick(NOW + timedelta(minutes=11))
    after = show_all(model)
    changed = sorted(r for r in range(len(before)) if before[r] != after[r])
    assert [model.ticket_at(r).id for r in changed] == [2, 1]  # type: ignore[union-attr]
    assert spy.layouts == 0
    assert all(left == right == Column.DEADLINE for _, left, _, right in spy.data)
    assert sorted(r for top, _, bottom, _ in spy.data for r in range(top, bottom + 1)) == changed
    assert after[[model.ticket_at(r).id for r in range(5)].index(2)].state is DeadlineState.WARNING  # type: ignore[union-attr]


def test_tick_without_painted_rows_is_silent_but_updates_counts(
    model: TicketTableModel, qtbot: Any
) -> None:
    model.set_tickets([make_ticket(1, due_at=NOW + timedelta(hours=2))])
    spy = Spy(model)
    assert model.counts()[View.BREACHING] == 0
    with qtbot.waitSignal(model.countsChanged):
        model.tick(NOW + timedelta(hours=1, minutes=30))
    assert model.counts()[View.BREACHING] == 1
    assert spy.data == []


def test_breaching_view_follows_the_clock(model: TicketTableModel, clock: FakeClock) -> None:
    model.set_tickets([make_ticket(1, due_at=NOW + timedelta(hours=2)), make_ticket(2)])
    model.set_filter(QueueFilter(view=View.BREACHING))
    assert ids(model) == []
    clock.now = NOW + timedelta(hours=1, minutes=1)
    model.tick()
    assert ids(model) == [1]
    assert model.now() == clock.now


def test_business_deadlines_are_pluggable(make_model: Callable[..., TicketTableModel]) -> None:
    sla = pytest.importorskip("desk.sla")
    calendar = sla.BusinessCalendar()
    # Friday 17:00 Moscow; due Monday 10:00 Moscow: 2 business hours, 65 clock hours.
    friday = NOW.replace(day=13, hour=14)
    due = friday + timedelta(hours=65)
    ticket = make_ticket(
        1, category=Category.OTHER, due_at=due, last_message_at=friday - timedelta(hours=7)
    )
    model = make_model(deadlines=BusinessDeadlines(calendar), clock=lambda: friday)
    model.set_tickets([ticket])
    shown = show_all(model)[0]
    # 2 business hours left of a 9 h target: amber (< 25%); wall-clock would say 65 h, OK.
    assert shown == DeadlineDisplay("2 h", DeadlineState.WARNING)
    critical = msgspec.structs.replace(ticket, category=Category.CRITICAL)
    model.apply([critical])
    assert show_all(model)[0].text == "2 d 17 h"  # type: ignore[union-attr]  # round the clock


def test_assignee_change_updates_mine(model: TicketTableModel, queue: list[Ticket]) -> None:
    model.set_tickets(queue)
    model.set_filter(QueueFilter(view=View.MINE))
    assert ids(model) == []
    model.apply([msgspec.structs.replace(queue[2], assignee=AGENTS[0])])
    assert ids(model) == [3] and model.counts()[View.MINE] == 1
