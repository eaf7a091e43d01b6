"""The queue's columns and how each one sorts.

Every column is sortable by clicking its header:

========  ==========================  ==============================================
column    shows                       sorts by (ascending)
========  ==========================  ==============================================
!         priority marker             queue order: priority, URGENT, deadline, oldest
#         ticket number               id
Ticket    URGENT, title, who owes     title (case-insensitive)
Customer  name / company              name, company, then queue order
Deadline  countdown / due time        due time, then queue order; nothing due last
Activity  last message (relative)     last activity
Created   creation time               created_at
Assignee  agent                       name, then queue order; unassigned last
========  ==========================  ==============================================

A sort is a list of key arrays, most significant first, always ending with the id so
the order is total and deterministic. Descending negates every key except the
"missing" flag, so tickets with no deadline / no assignee stay at the bottom both
ways. ``sort_order`` (numpy lexsort) and ``key_function`` (one ticket, for bisecting
live updates into place) read the same arrays, so they always agree.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt

from .keys import NO_ASSIGNEE, TicketKeys


class Column(enum.IntEnum):
    PRIORITY = 0
    ID = 1
    TICKET = 2
    CUSTOMER = 3
    DEADLINE = 4
    ACTIVITY = 5
    CREATED = 6
    ASSIGNEE = 7


COLUMN_COUNT = len(Column)

# Widths in units of the font's average character width, so they follow font size/DPI.
WIDTH_CHARS: dict[Column, float] = {
    Column.PRIORITY: 3.4,
    Column.ID: 9.3,
    Column.TICKET: 38.0,  # stretches; narrower views hide other columns first
    Column.CUSTOMER: 21.0,
    Column.DEADLINE: 20.5,
    Column.ACTIVITY: 13.3,
    Column.CREATED: 11.3,
    Column.ASSIGNEE: 18.0,
}


# Hidden first when the view is too narrow for the Ticket column's minimum width.
HIDE_ORDER = (Column.CREATED, Column.ACTIVITY, Column.CUSTOMER, Column.ASSIGNEE)


def header_text(column: Column) -> str:
    translate = QCoreApplication.translate
    return {
        Column.PRIORITY: translate("Queue", "!"),
        Column.ID: translate("Queue", "#"),
        Column.TICKET: translate("Queue", "Ticket"),
        Column.CUSTOMER: translate("Queue", "Customer"),
        Column.DEADLINE: translate("Queue", "Deadline"),
        Column.ACTIVITY: translate("Queue", "Activity"),
        Column.CREATED: translate("Queue", "Created"),
        Column.ASSIGNEE: translate("Queue", "Assignee"),
    }[column]


def header_spoken(column: Column) -> str:
    """The header as a screen reader says it: the signs "!" and "#" in words."""
    translate = QCoreApplication.translate
    if column is Column.PRIORITY:
        return translate("Queue", "Priority")
    if column is Column.ID:
        return translate("Queue", "Ticket number")
    return header_text(column)


def header_tooltip(column: Column) -> str:
    translate = QCoreApplication.translate
    return {
        Column.PRIORITY: translate("Queue", "Priority: the default queue order"),
        Column.ID: translate("Queue", "Ticket number"),
        Column.TICKET: translate("Queue", "Title and who owes the next reply"),
        Column.CUSTOMER: translate("Queue", "Customer and company"),
        Column.DEADLINE: translate("Queue", "Time left to reply (service level)"),
        Column.ACTIVITY: translate("Queue", "Last message"),
        Column.CREATED: translate("Queue", "When the ticket was opened"),
        Column.ASSIGNEE: translate("Queue", "Agent in charge"),
    }[column]


class _Source:
    """Key arrays restricted to ``slots`` (None: all), filling lazy times as needed.

    ``raw`` skips the filling and restriction: full arrays for per-slot lookups (bisect)
    of slots that have already been sorted once, so their times are known."""

    def __init__(self, keys: TicketKeys, slots: np.ndarray | None, raw: bool = False) -> None:
        self.keys, self.slots = keys, slots
        if raw:
            self.due, self.created = keys.raw_due, keys.raw_created
        else:
            self.due, self.created = keys.due_of(slots), keys.created_of(slots)

    def take(self, array: np.ndarray) -> np.ndarray:
        return array if self.slots is None else array[self.slots]

    def queue(self) -> list[np.ndarray]:
        k = self.keys
        return [
            self.take(k.prio),
            self.take(k.not_urgent),
            self.due,
            self.created,
            self.take(k.ids),
        ]


def _arrays(src: _Source, column: Column) -> tuple[np.ndarray | None, list[np.ndarray]]:
    """(missing flag or None, key arrays most significant first) for a column's sort."""
    keys, take = src.keys, src.take
    if column is Column.PRIORITY:
        return None, src.queue()
    if column is Column.ID:
        return None, [take(keys.ids)]
    if column is Column.TICKET:
        return None, [take(keys.title_rank()), take(keys.ids)]
    if column is Column.CUSTOMER:
        return None, [take(keys.customer_rank()), *src.queue()]
    if column is Column.DEADLINE:
        missing = take(keys.done) | ~np.isfinite(src.due)
        prio, urgent, due, created, ids = src.queue()
        return missing, [due, prio, urgent, created, ids]
    if column is Column.ACTIVITY:
        return None, [take(keys.activity()), take(keys.ids)]
    if column is Column.CREATED:
        return None, [src.created, take(keys.ids)]
    missing = take(keys.assignee) == NO_ASSIGNEE
    return missing, [take(keys.assignee_rank()), *src.queue()]


def _signed(arrays: list[np.ndarray], descending: bool) -> list[np.ndarray]:
    if not descending:
        return arrays
    # int8/bool keys would wrap or refuse negation; widen first.
    return [-(a.astype(np.int64) if a.dtype.kind in "bu" or a.itemsize < 8 else a) for a in arrays]


def _spec(src: _Source, column: Column, order: Qt.SortOrder) -> list[np.ndarray]:
    missing, arrays = _arrays(src, column)
    signed = _signed(arrays, order == Qt.SortOrder.DescendingOrder)
    return signed if missing is None else [missing, *signed]


def sort_order(
    keys: TicketKeys, column: Column, order: Qt.SortOrder, slots: np.ndarray | None = None
) -> np.ndarray:
    """``slots`` (default: every live ticket) in display order.

    A subset is restricted before negating or filling lazy keys, so sorting the few
    tickets a view shows costs O(shown), not O(all)."""
    if slots is None:
        if keys.alive.all():
            spec = _spec(_Source(keys, None), column, order)
            return np.lexsort(spec[::-1]).astype(np.int64, copy=False)
        slots = np.flatnonzero(keys.alive)
    spec = _spec(_Source(keys, slots), column, order)
    ordered: np.ndarray = slots[np.lexsort(spec[::-1])]
    return ordered


def key_function(
    keys: TicketKeys, column: Column, order: Qt.SortOrder
) -> Callable[[int], tuple[Any, ...]]:
    """Sort key of one slot, consistent with ``sort_order`` (for bisect).

    Only for slots already sorted once or given to ``keys.fill_times`` first."""
    spec = _spec(_Source(keys, None, raw=True), column, order)

    def key(slot: int) -> tuple[Any, ...]:
        return tuple([a[slot] for a in spec])

    return key
