"""The ticket queue model: every ticket in memory, numpy arrays for order and filters.

No QSortFilterProxyModel (it measured 0.4-9 s to sort/filter 100k rows). The model
keeps all tickets in storage slots (``TicketKeys``), ``_order`` (every live slot in
the current sort order, computed when a filter first needs it) and ``_visible`` (the
slots shown, in display order). A sort is one lexsort of the leading keys on a cached
tail order (or of just the shown slots when they are few); a filter is a boolean
gather over ``_order``; both end in one layout change that remaps persistent
indexes, so the selection and current row survive.
Only ``set_tickets`` resets. The search box reads ``SearchIndex`` (columnar text,
letter signatures), built in idle slices after a load.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from desk.domain import Ticket, utc_now
from ui.widgets.text import plain_tooltip

from . import labels
from .columns import (
    COLUMN_COUNT,
    Column,
    header_spoken,
    header_text,
    header_tooltip,
    key_function,
    sort_order,
)
from .deadlines import DeadlineDisplay, DeadlineSource, WallClockDeadlines, deadline_display
from .filtering import Query, QueueFilter, View, counts, view_mask
from .keys import CATEGORIES, TicketKeys
from .search_index import SearchIndex

TicketRole = Qt.ItemDataRole.UserRole + 1  # -> Ticket
DeadlineRole = Qt.ItemDataRole.UserRole + 2  # -> DeadlineDisplay | None

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_DESCRIPTION = int(Qt.ItemDataRole.AccessibleDescriptionRole)
_TICKET = int(TicketRole)
_DEADLINE = int(DeadlineRole)
_USED_ROLES = frozenset({_DISPLAY, _TOOLTIP, _ACCESSIBLE, _DESCRIPTION, _TICKET, _DEADLINE})

INCREMENTAL_LIMIT = 64  # live updates up to this many tickets are bisected into place
SUBSET_SORT_FRACTION = 0.25  # filters keeping less than this sort only what they keep
SHOWN_LIMIT = 4096  # deadline cells remembered for tick()
SEARCH_SLICE = 4000  # search text built per idle step after a load

Index = QModelIndex | QPersistentModelIndex
_NO_HINT = QAbstractItemModel.LayoutChangeHint.NoLayoutChangeHint
_SORT_HINT = QAbstractItemModel.LayoutChangeHint.VerticalSortHint
_HINTED = "QList<QPersistentModelIndex>,QAbstractItemModel::LayoutChangeHint"  # signal overload


class TicketTableModel(QAbstractTableModel):
    countsChanged = Signal()  # counts() may have changed
    clockAdvanced = Signal()  # tick() ran: views may refresh relative times ("5 min ago")

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        clock: Callable[[], datetime] = utc_now,
        deadlines: DeadlineSource | None = None,
        current_user_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._deadlines: DeadlineSource = deadlines or WallClockDeadlines()
        self._cutoff_cache: tuple[datetime, np.ndarray | None] | None = None
        self._me = current_user_id
        self._now = clock()
        self._filter = QueueFilter()
        self._query = Query.parse("")
        self._sort = (Column.PRIORITY, Qt.SortOrder.AscendingOrder)
        self._shown: OrderedDict[int, DeadlineDisplay | None] = OrderedDict()
        self._counts: dict[View, int] = {}
        self._order: np.ndarray | None = None
        self.layout_reason = "filter"
        self._build_timer = QTimer(self)
        self._build_timer.setSingleShot(True)
        self._build_timer.timeout.connect(self._build_search_slice)
        self._load([])
        self._counts = counts(self._keys, self._me, self._now.timestamp(), self._cutoffs())

    # --- Qt model interface ----------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if role not in _USED_ROLES:
            return None
        row = index.row()
        if row < 0:
            return None
        ticket = self._keys.tickets[self._visible[row]]
        if role == _TICKET:
            return ticket
        column = Column(index.column())
        if role == _DEADLINE:
            return self.deadline_display(row)
        if role == _TOOLTIP:
            return plain_tooltip(labels.tooltip(ticket, column, self._now))
        # A screen reader lands on one cell: the ticket cell speaks for the whole row
        # (its description is the last message), the other cells describe the row.
        if column is Column.TICKET and role in (_ACCESSIBLE, _DESCRIPTION):
            if role == _DESCRIPTION:
                return ticket.last_message_preview or ""
            return labels.row_sentence(ticket, self._deadline_of(ticket))
        if role == _DESCRIPTION:
            return labels.row_sentence(ticket, self._deadline_of(ticket))
        return labels.display(ticket, column, self._now, self._deadline_of(ticket))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMN_COUNT:
            return None
        if role == _DISPLAY:
            return header_text(Column(section))
        if role in (_TOOLTIP, _DESCRIPTION):
            return header_tooltip(Column(section))
        if role == _ACCESSIBLE:
            return header_spoken(Column(section))
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < COLUMN_COUNT:
            return
        self._sort = (Column(column), order)
        self._order = None
        self._relayout(self._filtered(trust_visible=False), "sort", _SORT_HINT)

    # --- public API --------------------------------------------------------------

    def set_tickets(self, tickets: Sequence[Ticket]) -> None:
        """Replace everything (initial load or full resync): a model reset."""
        self.beginResetModel()
        self._load(tickets)
        self.endResetModel()
        self._update_counts()
        if not self._search.complete:
            self._build_timer.start(0)

    def apply(self, updated: Sequence[Ticket], removed: Iterable[int] = ()) -> None:
        """Merge live changes by ticket id, keeping selection, current row and order."""
        keys = self._keys
        changed: list[int] = []
        fresh: dict[int, Ticket] = {}
        for ticket in updated:
            slot = keys.slot_of(ticket.id)
            if slot is None:
                fresh[ticket.id] = ticket  # a later version in the same batch wins
            else:
                keys.set_row(slot, ticket)
                changed.append(slot)
        removed = set(removed)  # removal wins over an update in the same batch
        for ticket_id in removed:
            fresh.pop(ticket_id, None)
        gone = [s for s in map(keys.slot_of, removed) if s is not None]
        for slot in gone:
            keys.kill(slot)
        start = len(keys)
        keys.extend(list(fresh.values()))
        added = list(range(start, len(keys)))
        affected = changed + added + gone
        if not affected:
            return
        for slot in changed + gone:
            self._shown.pop(slot, None)
        self._search.refresh(changed + added)
        self._mask = self._compute_mask()
        if len(affected) > INCREMENTAL_LIMIT:  # a resync-sized batch: sort again
            self._order = None
            visible = self._filtered(trust_visible=False)
        elif self._order is not None:
            self._order = self._reinsert(self._order, affected, keys.alive)
            visible = self._filtered()
        else:
            visible = self._reinsert(self._visible, affected, self._mask)
        if not self._relayout(visible, "live"):
            self._rows_changed(changed)
        self._update_counts()

    def ticket_at(self, row: int) -> Ticket | None:
        if 0 <= row < len(self._visible):
            ticket: Ticket = self._keys.tickets[self._visible[row]]
            return ticket
        return None

    def row_of(self, ticket_id: int) -> int | None:
        slot = self._keys.slot_of(ticket_id)
        if slot is None:
            return None
        row = int(self._positions()[slot])
        return row if row >= 0 else None

    def set_filter(self, flt: QueueFilter) -> None:
        if flt == self._filter:
            return
        self._filter = flt
        self._query = Query.parse(flt.text)
        self._mask = self._compute_mask()
        self._relayout(self._filtered(), "filter")

    def queue_filter(self) -> QueueFilter:
        return self._filter

    def set_current_user_id(self, user_id: int | None) -> None:
        """The agent "Mine" refers to."""
        if user_id == self._me:
            return
        self._me = user_id
        self._mask = self._compute_mask()
        self._relayout(self._filtered(), "filter")
        self._update_counts()

    def current_user_id(self) -> int | None:
        return self._me

    def counts(self) -> dict[View, int]:
        """Open-work size of every view, for the tab labels (ignores status and search)."""
        return dict(self._counts)

    def sort_key(self) -> tuple[Column, Qt.SortOrder]:
        return self._sort

    def now(self) -> datetime:
        """The instant countdowns and relative times are shown for (the last tick)."""
        return self._now

    def tick(self, now: datetime | None = None) -> None:
        """Advance the clock: repaint only deadline cells whose text or colour changed."""
        self._now = now if now is not None else self._clock()
        if self._filter.view is View.BREACHING:
            self._mask = self._compute_mask()
            self._relayout(self._filtered(), "live")
        positions = self._positions()
        rows: list[int] = []
        for slot, shown in list(self._shown.items()):
            row = int(positions[slot])
            if row < 0:
                del self._shown[slot]
                continue
            current = self._deadline_of(self._keys.tickets[slot])
            if current != shown:
                self._shown[slot] = current
                rows.append(row)
        for first, last in _runs(rows):
            self.dataChanged.emit(
                self.index(first, Column.DEADLINE),
                self.index(last, Column.DEADLINE),
                [_DISPLAY, _DEADLINE],
            )
        self._update_counts()
        self.clockAdvanced.emit()

    def deadline_display(self, row: int) -> DeadlineDisplay | None:
        """What the deadline cell of ``row`` shows now; remembered so tick() can diff it."""
        slot = int(self._visible[row])
        shown = self._shown
        if slot in shown:
            shown.move_to_end(slot)
            return shown[slot]
        value = shown[slot] = self._deadline_of(self._keys.tickets[slot])
        if len(shown) > SHOWN_LIMIT:
            shown.popitem(last=False)
        return value

    def empty_message(self) -> str:
        """What the view says when no row matches."""
        return labels.empty_message(self._filter)

    def empty_hint(self) -> str:
        """A second, smaller line under ``empty_message`` ("" when there is nothing to add)."""
        return labels.empty_hint(self._filter)

    # --- internals ---------------------------------------------------------------

    def _load(self, tickets: Sequence[Ticket]) -> None:
        keys = self._keys = TicketKeys(tickets)
        if _has_duplicates(keys.ids):  # the last one wins
            keys.keep_last_duplicates()
        self._search = SearchIndex(keys)
        self._now = self._clock()
        self._shown.clear()
        self._order = None  # every live slot in order, once a filter needs it
        self._mask = self._compute_mask()
        self._visible = self._filtered(trust_visible=False)
        self._pos: np.ndarray | None = None

    def _build_search_slice(self) -> None:
        if not self._search.build_some(SEARCH_SLICE):
            self._build_timer.start(0)

    def _compute_mask(self) -> np.ndarray:
        flt = self._filter
        mask = view_mask(
            self._keys, flt.view, flt.status, self._me, self._now.timestamp(), self._cutoffs()
        )
        hits = self._search.match(self._query)
        return mask if hits is None else mask & hits

    def _filtered(self, *, trust_visible: bool = True) -> np.ndarray:
        """The slots passing ``_mask``, in order, with as little sorting as possible.

        A narrowing filter (every wanted slot already shown, e.g. typing more letters)
        keeps the shown order: a gather over the few shown rows, not over all. Else,
        with the full order known, it is one gather over it; a small result sorts just
        itself; a big one sorts everything and keeps that.
        """
        mask, order = self._mask, self._order
        wanted = int(np.count_nonzero(mask))
        # Typing on: checking the shown rows costs O(shown), a gather over ``order`` O(all).
        few_shown = order is None or len(self._visible) * 4 < len(order) * 3
        if trust_visible and few_shown:
            inside = mask[self._visible]
            if int(np.count_nonzero(inside)) == wanted:
                narrowed: np.ndarray = self._visible[inside]
                return narrowed
        if order is not None:
            gathered: np.ndarray = order[mask[order]]
            return gathered
        if wanted < len(self._keys) * SUBSET_SORT_FRACTION:
            return sort_order(self._keys, *self._sort, np.flatnonzero(mask))
        self._order = order = sort_order(self._keys, *self._sort)
        full: np.ndarray = order[mask[order]]
        return full

    def _positions(self) -> np.ndarray:
        """Row of every slot, -1 when hidden (built on demand after each relayout)."""
        if self._pos is None or len(self._pos) != len(self._keys):
            pos = np.full(len(self._keys), -1, np.int64)
            pos[self._visible] = np.arange(len(self._visible))
            self._pos = pos
        return self._pos

    def _reinsert(self, base: np.ndarray, slots: list[int], keep: np.ndarray) -> np.ndarray:
        """``base`` (sorted slots) with ``slots`` taken out and those in ``keep`` bisected in."""
        keys = self._keys
        drop = np.zeros(len(keys), np.bool_)
        drop[slots] = True
        rest = base[~drop[base]]
        live_slots = [s for s in set(slots) if keep[s]]
        keys.fill_times(np.asarray(live_slots, np.int64))
        key = key_function(keys, *self._sort)
        live = sorted(live_slots, key=key)
        at = [bisect_left(rest, key(s), key=key) for s in live]
        return np.insert(rest, at, np.asarray(live, np.int64))

    def _relayout(
        self,
        visible: np.ndarray,
        reason: str,
        hint: QAbstractItemModel.LayoutChangeHint = _NO_HINT,
    ) -> bool:
        """Show ``visible``; False (and no signal) when nothing moved.

        ``reason`` ("sort", "filter" or "live") is exposed as ``layout_reason`` while
        the signals run: a view keeps its scroll anchor for live updates only.
        """
        old = self._visible
        if len(old) == len(visible) and np.array_equal(old, visible):
            return False
        if len(old) != len(visible):
            hint = _NO_HINT
        self.layout_reason = reason
        self.layoutAboutToBeChanged[_HINTED].emit([], hint)  # type: ignore[index]
        persistent = self.persistentIndexList()
        self._visible, self._pos = visible, None
        if persistent:
            positions = self._positions()
            moved = []
            for index in persistent:
                row = index.row()
                new_row = int(positions[old[row]]) if 0 <= row < len(old) else -1
                moved.append(
                    self.createIndex(new_row, index.column()) if new_row >= 0 else QModelIndex()
                )
            self.changePersistentIndexList(persistent, moved)
        self.layoutChanged[_HINTED].emit([], hint)  # type: ignore[index]
        return True

    def _rows_changed(self, slots: list[int]) -> None:
        positions = self._positions()
        rows = [int(positions[s]) for s in slots]
        for first, last in _runs([r for r in rows if r >= 0]):
            self.dataChanged.emit(self.index(first, 0), self.index(last, COLUMN_COUNT - 1))

    def _deadline_of(self, ticket: Ticket) -> DeadlineDisplay | None:
        return deadline_display(self._deadlines, ticket, self._now)

    def _cutoffs(self) -> np.ndarray | None:
        """Warning cutoffs per category code at the model's ``now`` (cached per now)."""
        if self._cutoff_cache is not None and self._cutoff_cache[0] == self._now:
            return self._cutoff_cache[1]
        by_category = self._deadlines.warning_cutoffs(self._now)
        array = (
            None
            if by_category is None
            else np.array([by_category[c].timestamp() for c in CATEGORIES], np.float64)
        )
        self._cutoff_cache = (self._now, array)
        return array

    def _update_counts(self) -> None:
        fresh = counts(self._keys, self._me, self._now.timestamp(), self._cutoffs())
        if fresh != self._counts:
            self._counts = fresh
            self.countsChanged.emit()


def _has_duplicates(ids: np.ndarray) -> bool:
    if len(ids) < 2:
        return False
    step = ids[1:] - ids[:-1]
    if (step > 0).all() or (step < 0).all():  # sorted either way, as the API and store give
        return False
    if ids.min() >= 0 and ids.max() < 8 * len(ids) + 1024:
        return bool(np.max(np.bincount(ids)) > 1)
    return len(np.unique(ids)) < len(ids)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Contiguous (first, last) runs of the given rows."""
    runs: list[tuple[int, int]] = []
    for row in sorted(set(rows)):
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs
