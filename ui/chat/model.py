"""The message list of one ticket, plus the agent's unconfirmed outbox entries.

Rows are messages in id order (ids grow with time), then pending sends in the
order they were written. Day headers and grouping depend on the previous row, so
they are recomputed around every change and the neighbour row gets dataChanged.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from datetime import date, datetime, tzinfo
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from desk.domain import Message, User
from ui.chat.rows import (
    ChatRow,
    PendingSend,
    Roles,
    accessible_text,
    continues,
    day_label,
    message_row,
    pending_row,
)

_Index = QModelIndex | QPersistentModelIndex


class MessageListModel(QAbstractListModel):
    """Serves ``ChatRow`` records; the delegate draws them, the view scrolls them."""

    hasOlderChanged = Signal(bool)
    # Rows appended at the end by upsert(); the view uses it for the auto-scroll rule.
    messagesAppended = Signal(int)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        tz: tzinfo | None = None,
        today: Callable[[], date] | None = None,
    ) -> None:
        super().__init__(parent)
        self._tz = tz
        self._today = today or (lambda: datetime.now(tz).date())
        self._rows: list[ChatRow] = []
        self._ids: list[int] = []  # message ids, ascending; rows[:len(_ids)] are messages
        self._client_ids: set[str] = set()
        self._attachment_owner: dict[int, int] = {}  # attachment id -> message id
        self._has_older = False
        self._loaded = False
        self._rev = 0
        self._me_name = QCoreApplication.translate("ChatView", "You")
        self._me_id: int | None = None

    # --- Qt model interface ---------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return accessible_text(row)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            t = row.local_time
            day = QLocale().toString(QDate(t.year, t.month, t.day), "d MMMM yyyy")
            return f"{day}, {row.time_text}"
        if role == Roles.ROW:
            return row
        if role == Roles.KIND:
            return row.kind.value
        if role == Roles.SIDE:
            return row.side
        if role == Roles.MESSAGE:
            return row.message
        if role == Roles.PENDING:
            return row.pending
        if role == Roles.DAY_HEADER:
            return row.day_header
        if role == Roles.GROUPED:
            return row.grouped
        if role == Roles.AUTHOR:
            return row.author
        if role == Roles.TIME:
            return row.time_text
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # --- reading ---------------------------------------------------------------

    @property
    def has_older(self) -> bool:
        return self._has_older

    @property
    def is_loaded(self) -> bool:
        """False after clear(): no ticket is shown (the view says "select a ticket")."""
        return self._loaded

    @property
    def message_count(self) -> int:
        return len(self._ids)

    def row_at(self, row: int) -> ChatRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows_between(self, first: int, last: int) -> list[ChatRow]:
        """Rows first..last (inclusive), clipped to the model."""
        return self._rows[max(first, 0) : last + 1]

    def message_at(self, row: int) -> Message | None:
        r = self.row_at(row)
        return r.message if r is not None else None

    def row_of_message(self, message_id: int) -> int:
        i = bisect.bisect_left(self._ids, message_id)
        return i if i < len(self._ids) and self._ids[i] == message_id else -1

    def row_of_key(self, key: tuple[str, int]) -> int:
        if key[0] == "m":
            return self.row_of_message(key[1])
        for i in range(len(self._ids), len(self._rows)):
            if self._rows[i].key == key:
                return i
        return -1

    def rows_with_attachment(self, attachment_id: int) -> list[int]:
        owner = self._attachment_owner.get(attachment_id)
        row = self.row_of_message(owner) if owner is not None else -1
        return [row] if row >= 0 else []

    def attachment_changed(self, attachment_id: int) -> None:
        """A thumbnail arrived (or failed): repaint the rows that show it."""
        for row in self.rows_with_attachment(attachment_id):
            self._emit_changed(row, row)

    # --- writing ---------------------------------------------------------------

    def set_current_user(self, user: User) -> None:
        """Whose outbox the pending rows are (name on them, grouping with their messages)."""
        self._me_name, self._me_id = user.name, user.id

    def clear(self) -> None:
        self.beginResetModel()
        self._reset_state([], has_older=False)
        self._loaded = False
        self.endResetModel()
        self.hasOlderChanged.emit(False)

    def set_messages(self, messages: Sequence[Message], has_older: bool) -> None:
        """Show a thread: the newest page of messages, oldest first or in any order."""
        self.beginResetModel()
        pending = [r.pending for r in self._rows[len(self._ids) :] if r.pending is not None]
        self._reset_state(messages, has_older=has_older)
        fresh = self._fresh_pending(pending)
        self._rows.extend(self._make_pending(fresh))
        self._loaded = True
        self._refresh_flags(0, len(self._rows) - 1)
        self.endResetModel()
        self.hasOlderChanged.emit(has_older)

    def prepend_older(self, messages: Sequence[Message], has_older: bool) -> None:
        """Add a page of older messages above the loaded ones."""
        first = self._ids[0] if self._ids else None
        older = self._unique_sorted(m for m in messages if first is None or m.id < first)
        newer = [m for m in messages if first is not None and m.id >= first]
        if older:
            rows = [self._make_message(m) for m in older]
            self.beginInsertRows(QModelIndex(), 0, len(rows) - 1)
            self._rows[0:0] = rows
            self._ids[0:0] = [m.id for m in older]
            self._index_extras(older)
            self.endInsertRows()
            self._refresh_flags(0, len(rows), notify_from=len(rows))
        if has_older != self._has_older:
            self._has_older = has_older
            self.hasOlderChanged.emit(has_older)
        if newer:
            self.upsert(newer)

    def upsert(self, messages: Sequence[Message]) -> None:
        """Add new messages and replace changed ones; confirmed sends replace their pending row."""
        arrived = {m.client_id for m in messages if m.client_id}
        self._drop_pending(lambda p: p.client_id is not None and p.client_id in arrived)
        appended: list[Message] = []
        for message in self._unique_sorted(messages):
            row = self.row_of_message(message.id)
            if row >= 0:
                self._rows[row] = self._make_message(message)
                self._index_extras([message])
                self._emit_changed(row, row)
            elif self._ids and message.id < self._ids[0] and self._has_older:
                continue  # belongs to a page not loaded yet; prepend_older brings it
            elif not self._ids or message.id > self._ids[-1]:
                appended.append(message)
            else:
                self._insert_messages(bisect.bisect_left(self._ids, message.id), [message])
        if appended:
            self._insert_messages(len(self._ids), appended)
            self.messagesAppended.emit(len(appended))

    def set_pending(self, entries: Sequence[PendingSend]) -> None:
        """Replace the outbox rows with the store's current outbox for this ticket."""
        wanted = self._fresh_pending(entries)
        wanted.sort(key=lambda e: (e.created_at, e.entry_id))
        wanted_ids = [e.entry_id for e in wanted]
        wanted_set = set(wanted_ids)
        self._drop_pending(lambda p: p.entry_id not in wanted_set)
        start = len(self._ids)
        current = [r.pending.entry_id for r in self._rows[start:] if r.pending is not None]
        if wanted_ids[: len(current)] != current:
            self._drop_pending(lambda _p: True)  # reordered: rebuild the block
            current = []
        for offset, entry in enumerate(wanted[: len(current)]):
            row = start + offset
            if self._rows[row].pending != entry:
                self._rows[row] = self._make_pending([entry])[0]
                self._emit_changed(row, row)
        new = wanted[len(current) :]
        if new:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self._rows.extend(self._make_pending(new))
            self.endInsertRows()
            self._refresh_flags(first, len(self._rows) - 1, notify_from=first)

    def refresh_day_labels(self) -> None:
        """Recompute "Today"/"Yesterday" (call after midnight)."""
        if self._rows:
            self._refresh_flags(0, len(self._rows) - 1, notify_from=0)

    # --- internals ---------------------------------------------------------------

    def _next_rev(self) -> int:
        self._rev += 1
        return self._rev

    def _make_message(self, message: Message) -> ChatRow:
        return message_row(message, self._next_rev(), self._tz)

    def _make_pending(self, entries: Sequence[PendingSend]) -> list[ChatRow]:
        return [
            pending_row(e, self._next_rev(), self._tz, self._me_name, self._me_id) for e in entries
        ]

    @staticmethod
    def _unique_sorted(messages: Any) -> list[Message]:
        by_id: dict[int, Message] = {}
        for m in messages:
            by_id[m.id] = m  # the last copy of a duplicate wins
        return [by_id[k] for k in sorted(by_id)]

    def _reset_state(self, messages: Sequence[Message], *, has_older: bool) -> None:
        unique = self._unique_sorted(messages)
        self._rows = [self._make_message(m) for m in unique]
        self._ids = [m.id for m in unique]
        self._client_ids = set()
        self._attachment_owner = {}
        self._index_extras(unique)
        self._has_older = has_older

    def _index_extras(self, messages: Sequence[Message]) -> None:
        for m in messages:
            if m.client_id:
                self._client_ids.add(m.client_id)
            for a in m.attachments:
                self._attachment_owner[a.id] = m.id

    def _fresh_pending(self, entries: Sequence[PendingSend]) -> list[PendingSend]:
        """Entries whose message has not arrived yet (the store may lag behind)."""
        return [e for e in entries if not (e.client_id and e.client_id in self._client_ids)]

    def _insert_messages(self, row: int, messages: list[Message]) -> None:
        self.beginInsertRows(QModelIndex(), row, row + len(messages) - 1)
        self._rows[row:row] = [self._make_message(m) for m in messages]
        self._ids[row:row] = [m.id for m in messages]
        self._index_extras(messages)
        self.endInsertRows()
        last = min(row + len(messages), len(self._rows) - 1)
        self._refresh_flags(row, last, notify_from=row)

    def _drop_pending(self, condition: Callable[[PendingSend], bool]) -> None:
        for row in range(len(self._rows) - 1, len(self._ids) - 1, -1):
            pending = self._rows[row].pending
            if pending is not None and condition(pending):
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
                if row < len(self._rows):
                    self._refresh_flags(row, row, notify_from=row)

    def _refresh_flags(self, first: int, last: int, notify_from: int | None = None) -> None:
        """Recompute day headers and grouping for rows first..last.

        Rows at or after ``notify_from`` whose flags changed get dataChanged (rows
        that were just inserted need none).
        """
        today = self._today()
        changed: list[int] = []
        for i in range(max(first, 0), min(last, len(self._rows) - 1) + 1):
            row = self._rows[i]
            prev = self._rows[i - 1] if i > 0 else None
            day = row.local_time.date()
            new_day = prev is None or prev.local_time.date() != day
            header = day_label(day, today) if new_day else None
            grouped = prev is not None and not new_day and continues(prev, row)
            if header != row.day_header or grouped != row.grouped:
                row.day_header, row.grouped = header, grouped
                if notify_from is not None and i >= notify_from:
                    changed.append(i)
        for i in changed:
            self._emit_changed(i, i)

    def _emit_changed(self, first: int, last: int) -> None:
        self.dataChanged.emit(self.index(first), self.index(last))
