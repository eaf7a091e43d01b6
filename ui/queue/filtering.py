"""Which tickets the queue shows: views (tabs), the status filter and the search box.

Pure numpy over ``TicketKeys``; no Qt, so it is cheap to test exhaustively.

Semantics
- Views are predicates. All but ``ALL`` are open work: ``ALL_OPEN`` (not done),
  ``NEEDS_REPLY`` (waiting on the team), ``MINE`` (assigned to the current agent),
  ``UNASSIGNED``, ``BREACHING`` (deadline in the amber window or overdue).
- The status filter ``ALL`` keeps the view's own meaning; ``ON_CUSTOMER`` / ``DONE``
  replace its "open" part, so "Mine" + "Done" lists the agent's closed tickets.
- View counts (the tab labels) are the open-work sizes of each view; they ignore the
  status filter and the search, so they stay put while the agent types.
- Search: ``#123`` matches ticket 123 only; bare digits ``123`` match ticket 123 *or*
  text; anything else is a case-insensitive (casefold, so Cyrillic and ß work)
  substring of the title, the customer's name or the customer's company.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

import numpy as np

from desk.domain import Ticket

from .keys import NO_ASSIGNEE, TicketKeys


class View(enum.Enum):
    NEEDS_REPLY = "needs_reply"
    MINE = "mine"
    UNASSIGNED = "unassigned"
    ALL_OPEN = "all_open"
    BREACHING = "breaching"
    ALL = "all"


class StatusFilter(enum.Enum):
    ALL = "all"
    ON_CUSTOMER = "on_customer"
    DONE = "done"


@dataclass(frozen=True)
class QueueFilter:
    view: View = View.ALL_OPEN
    status: StatusFilter = StatusFilter.ALL
    text: str = ""


def _predicate(
    keys: TicketKeys,
    view: View,
    me: int | None,
    now_ts: float,
    cutoffs: np.ndarray | None = None,
) -> np.ndarray | None:
    """The view's own condition, without the open/done part; None means "everything".

    ``cutoffs``: per category code, the POSIX time before which a deadline is in
    WARNING now (business time aware); without it, wall-clock spans decide."""
    if view is View.NEEDS_REPLY:
        return keys.waiting_team & ~keys.done
    if view is View.MINE:
        return np.equal(keys.assignee, -2 if me is None else me)  # -2: never an id
    if view is View.UNASSIGNED:
        return np.equal(keys.assignee, NO_ASSIGNEE)
    if view is View.BREACHING:
        if cutoffs is None:
            return (keys.warn_at <= now_ts) & ~keys.done
        open_ = ~keys.done
        result = np.zeros(len(keys), np.bool_)
        slots = np.flatnonzero(open_)
        due = keys.due_of(slots)
        result[slots] = due < cutoffs[keys.category[slots]]
        return result
    return None


def view_mask(
    keys: TicketKeys,
    view: View,
    status: StatusFilter,
    me: int | None,
    now_ts: float,
    cutoffs: np.ndarray | None = None,
) -> np.ndarray:
    """Live tickets in ``view`` under ``status`` (before search)."""
    mask = keys.alive.copy()
    predicate = _predicate(keys, view, me, now_ts, cutoffs)
    if predicate is not None:
        mask &= predicate
    if status is StatusFilter.DONE:
        mask &= keys.done
    elif status is StatusFilter.ON_CUSTOMER or view is not View.ALL:
        mask &= ~keys.done
    return mask


def counts(
    keys: TicketKeys, me: int | None, now_ts: float, cutoffs: np.ndarray | None = None
) -> dict[View, int]:
    open_ = keys.alive & ~keys.done
    result = {View.ALL_OPEN: int(np.count_nonzero(open_)), View.ALL: int(keys.alive.sum())}
    for view in (View.NEEDS_REPLY, View.MINE, View.UNASSIGNED, View.BREACHING):
        predicate = _predicate(keys, view, me, now_ts, cutoffs)
        assert predicate is not None
        result[view] = int(np.count_nonzero(open_ & predicate))
    return result


_ID_ONLY = re.compile(r"#\s*(\d{1,18})")
_DIGITS = re.compile(r"\d{1,18}")


@dataclass(frozen=True)
class Query:
    ticket_id: int | None  # match this id
    needle: str | None  # casefolded substring of title / customer / company

    @classmethod
    def parse(cls, text: str) -> Query:
        text = " ".join(text.split())  # also drops control characters like "\n"
        if not text:
            return cls(None, None)
        if m := _ID_ONLY.fullmatch(text):
            return cls(int(m.group(1)), None)
        if _DIGITS.fullmatch(text):
            return cls(int(text), text)
        return cls(None, text.casefold())

    @property
    def empty(self) -> bool:
        return self.ticket_id is None and self.needle is None


def haystack(ticket: Ticket) -> str:
    """What a text search looks in: the definition ``search_index.SearchIndex`` answers
    column by column (and the one its tests compare against)."""
    customer = ticket.customer
    return f"{ticket.title}\n{customer.name}\n{customer.company or ''}".casefold()
