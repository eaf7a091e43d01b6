"""Columnar keys of the queue: one numpy array per sort/filter field, in storage order.

A ticket's storage slot ``i`` never moves while the model lives: updates overwrite
slot ``i``, new tickets are appended, removed ones become dead slots (``alive`` is
False). Sorting and filtering then work on whole arrays (lexsort, boolean masks)
instead of calling Python per ticket.

Extraction uses C-level ``map``/``attrgetter`` loops; it is still O(n) Python and
the biggest part of a load (see the bench). Fields only some sorts need (last
activity, customer/assignee/title ranks) are built on first use.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from datetime import datetime, timedelta
from itertools import repeat
from operator import attrgetter, is_
from typing import Any

import numpy as np

from desk.client.deadlines import WARNING_FLOOR, WARNING_FRACTION, warning_threshold
from desk.domain import PRIORITY_RANK, Category, Status, Ticket, WaitingOn
from ui.queue.deadlines import owed_since

INF = float("inf")
NO_ASSIGNEE = -1

_ID = attrgetter("id")
_PRIORITY = attrgetter("priority")
_URGENT = attrgetter("urgent")
_DUE = attrgetter("due_at")
_CREATED = attrgetter("created_at")
_STATUS = attrgetter("status")
_CATEGORY = attrgetter("category")
# Categories as small integers, so per-category deadline cutoffs are one numpy gather.
CATEGORIES: tuple[Category, ...] = tuple(Category)
CATEGORY_CODE: dict[Category, int] = {c: i for i, c in enumerate(CATEGORIES)}
_WAITING = attrgetter("waiting_on")
_ASSIGNEE = attrgetter("assignee")
_FLOOR = WARNING_FLOOR.total_seconds()


def _timestamps(values: list[datetime]) -> np.ndarray:
    """POSIX seconds of aware datetimes."""
    return np.fromiter(map(datetime.timestamp, values), np.float64, len(values))


def _nullable_timestamps(values: list[datetime | None]) -> np.ndarray:
    """POSIX seconds, +inf for None (sorts last, like ``queue_sort_key``)."""
    out = np.full(len(values), INF)
    present = [i for i, v in enumerate(values) if v is not None]
    if present:
        stamps = [values[i].timestamp() for i in present]  # type: ignore[union-attr]
        out[np.asarray(present, np.int64)] = stamps
    return out


def _warn_at(ticket: Ticket) -> float:
    """When the wall-clock countdown turns amber (``deadlines.deadline_state``); +inf if never."""
    if ticket.due_at is None or ticket.status is Status.DONE:
        return INF
    due = ticket.due_at.timestamp()
    span = due - owed_since(ticket).timestamp()
    threshold = warning_threshold(timedelta(seconds=span)).total_seconds() if span > 0 else _FLOOR
    return due - threshold


class _Interned:
    """Codes for repeated casefolded values (customers, assignees, titles) and their ranks.

    Equal values share a code, so ties fall through to the next sort key."""

    def __init__(self) -> None:
        self._code: dict[Hashable, int] = {}
        self._values: list[Any] = []
        self._rank_of_code: np.ndarray | None = None

    def code(self, value: Hashable) -> int:
        code = self._code.get(value)
        if code is None:
            code = self._code[value] = len(self._values)
            self._values.append(value)
            self._rank_of_code = None
        return code

    def codes(self, values: Iterable[Hashable]) -> np.ndarray:
        return np.fromiter(map(self.code, values), np.int64)

    def ranks(self, codes: np.ndarray) -> np.ndarray:
        if self._rank_of_code is None:
            order = sorted(range(len(self._values)), key=self._values.__getitem__)
            rank = np.empty(len(order), np.int64)
            rank[np.asarray(order, np.int64)] = np.arange(len(order))
            self._rank_of_code = rank
        ranks: np.ndarray = self._rank_of_code[codes]
        return ranks


def _customer_key(ticket: Ticket) -> tuple[str, str]:
    customer = ticket.customer
    return (customer.name.casefold(), (customer.company or "").casefold())


def _assignee_key(ticket: Ticket) -> str:
    return ticket.assignee.name.casefold() if ticket.assignee is not None else ""


def _title_key(ticket: Ticket) -> str:
    return ticket.title.casefold()


class TicketKeys:
    """The tickets plus their key arrays. ``tickets[i]`` and every array share slot ``i``."""

    def __init__(self, tickets: Sequence[Ticket]) -> None:
        n = len(tickets)
        self.tickets: list[Ticket] = list(tickets)
        self.ids = np.fromiter(map(_ID, tickets), np.int64, n)
        self.prio = np.fromiter(map(PRIORITY_RANK.__getitem__, map(_PRIORITY, tickets)), np.int8, n)
        # 0 = urgent, 1 = not: sorts URGENT first like queue_sort_key.
        self.not_urgent = np.fromiter(map(_URGENT, tickets), np.bool_, n) ^ True
        self.done = np.fromiter(map(is_, map(_STATUS, tickets), repeat(Status.DONE)), np.bool_, n)
        self.category = np.fromiter(
            map(CATEGORY_CODE.__getitem__, map(_CATEGORY, tickets)), np.int8, n
        )
        self.waiting_team = np.fromiter(
            map(is_, map(_WAITING, tickets), repeat(WaitingOn.TEAM)), np.bool_, n
        )
        # getattr(None, "id", -1) is the unassigned marker, all in C.
        self.assignee = np.fromiter(
            map(getattr, map(_ASSIGNEE, tickets), repeat("id"), repeat(NO_ASSIGNEE)), np.int64, n
        )
        # Times cost ~0.3 µs a ticket: read them now only for open tickets (what the
        # default views sort); the archive's are read when a sort first needs them.
        self._due = np.full(n, np.nan)  # NaN: not read yet; +inf: no deadline
        self._created = np.full(n, np.nan)
        open_slots = np.flatnonzero(~self.done)
        self.fill_times(open_slots)
        self.warn_at = np.full(n, INF)
        has_due = open_slots[np.isfinite(self._due[open_slots])]
        if len(has_due):
            owed = _timestamps([owed_since(tickets[i]) for i in has_due.tolist()])
            due = self._due[has_due]
            span = due - owed
            threshold = np.where(span > 0, np.maximum(_FLOOR, span * WARNING_FRACTION), _FLOOR)
            self.warn_at[has_due] = due - threshold  # same rule as _warn_at()
        self.alive = np.ones(n, np.bool_)
        self._activity: np.ndarray | None = None
        self._customers = _Interned()
        self._customer_codes: np.ndarray | None = None
        self._assignees = _Interned()
        self._assignee_codes: np.ndarray | None = None
        self._titles = _Interned()
        self._title_codes: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.tickets)

    # --- lazily built fields -------------------------------------------------

    def fill_times(self, slots: np.ndarray | None = None) -> None:
        """Read due and created times of ``slots`` (None: all) not read yet."""
        unknown = np.isnan(self._created if slots is None else self._created[slots])
        if not unknown.any():
            return
        missing = np.flatnonzero(unknown) if slots is None else slots[unknown]
        tickets = [self.tickets[i] for i in missing.tolist()]
        self._created[missing] = _timestamps(list(map(_CREATED, tickets)))
        self._due[missing] = _nullable_timestamps(list(map(_DUE, tickets)))

    def due_of(self, slots: np.ndarray | None = None) -> np.ndarray:
        """Due times (+inf: none) of ``slots``, or of every slot."""
        self.fill_times(slots)
        due: np.ndarray = self._due if slots is None else self._due[slots]
        return due

    def created_of(self, slots: np.ndarray | None = None) -> np.ndarray:
        self.fill_times(slots)
        created: np.ndarray = self._created if slots is None else self._created[slots]
        return created

    @property
    def raw_due(self) -> np.ndarray:
        """All due times as stored: NaN where not read yet (see ``fill_times``)."""
        return self._due

    @property
    def raw_created(self) -> np.ndarray:
        return self._created

    def activity(self) -> np.ndarray:
        """Last activity: the last message, else the last update."""
        if self._activity is None:
            self._activity = _timestamps([owed_since(t) for t in self.tickets])
        return self._activity

    def customer_rank(self) -> np.ndarray:
        if self._customer_codes is None:
            self._customer_codes = self._customers.codes(map(_customer_key, self.tickets))
        return self._customers.ranks(self._customer_codes)

    def assignee_rank(self) -> np.ndarray:
        if self._assignee_codes is None:
            self._assignee_codes = self._assignees.codes(map(_assignee_key, self.tickets))
        return self._assignees.ranks(self._assignee_codes)

    def title_rank(self) -> np.ndarray:
        if self._title_codes is None:
            self._title_codes = self._titles.codes(map(_title_key, self.tickets))
        return self._titles.ranks(self._title_codes)

    # --- changes ---------------------------------------------------------------

    def set_row(self, i: int, ticket: Ticket) -> None:
        """Overwrite slot ``i`` with a newer version of the same ticket."""
        self.tickets[i] = ticket
        self.prio[i] = PRIORITY_RANK[ticket.priority]
        self.not_urgent[i] = not ticket.urgent
        self._due[i] = ticket.due_at.timestamp() if ticket.due_at is not None else INF
        self._created[i] = ticket.created_at.timestamp()
        self.done[i] = ticket.status is Status.DONE
        self.category[i] = CATEGORY_CODE[ticket.category]
        self.waiting_team[i] = ticket.waiting_on is WaitingOn.TEAM
        self.assignee[i] = ticket.assignee.id if ticket.assignee is not None else NO_ASSIGNEE
        self.warn_at[i] = _warn_at(ticket)
        self.alive[i] = True
        if self._activity is not None:
            self._activity[i] = owed_since(ticket).timestamp()
        if self._customer_codes is not None:
            self._customer_codes[i] = self._customers.code(_customer_key(ticket))
        if self._assignee_codes is not None:
            self._assignee_codes[i] = self._assignees.code(_assignee_key(ticket))
        if self._title_codes is not None:
            self._title_codes[i] = self._titles.code(_title_key(ticket))

    def extend(self, tickets: Sequence[Ticket]) -> None:
        """Append new tickets as new slots (one concatenation per batch)."""
        if not tickets:
            return
        more = TicketKeys(tickets)
        self.tickets.extend(more.tickets)
        for name in (
            "ids", "prio", "not_urgent", "_due", "_created", "done", "waiting_team", "category"
        ):  # fmt: skip
            setattr(self, name, np.concatenate([getattr(self, name), getattr(more, name)]))
        self.assignee = np.concatenate([self.assignee, more.assignee])
        self.warn_at = np.concatenate([self.warn_at, more.warn_at])
        self.alive = np.concatenate([self.alive, more.alive])
        if self._activity is not None:
            self._activity = np.concatenate([self._activity, more.activity()])
        if self._customer_codes is not None:
            extra = self._customers.codes(map(_customer_key, tickets))
            self._customer_codes = np.concatenate([self._customer_codes, extra])
        if self._assignee_codes is not None:
            extra = self._assignees.codes(map(_assignee_key, tickets))
            self._assignee_codes = np.concatenate([self._assignee_codes, extra])
        if self._title_codes is not None:
            extra = self._titles.codes(map(_title_key, tickets))
            self._title_codes = np.concatenate([self._title_codes, extra])

    def kill(self, i: int) -> None:
        """Mark slot ``i`` removed; it keeps its data but never shows again."""
        self.alive[i] = False
