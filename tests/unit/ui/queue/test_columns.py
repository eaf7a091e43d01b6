"""The fast sort (cached tail orders) gives exactly the reference order, also after
live changes; ids find their slots without a dict."""

from __future__ import annotations

from datetime import timedelta

import msgspec
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from desk.domain import Ticket
from tests.unit.ui.queue.strategies import queues, tickets
from tests.unit.ui.queue.test_model import reference_order
from ui.queue.columns import Column, plain_sort_order, sort_order
from ui.queue.keys import TicketKeys

ORDERS = [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder]


def ids_of(keys: TicketKeys, slots: np.ndarray) -> list[int]:
    return [int(keys.ids[s]) for s in slots]


@settings(max_examples=120, deadline=None)
@given(queue=queues(), column=st.sampled_from(list(Column)), order=st.sampled_from(ORDERS))
def test_every_column_sorts_like_the_plain_python_reference(
    queue: list[Ticket], column: Column, order: Qt.SortOrder
) -> None:
    keys = TicketKeys(queue)
    assert ids_of(keys, sort_order(keys, column, order)) == reference_order(queue, column, order)
    assert np.array_equal(sort_order(keys, column, order), plain_sort_order(keys, column, order))


@settings(max_examples=120, deadline=None)
@given(
    queue=queues(max_size=20),
    removed=st.sets(st.integers(0, 19), max_size=5),
    subset=st.sets(st.integers(0, 24), max_size=25),
    column=st.sampled_from(list(Column)),
    order=st.sampled_from(ORDERS),
)
def test_dead_slots_and_subsets_once_the_creation_order_is_cached(
    queue: list[Ticket], removed: set[int], subset: set[int], column: Column, order: Qt.SortOrder
) -> None:
    keys = TicketKeys(queue)
    keys.creation_order()  # as after the first full sort
    for slot in removed & set(range(len(queue))):
        keys.kill(slot)
    live = [t for i, t in enumerate(queue) if i not in removed]
    assert ids_of(keys, sort_order(keys, column, order)) == reference_order(live, column, order)
    slots = np.array(sorted(s for s in subset if s < len(queue) and s not in removed), np.int64)
    chosen = [queue[s] for s in slots.tolist()]
    shown = sort_order(keys, column, order, slots)
    assert ids_of(keys, shown) == reference_order(chosen, column, order)


@settings(max_examples=120, deadline=None)
@given(
    queue=queues(max_size=20),
    changes=st.lists(st.tuples(st.integers(0, 19), st.integers(-3, 3)), max_size=5),
    added=st.lists(st.integers(1, 10_040), unique=True, max_size=6),
    data=st.data(),
)
def test_the_cached_orders_follow_live_changes(
    queue: list[Ticket], changes: list[tuple[int, int]], added: list[int], data: st.DataObject
) -> None:
    keys = TicketKeys(queue)
    keys.creation_order()
    keys.id_order()
    slots = list(queue)
    for at, hours in changes:  # some updates move the creation time, most do not
        if at < len(slots):
            ticket = data.draw(tickets(slots[at].id))
            if hours:
                moved = slots[at].created_at + timedelta(hours=hours)
                ticket = msgspec.structs.replace(ticket, created_at=moved)
            keys.set_row(at, ticket)
            slots[at] = ticket
    new_ids = [i for i in added if i not in {t.id for t in queue}]  # interleaved with the old
    fresh = [data.draw(tickets(i)) for i in new_ids]
    keys.extend(fresh)
    slots += fresh
    for column in (Column.CREATED, Column.PRIORITY, Column.ID, Column.DEADLINE):
        for order in ORDERS:
            expected = reference_order(slots, column, order)
            assert ids_of(keys, sort_order(keys, column, order)) == expected
    for slot, ticket in enumerate(slots):
        assert keys.slot_of(ticket.id) == slot
    assert keys.slot_of(99_999) is None


@given(queue=queues(max_size=12), copies=st.lists(st.integers(0, 11), max_size=6))
def test_duplicate_ids_keep_the_last_copy(queue: list[Ticket], copies: list[int]) -> None:
    doubled = queue + [queue[i] for i in copies if i < len(queue)]
    keys = TicketKeys(doubled)
    keys.keep_last_duplicates()
    last = {t.id: slot for slot, t in enumerate(doubled)}
    assert np.flatnonzero(keys.alive).tolist() == sorted(last.values())
    for ticket_id, slot in last.items():
        assert keys.slot_of(ticket_id) == slot
    if queue:
        keys.kill(last[queue[0].id])
        assert keys.slot_of(queue[0].id) is None
